"""A target's 变更记录 on its edit page reads in Chinese: kinds by label, holders by
name, amounts in the unit the kind is typed in."""

import re

from zhaoshang.targets import actions
from zhaoshang.targets.models import TargetKind


def history_card(response) -> str:
    html = response.content.decode().split('id="history"')[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_target_edit_shows_holder_and_amount_in_wan_with_who(county, target, client_for, bureau_user):
    actions.do_save_target(target, {"amount": 45_000_000, "unit": county.other_township}, bureau_user, expected_version=target.version)

    text = history_card(client_for(bureau_user).get(f"/targets/{target.pk}/edit/"))

    assert f"修改 · {bureau_user.get_full_name()}" in text
    assert "任务数：4,000.00 万元 → 4,500.00 万元" in text
    assert "单位：城关镇 → 河口镇" in text
    for raw in ("{", "'id'", "funds_arrived", "40000000"):
        assert raw not in text


def test_a_usd_target_reads_in_wan_dollars_and_its_kind_by_label(county, target, client_for, bureau_user):
    actions.do_save_target(target, {"kind": TargetKind.FOREIGN_ACTUAL, "amount": 150_500_000}, bureau_user, expected_version=target.version)

    text = history_card(client_for(bureau_user).get(f"/targets/{target.pk}/edit/"))

    assert "任务类型：到位资金 → 实际利用外资" in text
    assert "任务数：4,000.00 万元 → 150.50 万美元" in text
    assert "foreign_actual" not in text
