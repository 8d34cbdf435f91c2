from datetime import date, timedelta

import pytest
from django.urls import reverse

from zhaoshang.core.testing import form_values
from zhaoshang.rewards import actions
from zhaoshang.rewards.factories import FinderFactory, RewardRuleFactory
from zhaoshang.rewards.models import ClauseReview, Finder, RewardRule, RuleStatus

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# ---------------------------------------------------------------- the gate on the screen


def test_screen_refuses_to_enable_a_tax_rule_without_basis_and_approval(client_for, bureau_user, tax_rule):
    response = client_for(bureau_user).post(reverse("rewards:rule_enable", args=[tax_rule.pk]), {"version": tax_rule.version}, follow=True)
    tax_rule.refresh_from_db()
    assert tax_rule.status == RuleStatus.DRAFT
    text = response.content.decode()
    assert "《公平竞争审查条例》（2024年8月1日起施行）" in text and "未经合规审查员审核同意" in text


def test_screen_enables_a_tax_rule_with_basis_and_approval(client_for, bureau_user, reviewer, tax_rule):
    tax_rule.legal_basis = "国函〔2099〕8号"
    tax_rule.save()
    # the bureau cannot approve at the gate; the reviewer can
    assert client_for(bureau_user).post(reverse("rewards:rule_review", args=[tax_rule.pk]), {"version": tax_rule.version}).status_code == 403
    client_for(reviewer).post(reverse("rewards:rule_review", args=[tax_rule.pk]), {"version": tax_rule.version})
    tax_rule.refresh_from_db()
    assert tax_rule.compliance_approved_by == reviewer
    client_for(bureau_user).post(reverse("rewards:rule_enable", args=[tax_rule.pk]), {"version": tax_rule.version})
    tax_rule.refresh_from_db()
    assert tax_rule.status == RuleStatus.ENABLED


def test_reporter_cannot_enable_or_edit_rules(client_for, reporter, tax_rule):
    client = client_for(reporter)
    assert client.post(reverse("rewards:rule_enable", args=[tax_rule.pk])).status_code == 403
    assert client.get(reverse("rewards:rule_edit", args=[tax_rule.pk])).status_code == 403
    assert client.get(reverse("rewards:rule_list")).status_code == 200


def test_anonymous_is_sent_to_login(client_for, tax_rule):
    assert client_for(None).get(reverse("rewards:rule_list")).status_code == 302


# ---------------------------------------------------------------- rule edit: untouched, stale, bands


def _form_data(client, rule) -> dict:
    """What a browser submits from the edit page left untouched (textareas with CRLF line ends)."""
    values = form_values(client.get(reverse("rewards:rule_edit", args=[rule.pk])).content.decode())
    return {k: v.replace("\r\n", "\n").replace("\n", "\r\n") if isinstance(v, str) else v for k, v in values.items()}


def test_rule_saved_untouched_changes_nothing(client_for, bureau_user, tax_rule):
    client = client_for(bureau_user)
    before = (tax_rule.version, tax_rule.history.count())
    response = client.post(reverse("rewards:rule_edit", args=[tax_rule.pk]), _form_data(client, tax_rule), follow=True)
    assert "没有修改任何内容，未保存" in messages_of(response)
    tax_rule.refresh_from_db()
    assert (tax_rule.version, tax_rule.history.count()) == before


def test_bands_are_editable_and_a_stale_save_gets_409(client_for, bureau_user, tax_rule):
    client = client_for(bureau_user)
    data = _form_data(client, tax_rule)
    assert data["bands"] == "0 3\r\n1000 4\r\n10000 5"
    data["bands"] = "0 2.5\r\n2000 4"
    client.post(reverse("rewards:rule_edit", args=[tax_rule.pk]), data)
    tax_rule.refresh_from_db()
    assert tax_rule.bands == [{"start": 0, "rate_bp": 25}, {"start": 20_000_000, "rate_bp": 40}]
    data["cap_wan"] = "100"  # based on the old version
    response = client.post(reverse("rewards:rule_edit", args=[tax_rule.pk]), data)
    assert response.status_code == 409


def test_rule_create(client_for, bureau_user):
    data = {"code": "capital", "name": "注册资本奖励", "base": "registered_capital", "rate_type": "fixed_tier", "tiers": "1000 5\r\n5000 20"}
    response = client_for(bureau_user).post(reverse("rewards:rule_create"), data)
    assert response.status_code == 302
    rule = RewardRule.objects.get(code="capital")
    assert rule.tiers == [{"start": 10_000_000, "amount": 50_000}, {"start": 50_000_000, "amount": 200_000}]


# ---------------------------------------------------------------- trial, approval, ledger, scoping


def test_trial_shows_the_steps_and_exports(client_for, bureau_user, project, rule):
    client = client_for(bureau_user)
    params = {"rule": rule.pk, "project": project.pk, "as_of": "2025-06-01"}
    response = client.get(reverse("rewards:trial"), params)
    text = response.content.decode()
    assert "10,000,000元 × 3‰" in text and "5,000,000元 × 4‰" in text and "50,000" in text
    xlsx = client.get(reverse("rewards:trial"), params | {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    docx = client.get(reverse("rewards:trial"), params | {"export": "docx"})
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")


def test_trial_shows_the_late_registration_refusal(client_for, bureau_user, project, rule):
    project.finder_shares.update(finder=FinderFactory(name="王五", registered_on=date(2025, 3, 2)))
    response = client_for(bureau_user).get(reverse("rewards:trial"), {"rule": rule.pk, "project": project.pk})
    assert "引荐人登记日期晚于签约日期" in response.content.decode()


def test_other_township_cannot_try_on_our_project(client_for, other_reporter, project, rule):
    response = client_for(other_reporter).get(reverse("rewards:trial"), {"rule": rule.pk, "project": project.pk})
    assert response.context["result"] is None and "project" in response.context["form"].errors


def test_approve_from_the_trial_and_ledger_scoping(client_for, bureau_user, reporter, other_reporter, leader, project, rule):
    response = client_for(bureau_user).post(reverse("rewards:award_approve"), {"rule": rule.pk, "project": project.pk})
    assert response.status_code == 302
    assert client_for(reporter).get(reverse("rewards:ledger")).context["page"].paginator.count == 1
    assert client_for(leader).get(reverse("rewards:ledger")).context["page"].paginator.count == 1
    assert client_for(other_reporter).get(reverse("rewards:ledger")).context["page"].paginator.count == 0
    xlsx = client_for(bureau_user).get(reverse("rewards:ledger"), {"export": "xlsx"})
    assert xlsx.status_code == 200


def test_reporter_cannot_approve_or_mark_paid(client_for, bureau_user, reporter, other_reporter, project, rule):
    assert client_for(reporter).post(reverse("rewards:award_approve"), {"rule": rule.pk, "project": project.pk}).status_code == 403
    award = actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1))
    entry = award.entries.get()
    url = reverse("rewards:entry_paid", args=[entry.pk])
    assert client_for(reporter).post(url, {"paid_on": "2025-06-10", "version": entry.version}).status_code == 403
    assert client_for(other_reporter).post(url, {"paid_on": "2025-06-10", "version": entry.version}).status_code == 404
    client_for(bureau_user).post(url, {"paid_on": "2025-06-10", "version": entry.version})
    entry.refresh_from_db()
    assert entry.status == "paid" and entry.paid_on == date(2025, 6, 10)


def test_ledger_filters_and_sorts(client_for, bureau_user, project, rule):
    actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1))
    client = client_for(bureau_user)
    assert client.get(reverse("rewards:ledger"), {"status": "paid"}).context["page"].paginator.count == 0
    assert client.get(reverse("rewards:ledger"), {"q": "新材料", "sort": "-amount"}).context["page"].paginator.count == 1


# ---------------------------------------------------------------- finders and clauses


def test_finder_untouched_save_and_edit(client_for, bureau_user):
    finder = FinderFactory(name="赵六", contact="138")
    client = client_for(bureau_user)
    url = reverse("rewards:finder_edit", args=[finder.pk])
    data = {"name": "赵六", "kind": "person", "contact": "138", "registered_on": "2025-01-10", "note": "", "version": finder.version}
    response = client.post(url, data, follow=True)
    assert "没有修改任何内容，未保存" in messages_of(response)
    client.post(url, data | {"is_public_servant": "on"})
    finder.refresh_from_db()
    assert finder.is_public_servant and finder.excluded_reason == "公职人员"
    assert client_for(None).get(url).status_code == 302


def test_finder_create_only_by_the_bureau(client_for, bureau_user, reporter):
    data = {"name": "某咨询公司", "kind": "agency", "registered_on": "2025-02-01"}
    assert client_for(reporter).post(reverse("rewards:finder_create"), data).status_code == 403
    client_for(bureau_user).post(reverse("rewards:finder_create"), data)
    assert Finder.objects.filter(name="某咨询公司", kind="agency").exists()


def test_project_finders_shares(client_for, bureau_user, reporter, other_reporter, project):
    FinderFactory(name="甲"), FinderFactory(name="乙")
    url = reverse("rewards:project_finders", args=[project.pk])
    assert client_for(other_reporter).get(url).status_code == 404
    assert client_for(reporter).post(url, {"finders": "甲 100"}).status_code == 403
    response = client_for(bureau_user).post(url, {"finders": "甲 60\r\n乙 30"})
    assert "引荐人份额合计为90%，应为100%" in response.content.decode()
    client_for(bureau_user).post(url, {"finders": "甲 60\r\n乙 40"})
    assert sorted(project.finder_shares.values_list("finder__name", "share")) == [("乙", 40), ("甲", 60)]


def test_clause_saved_untouched_changes_nothing(client_for, bureau_user, project):
    clause = actions.do_add_clause(project, "按企业地方留成税收的50%给予奖励", bureau_user)
    client = client_for(bureau_user)
    url = reverse("rewards:clause_edit", args=[clause.pk])
    response = client.post(url, form_values(client.get(url).content.decode()), follow=True)
    assert "没有修改任何内容，未保存" in messages_of(response)
    assert ClauseReview.objects.get(pk=clause.pk).version == clause.version


def test_finder_page_saved_untouched_changes_nothing(client_for, bureau_user):
    finder = FinderFactory(name="孙七", is_servant_relative=True)
    client = client_for(bureau_user)
    url = reverse("rewards:finder_edit", args=[finder.pk])
    response = client.post(url, form_values(client.get(url).content.decode()), follow=True)
    assert "没有修改任何内容，未保存" in messages_of(response)
    assert Finder.objects.get(pk=finder.pk).version == finder.version


def test_clause_ledger_scoping_and_status(client_for, bureau_user, reporter, other_reporter, project):
    clause = actions.do_add_clause(project, "按企业地方留成税收的50%给予奖励", bureau_user)
    assert client_for(reporter).get(reverse("rewards:clause_list")).context["page"].paginator.count == 1
    assert client_for(other_reporter).get(reverse("rewards:clause_list")).context["page"].paginator.count == 0
    url = reverse("rewards:clause_edit", args=[clause.pk])
    assert client_for(other_reporter).get(url).status_code == 404
    assert client_for(reporter).get(url).status_code == 403
    response = client_for(bureau_user).post(url, {"status": "lawful", "basis": "", "note": "", "version": clause.version})
    assert response.status_code == 422
    client_for(bureau_user).post(url, {"status": "cleaned", "basis": "", "note": "已签补充协议删除", "version": clause.version})
    assert ClauseReview.objects.get(pk=clause.pk).status == "cleaned"


def test_rule_page_shows_every_part_of_a_rule(client_for, leader):
    from zhaoshang.rewards.factories import RewardRuleFactory

    rule = RewardRuleFactory(
        name="全要素规则",
        cap=1_000_000,
        extras=[{"label": "亿元以上项目", "minimum": 100_000_000, "amount": 100_000}],
        thresholds=[{"base": "foreign_capital_usd", "minimum": 10_000_000, "within_months": 36}],
        instalments=[{"percent": 50, "event": "registered", "years_after": 0}, {"percent": 50, "event": "producing", "years_after": 1}],
        clawback_days=180,
        requires_relocation=True,
    )
    text = client_for(leader).get(reverse("rewards:rule_detail", args=[rule.pk])).content.decode()
    for part in (
        "1,000.00万元起 4‰",
        "100.00万元",
        "亿元以上项目",
        "实际利用外资（美元）",
        "注册后36个月内",
        "投产后第1年",
        "180天",
        "以迁移注册地为条件",
        "未填写法律依据文号",
    ):
        assert part in text, part


def test_word_export_holds_the_steps(client_for, bureau_user, project, rule):
    import io

    from docx import Document

    response = client_for(bureau_user).get(
        reverse("rewards:trial"), {"rule": rule.pk, "project": project.pk, "as_of": "2025-06-01", "export": "docx"}
    )
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "5,000,000元 × 4‰" in cells and "50,000" in cells


def test_ledger_queries_do_not_grow_with_rows(client_for, bureau_user, county, rule, django_assert_max_num_queries):
    from zhaoshang.projects.factories import ProjectFactory
    from zhaoshang.projects.models import Stage
    from zhaoshang.rewards.factories import FinderShareFactory

    for n in range(3):
        project = ProjectFactory(introducing_unit=county.township, stage=Stage.SIGNED, total_investment=15_000_000, signed_on=date(2025, 3, 1))
        FinderShareFactory(project=project, finder=FinderFactory())
        actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1 + n))
    client = client_for(bureau_user)
    client.get(reverse("rewards:ledger"))  # warm the session and menu caches
    with django_assert_max_num_queries(15):
        assert client.get(reverse("rewards:ledger")).context["page"].paginator.count == 3


def test_todo_lists_rules_to_review_and_payments_due(client_for, bureau_user, reviewer, project, rule, tax_rule):
    from django.utils import timezone

    actions.do_update_rule(tax_rule, {"legal_basis": "国函〔2099〕8号"}, tax_rule.version, bureau_user)
    page = client_for(reviewer).get(reverse("home")).content.decode()
    assert "奖励规则待合规审查：地方留成税收奖励（第1版）" in page
    actions.do_approve_award(project, rule, bureau_user, timezone.localdate() - timedelta(days=25))  # due in 5 days
    page = client_for(bureau_user).get(reverse("home")).content.decode()
    assert "「新材料项目」引荐奖励" in page


def test_a_rule_excludes_project_categories_on_the_screen(client_for, bureau_user):
    rule = RewardRuleFactory()
    client = client_for(bureau_user)
    page = client.get(reverse("rewards:rule_edit", args=[rule.pk])).content.decode()
    data = form_values(page)
    data["excluded_categories"] = ["real_estate"]
    response = client.post(reverse("rewards:rule_edit", args=[rule.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.excluded_categories == ["real_estate"]
    assert "房地产" in client.get(reverse("rewards:rule_detail", args=[rule.pk])).content.decode()
