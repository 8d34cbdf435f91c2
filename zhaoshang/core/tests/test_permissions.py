import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

CASES = [
    Case("home", {"anonymous": 302, "reporter": 200, "bureau_user": 200}),
    Case("password_change", {"anonymous": 302, "reporter": 200}),
    Case("password_change_done", {"anonymous": 302, "reporter": 200}),
    # The API's description is public; the records behind it are not.
    Case("api:openapi-json", {"anonymous": 200}),
    Case("api:openapi-view", {"anonymous": 200}),
    Case("api:api-root", {"anonymous": 404}),
]


@pytest.fixture
def world(county):
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
