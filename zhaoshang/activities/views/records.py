"""Trips, visits, events, team memberships and publicity: list, export, detail,
create, edit. Each view: decorator, one access helper or scoped queryset, one
call into actions.py, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhaoshang.core import history

from .. import actions, spreadsheets
from ..access import (
    can_write,
    get_event_for_user,
    get_event_signing_for_user,
    get_membership_for_user,
    get_publicity_for_user,
    get_trip_for_user,
    get_visit_for_user,
)
from ..forms import (
    EventFilterForm,
    EventForm,
    MembershipFilterForm,
    MembershipForm,
    PublicityFilterForm,
    PublicityForm,
    SigningForm,
    TripFilterForm,
    TripForm,
    VisitFilterForm,
    VisitForm,
)
from ..models import Event, Publicity, TeamMembership, Trip, Visit
from .common import export_rows, form_page, list_page, refuse, require_writer


def _detail(request: HttpRequest, template: str, obj, unit, **extra) -> HttpResponse:
    context = {"obj": obj, "can_write": can_write(request.user, unit), "history": history.entries(obj), **extra}
    return render(request, template, context)


# ---------------------------------------------------------------- trips


def _trips(request: HttpRequest):
    form = TripFilterForm(request.GET, user=request.user)
    trips = Trip.objects.visible_to(request.user).select_related("unit").prefetch_related("leader_rows__person")
    return form, form.filter(trips)


TRIP_HEADERS = ["出发日期", "返回日期", "组织单位", "目的地", "带队领导", "主要负责人带队"]


@login_required
def trip_list(request: HttpRequest) -> HttpResponse:
    form, trips = _trips(request)
    return list_page(request, form, trips, title="外出招商", kind="trip", headers=TRIP_HEADERS)


@login_required
def trip_export(request: HttpRequest) -> HttpResponse:
    _, trips = _trips(request)
    return export_rows("外出招商", spreadsheets.TRIP_COLUMNS, trips.prefetch_related("investors", "leads"))


@login_required
def trip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trip = get_trip_for_user(request.user, pk)
    return _detail(request, "activities/trip_detail.html", trip, trip.unit)


@login_required
def trip_create(request: HttpRequest) -> HttpResponse:
    require_writer(request)
    form = TripForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        lambda: actions.do_create_trip(form.trip_data(), form.cleaned_data["leaders"], request.user),
        title="登记外出招商",
        success="已登记外出招商",
        cancel_url=reverse("activities:trip_list"),
        detail_url="activities:trip_detail",
    )


@login_required
def trip_edit(request: HttpRequest, pk: int) -> HttpResponse:
    trip = get_trip_for_user(request.user, pk, write=True)
    form = TripForm(request.POST or None, instance=trip, user=request.user, version=trip.version)
    return form_page(
        request,
        form,
        lambda: actions.do_update_trip(trip, form.trip_data(), form.cleaned_data["leaders"], form.cleaned_data["version"], request.user),
        title="编辑外出招商",
        success="已保存",
        cancel_url=reverse("activities:trip_detail", args=[trip.pk]),
        detail_url="activities:trip_detail",
    )


# ---------------------------------------------------------------- visits


def _visits(request: HttpRequest):
    form = VisitFilterForm(request.GET, user=request.user)
    return form, form.filter(Visit.objects.visible_to(request.user).select_related("host_unit", "investor"))


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    form, visits = _visits(request)
    headers = ["来访日期", "离开日期", "来访客商", "接待单位", "来访人员"]
    return list_page(request, form, visits, title="客商来访", kind="visit", headers=headers)


@login_required
def visit_export(request: HttpRequest) -> HttpResponse:
    _, visits = _visits(request)
    return export_rows("客商来访", spreadsheets.VISIT_COLUMNS, visits.prefetch_related("leaders", "projects"))


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, pk)
    return _detail(request, "activities/visit_detail.html", visit, visit.host_unit)


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    require_writer(request)
    form = VisitForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        lambda: actions.do_create_visit(form.cleaned_data, request.user),
        title="登记客商来访",
        success="已登记客商来访",
        cancel_url=reverse("activities:visit_list"),
        detail_url="activities:visit_detail",
    )


@login_required
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, pk, write=True)
    form = VisitForm(request.POST or None, instance=visit, user=request.user, version=visit.version)
    return form_page(
        request,
        form,
        lambda: actions.do_update_visit(visit, form.edited_data(), form.cleaned_data["version"], request.user),
        title="编辑客商来访",
        success="已保存",
        cancel_url=reverse("activities:visit_detail", args=[visit.pk]),
        detail_url="activities:visit_detail",
    )


# ---------------------------------------------------------------- events


def _events(request: HttpRequest):
    form = EventFilterForm(request.GET, user=request.user)
    return form, form.filter(Event.objects.visible_to(request.user).select_related("organiser").with_signing_totals())


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _events(request)
    headers = ["举办日期", "活动名称", "类型", "地点", "主办单位", "签约项目", "签约金额（万元）"]
    return list_page(request, form, events, title="推介会/洽谈会", kind="event", headers=headers)


@login_required
def event_export(request: HttpRequest) -> HttpResponse:
    _, events = _events(request)
    return export_rows("推介会洽谈会", spreadsheets.EVENT_COLUMNS, events)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    signings = event.signings.select_related("project")
    return _detail(
        request,
        "activities/event_detail.html",
        event,
        event.organiser,
        signings=signings,
        total=sum(s.amount for s in signings),
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    require_writer(request)
    form = EventForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        lambda: actions.do_create_event(form.cleaned_data, request.user),
        title="登记推介会/洽谈会",
        success="已登记活动",
        cancel_url=reverse("activities:event_list"),
        detail_url="activities:event_detail",
    )


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = EventForm(request.POST or None, instance=event, user=request.user, version=event.version)
    return form_page(
        request,
        form,
        lambda: actions.do_update_event(event, form.edited_data(), form.cleaned_data["version"], request.user),
        title="编辑活动",
        success="已保存",
        cancel_url=reverse("activities:event_detail", args=[event.pk]),
        detail_url="activities:event_detail",
    )


@login_required
def event_signing_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = SigningForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            signing = actions.do_add_event_signing(event, form.signing_data(), request.user)
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(request, f"已登记签约项目「{signing.project_name}」")
            return redirect("activities:event_detail", event.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": f"登记签约项目：{event.name}", "cancel_url": reverse("activities:event_detail", args=[event.pk])},
    )


@login_required
@require_POST
def event_signing_delete(request: HttpRequest, pk: int, signing_pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    signing = get_event_signing_for_user(request.user, event, signing_pk)
    actions.do_remove_event_signing(signing, request.user)
    messages.success(request, f"已删除签约项目「{signing.project_name}」")
    return redirect("activities:event_detail", event.pk)


# ---------------------------------------------------------------- team memberships


def _memberships(request: HttpRequest):
    form = MembershipFilterForm(request.GET, user=request.user)
    return form, form.filter(TeamMembership.objects.visible_to(request.user).select_related("team", "person"))


@login_required
def membership_list(request: HttpRequest) -> HttpResponse:
    form, memberships = _memberships(request)
    headers = ["驻点招商组", "城市", "姓名", "职务", "进组日期", "离组日期"]
    return list_page(request, form, memberships, title="驻点招商组成员", kind="membership", headers=headers)


@login_required
def membership_export(request: HttpRequest) -> HttpResponse:
    _, memberships = _memberships(request)
    return export_rows("驻点招商组成员", spreadsheets.MEMBERSHIP_COLUMNS, memberships)


@login_required
def membership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    return _detail(request, "activities/membership_detail.html", membership, membership.team)


@login_required
def membership_create(request: HttpRequest) -> HttpResponse:
    require_writer(request)
    initial = {"team": request.GET.get("team")} if request.GET.get("team", "").isdigit() else {}
    form = MembershipForm(request.POST or None, initial=initial, user=request.user)
    return form_page(
        request,
        form,
        lambda: actions.do_create_membership(form.cleaned_data, request.user),
        title="登记驻点招商组成员",
        success="已登记成员",
        cancel_url=reverse("activities:membership_list"),
        detail_url="activities:membership_detail",
    )


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, write=True)
    form = MembershipForm(request.POST or None, instance=membership, user=request.user, version=membership.version)
    return form_page(
        request,
        form,
        lambda: actions.do_update_membership(membership, form.edited_data(), form.cleaned_data["version"], request.user),
        title="编辑驻点招商组成员",
        success="已保存",
        cancel_url=reverse("activities:membership_detail", args=[membership.pk]),
        detail_url="activities:membership_detail",
    )


# ---------------------------------------------------------------- publicity


def _publicity(request: HttpRequest):
    form = PublicityFilterForm(request.GET, user=request.user)
    return form, form.filter(Publicity.objects.visible_to(request.user).select_related("unit"))


@login_required
def publicity_list(request: HttpRequest) -> HttpResponse:
    form, items = _publicity(request)
    headers = ["发布日期", "报送单位", "标题", "刊发媒体"]
    return list_page(request, form, items, title="宣传报道", kind="publicity", headers=headers)


@login_required
def publicity_export(request: HttpRequest) -> HttpResponse:
    _, items = _publicity(request)
    return export_rows("宣传报道", spreadsheets.PUBLICITY_COLUMNS, items)


@login_required
def publicity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_publicity_for_user(request.user, pk)
    return _detail(request, "activities/publicity_detail.html", item, item.unit)


@login_required
def publicity_create(request: HttpRequest) -> HttpResponse:
    require_writer(request)
    form = PublicityForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        lambda: actions.do_create_publicity(form.cleaned_data, request.user),
        title="登记宣传报道",
        success="已登记宣传报道",
        cancel_url=reverse("activities:publicity_list"),
        detail_url="activities:publicity_detail",
    )


@login_required
def publicity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_publicity_for_user(request.user, pk, write=True)
    form = PublicityForm(request.POST or None, instance=item, user=request.user, version=item.version)
    return form_page(
        request,
        form,
        lambda: actions.do_update_publicity(item, form.edited_data(), form.cleaned_data["version"], request.user),
        title="编辑宣传报道",
        success="已保存",
        cancel_url=reverse("activities:publicity_detail", args=[item.pk]),
        detail_url="activities:publicity_detail",
    )
