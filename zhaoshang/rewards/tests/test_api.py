from datetime import date

import pytest
from django.urls import reverse

from zhaoshang.rewards import actions
from zhaoshang.rewards.models import RuleStatus

pytestmark = pytest.mark.django_db


def test_api_gate_refuses_then_allows_with_basis_and_approval(client_for, bureau_user, reviewer, tax_rule):
    client = client_for(bureau_user)
    url = reverse("api:reward_rule_enable", args=[tax_rule.pk])
    response = client.post(url, {"version": tax_rule.version}, content_type="application/json")
    assert response.status_code == 422
    message = response.json()["detail"][0]["message"]
    assert "《公平竞争审查条例》（2024年8月1日起施行）" in message and "未填写法律依据文号" in message
    actions.do_update_rule(tax_rule, {"legal_basis": "国函〔2099〕8号"}, tax_rule.version, bureau_user)
    tax_rule.refresh_from_db()
    response = client.post(url, {"version": tax_rule.version}, content_type="application/json")
    assert response.status_code == 422 and "未经合规审查员审核同意" in response.json()["detail"][0]["message"]
    actions.do_approve_compliance(tax_rule, tax_rule.version, reviewer)
    tax_rule.refresh_from_db()
    response = client.post(url, {"version": tax_rule.version}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == RuleStatus.ENABLED
    assert response.json()["gate_missing"] == []


def test_api_trial_lists_the_steps(client_for, bureau_user, project, rule):
    response = client_for(bureau_user).get(reverse("api:reward_rule_trial", args=[rule.pk]), {"project": project.pk, "as_of": "2025-06-01"})
    body = response.json()
    assert [s["amount"] for s in body["steps"]] == [0, 30_000, 20_000]
    assert body["total"] == 50_000 and body["eligible"] and body["schedule"][0]["due_on"] == "2025-07-01"


def test_api_ledger_is_scoped_by_project(client_for, bureau_user, reporter, other_reporter, project, rule):
    actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1))
    url = reverse("api:reward_ledger")
    assert client_for(reporter).get(url).json()["count"] == 1
    assert client_for(other_reporter).get(url).json()["count"] == 0


def test_api_schema_names_are_not_shared_with_other_apps():
    """The trial's steps once reused the name StepOut of the elements API: the
    OpenAPI document then described /elements/steps with the reward steps' schema."""
    from zhaoshang.api import api

    schemas = api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]
    assert set(schemas["StepOut"]["required"]) >= {"code", "kind"}
    assert schemas["TrialStepOut"]["required"] == ["label", "formula", "amount"]
