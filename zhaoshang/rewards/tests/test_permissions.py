"""Who may open and act on the rewards screens and endpoints. Rules and finders
are read by every login and kept by the bureau; awards, the ledger and clauses
follow their project (another township gets 404); only a compliance reviewer
clears the gate."""

from datetime import date

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.rewards import actions
from zhaoshang.rewards.factories import FinderFactory

LOGIN = 302
API_LOGIN = 401
ALL = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
BUREAU = {**ALL, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403}
BUREAU_DONE = {**BUREAU, "bureau_user": 302, "admin_user": 302}
OWN_BUREAU = {**BUREAU, "other_reporter": 404}
OWN_DONE = {**OWN_BUREAU, "bureau_user": 302, "admin_user": 302}
POST_ONLY = {"reporter": 405}
API_ALL = {**ALL, "anonymous": API_LOGIN}
API_OWN = {**API_ALL, "other_reporter": 404}
API_BUREAU = {**API_ALL, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403}

CASES = [
    Case("rewards:rule_list", ALL),
    Case("rewards:rule_create", BUREAU),
    Case(
        "rewards:rule_create",
        BUREAU_DONE,
        method="post",
        data=lambda w: {"code": f"new{w.n()}", "name": "新规则", "base": "fixed_investment", "rate_type": "progressive", "bands": "0 3"},
    ),
    Case("rewards:rule_detail", ALL, args=lambda w: [w.rule.pk]),
    Case("rewards:rule_detail", {"bureau_user": 404}, args=lambda w: [0]),
    Case("rewards:rule_edit", BUREAU, args=lambda w: [w.draft.pk]),
    Case(
        "rewards:rule_edit",
        BUREAU_DONE,
        args=lambda w: [w.draft.pk],
        method="post",
        data=lambda w: {"name": "改名", "base": "fixed_investment", "rate_type": "progressive", "bands": "0 3", "version": w.draft.version},
    ),
    Case("rewards:rule_enable", BUREAU_DONE, args=lambda w: [w.draft.pk], method="post", data=lambda w: {"version": w.draft.version}),
    Case("rewards:rule_enable", POST_ONLY, args=lambda w: [w.draft.pk]),
    Case("rewards:rule_retire", BUREAU_DONE, args=lambda w: [w.rule.pk], method="post", data=lambda w: {"version": w.rule.version}),
    Case("rewards:rule_retire", POST_ONLY, args=lambda w: [w.rule.pk]),
    # Nobody of these personas is a compliance reviewer (test_views covers the reviewer).
    Case("rewards:rule_review", {**BUREAU, "bureau_user": 403, "admin_user": 403}, args=lambda w: [w.tax_rule.pk], method="post"),
    Case("rewards:rule_review", POST_ONLY, args=lambda w: [w.tax_rule.pk]),
    Case("rewards:rule_new_version", BUREAU_DONE, args=lambda w: [w.rule.pk], method="post"),
    Case("rewards:rule_new_version", POST_ONLY, args=lambda w: [w.rule.pk]),
    Case("rewards:trial", ALL),
    Case("rewards:trial", ALL, query={"export": "xlsx"}),
    Case("rewards:award_approve", BUREAU_DONE, method="post", data=lambda w: {"rule": w.rule.pk, "project": w.project.pk}),
    Case("rewards:award_approve", POST_ONLY),
    Case("rewards:ledger", ALL),
    Case("rewards:ledger", ALL, query={"export": "xlsx", "sort": "-amount"}),
    Case(
        "rewards:entry_paid",
        OWN_DONE,
        args=lambda w: [w.entry.pk],
        method="post",
        data=lambda w: {"paid_on": "2025-06-10", "version": w.entry.version},
    ),
    Case("rewards:entry_paid", POST_ONLY, args=lambda w: [w.entry.pk]),
    Case("rewards:finder_list", ALL),
    Case("rewards:finder_create", BUREAU),
    Case("rewards:finder_create", BUREAU_DONE, method="post", data=lambda w: {"name": "新引荐人", "kind": "person", "registered_on": "2025-01-01"}),
    Case("rewards:finder_edit", BUREAU, args=lambda w: [w.finder.pk]),
    Case(
        "rewards:finder_edit",
        BUREAU_DONE,
        args=lambda w: [w.finder.pk],
        method="post",
        data=lambda w: {"name": "改名", "kind": "person", "registered_on": "2025-01-01", "version": w.finder.version},
    ),
    Case("rewards:project_finders", {**ALL, "other_reporter": 404}, args=lambda w: [w.project.pk]),
    Case("rewards:project_finders", OWN_DONE, args=lambda w: [w.project.pk], method="post", data=lambda w: {"finders": f"{w.finder.name} 100"}),
    Case("rewards:clause_list", ALL),
    Case("rewards:clause_list", BUREAU_DONE, method="post", data=lambda w: {"project": w.project.pk, "clause": "按纳税额奖励"}),
    Case("rewards:clause_scan", BUREAU_DONE, method="post"),
    Case("rewards:clause_scan", POST_ONLY),
    Case("rewards:clause_edit", OWN_BUREAU, args=lambda w: [w.clause.pk]),
    Case(
        "rewards:clause_edit",
        OWN_DONE,
        args=lambda w: [w.clause.pk],
        method="post",
        data=lambda w: {"status": "cleaned", "basis": "", "note": "已删除", "version": w.clause.version},
    ),
    Case("api:reward_rule_list", API_ALL),
    Case("api:reward_rule_detail", API_ALL, args=lambda w: [w.rule.pk]),
    Case("api:reward_rule_detail", {"bureau_user": 404}, args=lambda w: [999999]),
    Case(
        "api:reward_rule_enable",
        {**API_BUREAU, "bureau_user": 200, "admin_user": 200},
        args=lambda w: [w.draft.pk],
        method="post",
        data=lambda w: {"version": w.draft.version},
    ),
    # The gate: without basis and approval the API refuses with 422, as the screen does.
    Case(
        "api:reward_rule_enable",
        {**API_BUREAU, "bureau_user": 422, "admin_user": 422},
        args=lambda w: [w.tax_rule.pk],
        method="post",
        data=lambda w: {"version": w.tax_rule.version},
    ),
    # The project's id is only known in the world: test_permission adds it to the query.
    Case("api:reward_rule_trial", API_OWN, args=lambda w: [w.rule.pk]),
    Case("api:reward_ledger", API_ALL),
    Case("api:reward_finder_list", API_ALL),
    Case("api:reward_clause_list", API_ALL),
]


class World:
    def __init__(self, project, rule, tax_rule, bureau_user):
        self.project = project
        self.rule = rule
        self.tax_rule = tax_rule
        self.draft = actions.do_new_version(rule, bureau_user)
        self.finder = FinderFactory(name="名录引荐人")
        award = actions.do_approve_award(project, rule, bureau_user, date(2025, 6, 1))
        self.entry = award.entries.get()
        self.clause = actions.do_add_clause(project, "按地方留成税收奖励", bureau_user)
        self.count = 0

    def n(self) -> int:
        self.count += 1
        return self.count


@pytest.fixture
def world(project, rule, tax_rule, bureau_user):
    return World(project, rule, tax_rule, bureau_user)


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    if case.name == "api:reward_rule_trial":
        case = Case(case.name, case.expect, args=case.args, query={"project": str(world.project.pk), "as_of": "2025-06-01"})
    assert testing.run(case, persona, world, request, client_for) == status
