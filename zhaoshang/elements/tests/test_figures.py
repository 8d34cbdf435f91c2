"""The stuck lists and land figures on a fixed set of projects, hand-counted (these
tests run on SQLite and on PostgreSQL)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from zhaoshang.elements import actions, figures
from zhaoshang.elements.models import StepState
from zhaoshang.elements.summaries import drill_down
from zhaoshang.projects.factories import ProjectFactory, StageEventFactory
from zhaoshang.projects.models import DuplicateStatus, InvestmentPlan, MonthlyInvestment, Project, Stage

AS_OF = date(2025, 6, 30)


def _project(county, reporter, name, stage, entered=None, **fields):
    project = ProjectFactory(name=name, introducing_unit=county.township, stage=stage, **fields)
    if entered:
        StageEventFactory(project=project, stage=stage, date=entered)
    return project


def _invested(project, amount):
    plan = InvestmentPlan.objects.create(project=project, year=2025, planned_amount=amount * 2)
    MonthlyInvestment.objects.create(plan=plan, month=3, completed_amount=amount)


def _done(project, *codes):
    project.element_steps.filter(code__in=codes).update(state=StepState.DONE)


@pytest.fixture
def fixed_set(county, reporter):
    signed = _project(county, reporter, "签约甲", Stage.SIGNED, date(2025, 1, 10), planned_started_on=date(2025, 5, 1))
    registered = _project(county, reporter, "落地乙", Stage.REGISTERED, date(2025, 3, 1), planned_started_on=date(2025, 8, 1))
    started_idle = _project(county, reporter, "开工丙", Stage.STARTED, date(2025, 4, 30))
    building = _project(county, reporter, "在建丁", Stage.STARTED, date(2025, 2, 1))
    _invested(building, 1_000_000)
    _invested(started_idle, 0)
    _project(county, reporter, "竣工戊", Stage.COMPLETED, date(2024, 12, 31))
    _project(county, reporter, "投产己", Stage.PRODUCING, date(2025, 1, 5))
    # Held as a suspected duplicate: counted nowhere.
    _project(
        county,
        reporter,
        "疑似重复",
        Stage.SIGNED,
        date(2025, 1, 10),
        duplicate_status=DuplicateStatus.SUSPECTED,
        duplicate_of=signed,
        planned_started_on=date(2025, 5, 1),
    )
    for project in (signed, registered, started_idle):
        actions.do_generate_steps(project, "new_land", reporter)
    # 签约甲: land approved, not supplied (批而未供); 落地乙: supplied, not started (供而未用)
    # and all four preliminary procedures done; 开工丙: supplied and started (used).
    _done(signed, "filing", "land_approval")
    _done(registered, "filing", "land_approval", "land_supply", "land_certificate", "planning_permit", "environment")
    _done(started_idle, "land_approval", "land_supply")
    return Project.objects.all()


def test_stuck_lists_equal_the_hand_counts(fixed_set):
    assert figures.counts(fixed_set, AS_OF) == {
        "approved_not_started": 2,
        "started_not_building": 1,
        "building_not_completed": 1,
        "completed_not_producing": 1,
        "approved_not_supplied": 1,
        "supplied_not_used": 1,
        "not_started_by_agreed_date": 1,
    }


def test_the_drill_down_says_how_long_each_project_is_stuck(fixed_set):
    drill = drill_down(fixed_set, "approved_not_started", AS_OF)
    assert [(row.project.name, row.since, row.days) for row in drill.rows] == [
        ("签约甲", date(2025, 1, 10), 171),
        ("落地乙", date(2025, 3, 1), 121),
    ]
    assert [row.project.name for row in drill_down(fixed_set, "started_not_building", AS_OF).rows] == ["开工丙"]
    assert [row.project.name for row in drill_down(fixed_set, "building_not_completed", AS_OF).rows] == ["在建丁"]
    assert [(r.project.name, r.days) for r in drill_down(fixed_set, "completed_not_producing", AS_OF).rows] == [("竣工戊", 181)]
    assert [r.project.name for r in drill_down(fixed_set, "approved_not_supplied", AS_OF).rows] == ["签约甲"]
    assert [r.project.name for r in drill_down(fixed_set, "supplied_not_used", AS_OF).rows] == ["落地乙"]
    late = drill_down(fixed_set, "not_started_by_agreed_date", AS_OF)
    assert [(r.project.name, r.days) for r in late.rows] == [("签约甲", 60)]


def test_share_with_all_four_preliminary_procedures(fixed_set):
    share = figures.preliminary_share(fixed_set)
    assert (share.done, share.total) == (1, 3)


def test_a_project_started_after_its_agreed_date_leaves_the_list_once_started(fixed_set):
    signed = fixed_set.get(name="签约甲")
    recorded = timezone.make_aware(datetime(2025, 6, 1, 12))
    StageEventFactory(project=signed, stage=Stage.STARTED, date=date(2025, 6, 1), recorded_at=recorded)
    signed.stage = Stage.STARTED
    signed.save()
    assert figures.not_started_by_agreed_date(fixed_set, AS_OF).count() == 0
    # As of a day before the start it was still late.
    assert list(figures.not_started_by_agreed_date(fixed_set, date(2025, 5, 20))) == [signed]
