"""Campaign screens: list, export, create/edit, rules and prizes editor (htmx rows),
targets per unit, and the campaign page with its leaderboard. Each view: decorator,
one access helper or scoped queryset, one call into actions.py or scoring.py,
render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zhaoshang.core.http import is_htmx, paginate
from zhaoshang.core import history
from zhaoshang.core.forms import VersionForm, nothing_changed
from zhaoshang.core.versions import ConflictError

from . import actions, scoring, spreadsheets
from .access import can_manage, creatable_jurisdictions, detail_filter, get_campaign_for_user, may_create
from .forms import AsOfForm, CampaignFilterForm, CampaignForm, PrizeFormSet, RuleForm, RuleFormSet, TargetsForm, kept
from .models import Campaign, ScoringRule


def _refuse(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and all(name in form.fields for name in error.error_dict):
        form.add_error(None, error)
    else:
        form.add_error(None, "；".join(error.messages))


def _campaigns(request: HttpRequest):
    form = CampaignFilterForm(request.GET)
    campaigns = Campaign.objects.visible_to(request.user).annotate(unit_count=Count("units", distinct=True))
    return form, form.filter(campaigns)


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    form, campaigns = _campaigns(request)
    context = {
        "form": form,
        "page": paginate(request, campaigns),
        "today": timezone.localdate(),
        "can_create": may_create(request.user),
    }
    template = "campaigns/campaign_list.html#results" if is_htmx(request) else "campaigns/campaign_list.html"
    return render(request, template, context)


@login_required
def campaign_export(request: HttpRequest) -> HttpResponse:
    _, campaigns = _campaigns(request)
    return spreadsheets.campaign_export(campaigns)


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    jurisdictions = creatable_jurisdictions(request.user)
    form = CampaignForm(request.POST or None, jurisdictions=jurisdictions)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.do_create_campaign(form.cleaned_data["jurisdiction"], form.campaign_data(), form.cleaned_data["units"], request.user)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, "已创建竞赛活动，请设置计分规则和任务")
            return redirect("campaigns:rules_edit", campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "title": "新建竞赛活动"})


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, write=True)
    form = CampaignForm(request.POST or None, instance=campaign, version=campaign.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("campaigns:campaign_detail", campaign.pk)
        try:
            data = form.cleaned_data
            actions.do_update_campaign(campaign, form.campaign_data(), data["units"], data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("campaigns:campaign_detail", campaign.pk)
    context = {"form": form, "title": f"编辑：{campaign.name}", "campaign": campaign}
    return render(request, "campaigns/campaign_form.html", context, status=status)


def _leaderboard(request: HttpRequest, campaign: Campaign) -> scoring.Leaderboard:
    as_of = AsOfForm(request.GET).day(min(timezone.localdate(), campaign.end))
    return scoring.leaderboard(campaign, as_of)


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk)
    board = _leaderboard(request, campaign)
    can_see = detail_filter(request.user, campaign)
    context = {
        "campaign": campaign,
        "board": board,
        "as_of_form": AsOfForm(request.GET or {"as_of": board.as_of}),
        "boards": [(group, [(row, can_see(row.unit)) for row in group.rows]) for group in board.boards],
        "prizes": campaign.prizes.all(),
        "can_manage": can_manage(request.user, campaign),
        "history": history.entries(campaign) if can_manage(request.user, campaign) else [],
        "status": campaign.status(timezone.localdate()),
    }
    template = "campaigns/campaign_detail.html#leaderboard" if is_htmx(request) else "campaigns/campaign_detail.html"
    return render(request, template, context)


@login_required
def leaderboard_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk)
    return spreadsheets.leaderboard_export(_leaderboard(request, campaign), detail_filter(request.user, campaign))


@login_required
def rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, write=True)
    rules = RuleFormSet(request.POST or None, queryset=campaign.rules.all(), prefix="rules")
    prizes = PrizeFormSet(request.POST or None, queryset=campaign.prizes.all(), prefix="prizes")
    stamp = VersionForm(request.POST or None, version=campaign.version)
    status = 200
    if request.method == "POST" and rules.is_valid() and prizes.is_valid() and stamp.is_valid():
        if nothing_changed(request, rules, prizes):
            return redirect("campaigns:campaign_detail", campaign.pk)
        rule_rows = [f.rule_data() for f in kept(rules)]
        prize_rows = [{k: f.cleaned_data[k] for k in ("rank_from", "rank_to", "text")} for f in kept(prizes)]
        try:
            actions.do_save_rules(campaign, rule_rows, prize_rows, stamp.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = stamp.show_conflict(error)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已保存计分规则和奖项")
            return redirect("campaigns:campaign_detail", campaign.pk)
    context = {"campaign": campaign, "rules": rules, "prizes": prizes, "stamp": stamp}
    return render(request, "campaigns/rules_form.html", context, status=status)


@login_required
def rule_row(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: one more empty rule row, and the formset's new form count (out of band)."""
    campaign = get_campaign_for_user(request.user, pk, write=True)
    try:
        index = max(int(request.GET.get("rules-TOTAL_FORMS", "0")), 0)
    except ValueError:
        index = 0
    form = RuleForm(prefix=f"rules-{index}", instance=ScoringRule(campaign=campaign))
    return render(request, "campaigns/rules_form.html#rule_row", {"form": form, "total": index + 1, "oob": True})


@login_required
def targets_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, write=True)
    form = TargetsForm(request.POST or None, campaign=campaign, version=campaign.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("campaigns:campaign_detail", campaign.pk)
        try:
            actions.do_set_targets(campaign, form.targets(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, "已保存竞赛任务")
            return redirect("campaigns:campaign_detail", campaign.pk)
    context = {"campaign": campaign, "form": form, "headers": TargetsForm.headers()}
    return render(request, "campaigns/targets_form.html", context, status=status)
