"""Who may open each targets URL: everyone reads what their scope covers; only the
bureau (and admin) set targets and periods."""

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
READ = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
BUREAU_ONLY = {"anonymous": LOGIN, "reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
# A target of 城关镇: its reporter sees it (403 to edit), 河口镇's does not (404).
TARGET_WRITE = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 404, "leader": 403, "bureau_user": 200, "admin_user": 200}


def target(w):
    return [w.target.pk]


def period(w):
    return [w.period.pk]


def township(w):
    return [w.township.pk]


def target_post(w):
    return {"period": w.period.pk, "kind": "funds_arrived", "unit": w.township.pk, "amount_input": "4500"}


CASES = [
    Case("targets:target_list", READ),
    Case("targets:target_export", READ),
    Case("targets:target_create", BUREAU_ONLY),
    Case(
        "targets:target_create",
        {"anonymous": LOGIN, "reporter": 403, "leader": 403, "bureau_user": 302},
        method="post",
        data=lambda w: {**target_post(w), "unit": w.other_township.pk},
    ),
    Case("targets:target_edit", TARGET_WRITE, args=target),
    Case(
        "targets:target_edit",
        {**TARGET_WRITE, "bureau_user": 302, "admin_user": 302},
        args=target,
        method="post",
        data=lambda w: {**target_post(w), "version": w.target.version},
    ),
    Case("targets:target_import", BUREAU_ONLY),
    Case("targets:target_import_template", BUREAU_ONLY),
    Case(
        "targets:target_decomposition",
        {"anonymous": LOGIN, "reporter": 200, "other_reporter": 404, "leader": 200, "bureau_user": 200, "admin_user": 200},
        args=township,
    ),
    Case("targets:export_figures", READ),
    Case("targets:export_figures_export", READ),
    Case("targets:export_figures_import", BUREAU_ONLY),
    Case("targets:export_figures_template", BUREAU_ONLY),
    Case(
        "targets:export_figure_set",
        {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 302, "admin_user": 302},
        method="post",
        data=lambda w: {"unit": w.township.pk, "month": "2026-03", "amount": "12.5"},
    ),
    Case(
        "api:export_figures",
        {"anonymous": 401, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200},
        query={"year": "2026"},
    ),
    # 城关镇's figure: its reporter sees the unit (403), 河口镇's does not (404).
    Case(
        "api:export_figure_set",
        {"anonymous": 401, "reporter": 403, "other_reporter": 404, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200},
        method="put",
        data=lambda w: {"unit": w.township.pk, "month": "2026-03", "amount": 1_000_000},
    ),
    Case("targets:period_list", READ),
    Case("targets:period_create", BUREAU_ONLY),
    Case(
        "targets:period_create",
        {"anonymous": LOGIN, "reporter": 403, "bureau_user": 302},
        method="post",
        data=lambda w: {
            "jurisdiction": w.root.pk,
            "kind": "campaign",
            "name": "百日会战",
            "start": "2026-03-01",
            "end": "2026-06-08",
            "primary_kind": "funds_arrived",
        },
    ),
    Case(
        "targets:period_edit",
        {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "leader": 403, "bureau_user": 200, "admin_user": 200},
        args=period,
    ),
    Case(
        "targets:period_edit",
        {"anonymous": LOGIN, "reporter": 403, "bureau_user": 302},
        args=period,
        method="post",
        data=lambda w: {
            "jurisdiction": w.root.pk,
            "kind": "year",
            "name": "2026年度",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "primary_kind": "contract_amount",
            "version": w.period.version,
        },
    ),
]


@pytest.fixture
def world(county, period, target):
    county.period, county.target = period, target
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status


def test_another_units_user_writes_no_export_figure(world, client_for, other_reporter):
    from zhaoshang.targets.models import ExportFigure

    client = client_for(other_reporter)
    body = {"unit": world.township.pk, "month": "2026-03", "amount": 1_000_000}
    assert client.put("/api/v1/export-figures", body, content_type="application/json").status_code == 404
    assert client.post("/targets/exports/set/", {**body, "amount": "1"}).status_code == 403
    assert not ExportFigure.objects.exists() and not ExportFigure.history.exists()
