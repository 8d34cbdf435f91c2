"""预警中心 lists exactly what `metrics.alerts` (and `metrics.rankings` for units
behind schedule) return for the user's scope, as of the chosen date; a township
reporter never sees another township's items, whatever they put in the URL.

As of 2026-06-30: 城关镇's 「城关纸箱厂」 and 河口镇's 「河口物流园」 were signed on
2026-03-01 with nothing since (签约即止); 「城关医药」 planned to start on 2026-05-01
and has not; each township has one obstacle overdue since 2026-06-01; the 2026
period gives both townships 3000万 of funds and none arrived (behind schedule)."""

from datetime import date, datetime, time
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhaoshang.metrics import alerts
from zhaoshang.metrics.periods import Scope
from zhaoshang.projects.factories import ObstacleFactory, project_with_history
from zhaoshang.projects.models import Stage, StageEvent
from zhaoshang.targets.models import Period, Target
from zhaoshang.timelimits.engine.actions import check_time_limits, do_start_clock
from zhaoshang.timelimits.models import PolicyKind

AS_OF = date(2026, 6, 30)
QUERY = {"as_of": AS_OF.isoformat()}


def _backdated(project):
    # Recorded on the day they happened, so the alerts of a past date see them.
    for event in StageEvent.objects.filter(project=project):
        StageEvent.objects.filter(pk=event.pk).update(recorded_at=timezone.make_aware(datetime.combine(event.date, time(12))))
    return project


@pytest.fixture
def world(county, bureau_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    signed = {Stage.NEGOTIATING: date(2026, 2, 1), Stage.SIGNED: date(2026, 3, 1)}
    town = _backdated(project_with_history(bureau_user, signed, introducing_unit=county.township, name="城关纸箱厂"))
    other = _backdated(project_with_history(bureau_user, signed, introducing_unit=county.other_township, name="河口物流园"))
    _backdated(
        project_with_history(
            bureau_user,
            {Stage.NEGOTIATING: date(2026, 6, 20)},
            introducing_unit=county.township,
            name="城关医药",
            planned_started_on=date(2026, 5, 1),
        )
    )
    raised = timezone.make_aware(datetime(2026, 5, 1, 12))
    for project, unit, text in ((town, county.township, "城关用地指标未落实"), (other, county.other_township, "河口供电未接入")):
        obstacle = ObstacleFactory(project=project, deadline=date(2026, 6, 1), raised_at=raised, description=text)
        do_start_clock(obstacle, kind=PolicyKind.OBSTACLE, unit=unit, title=text, now=raised)
    # 15 working days from 1 May run out in late May: both are overdue (督办) by AS_OF.
    check_time_limits(timezone.make_aware(datetime(2026, 6, 15, 9)))
    period = Period.objects.create(jurisdiction=county.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31))
    for unit in (county.township, county.other_township):
        Target.objects.create(period=period, kind="funds_arrived", unit=unit, amount=30_000_000)
    return county


def _page(client, **query):
    return client.get(reverse("alerts:alert_center"), {**QUERY, **query})


def _listed(response, key):
    return list(next(s for s in response.context["sections"] if s.key == key).page.object_list)


def _expected(scope):
    return {
        "signed": {p.pk for p in alerts.signed_then_nothing(scope, AS_OF)},
        "planned": {(stage, p.pk) for stage, qs in alerts.missed_planned_dates(scope, AS_OF).items() for p in qs},
        "obstacles": {o.pk for o in alerts.overdue_obstacles(scope, AS_OF)},
    }


def _shown(response):
    return {
        "signed": {p.pk for p in _listed(response, "signed")},
        "planned": {(m.stage.value, m.project.pk) for m in _listed(response, "planned")},
        "obstacles": {o.pk for o in _listed(response, "obstacles")},
    }


def test_the_bureau_sees_exactly_the_alerts_of_the_jurisdiction(world, bureau_user, client_for, django_assert_max_num_queries):
    with django_assert_max_num_queries(44):  # the 超期督办 tab adds its own reads; 2 for the project scope (projects.models.scope_keys)
        response = _page(client_for(bureau_user))
    expected = _expected(Scope.for_jurisdiction(world.root))
    assert _shown(response) == expected
    assert len(expected["signed"]) == 2 and len(expected["obstacles"]) == 2 and len(expected["planned"]) == 1
    assert {b.row.unit.name for b in _listed(response, "behind")} == {"城关镇", "河口镇"}
    counts = {s.key: s.count for s in response.context["sections"]}
    assert counts == {"signed": 2, "planned": 1, "obstacles": 2, "behind": 2, "timelimits": 2, "late_start": 0}


def test_a_township_reporter_sees_exactly_their_townships_alerts(world, reporter, client_for):
    response = _page(client_for(reporter))
    assert _shown(response) == _expected(Scope.for_unit(world.township))
    assert {b.row.unit.name for b in _listed(response, "behind")} == {"城关镇"}
    html = response.content.decode()
    assert "城关纸箱厂" in html and "城关医药" in html and "城关用地指标未落实" in html
    assert "河口物流园" not in html and "河口供电未接入" not in html


def test_a_reporter_cannot_ask_for_another_townships_alerts(world, reporter, client_for):
    response = _page(client_for(reporter), unit=world.other_township.pk)
    html = response.content.decode()
    assert "河口物流园" not in html and "河口供电未接入" not in html
    assert _shown(response) == _expected(Scope.for_unit(world.township))


def test_the_bureau_filters_by_unit(world, bureau_user, client_for):
    response = _page(client_for(bureau_user), unit=world.other_township.pk)
    assert _shown(response) == _expected(Scope.for_unit(world.other_township))
    assert {p.name for p in _listed(response, "signed")} == {"河口物流园"}
    assert {b.row.unit.name for b in _listed(response, "behind")} == {"河口镇"}


def test_rows_link_to_the_project_the_obstacle_and_the_unit(world, bureau_user, client_for):
    html = _page(client_for(bureau_user), unit=world.township.pk).content.decode()
    town = _listed(_page(client_for(bureau_user), unit=world.township.pk), "signed")[0]
    assert reverse("projects:project_detail", args=[town.pk]) in html
    obstacle = _listed(_page(client_for(bureau_user), unit=world.township.pk), "obstacles")[0]
    assert reverse("projects:obstacle_detail", args=[obstacle.pk]) in html
    assert reverse("organisation:unit_detail", args=[world.township.pk]) in html


def test_before_the_90_days_nothing_is_signed_then_nothing(world, bureau_user, client_for):
    response = _page(client_for(bureau_user), as_of="2026-05-01")
    assert _listed(response, "signed") == []


@pytest.mark.parametrize(
    ("kind", "header", "column", "expected"),
    [
        ("signed", "项目名称", 0, ["城关纸箱厂"]),
        ("planned", "逾期节点", 1, ["城关医药"]),
        ("obstacles", "项目名称", 0, ["城关纸箱厂"]),
        ("behind", "考核期间", 1, ["城关镇"]),
        ("timelimits", "事项", 0, ["城关用地指标未落实"]),
    ],
)
def test_each_list_exports_exactly_its_rows(world, reporter, client_for, kind, header, column, expected):
    response = client_for(reporter).get(reverse("alerts:alert_export", args=[kind]), QUERY)
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == header
    assert [row[column] for row in rows[1:]] == expected
