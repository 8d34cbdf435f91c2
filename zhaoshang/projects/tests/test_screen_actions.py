"""The helpers the screens ask (allowed, skipped and correctable stages) agree
with what the actions accept; the create screen's action reuses 客商库 records."""

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.projects import actions
from zhaoshang.projects.factories import project_with_history
from zhaoshang.projects.models import Category, EnvScreening, Investor, Project, Stage


@pytest.fixture
def signed(county, reporter, days_ago):
    return project_with_history(reporter, {Stage.LEAD: days_ago(10), Stage.SIGNED: days_ago(5)}, introducing_unit=county.township)


def test_allowed_stages_are_the_later_ones_plus_stalled_and_dropped(signed):
    assert actions.allowed_stages(signed) == [
        Stage.REGISTERED,
        Stage.STARTED,
        Stage.COMPLETED,
        Stage.PRODUCING,
        Stage.EFFECTIVE,
        Stage.STALLED,
        Stage.DROPPED,
    ]


def test_a_stalled_project_may_resume_at_the_stage_it_reached(signed, reporter, today):
    actions.do_record_stage(signed, Stage.STALLED, today, reporter, note="资金断裂")
    signed.refresh_from_db()
    allowed = actions.allowed_stages(signed)
    assert allowed[0] == Stage.SIGNED and Stage.STALLED not in allowed and Stage.DROPPED in allowed


def test_a_dropped_project_goes_nowhere(signed, reporter, today):
    actions.do_record_stage(signed, Stage.DROPPED, today, reporter, note="客商撤资")
    signed.refresh_from_db()
    assert actions.allowed_stages(signed) == []


def test_a_refused_environmental_screening_allows_no_signing(county, reporter):
    data = {"name": "化工厂", "category": Category.INDUSTRY, "introducing_unit": county.township, "env_screening": EnvScreening.REFUSED}
    project = actions.do_create_project(data, None, reporter)
    assert actions.allowed_stages(project) == [Stage.NEGOTIATING, Stage.STALLED, Stage.DROPPED]


def test_every_allowed_stage_is_one_the_action_accepts_and_others_are_refused(signed, reporter, today):
    refused = [s for s in Stage if s not in actions.allowed_stages(signed)]
    for stage in refused:
        with pytest.raises(ValidationError):
            actions.do_record_stage(signed, stage, today, reporter, note="x")


def test_skipped_stages_are_those_between_reached_and_target(signed):
    assert actions.skipped_stages(signed, Stage.STARTED) == [Stage.REGISTERED]
    assert actions.skipped_stages(signed, Stage.REGISTERED) == []
    assert actions.skipped_stages(signed, Stage.STALLED) == []


def test_correctable_stages_are_the_earlier_ones(signed, bureau_user):
    assert actions.correctable_stages(signed) == [Stage.LEAD, Stage.NEGOTIATING]
    actions.do_correct_stage(signed, Stage.NEGOTIATING, "合同作废", bureau_user)
    assert actions.correctable_stages(Project.objects.get(pk=signed.pk)) == [Stage.LEAD]


def test_the_create_screen_action_reuses_an_investor_with_the_same_uscc(county, reporter, investor):
    data = {"name": "新项目", "category": Category.INDUSTRY, "introducing_unit": county.township}
    project = actions.do_create_project_from_screen(data, reporter, new_investor={"name": "别名公司", "uscc": investor.uscc, "kind": "private"})
    assert project.investor == investor and Investor.objects.count() == 1


def test_the_create_screen_action_writes_nothing_when_the_team_is_refused(county, reporter):
    cadre = PersonFactory(unit=county.township)
    data = {"name": "新项目", "category": Category.INDUSTRY, "introducing_unit": county.township}
    with pytest.raises(ValidationError):
        actions.do_create_project_from_screen(
            data,
            reporter,
            new_investor={"name": "新客商", "uscc": "", "kind": "private"},
            team=[(cadre, "lead"), (cadre, "member")],
        )
    assert not Project.objects.exists() and not Investor.objects.exists()
