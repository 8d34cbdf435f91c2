"""The metrics API returns the engine's figures for scopes the user may read."""

from datetime import date

import pytest

from zhaoshang.targets.models import Period, Target


def test_metrics_for_the_county(world, client_for, bureau_user):
    response = client_for(bureau_user).get(
        "/api/v1/metrics", {"scope": f"jurisdiction:{world.root.pk}", "period": "ytd:2026-10", "as_of": "2026-10-31"}
    )
    assert response.status_code == 200
    body = response.json()
    funds = body["metrics"]["funds_arrived"]
    # 5810万 this year, 800万 last year → (5810 − 800) / 800
    assert (funds["value"], funds["last_year"], funds["yoy"]) == (58_100_000, 8_000_000, 6.2625)
    assert body["metrics"]["signed_count"]["value"] == 4
    assert body["period"]["label"] == "2026年1-10月"
    assert [row["stage"] for row in body["stage_days"]][:3] == ["lead", "negotiating", "signed"]


def test_a_zero_base_is_null(world, client_for, reporter):
    body = client_for(reporter).get("/api/v1/metrics", {"scope": f"unit:{world.township.pk}", "period": "ytd:2026-10", "as_of": "2026-10-31"}).json()
    # 城关镇 had no funds in 2025.
    assert body["metrics"]["funds_arrived"]["yoy"] is None


@pytest.mark.parametrize(
    ("scope", "status"),
    [("unit:{township}", 200), ("unit:{other}", 404), ("jurisdiction:{root}", 404), ("division:{division}", 403)],
)
def test_a_reporter_may_ask_only_for_their_own_unit(world, client_for, reporter, scope, status):
    text = scope.format(township=world.township.pk, other=world.other_township.pk, root=world.root.pk, division=world.township.division_id)
    response = client_for(reporter).get("/api/v1/metrics", {"scope": text, "period": "month:2026-10"})
    assert response.status_code == status


def test_bad_parameters_get_chinese_errors(world, client_for, bureau_user):
    client = client_for(bureau_user)
    bad_period = client.get("/api/v1/metrics", {"scope": f"unit:{world.township.pk}", "period": "2026"})
    bad_scope = client.get("/api/v1/metrics", {"scope": "county", "period": "month:2026-10"})
    assert (bad_period.status_code, bad_scope.status_code) == (422, 422)
    assert [e["field"] for e in bad_period.json()["detail"]] == ["period"]
    assert "期间格式无效" in bad_period.json()["detail"][0]["message"]
    assert [e["field"] for e in bad_scope.json()["detail"]] == ["scope"]
    assert "统计范围格式无效" in bad_scope.json()["detail"][0]["message"]


def test_rankings_for_a_division(world, client_for, leader):
    period = Period.objects.create(jurisdiction=world.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31))
    Target.objects.create(period=period, kind="funds_arrived", unit=world.township, amount=40_000_000)
    body = client_for(leader).get("/api/v1/rankings", {"period": period.pk, "division": world.township.division_id, "as_of": "2026-10-31"}).json()
    # 城关镇 5010万/4000万 = 125.25%; 河口镇 800万/6000万 (default) = 13.33%
    assert [(r["unit"]["name"], r["rank"], r["rate"], r["target_is_default"]) for r in body["rows"]] == [
        ("城关镇", 1, 1.2525, False),
        ("河口镇", 2, 0.1333, True),
    ]
    assert (body["units_done"], body["units_with_target"]) == (1, 2)
