import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

CASES = [
    Case("accounts:profile", {"anonymous": 302, "reporter": 200}),
    Case("accounts:user_list", {"anonymous": 302, "reporter": 403, "bureau_user": 403, "admin_user": 200}),
]


@pytest.fixture
def world(county):
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
