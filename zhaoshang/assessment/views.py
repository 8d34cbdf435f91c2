"""考核 screens: schemes (list, edit, indicators, targets, new edition), runs,
snapshots with ranking and drill-down, difference report, publication, objections,
Excel export, and the bureau's falsified marks. Thin: access helper, one action,
render or redirect."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.accounts import access as accounts_access
from zhaoshang.core import history
from zhaoshang.core.forms import VersionForm, nothing_changed
from zhaoshang.core.http import paginate, refusal
from zhaoshang.core.versions import ConflictError
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.access import get_project_for_user
from zhaoshang.projects.models import FundEntry, Project

from . import access, actions, document, spreadsheets
from .forms import FalsifiedForm, GroupForm, IndicatorFormSet, ObjectionForm, RevokeForm, RunForm, SchemeForm, TargetsForm, kept
from .models import FalsifiedMark, Indicator, IndicatorKind, IndicatorTarget, Scheme
from .sources import FUND, PROJECT

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _home_jurisdiction(user) -> Unit | None:
    """The county whose bureau the user works for (the administrator: the first)."""
    if accounts_access.is_admin(user):
        return Unit.objects.filter(depth=1).order_by("path").first()
    paths = [p[: Unit.steplen] for p in accounts_access.bureau_paths(user)]
    return Unit.objects.filter(depth=1, path__in=paths).order_by("path").first()


def scheme_history(scheme: Scheme) -> list:
    """The scheme's changes with those of its indicators and targets, newest first."""
    indicators = Indicator.history.filter(scheme_id=scheme.pk).select_related("history_user")
    targets = IndicatorTarget.history.filter(indicator__scheme_id=scheme.pk).select_related("history_user")
    return history.describe(
        [
            (history.Story(Scheme), scheme.history.select_related("history_user")),
            (history.Story(Indicator, noun="考核指标", subject=lambda row: row.name), indicators),
            (history.Story(IndicatorTarget, noun="指标目标", created=("unit", "target")), targets),
        ]
    )


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    if not access.may_create_scheme(request.user):
        raise PermissionDenied
    groups = access.groups_for(request.user).prefetch_related("units").order_by("name")
    return render(request, "assessment/group_list.html", {"page": paginate(request, groups)})


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    jurisdiction = _home_jurisdiction(request.user)
    if jurisdiction is None:
        raise PermissionDenied
    form = GroupForm(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_create_group(jurisdiction, form.cleaned_data["name"], form.cleaned_data["units"], request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已创建考核分组")
            return redirect("assessment:group_list")
    return render(request, "assessment/group_form.html", {"form": form, "title": "新建考核分组"})


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.get_group_for_user(request.user, pk)
    form = GroupForm(request.POST or None, jurisdiction=group.jurisdiction, group=group, version=group.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("assessment:group_list")
        try:
            data = form.cleaned_data
            actions.do_update_group(group, data["name"], data["units"], data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存")
            return redirect("assessment:group_list")
    context = {"form": form, "title": f"编辑考核分组：{group.name}", "history": history.entries(group)}
    return render(request, "assessment/group_form.html", context, status=status)


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    schemes = Scheme.objects.visible_to(request.user).select_related("jurisdiction", "unit_group")
    year = request.GET.get("year", "")
    if year.isdigit():
        schemes = schemes.filter(year=int(year))
    context = {"page": paginate(request, schemes), "can_create": access.may_create_scheme(request.user), "year": year}
    return render(request, "assessment/scheme_list.html", context)


@login_required
def scheme_create(request: HttpRequest) -> HttpResponse:
    jurisdiction = _home_jurisdiction(request.user)
    if jurisdiction is None:
        raise PermissionDenied
    form = SchemeForm(request.POST or None, jurisdiction=jurisdiction, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            scheme = actions.do_create_scheme(jurisdiction, form.edited_data(), request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已创建考核方案，请设置考核指标")
            return redirect("assessment:indicators_edit", scheme.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "title": "新建考核方案"})


@login_required
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = access.get_scheme_for_user(request.user, pk, write=True)
    form = SchemeForm(request.POST or None, instance=scheme, version=scheme.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("assessment:scheme_detail", scheme.pk)
        try:
            actions.do_update_scheme(scheme, form.edited_data(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存")
            return redirect("assessment:scheme_detail", scheme.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "title": f"编辑：{scheme}", "scheme": scheme}, status=status)


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = access.get_scheme_for_user(request.user, pk)
    context = {
        "scheme": scheme,
        "indicators": scheme.indicators.select_related("campaign").prefetch_related("targets"),
        "snapshots": access.snapshots_for(request.user, scheme).select_related("run_by"),
        "can_manage": access.can_manage_scheme(request.user, scheme),
        "run_form": RunForm(initial={"cut_off": scheme.cut_off}),
        "units": list(scheme.units()),
        "target_kinds": [k.value for k in IndicatorKind if k.needs_target],
        "history": scheme_history(scheme) if access.can_manage_scheme(request.user, scheme) else [],
    }
    return render(request, "assessment/scheme_detail.html", context)


@login_required
def indicators_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = access.get_scheme_for_user(request.user, pk, write=True)
    formset = IndicatorFormSet(request.POST or None, queryset=scheme.indicators.all(), prefix="ind", form_kwargs={"scheme": scheme})
    stamp = VersionForm(request.POST or None, version=scheme.version)
    status = 200
    if request.method == "POST" and formset.is_valid() and stamp.is_valid():
        if nothing_changed(request, formset):
            return redirect("assessment:scheme_detail", scheme.pk)
        try:
            actions.do_save_indicators(scheme, [f.row() for f in kept(formset)], stamp.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = stamp.show_conflict(error)
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, "已保存考核指标")
            return redirect("assessment:scheme_detail", scheme.pk)
    return render(request, "assessment/indicators_form.html", {"scheme": scheme, "formset": formset, "stamp": stamp}, status=status)


@login_required
def targets_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    scheme = access.get_scheme_for_user(request.user, pk, write=True)
    indicator = scheme.indicators.filter(pk=indicator_pk).first()
    if indicator is None:
        raise Http404
    form = TargetsForm(request.POST or None, indicator=indicator, units=scheme.units(), version=scheme.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("assessment:scheme_detail", scheme.pk)
        try:
            actions.do_set_targets(indicator, form.targets(), form.cleaned_data["version"], request.user)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存目标")
            return redirect("assessment:scheme_detail", scheme.pk)
    context = {"form": form, "title": f"设置目标：{indicator.name}", "scheme": scheme}
    return render(request, "assessment/scheme_form.html", context, status=status)


@require_POST
@login_required
def scheme_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = access.get_scheme_for_user(request.user, pk, write=True)
    copy = actions.do_new_version(scheme, request.user)
    messages.success(request, f"已生成第{copy.edition}版")
    return redirect("assessment:scheme_detail", copy.pk)


@require_POST
@login_required
def scheme_run(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = access.get_scheme_for_user(request.user, pk, write=True)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写截止日期")
        return redirect("assessment:scheme_detail", scheme.pk)
    try:
        snapshot = actions.do_run_scheme(scheme, form.cleaned_data["cut_off"], request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect("assessment:scheme_detail", scheme.pk)
    messages.success(request, "已计算并冻结考核结果")
    return redirect("assessment:snapshot_detail", snapshot.pk)


@login_required
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = access.get_snapshot_for_user(request.user, pk)
    scores = access.scores_for(request.user, snapshot).prefetch_related("lines")
    units = access.objecting_units(request.user, snapshot)
    can_object = access.in_publicity(snapshot) and units.exists()
    context = {
        "snapshot": snapshot,
        "scheme": snapshot.scheme,
        "scores": scores,
        "can_publish": access.can_publish(request.user, snapshot),
        "can_object": can_object,
        "objection_form": ObjectionForm(units=units) if can_object else None,
        "objections": snapshot.objections.filter(unit__in=scores.values("unit")).select_related("unit", "case"),
        "sees_all": access.sees_all_scores(request.user, snapshot.scheme),
    }
    return render(request, "assessment/snapshot_detail.html", context)


@login_required
def snapshot_differences(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = access.get_snapshot_for_user(request.user, pk)
    visible = set(access.scores_for(request.user, snapshot).values_list("unit_id", flat=True))
    report = actions.difference_report(snapshot)
    rows = [r for r in report.rows if r.unit.pk in visible]
    totals = [t for t in report.totals if t[0].pk in visible]
    return render(request, "assessment/differences.html", {"snapshot": snapshot, "report": report, "rows": rows, "totals": totals})


@login_required
def snapshot_export(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = access.get_snapshot_for_user(request.user, pk)
    return spreadsheets.scores_export(snapshot, access.scores_for(request.user, snapshot).prefetch_related("lines"))


@login_required
def snapshot_word(request: HttpRequest, pk: int) -> HttpResponse:
    """The result as an official Word document (the scores the user may see)."""
    snapshot = access.get_snapshot_for_user(request.user, pk)
    content = document.render(snapshot, access.scores_for(request.user, snapshot))
    response = HttpResponse(content, content_type=DOCX_TYPE)
    filename = f"{snapshot.scheme.year}年{snapshot.scheme.name}考核结果.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@require_POST
@login_required
def snapshot_publish(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = access.get_snapshot_for_user(request.user, pk, write=True)
    try:
        actions.do_publish(snapshot, request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, "已公示考核结果")
    return redirect("assessment:snapshot_detail", snapshot.pk)


@require_POST
@login_required
def snapshot_object(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = access.get_snapshot_for_user(request.user, pk)
    units = access.objecting_units(request.user, snapshot)
    if not units.exists():
        raise PermissionDenied
    form = ObjectionForm(request.POST, units=units)
    if not form.is_valid():
        messages.error(request, "请选择单位并填写异议内容")
        return redirect("assessment:snapshot_detail", snapshot.pk)
    try:
        objection = actions.do_object(snapshot, form.cleaned_data["unit"], form.cleaned_data["reason"], request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, f"已提出异议，诉求编号 {objection.case.number}")
    return redirect("assessment:snapshot_detail", snapshot.pk)


@login_required
def line_records(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    """The records stored behind one unit's score on one indicator."""
    score = access.get_score_for_user(request.user, pk)
    line = score.lines.filter(position=position).first()
    if line is None:
        raise Http404
    funds = projects = None
    if line.record_model == FUND:
        funds = FundEntry.objects.visible_to(request.user).filter(pk__in=line.record_ids).select_related("project").order_by("date")
    elif line.record_model == PROJECT:
        projects = Project.objects.visible_to(request.user).filter(pk__in=line.record_ids).order_by("name")
    context = {"score": score, "line": line, "funds": funds, "projects": projects, "snapshot": score.snapshot}
    return render(request, "assessment/line_records.html", context)


@login_required
def falsified_list(request: HttpRequest) -> HttpResponse:
    if not access.may_create_scheme(request.user):
        raise PermissionDenied
    marks = FalsifiedMark.objects.filter(project__in=Project.objects.visible_to(request.user)).select_related("project", "marked_by")
    return render(request, "assessment/falsified_list.html", {"page": paginate(request, marks), "revoke_form": RevokeForm()})


@require_POST
@login_required
def project_falsify(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_pk)
    form = FalsifiedForm(request.POST)
    if form.is_valid():
        try:
            actions.do_mark_falsified(project, form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, "已认定该项目弄虚作假")
    else:
        messages.error(request, "请填写认定理由")
    return redirect("projects:project_detail", project.pk)


@require_POST
@login_required
def mark_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    mark = access.get_mark_for_user(request.user, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            actions.do_revoke_falsified(mark, form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, "已撤销认定")
    else:
        messages.error(request, "请填写撤销理由")
    return redirect("assessment:falsified_list")
