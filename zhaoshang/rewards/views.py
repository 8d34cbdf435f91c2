"""招商奖励 screens: rules and their versions (with the compliance gate), the
trial, the reward ledger, the finder registry and the clause ledger. Thin: access
helpers in, one action out."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core import excel
from zhaoshang.core.forms import VersionForm, nothing_changed
from zhaoshang.core.history import entries
from zhaoshang.core.http import paginate, refusal
from zhaoshang.core.versions import ConflictError
from zhaoshang.projects.access import get_project_for_user
from zhaoshang.projects.models import Project

from . import access, actions, exports, gate
from .forms import LEDGER_COLUMNS, ClauseAddForm, ClauseForm, FinderForm, LedgerFilterForm, PaidForm, RuleForm, SharesForm, TrialForm
from .models import ClauseReview, Finder, LedgerEntry, RewardRule


def _require_read(request: HttpRequest) -> None:
    if not access.can_read(request.user):
        raise PermissionDenied


def _require_manage(request: HttpRequest) -> None:
    if not access.can_manage_rewards(request.user):
        raise PermissionDenied


# ---------------------------------------------------------------- rules


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    _require_read(request)
    rules = list(RewardRule.objects.select_related("compliance_approved_by"))
    rows = [(rule, gate.triggers(rule), gate.missing(rule)) for rule in rules]
    return render(request, "rewards/rule_list.html", {"rows": rows, "can_manage": access.can_manage_rewards(request.user)})


@login_required
def rule_create(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = actions.do_create_rule(form.rule_data(), request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已新建奖励规则：{rule}")
            return redirect("rewards:rule_detail", rule.pk)
    return render(request, "rewards/rule_form.html", {"form": form, "rule": None})


@login_required
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule = access.get_rule_for_user(request.user, pk)
    return render(
        request,
        "rewards/rule_detail.html",
        {
            "rule": rule,
            "spec": rule.spec(),
            "triggers": gate.triggers(rule),
            "missing": gate.missing(rule),
            "refusal": gate.refusal(rule),
            "regulation": gate.RULE_TEXT,
            "can_manage": access.can_manage_rewards(request.user),
            "can_review": access.is_compliance_reviewer(request.user),
            "versions": RewardRule.objects.filter(code=rule.code).order_by("-number"),
            "history": entries(rule),
        },
    )


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = access.get_rule_for_user(request.user, pk, write=True)
    form = RuleForm(request.POST or None, instance=rule, version=rule.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("rewards:rule_detail", rule.pk)
        try:
            actions.do_update_rule(RewardRule.objects.get(pk=rule.pk), form.rule_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
            status = 422
        else:
            messages.success(request, "已保存")
            return redirect("rewards:rule_detail", rule.pk)
    return render(request, "rewards/rule_form.html", {"form": form, "rule": rule}, status=status)


def _rule_action(request: HttpRequest, pk: int, do, done: str, write: bool = True) -> HttpResponse:
    rule = access.get_rule_for_user(request.user, pk, write=write)
    form = VersionForm(request.POST, version=rule.version)
    version = form.cleaned_data["version"] if form.is_valid() else rule.version
    try:
        result = do(rule, version, request.user)
    except (ValidationError, ConflictError) as error:
        messages.error(request, error.message if isinstance(error, ConflictError) else refusal(error))
        return redirect("rewards:rule_detail", rule.pk)
    messages.success(request, done)
    return redirect("rewards:rule_detail", result.pk)


@login_required
@require_POST
def rule_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_action(request, pk, actions.do_enable_rule, "已启用")


@login_required
@require_POST
def rule_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_action(request, pk, actions.do_retire_rule, "已停用")


@login_required
@require_POST
def rule_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_action(request, pk, actions.do_approve_compliance, "合规审查已同意", write=False)


@login_required
@require_POST
def rule_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_action(request, pk, lambda rule, _version, user: actions.do_new_version(rule, user), "已新建版本（草稿）")


# ---------------------------------------------------------------- trial and approval


@login_required
def trial(request: HttpRequest) -> HttpResponse:
    """Any rule version on any project the user sees, step by step; Word/Excel."""
    _require_read(request)
    projects = Project.objects.visible_to(request.user).order_by("name")
    form = TrialForm(request.GET or None, projects=projects)
    result = None
    if form.is_valid():
        rule, project, day = form.cleaned_data["rule"], form.cleaned_data["project"], form.day()
        result = actions.trial(rule, project, day, form.overrides())
        export = request.GET.get("export")
        if export == "xlsx":
            return excel.xlsx_response(f"{exports.title(rule, project)}.xlsx", exports.workbook(rule, project, result, day))
        if export == "docx":
            response = HttpResponse(exports.document(rule, project, result, day), content_type=exports.DOCX_TYPE)
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(exports.title(rule, project) + '.docx')}"
            return response
    return render(
        request,
        "rewards/trial.html",
        {"form": form, "result": result, "can_manage": access.can_manage_rewards(request.user)},
    )


@login_required
@require_POST
def award_approve(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    projects = Project.objects.visible_to(request.user)
    form = TrialForm(request.POST, projects=projects)
    if not form.is_valid():
        messages.error(request, "请选择规则和项目")
        return redirect("rewards:trial")
    project = get_project_for_user(request.user, form.cleaned_data["project"].pk)
    try:
        award = actions.do_approve_award(project, form.cleaned_data["rule"], request.user, timezone.localdate(), form.overrides())
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect("rewards:trial")
    messages.success(request, f"已审批奖励 {award.total:,} 元，已列入奖励台账")
    return redirect("rewards:ledger")


# ---------------------------------------------------------------- ledger


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    form = LedgerFilterForm(request.GET or None)
    rows = LedgerEntry.objects.visible_to(request.user).select_related("award", "award__project", "award__rule", "finder")
    if form.is_valid():
        rows = rows.search(form.cleaned_data["q"])
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
        rows = rows.sorted_by(form.cleaned_data["sort"])
    else:
        rows = rows.sorted_by("")
    if request.GET.get("export") == "xlsx":
        return excel.export("奖励兑现台账.xlsx", "奖励兑现台账", LEDGER_COLUMNS, rows)
    return render(
        request, "rewards/ledger.html", {"form": form, "page": paginate(request, rows), "can_manage": access.can_manage_rewards(request.user)}
    )


@login_required
@require_POST
def entry_paid(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for_user(request.user, pk, write=True)
    form = PaidForm(request.POST, version=entry.version)
    if not form.is_valid():
        messages.error(request, "请填写支付日期")
        return redirect("rewards:ledger")
    try:
        actions.do_mark_paid(entry, form.cleaned_data["paid_on"], form.cleaned_data["version"], request.user)
    except ConflictError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, "已登记支付")
    return redirect("rewards:ledger")


# ---------------------------------------------------------------- finders


@login_required
def finder_list(request: HttpRequest) -> HttpResponse:
    _require_read(request)
    finders = Finder.objects.order_by("registered_on", "id")
    return render(request, "rewards/finder_list.html", {"page": paginate(request, finders), "can_manage": access.can_manage_rewards(request.user)})


@login_required
def finder_create(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    form = FinderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        finder = actions.do_create_finder(form.cleaned_data, request.user)
        messages.success(request, f"已登记引荐人：{finder}")
        return redirect("rewards:finder_list")
    return render(request, "rewards/finder_form.html", {"form": form, "finder": None})


@login_required
def finder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finder = access.get_finder_for_user(request.user, pk, write=True)
    form = FinderForm(request.POST or None, instance=finder, version=finder.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("rewards:finder_list")
        try:
            actions.do_update_finder(Finder.objects.get(pk=finder.pk), form.edited_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        else:
            messages.success(request, "已保存")
            return redirect("rewards:finder_list")
    return render(request, "rewards/finder_form.html", {"form": form, "finder": finder, "history": entries(finder)}, status=status)


@login_required
def project_finders(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    shares = project.finder_shares.select_related("finder").order_by("id")
    initial = "\n".join(f"{s.finder.name} {s.share}" for s in shares)
    form = SharesForm(request.POST or None, initial={"finders": initial})
    if request.method == "POST":
        _require_manage(request)
        if form.is_valid():
            try:
                actions.do_set_finders(project, form.cleaned_data["finders"], request.user)
            except ValidationError as error:
                form.add_error(None, refusal(error))
            else:
                messages.success(request, "已保存引荐人")
                return redirect("rewards:project_finders", project.pk)
    return render(
        request,
        "rewards/project_finders.html",
        {"project": project, "shares": shares, "form": form, "can_manage": access.can_manage_rewards(request.user)},
    )


# ---------------------------------------------------------------- clause ledger


@login_required
def clause_list(request: HttpRequest) -> HttpResponse:
    _require_read(request)
    clauses = ClauseReview.objects.visible_to(request.user).select_related("project").order_by("status", "id")
    status = request.GET.get("status", "")
    if status:
        clauses = clauses.filter(status=status)
    form = ClauseAddForm(request.POST or None, projects=Project.objects.visible_to(request.user).order_by("name"))
    if request.method == "POST":
        _require_manage(request)
        if form.is_valid():
            actions.do_add_clause(form.cleaned_data["project"], form.cleaned_data["clause"], request.user)
            messages.success(request, "已列入清理台账")
            return redirect("rewards:clause_list")
    return render(
        request,
        "rewards/clause_list.html",
        {"page": paginate(request, clauses), "form": form, "regulation": gate.RULE_TEXT, "can_manage": access.can_manage_rewards(request.user)},
    )


@login_required
@require_POST
def clause_scan(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    added = actions.do_scan_agreements(request.user)
    messages.success(request, f"已从协议承诺中新列入 {len(added)} 条待清理条款")
    return redirect("rewards:clause_list")


@login_required
def clause_edit(request: HttpRequest, pk: int) -> HttpResponse:
    clause = access.get_clause_for_user(request.user, pk, write=True)
    form = ClauseForm(request.POST or None, instance=clause, version=clause.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("rewards:clause_list")
        try:
            actions.do_update_clause(ClauseReview.objects.get(pk=clause.pk), form.edited_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
            status = 422
        else:
            messages.success(request, "已保存")
            return redirect("rewards:clause_list")
    return render(request, "rewards/clause_form.html", {"form": form, "clause": clause, "history": entries(clause)}, status=status)
