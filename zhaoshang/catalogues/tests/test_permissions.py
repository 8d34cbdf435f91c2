"""Who may open the list screens: the bureau and admins keep the lists; the others
pick from them in forms and never open these pages."""

import pytest

from zhaoshang.catalogues.models import Industry, SourceRegion
from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
BUREAU = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
CHANGE = {**BUREAU, "bureau_user": 302, "admin_user": 302}

CASES = [
    Case("catalogues:industry_list", BUREAU),
    Case("catalogues:region_list", BUREAU),
    Case("catalogues:industry_list", CHANGE, method="post", data=lambda w: {"name": "低空经济"}),
    Case("catalogues:entry_edit", BUREAU, args=lambda w: ["industries", w.industry.pk]),
    Case("catalogues:entry_edit", BUREAU, args=lambda w: ["regions", w.region.pk]),
    Case("catalogues:entry_edit", {"bureau_user": 404}, args=lambda w: ["industries", w.region.pk + 10_000]),
    Case("catalogues:entry_edit", {"bureau_user": 404}, args=lambda w: ["colours", w.industry.pk]),
    Case(
        "catalogues:entry_edit",
        CHANGE,
        args=lambda w: ["industries", w.industry.pk],
        method="post",
        data=lambda w: {"name": "新能源汽车", "sort_order": 5, "is_active": "on", "version": w.industry.version},
    ),
]


class World:
    def __init__(self):
        self.industry = Industry.objects.get(name="新能源")
        self.region = SourceRegion.objects.get(name="珠三角")


@pytest.fixture
def world(county):
    return World()


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
