"""Saving an unchanged form changes nothing.

The test client posts what a test tells it; a browser posts what its inputs hold,
and an input that rejects its value (a date rendered as 2024/05/05) posts nothing.
So every edit form of the application is opened in chromium as a user allowed to
edit it, submitted untouched, and the database must be exactly as before: no
field changed, no history row written.

Which URLs are edit forms is decided by a rule (EDIT_NAME / EDIT_ROUTE below plus
the formset screens listed in PREFILLED), not by hand: a new `…_edit` URL without
an entry in FORMS fails `test_every_edit_form_can_be_opened_by_the_round_trip`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhaoshang.core.tests.test_browser import Watched, browser, demo_county, log_in  # noqa: F401  (fixtures)
from zhaoshang.targets.factories import TargetFactory

# An edit form: a page URL (not the API) named `…_edit` or routed `…/edit/`, and
# the screens that open pre-filled with the current state under another name.
EDIT_NAME = "_edit"
EDIT_ROUTE = "edit/"
PREFILLED = {"projects:project_credits", "projects:project_team"}


@dataclass(frozen=True)
class EditForm:
    """user: the demo account that edits it; obj: the record the form edits;
    args: the URL's arguments for it (its pk unless told otherwise)."""

    user: str
    obj: Callable[[], Any]
    args: Callable[[Any], list] = lambda obj: [obj.pk]


def _model(label: str):
    return apps.get_model(label)


def _first(label: str, **filters) -> Callable[[], Any]:
    return lambda: _model(label).objects.filter(**filters).order_by("pk").first()


def _target():
    # The demo county sets divisions' tasks, not Target rows; an amount with 元 below
    # the 万元 shown in the form proves the form does not round it away.
    period, unit = _model("targets.Period").objects.first(), _model("organisation.Unit").objects.get(name="城关镇")
    return TargetFactory(period=period, unit=unit, amount=12_345_678)


def _with_yuan(label: str, field: str, amount: int, **filters) -> Callable[[], Any]:
    """The first matching record, its amount given 元 below the 0.01 万元 a list shows:
    a form that rounds would change it."""

    def build():
        obj = _first(label, **filters)()
        if obj is not None:
            type(obj).objects.filter(pk=obj.pk).update(**{field: amount})
        return obj

    return build


# A project with planned dates: the ones an unreadable date box used to erase.
CHENGGUAN = {"introducing_unit__name": "城关镇", "planned_signed_on__isnull": False}

FORMS: dict[str, EditForm] = {
    "organisation:unit_edit": EditForm("zsj", _first("organisation.Unit", name="城关镇")),
    "organisation:division_edit": EditForm("zsj", _first("organisation.Division")),
    "organisation:person_edit": EditForm("zsj", _first("organisation.Person")),
    "accounts:user_edit": EditForm("admin", lambda: User.objects.get(username="chengguan")),
    "projects:project_edit": EditForm("chengguan", _with_yuan("projects.Project", "total_investment", 60_001_234, **CHENGGUAN)),
    "projects:project_credits": EditForm("zsj", _first("projects.Project", **CHENGGUAN)),
    "projects:project_team": EditForm("chengguan", _first("projects.Project", **CHENGGUAN)),
    "projects:investor_edit": EditForm("zsj", _first("projects.Investor")),
    "projects:fund_edit": EditForm(
        "chengguan",
        _with_yuan("projects.FundEntry", "amount", 5_361_234, project__introducing_unit__name="城关镇", status__in=["reported", "returned"]),
    ),
    "targets:target_edit": EditForm("zsj", _target),
    "targets:period_edit": EditForm("zsj", _first("targets.Period")),
    "activities:trip_edit": EditForm("zsj", _first("activities.Trip")),
    "activities:visit_edit": EditForm("zsj", _first("activities.Visit")),
    "activities:event_edit": EditForm("zsj", _first("activities.Event")),
    "activities:membership_edit": EditForm("zsj", _first("activities.TeamMembership")),
    "activities:publicity_edit": EditForm("zsj", _first("activities.Publicity")),
    "activities:weights_edit": EditForm("zsj", _first("activities.ActivityWeights"), lambda w: [w.jurisdiction_id]),
    "campaigns:campaign_edit": EditForm("zsj", _first("campaigns.Campaign")),
    "campaigns:rules_edit": EditForm("zsj", _first("campaigns.Campaign")),
    "campaigns:targets_edit": EditForm("zsj", _first("campaigns.Campaign")),
    "disclosures:disclosure_edit": EditForm("zsj", _first("portal.Disclosure")),
    "timelimits:policy_edit": EditForm("zsj", _first("timelimits.Policy", kind="complaint")),
    "catalogues:entry_edit": EditForm("zsj", _first("catalogues.SourceRegion", name="温州"), lambda r: ["regions", r.pk]),
    "portal_admin:content_edit": EditForm(
        "zsj", _with_yuan("portal.PromotedProject", "investment_min", 50_001_234), lambda promoted: ["projects", promoted.pk]
    ),
    "elements:step_edit": EditForm("zsj", _first("elements.ElementStep", planned_date__isnull=False)),
    "elements:template_edit": EditForm("zsj", _first("elements.StepTemplate", responsible_unit__isnull=False)),
    "elements:threshold_edit": EditForm("zsj", _with_yuan("elements.LandThreshold", "investment_per_mu", 4_000_123)),
    "service:item_edit": EditForm("zsj", _first("service.ServiceItem", finished_on__isnull=False)),
    "chains:chain_edit": EditForm("zsj", _first("chains.Chain")),
    "chains:link_edit": EditForm("zsj", _first("chains.Link", tier="segment")),
    "chains:target_edit": EditForm("zsj", _first("chains.TargetCompany", project__isnull=True)),
    "service:commitment_edit": EditForm("chengguan", _with_yuan("service.Commitment", "amount", 3_001_234, unit__name="城关镇")),
    "assessment:scheme_edit": EditForm("zsj", _first("assessment.Scheme")),
    "assessment:group_edit": EditForm("zsj", _first("assessment.UnitGroup")),
    "assessment:indicators_edit": EditForm("zsj", _first("assessment.Scheme")),
    "assessment:targets_edit": EditForm(
        "zsj", _first("assessment.Indicator", source="funds_arrived"), lambda indicator: [indicator.scheme_id, indicator.pk]
    ),
    # The demo's draft second version (cap, extras, thresholds and two instalments to round-trip).
    "rewards:rule_edit": EditForm("zsj", _first("rewards.RewardRule", code="fixed-investment", status="draft")),
    "rewards:finder_edit": EditForm("zsj", _first("rewards.Finder")),
    "rewards:clause_edit": EditForm("zsj", _first("rewards.ClauseReview", status__in=["cleaned", "lawful"])),
}


def _edit_form_names(patterns, namespace: str = "", route: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if inner != "api:":
                names |= _edit_form_names(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name, full_route = namespace + pattern.name, route + str(pattern.pattern)
            if name.endswith(EDIT_NAME) or full_route.endswith(EDIT_ROUTE) or name in PREFILLED:
                names.add(name)
    return names


def test_every_edit_form_can_be_opened_by_the_round_trip():
    names = _edit_form_names(get_resolver().url_patterns)
    missing = names - FORMS.keys()
    assert not missing, f"edit forms without an EditForm entry in FORMS: {sorted(missing)}"
    assert not FORMS.keys() - names, f"FORMS entries that are no edit form URL: {sorted(FORMS.keys() - names)}"


def _snapshot() -> dict[str, list[str]]:
    """Every row of every table of our apps (history tables included) and the users."""
    models = [m for m in apps.get_models() if m.__module__.startswith("zhaoshang.") or m is User]
    return {m._meta.label: [repr(row) for row in m._base_manager.order_by("pk").values_list()] for m in models}


def _differences(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    lines = []
    for label, rows in before.items():
        if rows == after[label]:
            continue
        old, new = set(rows), set(after[label])
        what = "history rows written" if label.split(".")[1].startswith("Historical") else "rows changed"
        lines.append(f"{label}: {what}: before {sorted(old - new)[:3]} after {sorted(new - old)[:3]}")
    return lines


SUBMIT = "button[type=submit], button:not([type]), input[type=submit]"
# The form whose action is the page itself (not the navbar's logout, not a token form).
MARK_OWN_FORM = """() => {
  const own = [...document.querySelectorAll("form")].filter(
    f => f.method.toLowerCase() === "post" && new URL(f.action, location.href).pathname === location.pathname);
  own.forEach(f => f.setAttribute("data-round-trip", ""));
  return own.length;
}"""
# What the browser itself would refuse to send (a required date box left empty
# because it could not read its value), named by input.
INVALID_INPUTS = """() => [...document.querySelector("form[data-round-trip]").elements]
  .filter(e => e.willValidate && !e.checkValidity()).map(e => `${e.name}: ${e.validationMessage}`)"""
ERRORS = ".is-invalid, .invalid-feedback, .errorlist, .alert-danger"


def _submit_untouched(watched: Watched, url: str) -> str | None:
    """Opens the form, clicks its submit button; returns what went wrong, if anything."""
    page = watched.page
    response = page.goto(url)
    if response is None or response.status != 200:
        return f"GET answered {response.status if response else 'nothing'}"
    if page.evaluate(MARK_OWN_FORM) != 1:
        return "no single form posting to the page itself"
    invalid = page.evaluate(INVALID_INPUTS)
    if invalid:
        return f"the browser refuses to submit it: {invalid}"
    with page.expect_navigation(timeout=10_000):
        page.locator("form[data-round-trip]").locator(SUBMIT).first.click()
    errors = page.locator(ERRORS)
    if errors.count():
        return f"refused: {errors.all_inner_texts()}"
    if page.url.split("?")[0].endswith(url):
        return "stayed on the form after saving"
    return None


@pytest.mark.browser
def test_every_edit_form_saved_untouched_changes_nothing(browser, live_server, demo_county):
    failures: list[str] = []
    contexts: dict[str, Watched] = {}
    for name, form in sorted(FORMS.items()):
        obj = form.obj()
        if obj is None:
            failures.append(f"{name}: the demo county has no record to open")
            continue
        if form.user not in contexts:
            contexts[form.user] = Watched(browser.new_context(locale="zh-CN").new_page())
            log_in(contexts[form.user], live_server.url, form.user)
        url = reverse(name, args=form.args(obj))
        before = _snapshot()
        problem = _submit_untouched(contexts[form.user], live_server.url + url)
        if problem:
            failures.append(f"{name} as {form.user}: {problem}")
        failures += [f"{name} as {form.user}: {line}" for line in _differences(before, _snapshot())]
    for watched in contexts.values():
        watched.page.context.close()
    assert not failures, "\n".join(failures)
