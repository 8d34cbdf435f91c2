"""签约即止 and the other alerts, on a fixed data set worked out by hand.

As of 2026-06-30 the 90-day line is 2026-04-01 and the 30-day follow-up window is
2026-06-01 … 06-30. All projects below are 城关镇's unless noted; every one was
signed on 2026-03-01 unless noted.

| project | what else happened | alert on 06-30? | on 07-31? |
|---|---|---|---|
| A | nothing | yes | yes |
| B | funds verified 05-01 | no | no |
| C | funds verified 07-05 | yes (not yet verified) | no |
| D | started 05-01 | no | no |
| E | signed 05-15 only | no (46 days) | no (77 days) |
| F | follow-up on 06-20 | no | yes (41 days before 07-31) |
| G | 河口镇's, nothing | only in the county's list | same |
| H | signed 03-01, dropped 06-10 | no | no |
"""

from datetime import date

import pytest

from zhaoshang.metrics import alerts
from zhaoshang.metrics.periods import Scope
from zhaoshang.metrics.tests.conftest import at_noon, backdate, build, fund
from zhaoshang.projects import actions
from zhaoshang.projects.factories import ObstacleFactory, ProjectFactory
from zhaoshang.projects.models import FollowUp, Stage

SIGNED = date(2026, 3, 1)
JUNE_30 = date(2026, 6, 30)
JULY_31 = date(2026, 7, 31)


@pytest.fixture
def projects(county, bureau_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    town, other = county.township, county.other_township

    def signed(name, unit=town, **later):
        return build(bureau_user, unit, {Stage.NEGOTIATING: date(2026, 2, 1), Stage.SIGNED: SIGNED, **later}, name=name)

    made = {
        "A": signed("A"),
        "B": signed("B"),
        "C": signed("C"),
        "D": signed("D", **{Stage.STARTED: date(2026, 5, 1)}),
        "E": build(bureau_user, town, {Stage.NEGOTIATING: date(2026, 2, 1), Stage.SIGNED: date(2026, 5, 15)}, name="E"),
        "F": signed("F"),
        "G": signed("G", unit=other),
        "H": signed("H"),
    }
    actions.do_record_stage(made["H"], Stage.DROPPED, date(2026, 6, 10), bureau_user, note="客商撤资")
    backdate(made["H"])
    fund(made["B"], date(2026, 4, 20), 1_000_000, verified=date(2026, 5, 1))
    fund(made["C"], date(2026, 3, 20), 1_000_000, verified=date(2026, 7, 5))
    # C's funds were reported on 03-20: outside both follow-up windows.
    FollowUp.objects.create(project=made["F"], date=date(2026, 6, 20), note="电话跟进", recorded_at=at_noon(date(2026, 6, 20)))
    return made


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_signed_then_nothing_for_a_township_as_of_june(county, projects):
    assert names(alerts.signed_then_nothing(Scope.for_unit(county.township), JUNE_30)) == {"A", "C"}


def test_signed_then_nothing_for_a_township_as_of_july(county, projects):
    # C's funds are verified by now; F's follow-up is 41 days old; E is 77 days signed.
    assert names(alerts.signed_then_nothing(Scope.for_unit(county.township), JULY_31)) == {"A", "F"}


def test_the_county_sees_every_township_s_signed_then_nothing(county, projects):
    assert names(alerts.signed_then_nothing(Scope.for_jurisdiction(county.root), JUNE_30)) == {"A", "C", "G"}


def test_a_follow_up_recorded_after_the_as_of_date_does_not_clear_the_alert(county, projects):
    FollowUp.objects.create(project=projects["A"], date=date(2026, 6, 25), note="补记", recorded_at=at_noon(date(2026, 7, 10)))
    assert "A" in names(alerts.signed_then_nothing(Scope.for_unit(county.township), JUNE_30))
    assert "A" not in names(alerts.signed_then_nothing(Scope.for_unit(county.township), date(2026, 7, 10)))


def test_missed_planned_dates_list_projects_past_their_plan(county, projects):
    a, d = projects["A"], projects["D"]
    type(a).objects.filter(pk=a.pk).update(planned_started_on=date(2026, 6, 1))
    # D started on 05-01, before its plan: no alert.
    type(d).objects.filter(pk=d.pk).update(planned_started_on=date(2026, 6, 1))
    missed = alerts.missed_planned_dates(Scope.for_unit(county.township), JUNE_30)
    assert names(missed[Stage.STARTED]) == {"A"}
    # On the planned day itself the plan has not yet been missed.
    assert names(alerts.missed_planned_dates(Scope.for_unit(county.township), date(2026, 6, 1))[Stage.STARTED]) == set()


def test_overdue_obstacles_by_project_or_responsible_unit(county):
    ours = ProjectFactory(name="城关项目", introducing_unit=county.township)
    theirs = ProjectFactory(name="河口项目", introducing_unit=county.other_township)
    late = ObstacleFactory(project=ours, deadline=date(2026, 6, 1), raised_at=at_noon(date(2026, 5, 1)))
    assigned_to_us = ObstacleFactory(project=theirs, responsible_unit=county.township, deadline=date(2026, 6, 1), raised_at=at_noon(date(2026, 5, 1)))
    ObstacleFactory(project=theirs, deadline=date(2026, 6, 1), raised_at=at_noon(date(2026, 5, 1)))
    ObstacleFactory(project=ours, deadline=date(2026, 7, 1), raised_at=at_noon(date(2026, 5, 1)))  # not yet due
    overdue = alerts.overdue_obstacles(Scope.for_unit(county.township), JUNE_30)
    assert set(overdue) == {late, assigned_to_us}
