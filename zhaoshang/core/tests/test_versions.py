"""No lost updates (core/versions.py), for every editable record: an edit page
submitted untouched saves and moves the version on; the same page submitted
again, now stale, gets 409 and writes nothing. The same for the API's PATCH.

A new editable record is one line of EDITABLE; test_every_edit_url_is_in_the_table
fails when an edit page or a PATCH endpoint has none, and
test_every_update_action_takes_the_version_it_was_edited_on when an update action
does not check a version."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from django.urls import get_resolver, reverse

import zhaoshang
from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.activities.actions import do_set_activity_weights
from zhaoshang.activities.factories import (
    ActivityWeightsFactory,
    EventFactory,
    PublicityFactory,
    TeamMembershipFactory,
    TripFactory,
    VisitFactory,
)
from zhaoshang.assessment.tests.factories import IndicatorFactory, SchemeFactory, UnitGroupFactory
from zhaoshang.campaigns.factories import CampaignFactory
from zhaoshang.catalogues.models import Industry
from zhaoshang.core.testing import form_values
from zhaoshang.core.tests.test_url_coverage import _names
from zhaoshang.core.versions import Versioned, history_version
from zhaoshang.chains.factories import TargetFactory as ChainTargetFactory
from zhaoshang.chains.factories import make_chain, segment
from zhaoshang.elements.factories import ElementStepFactory, StepTemplateFactory
from zhaoshang.elements.models import LandThreshold
from zhaoshang.organisation import actions
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import Person, Unit, UnitKind
from zhaoshang.portal.factories import DisclosureFactory, PromotedProjectFactory
from zhaoshang.projects.factories import FundEntryFactory, InvestorFactory, ObstacleFactory, ProjectFactory
from zhaoshang.rewards.factories import FinderFactory, RewardRuleFactory
from zhaoshang.rewards.models import ClauseReview
from zhaoshang.service.factories import CommitmentFactory, ServiceItemFactory
from zhaoshang.targets.factories import PeriodFactory, TargetFactory
from zhaoshang.timelimits.engine.actions import policy_for


# A save that changes nothing is skipped (core.forms.nothing_changed), so the
# first save of each page must change something: by default one of these texts.
TOUCHABLE = ("name", "note", "notes", "title", "destination", "description", "post", "remark", "email")


def touch(data: dict) -> dict:
    for field in TOUCHABLE:
        if field in data:
            return {**data, field: f"{data[field]}（改）"}
    raise AssertionError(f"no text field to change among {sorted(data)}: give the Editable a change")


@dataclass(frozen=True)
class Editable:
    """screen: URL name of the edit page, whose argument is the record's pk.
    make: builds the record from the `county` fixture.
    api: URL name of the PATCH endpoint (its GET is the same name with _detail).
    editor: the persona who edits.
    args: the edit page's URL arguments, when not the record's pk.
    change: what the first save changes in the page's form (a record without a
    version column only refuses a stale save when its fields changed)."""

    screen: str
    make: Callable[[Any], models.Model]
    api: str = ""
    editor: str = "bureau_user"
    args: Callable[[Any], list] = lambda record: [record.pk]
    change: Callable[[dict], dict] = lambda data: touch(data)

    def __str__(self) -> str:
        return self.screen


EDITABLE = [
    Editable("projects:project_edit", lambda c: ProjectFactory(introducing_unit=c.township), "api:project_update"),
    Editable("projects:fund_edit", lambda c: FundEntryFactory(project__introducing_unit=c.township), "api:fund_update"),
    Editable("projects:investor_edit", lambda c: InvestorFactory(), "api:investor_update"),
    Editable("organisation:unit_edit", lambda c: c.township, "api:unit_update"),
    Editable("organisation:division_edit", lambda c: c.township.division, "api:division_update"),
    Editable("organisation:person_edit", lambda c: PersonFactory(unit=c.township), "api:person_update"),
    Editable("activities:trip_edit", lambda c: TripFactory(unit=c.township)),
    Editable("activities:visit_edit", lambda c: VisitFactory(host_unit=c.township)),
    Editable("activities:event_edit", lambda c: EventFactory(organiser=c.township)),
    Editable(
        "activities:membership_edit",
        lambda c: TeamMembershipFactory(team=UnitFactory(parent=c.root, kind=UnitKind.STATIONED_TEAM), person=PersonFactory(unit=c.township)),
    ),
    Editable("activities:publicity_edit", lambda c: PublicityFactory(unit=c.township)),
    Editable(
        "activities:weights_edit",
        lambda c: ActivityWeightsFactory(jurisdiction=c.root),
        args=lambda weights: [weights.jurisdiction_id],
        change=lambda data: {**data, "trips": str(Decimal(data["trips"]) + 1)},
    ),
    Editable(
        "accounts:user_edit",
        lambda c: user_with_role(Role.REPORTER, c.township, username="zhangsan", first_name="张三"),
        editor="admin_user",
        change=lambda data: {**data, "name": "张三丰"},
    ),
    Editable("campaigns:campaign_edit", lambda c: CampaignFactory(jurisdiction=c.root, units=[c.township])),
    Editable(
        "campaigns:rules_edit",
        lambda c: CampaignFactory(jurisdiction=c.root, units=[c.township]),
        change=lambda data: {**data, "prizes-0-rank_from": "1", "prizes-0-rank_to": "1", "prizes-0-text": "一等奖"},
    ),
    Editable(
        "campaigns:targets_edit",
        lambda c: CampaignFactory(jurisdiction=c.root, units=[c.township]),
        change=lambda data: {**data, **{k: str(int(v or 0) + 1) for k, v in data.items() if k.endswith("_signed_count")}},
    ),
    Editable("disclosures:disclosure_edit", lambda c: DisclosureFactory(period=PeriodFactory(jurisdiction=c.root))),
    Editable("targets:period_edit", lambda c: PeriodFactory(jurisdiction=c.root)),
    Editable("targets:target_edit", lambda c: TargetFactory(period__jurisdiction=c.root, unit=c.township)),
    Editable(
        "portal_admin:content_edit",
        lambda c: PromotedProjectFactory(jurisdiction=c.root, owner=user_with_role(Role.BUREAU, c.root, username="owner"), place=c.township),
        args=lambda promoted: ["projects", promoted.pk],
    ),
    Editable("timelimits:policy_edit", lambda c: policy_for("complaint"), change=lambda data: {**data, "limit": "11"}),
    Editable("catalogues:entry_edit", lambda c: Industry.objects.create(name="测试行业"), args=lambda e: ["industries", e.pk]),
    Editable("elements:step_edit", lambda c: ElementStepFactory(project__introducing_unit=c.township)),
    Editable("elements:template_edit", lambda c: StepTemplateFactory()),
    Editable(
        "elements:threshold_edit",
        lambda c: LandThreshold.objects.create(park=c.township, industry=""),
        change=lambda data: {**data, "investment_wan": "350"},
    ),
    Editable("service:item_edit", lambda c: ServiceItemFactory(unit=c.township)),
    Editable("assessment:scheme_edit", lambda c: SchemeFactory(jurisdiction=c.root)),
    Editable("assessment:group_edit", lambda c: UnitGroupFactory(jurisdiction=c.root, units=[c.township])),
    Editable(
        "assessment:indicators_edit",
        lambda c: IndicatorFactory(scheme__jurisdiction=c.root).scheme,
        change=lambda data: {**data, "ind-0-weight": str(float(data["ind-0-weight"]) + 1)},
    ),
    Editable(
        "assessment:targets_edit",
        lambda c: IndicatorFactory(scheme__jurisdiction=c.root).scheme,
        args=lambda scheme: [scheme.pk, scheme.indicators.get().pk],
        change=lambda data: {**data, **{k: str(float(v or 0) + 1) for k, v in data.items() if k.startswith("u")}},
    ),
    Editable("chains:chain_edit", lambda c: make_chain(c.root, lead_unit=c.township)),
    Editable("chains:link_edit", lambda c: segment(make_chain(c.root, lead_unit=c.township), "电芯制造")),
    Editable(
        "chains:target_edit",
        lambda c: ChainTargetFactory(link=segment(make_chain(c.root, lead_unit=c.township), "电芯制造"), owner_unit=c.township),
    ),
    Editable(
        "service:commitment_edit",
        lambda c: CommitmentFactory(unit=c.township),
        editor="reporter",
        change=lambda data: {**data, "content": f"{data['content']}（改）"},
    ),
    Editable("rewards:rule_edit", lambda c: RewardRuleFactory()),
    Editable("rewards:finder_edit", lambda c: FinderFactory()),
    Editable(
        "rewards:clause_edit",
        lambda c: ClauseReview.objects.create(project=ProjectFactory(introducing_unit=c.township), clause="迁入本地纳税满五年方予奖励"),
    ),
]


def _state(record: models.Model) -> tuple[int, int]:
    """(version, history rows) of the record as stored."""
    fresh = type(record)._default_manager.get(pk=record.pk)
    version = fresh.version if isinstance(fresh, Versioned) else history_version(fresh)
    return version, fresh.history.count()


@pytest.mark.parametrize("editable", EDITABLE, ids=str)
def test_a_stale_save_on_the_screen_is_refused_with_409_and_writes_nothing(editable, request, county, client_for):
    record = editable.make(county)
    client = client_for(request.getfixturevalue(editable.editor))
    url = reverse(editable.screen, args=editable.args(record))
    page = form_values(client.get(url).content.decode())
    version, rows = _state(record)
    assert int(page["version"]) == version

    first = client.post(url, editable.change(page))
    assert first.status_code == 302, first.content.decode()
    saved = _state(record)
    assert saved[0] == version + 1 if isinstance(record, Versioned) else saved[0] > version

    # A second change based on the page as first loaded: stale (an unchanged
    # stale page would be skipped as nothing to save, and overwrite nothing).
    second = client.post(url, editable.change(editable.change(page)))
    assert second.status_code == 409
    assert "保存失败" in second.content.decode()
    assert _state(record) == saved
    # The page now carries the version it was refused by: saving again is deliberate.
    assert int(form_values(second.content.decode())["version"]) == saved[0]


@pytest.mark.parametrize("editable", [e for e in EDITABLE if e.api], ids=str)
def test_a_stale_patch_is_refused_with_409_and_writes_nothing(editable, request, county, client_for):
    record = editable.make(county)
    client = client_for(request.getfixturevalue(editable.editor))
    detail = client.get(reverse(editable.api.replace("_update", "_detail"), args=[record.pk])).json()
    version = detail["version"]
    url = reverse(editable.api, args=[record.pk])

    first = client.patch(url, {"version": version}, content_type="application/json")
    assert first.status_code == 200, first.content.decode()
    assert first.json()["version"] == version + 1

    saved = _state(record)
    second = client.patch(url, {"version": version}, content_type="application/json")
    assert second.status_code == 409
    assert second.json()["detail"].startswith("保存失败")
    assert isinstance(second.json()["changed_fields"], list)
    assert _state(record) == saved


def test_every_edit_url_is_in_the_table():
    names = _names(get_resolver().url_patterns)
    edits = {name for name in names if name.endswith("_edit")}
    updates = {name for name in names if name.startswith("api:") and name.endswith("_update")}
    assert edits - {e.screen for e in EDITABLE} == set()
    assert updates - {e.api for e in EDITABLE} == set()


def test_the_refused_page_names_who_changed_which_field_and_keeps_what_was_typed(county, client_for, bureau_user, admin_user):
    url = reverse("organisation:unit_edit", args=[county.township.pk])
    client = client_for(bureau_user)
    page = form_values(client.get(url).content.decode())
    actions.do_update_unit(county.township, {"name": "城关街道"}, county.township.version, admin_user)

    response = client.post(url, {**page, "short_name": "城关"})

    assert response.status_code == 409
    content = response.content.decode()
    assert f"已被{admin_user.get_full_name() or admin_user.username}于" in content
    assert "（单位名称）" in content
    assert form_values(content)["short_name"] == "城关"
    assert Unit.objects.get(pk=county.township.pk).short_name == ""


def test_a_stale_patch_lists_the_fields_changed_meanwhile(county, client_for, bureau_user, admin_user):
    person = PersonFactory(unit=county.township, post="副镇长")
    actions.do_update_person(person, {"post": "镇长"}, person.version, admin_user)

    response = client_for(bureau_user).patch(
        reverse("api:person_update", args=[person.pk]), {"version": 1, "post": "书记"}, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["changed_fields"] == ["职务"]
    assert Person.objects.get(pk=person.pk).post == "镇长"


def test_weights_first_saved_by_someone_else_make_the_default_page_stale(county, client_for, bureau_user, admin_user):
    url = reverse("activities:weights_edit", args=[county.root.pk])
    client = client_for(bureau_user)
    page = form_values(client.get(url).content.decode())
    assert page["version"] == "0"
    weights = {"signings": 30, "starts": 20, "trips": 50, "visits": 0, "events": 0, "publicity": 0}
    do_set_activity_weights(county.root, weights, 0, admin_user)

    assert client.post(url, {**page, "trips": "1"}).status_code == 409
    assert county.root.activity_weights.trips == 50


def test_a_stale_obstacle_step_is_refused_and_the_row_shows_why(county, client_for, reporter, unit_head):
    obstacle = ObstacleFactory(project=ProjectFactory(introducing_unit=county.township))
    url = reverse("projects:obstacle_status", args=[obstacle.pk])
    client_for(unit_head).post(url, {"status": "escalated", "note": "请县长协调", "version": 1})

    response = client_for(reporter).post(url, {"status": "resolved", "note": "已解决", "version": 1}, follow=True)

    assert "保存失败" in response.content.decode()
    obstacle.refresh_from_db()
    assert obstacle.status == "escalated"
    assert [n.text for n in obstacle.notes.all()] == ["请县长协调"]


def test_every_update_action_takes_the_version_it_was_edited_on():
    """do_update_* and do_save_* write what a user edited: each checks the version."""
    missing = []
    for app in pkgutil.iter_modules(zhaoshang.__path__):
        try:
            module = importlib.import_module(f"zhaoshang.{app.name}.actions")
        except ModuleNotFoundError:
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith(("do_update_", "do_save_")) and function.__module__ == module.__name__:
                if "expected_version" not in inspect.signature(function).parameters:
                    missing.append(f"{app.name}.{name}")
    assert missing == []
