"""Who may open each accounts URL. Managing logins and roles is for system admins
only (403 for everyone else, bureau included); a token belongs to its owner alone
(404 for anyone else, admins included)."""

import pytest

from zhaoshang.accounts.models import ApiToken, RoleAssignment
from zhaoshang.core import testing
from zhaoshang.core.testing import Case
from zhaoshang.core.versions import history_version

LOGIN = 302
DONE = 302  # a successful form post redirects
EVERYONE_BUT_ADMIN_403 = {
    "reporter": 403,
    "other_reporter": 403,
    "unit_head": 403,
    "leader": 403,
    "bureau_user": 403,
}


def admin_only(admin_status: int) -> dict[str, int]:
    return {"anonymous": LOGIN, **EVERYONE_BUT_ADMIN_403, "admin_user": admin_status}


CASES = [
    Case("accounts:profile", {"anonymous": LOGIN, "reporter": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}),
    Case(
        "accounts:token_create",
        {"anonymous": LOGIN, "reporter": 200, "leader": 200, "admin_user": 200},
        method="post",
        data=lambda w: {"name": "数据对接"},
    ),
    Case(
        "accounts:token_revoke",
        {"anonymous": LOGIN, "reporter": DONE, "other_reporter": 404, "bureau_user": 404, "admin_user": 404},
        args=lambda w: [w.token.pk],
        method="post",
    ),
    Case("accounts:otp_enrol", {"anonymous": LOGIN, "reporter": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}),
    # Sessions that have passed (or owe nothing) are sent on to where they were going.
    Case("accounts:otp_verify", {"anonymous": LOGIN, "reporter": 302, "bureau_user": 302, "admin_user": 302}),
    Case(
        "accounts:otp_recovery_codes",
        {"anonymous": LOGIN, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302},
        method="post",
    ),
    Case("accounts:otp_remove", {"anonymous": LOGIN, "reporter": DONE, "leader": DONE, "admin_user": DONE}, method="post"),
    Case("accounts:user_list", admin_only(200)),
    Case("accounts:user_export", admin_only(200)),
    Case("accounts:user_create", admin_only(200)),
    Case("accounts:user_detail", admin_only(200), args=lambda w: [w.account.pk]),
    Case("accounts:user_detail", {"admin_user": 404, "bureau_user": 403}, args=lambda w: [999_999]),
    Case("accounts:user_edit", admin_only(200), args=lambda w: [w.account.pk]),
    Case(
        "accounts:user_edit",
        admin_only(DONE),
        args=lambda w: [w.account.pk],
        method="post",
        data=lambda w: {"name": "张三丰", "email": "", "version": history_version(w.account)},
    ),
    Case(
        "accounts:user_set_active",
        admin_only(DONE),
        args=lambda w: [w.account.pk],
        method="post",
        data=lambda w: {"active": "0"},
    ),
    Case("accounts:user_password", admin_only(200), args=lambda w: [w.account.pk]),
    Case("accounts:user_unlock", admin_only(DONE), args=lambda w: [w.account.pk], method="post"),
    Case("accounts:user_reset_otp", admin_only(DONE), args=lambda w: [w.account.pk], method="post"),
    Case("accounts:login_log", admin_only(200)),
    Case("accounts:login_log", admin_only(200), query={"q": "zhangsan", "result": "0", "start": "2026-01-01"}),
    Case("accounts:login_log_export", admin_only(200)),
    Case(
        "accounts:role_assign",
        admin_only(DONE),
        args=lambda w: [w.account.pk],
        method="post",
        data=lambda w: {"role": "unit_head", "unit": w.township.pk},
    ),
    Case(
        "accounts:role_remove",
        admin_only(DONE),
        args=lambda w: [w.account.pk, w.assignment.pk],
        method="post",
    ),
    Case("api:me", {"anonymous": 401, "reporter": 200, "other_reporter": 200, "bureau_user": 200, "admin_user": 200}),
    Case("api:me_tokens", {"anonymous": 401, "reporter": 200, "admin_user": 200}),
    Case(
        "api:me_tokens",
        {"anonymous": 401, "reporter": 201, "leader": 201, "admin_user": 201},
        method="post",
        data=lambda w: {"name": "报表工具"},
    ),
    Case(
        "api:me_token",
        {"anonymous": 401, "reporter": 204, "other_reporter": 404, "admin_user": 404},
        args=lambda w: [w.token.pk],
        method="delete",
    ),
]


@pytest.fixture
def world(county, account, reporter):
    county.account = account
    county.assignment = RoleAssignment.objects.get(user=account)
    county.token, _key = ApiToken.objects.create_for(reporter, "脚本")
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
