"""Who may open each assessment URL. Decision (assessment/access.py): the bureau
manages schemes, runs, publishes and marks falsified projects; every login of the
county reads the schemes; the bureau and leaders see every score, a unit user his
own unit's scores of published results; a unit user objects for his own unit."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
READ = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "unit_head": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
MANAGE = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 403, "unit_head": 403, "leader": 403, "bureau_user": 200, "admin_user": 200}
MANAGE_POST = {**MANAGE, "bureau_user": 302, "admin_user": 302}
OWN_SCORE = {**READ, "other_reporter": 404}
# 河口镇 may object for itself: posting 城关镇 is refused by the form (see test_views).
OBJECT = {"anonymous": LOGIN, "reporter": 302, "unit_head": 302, "other_reporter": 302, "leader": 403, "bureau_user": 403, "admin_user": 403}
FALSIFY = {"anonymous": LOGIN, "reporter": 403, "other_reporter": 404, "unit_head": 403, "leader": 403, "bureau_user": 302, "admin_user": 302}
API_READ = {**READ, "anonymous": 401}


def scheme(w):
    return [w.scheme.pk]


def snapshot(w):
    return [w.snapshot.pk]


CASES = [
    Case("assessment:scheme_list", READ),
    Case("assessment:scheme_create", MANAGE),
    Case(
        "assessment:scheme_create",
        MANAGE_POST,
        method="post",
        data=lambda w: {
            "year": "2026",
            "name": "园区考核",
            "group_kind": "zone",
            "cut_off": "2026-12-31",
            "excellent_from": "90",
            "good_from": "80",
            "pass_from": "60",
            "publicity_days": "5",
        },
    ),
    Case("assessment:scheme_detail", READ, args=scheme),
    Case("assessment:scheme_edit", MANAGE, args=scheme),
    Case(
        "assessment:scheme_edit",
        MANAGE_POST,
        args=scheme,
        method="post",
        data=lambda w: {
            "year": "2026",
            "name": "乡镇考核（修订）",
            "group_kind": "township",
            "cut_off": "2026-06-30",
            "excellent_from": "90",
            "good_from": "80",
            "pass_from": "60",
            "publicity_days": "5",
            "version": w.scheme.version,
        },
    ),
    Case("assessment:indicators_edit", MANAGE, args=scheme),
    Case(
        "assessment:indicators_edit",
        MANAGE_POST,
        args=scheme,
        method="post",
        data=lambda w: {
            "ind-TOTAL_FORMS": "1",
            "ind-INITIAL_FORMS": "0",
            "ind-0-name": "到位资金",
            "ind-0-kind": "ratio",
            "ind-0-source": "funds_arrived",
            "ind-0-weight": "40",
            "version": w.scheme.version,
        },
    ),
    Case("assessment:targets_edit", MANAGE, args=lambda w: [w.scheme.pk, w.scheme.indicators.first().pk]),
    Case(
        "assessment:targets_edit",
        MANAGE_POST,
        args=lambda w: [w.scheme.pk, w.scheme.indicators.first().pk],
        method="post",
        data=lambda w: {f"u{w.township.pk}": "200", "version": w.scheme.version},
    ),
    Case("assessment:scheme_new_version", MANAGE_POST, args=scheme, method="post", data=lambda w: {}),
    Case("assessment:scheme_run", MANAGE_POST, args=scheme, method="post", data=lambda w: {"cut_off": "2026-06-30"}),
    Case("assessment:snapshot_detail", READ, args=snapshot),
    Case("assessment:snapshot_differences", READ, args=snapshot),
    Case("assessment:snapshot_export", READ, args=snapshot),
    Case("assessment:snapshot_word", READ, args=snapshot),
    # A frozen result is not shown to units before publication.
    Case(
        "assessment:snapshot_publish",
        {**MANAGE_POST, "reporter": 404, "other_reporter": 404, "unit_head": 404},
        args=lambda w: [w.frozen.pk],
        method="post",
        data=lambda w: {},
    ),
    Case("assessment:snapshot_object", OBJECT, args=snapshot, method="post", data=lambda w: {"unit": w.township.pk, "reason": "漏计"}),
    Case("assessment:line_records", OWN_SCORE, args=lambda w: [w.snapshot.scores.get(unit=w.township).pk, 1]),
    Case("assessment:falsified_list", MANAGE),
    Case("assessment:group_list", MANAGE),
    Case("assessment:group_create", MANAGE),
    Case(
        "assessment:group_create",
        MANAGE_POST,
        method="post",
        data=lambda w: {"name": "重点乡镇", "units": [w.township.pk, w.other_township.pk]},
    ),
    Case("assessment:group_edit", MANAGE, args=lambda w: [w.group.pk]),
    Case(
        "assessment:group_edit",
        MANAGE_POST,
        args=lambda w: [w.group.pk],
        method="post",
        data=lambda w: {"name": "重点乡镇（调整）", "units": [w.township.pk], "version": w.group.version},
    ),
    Case(
        "assessment:mark_revoke", {**MANAGE_POST, "other_reporter": 403}, args=lambda w: [w.mark.pk], method="post", data=lambda w: {"reason": "复核"}
    ),
    Case("assessment:project_falsify", FALSIFY, args=lambda w: [w.project.pk], method="post", data=lambda w: {"reason": "虚报"}),
    Case("api:assessment_scheme_list", API_READ),
    Case("api:assessment_scheme_detail", API_READ, args=scheme),
    Case("api:assessment_snapshot_list", API_READ, args=scheme),
    Case("api:assessment_score_list", API_READ, args=snapshot),
]


@pytest.fixture
def world(county, bureau_user):
    from zhaoshang.assessment import actions
    from zhaoshang.assessment.models import FalsifiedMark, UnitGroup
    from zhaoshang.projects.factories import ProjectFactory

    from .factories import IndicatorFactory, SchemeFactory

    county.scheme = SchemeFactory(jurisdiction=county.root, created_by=bureau_user)
    IndicatorFactory(scheme=county.scheme, weight=Decimal(40))
    county.snapshot = actions.do_run_scheme(county.scheme, None, bureau_user)
    actions.do_publish(county.snapshot, bureau_user, today=timezone.localdate())
    county.frozen = actions.do_run_scheme(county.scheme, date(2026, 5, 31), bureau_user)
    county.project = ProjectFactory(introducing_unit=county.township)
    other = ProjectFactory(introducing_unit=county.township)
    county.group = UnitGroup.objects.create(jurisdiction=county.root, name="重点乡镇")
    county.group.units.set([county.township, county.other_township])
    county.mark = FalsifiedMark.objects.create(project=other, reason="虚报", marked_on=date(2026, 5, 1), marked_by=bureau_user)
    return county


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
