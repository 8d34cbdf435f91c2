"""Who may open each portal URL: the public pages need no login (published only);
the disclosure screens are the bureau's."""

from datetime import date

import pytest

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
PUBLIC = {"anonymous": 200, "reporter": 200, "leader": 200, "bureau_user": 200}
BUREAU = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
BUREAU_POST = {**BUREAU, "bureau_user": 302, "admin_user": 302}


def published(w):
    return [w.published.pk]


def draft(w):
    return [w.draft.pk]


def _form(w):
    return {"period": w.period.pk, "title": "2026年上半年", "as_of": "2026-06-30", "columns": ["rate", "rank"]}


CASES = [
    Case("portal:index", PUBLIC),
    Case("portal:progress", PUBLIC),
    Case("portal:progress_detail", PUBLIC, args=published),
    Case("portal:progress_detail", {"anonymous": 404, "bureau_user": 404}, args=draft),
    Case("disclosures:disclosure_list", BUREAU),
    Case("disclosures:disclosure_export", BUREAU),
    Case("disclosures:disclosure_create", BUREAU),
    Case(
        "disclosures:disclosure_create",
        BUREAU_POST,
        method="post",
        data=lambda w: {**_form(w), "as_of": "2026-09-30", "title": "前三季度"},
    ),
    Case("disclosures:disclosure_detail", BUREAU, args=draft),
    Case("disclosures:disclosure_edit", BUREAU, args=draft),
    Case(
        "disclosures:disclosure_edit",
        BUREAU_POST,
        args=draft,
        method="post",
        data=lambda w: {**_form(w), "as_of": "2026-12-31", "version": w.draft.version},
    ),
    Case("disclosures:disclosure_publish", {"anonymous": LOGIN, "bureau_user": 405}, args=draft),
    Case("disclosures:disclosure_publish", BUREAU_POST, args=draft, method="post"),
    Case("disclosures:disclosure_unpublish", BUREAU_POST, args=published, method="post"),
]


@pytest.fixture
def world(county):
    from zhaoshang.portal.factories import DisclosureFactory
    from zhaoshang.targets.models import Period

    county.period = Period.objects.create(jurisdiction=county.root, name="2026年度", start=date(2026, 1, 1), end=date(2026, 12, 31))
    county.published = DisclosureFactory(period=county.period, as_of=date(2026, 6, 30), is_published=True)
    county.draft = DisclosureFactory(period=county.period, as_of=date(2026, 12, 31), title="2026年全年")
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
