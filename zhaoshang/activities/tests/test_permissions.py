"""Who may open each activities URL. 404 for records outside the user's scope,
403 for records they may see but not change, 302 to the login page for visitors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhaoshang.activities.models import ActivityWeights
from zhaoshang.core import testing
from zhaoshang.core.testing import Case

LOGIN = 302
READ_LIST = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "leader": 200, "bureau_user": 200, "admin_user": 200}
# A record of 城关镇: its own people and the county-wide roles read it.
READ_ONE = {
    "anonymous": LOGIN,
    "reporter": 200,
    "other_reporter": 404,
    "unit_head": 200,
    "leader": 200,
    "bureau_user": 200,
    "admin_user": 200,
}
# Changing a record of 城关镇: the leader reads everything but writes no activities.
WRITE_ONE = {**READ_ONE, "leader": 403}
SAVED = {**WRITE_ONE, "reporter": 302, "unit_head": 302, "bureau_user": 302, "admin_user": 302}
CREATE_PAGE = {"anonymous": LOGIN, "reporter": 200, "other_reporter": 200, "leader": 403, "bureau_user": 200, "admin_user": 200}
# Another township's reporter cannot pick 城关镇 in the form: the page comes back with the error.
CREATED = {"anonymous": LOGIN, "reporter": 302, "other_reporter": 200, "leader": 403, "bureau_user": 302, "admin_user": 302}


def recent(days: int = 10) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def trip_data(w) -> dict:
    return {
        "unit": w.township.pk,
        "start_date": recent(),
        "end_date": recent(8),
        "destination_city": "苏州",
        "destination_country": "中国",
        "leaders": [w.person.pk],
    }


def visit_data(w) -> dict:
    return {"investor": w.investor.pk, "start_date": recent(), "end_date": recent(), "host_unit": w.township.pk}


def event_data(w) -> dict:
    return {"name": "厦门投洽会", "kind": "negotiation", "date": recent(), "place": "厦门", "organiser": w.township.pk}


def membership_data(w) -> dict:
    return {"team": w.team.pk, "person": w.person.pk, "joined_on": "2024-01-01", "left_on": "2024-06-30"}


def publicity_data(w) -> dict:
    return {"date": recent(), "unit": w.township.pk, "title": "城关镇签约三个项目", "outlet": "县电视台"}


def pk_of(name):
    return lambda w: [getattr(w, name).pk]


def crud(kind: str, record: str, data) -> list[Case]:
    return [
        Case(f"activities:{kind}_list", READ_LIST),
        Case(f"activities:{kind}_export", READ_LIST),
        Case(f"activities:{kind}_detail", READ_ONE, args=pk_of(record)),
        Case(f"activities:{kind}_create", CREATE_PAGE),
        Case(f"activities:{kind}_create", CREATED, method="post", data=data),
        Case(f"activities:{kind}_edit", WRITE_ONE, args=pk_of(record)),
        Case(
            f"activities:{kind}_edit",
            SAVED,
            args=pk_of(record),
            method="post",
            data=lambda w: {**data(w), "version": getattr(w, record).version},
        ),
    ]


CASES = [
    *crud("trip", "trip", trip_data),
    *crud("visit", "visit", visit_data),
    *crud("event", "event", event_data),
    *crud("membership", "membership", membership_data),
    *crud("publicity", "publicity", publicity_data),
    Case("activities:event_signing_add", WRITE_ONE, args=pk_of("event")),
    Case(
        "activities:event_signing_add",
        SAVED,
        args=pk_of("event"),
        method="post",
        data=lambda w: {"project_name": "电子元件产业园", "amount_wan": "5000"},
    ),
    Case("activities:event_signing_delete", {"anonymous": LOGIN, "reporter": 405}, args=lambda w: [w.event.pk, w.signing.pk]),
    Case("activities:event_signing_delete", SAVED, args=lambda w: [w.event.pk, w.signing.pk], method="post"),
    Case("activities:team_detail", READ_ONE, args=pk_of("team")),
    Case("activities:index_ranking", READ_LIST),
    Case("activities:index_export", READ_LIST),
    Case("activities:index_unit", {**READ_ONE, "other_reporter": 404}, args=pk_of("township")),
    Case(
        "activities:weights_edit",
        {"anonymous": LOGIN, "reporter": 404, "unit_head": 404, "leader": 403, "bureau_user": 200, "admin_user": 200},
        args=pk_of("root"),
    ),
    Case(
        "activities:weights_edit",
        {"anonymous": LOGIN, "reporter": 404, "leader": 403, "bureau_user": 302, "admin_user": 302},
        args=pk_of("root"),
        method="post",
        data=lambda w: {
            "signings": 40,
            "starts": 20,
            "trips": 20,
            "visits": 10,
            "events": 5,
            "publicity": 5,
            "version": ActivityWeights.objects.filter(jurisdiction=w.root).values_list("version", flat=True).first() or 0,
        },
    ),
]


@pytest.mark.parametrize(("case", "persona", "status"), testing.params(CASES), ids=testing.param_id)
def test_permission(case, persona, status, world, request, client_for):
    assert testing.run(case, persona, world, request, client_for) == status
