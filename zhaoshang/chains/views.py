"""产业链 screens: the chains, one chain with its link tree, timeline and figures,
a link with what is attached to it and its targets (also the map's drill-down),
the chain map, and the target companies (filter, sort, pages, Excel)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core import excel
from zhaoshang.core.forms import nothing_changed
from zhaoshang.core.history import entries
from zhaoshang.core.http import is_htmx, paginate, refusal
from zhaoshang.core.versions import ConflictError
from zhaoshang.organisation.models import Unit

from . import access, actions, figures
from .forms import AttachForm, ChainForm, ChainImportForm, ChildForm, LinkForm, OverrideForm, ReportRequestForm, TargetFilterForm, TargetForm
from .models import Attachment, Chain, ChainReport, Link, LinkState, LinkTier, ReportStatus, TargetCompany
from .importing import SPECS, import_rows
from .spreadsheets import TARGET_COLUMNS


def quarter_of(day: date) -> tuple[date, date]:
    first = 3 * ((day.month - 1) // 3) + 1
    after = date(day.year + 1, 1, 1) if first == 10 else date(day.year, first + 3, 1)
    return date(day.year, first, 1), after - timedelta(days=1)


def tree(chain: Chain) -> list[tuple[Link, int]]:
    """The chain's links in tree order with their depth (root 0)."""
    links = list(chain.links.all())
    children: dict[int | None, list[Link]] = {}
    for link in links:
        children.setdefault(link.parent_id, []).append(link)
    result: list[tuple[Link, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for link in sorted(children.get(parent, []), key=lambda item: (item.order, item.id)):
            result.append((link, depth))
            walk(link.pk, depth + 1)

    walk(None, 0)
    return result


def tree_data(chain: Chain) -> dict:
    """The ECharts tree of the chain: each node coloured by its state, its url the
    drill-down of the link."""
    nodes: dict[int, dict] = {}
    root: dict = {}
    for link, _depth in tree(chain):
        node = {
            "name": link.name,
            "state": link.get_state_display(),
            "url": reverse("chains:link_drill", args=[link.pk]),
            "itemStyle": {"color": link.colour, "borderColor": link.colour},
            "children": [],
        }
        nodes[link.pk] = node
        if link.parent_id is None:
            root = node
        else:
            nodes[link.parent_id]["children"].append(node)
    return root


# ---------------------------------------------------------------- chains


@login_required
def chain_list(request: HttpRequest) -> HttpResponse:
    chains = Chain.objects.visible_to(request.user).select_related("county", "lead_unit", "leader")
    rows = []
    for chain in chains:
        states = [link.state for link in chain.links.all() if link.tier in (LinkTier.SEGMENT, LinkTier.PRODUCT)]
        rows.append((chain, [states.count(state.value) for state in LinkState], chain.targets_count()))
    return render(request, "chains/chain_list.html", {"rows": rows, "can_create": access.can_create_chain(request.user)})


def _county_for_create(request: HttpRequest) -> Unit:
    counties = list(access.counties_for(request.user))
    if not counties:
        raise PermissionDenied
    wanted = request.GET.get("county") or request.POST.get("county")
    return next((c for c in counties if str(c.pk) == wanted), counties[0])


@login_required
def chain_create(request: HttpRequest) -> HttpResponse:
    county = _county_for_create(request)
    form = ChainForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        data, m2m = form.chain_data()
        try:
            chain = actions.do_create_chain(data, request.user, county=county, m2m=m2m)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已新建产业链：{chain}")
            return redirect("chains:chain_detail", chain.pk)
    return render(request, "chains/chain_form.html", {"form": form, "chain": None, "county": county})


@login_required
def chain_edit(request: HttpRequest, pk: int) -> HttpResponse:
    chain = access.get_chain_for_user(request.user, pk, write=True)
    form = ChainForm(request.POST or None, instance=chain, version=chain.version, county=chain.county)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("chains:chain_detail", chain.pk)
        data, m2m = form.chain_data()
        try:
            actions.do_update_chain(Chain.objects.get(pk=chain.pk), data, request.user, expected_version=form.cleaned_data["version"], m2m=m2m)
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存")
            return redirect("chains:chain_detail", chain.pk)
    return render(request, "chains/chain_form.html", {"form": form, "chain": chain, "county": chain.county}, status=status)


@login_required
def chain_detail(request: HttpRequest, pk: int) -> HttpResponse:
    chain = access.get_chain_for_user(request.user, pk)
    start, end = quarter_of(timezone.localdate())
    one = Chain.objects.filter(pk=chain.pk)
    context = {
        "chain": chain,
        "tree": tree(chain),
        "events": chain.events.select_related("link", "user")[:30],
        "can_manage": access.can_manage_chain(request.user, chain),
        "child_form": ChildForm(),
        "start": start,
        "end": end,
        "share": figures.signed_share(chain.county, start, end, chains=one),
        "coverage": figures.weak_link_coverage(one),
        "conversion": figures.target_conversion(one, end),
        "closed": figures.weak_links_closed(one, start, end),
        "activity": figures.leader_activity(chain, start, end),
        "history": entries(chain),
    }
    return render(request, "chains/chain_detail.html", context)


@login_required
def chain_map(request: HttpRequest, pk: int) -> HttpResponse:
    chain = access.get_chain_for_user(request.user, pk)
    legend = [(state.label, color) for state, color in ((s, Link(rule_state=s).colour) for s in LinkState)]
    return render(request, "chains/chain_map.html", {"chain": chain, "data": tree_data(chain), "legend": legend})


# ---------------------------------------------------------------- links


def _link_context(request: HttpRequest, link: Link) -> dict:
    ids = link.subtree_ids()
    attachments = Attachment.objects.filter(link_id__in=ids).select_related("link", "project", "investor")
    targets = TargetCompany.objects.visible_to(request.user).filter(link_id__in=ids).select_related("link", "owner_unit")
    return {
        "link": link,
        "chain": link.chain,
        "enterprises": [a for a in attachments if a.investor_id],
        "projects": [a for a in attachments if a.project_id],
        "targets": targets,
    }


@login_required
def link_drill(request: HttpRequest, pk: int) -> HttpResponse:
    """The map's drill-down: the enterprises, projects and targets of the link and
    the links under it."""
    link = access.get_link_for_user(request.user, pk)
    template = "chains/link_detail.html#drill" if is_htmx(request) else "chains/link_detail.html"
    return render(request, template, {**_link_context(request, link), **_link_forms(request, link)})


def _link_forms(request: HttpRequest, link: Link) -> dict:
    can_manage = access.can_manage_chain(request.user, link.chain)
    if not can_manage:
        return {"can_manage": False, "history": entries(link)}
    return {
        "can_manage": True,
        "attach_form": AttachForm(user=request.user, link=link),
        "override_form": OverrideForm(initial={"state": link.override_state}),
        "child_form": ChildForm(),
        "link_form": LinkForm(instance=link, version=link.version),
        "history": entries(link),
    }


def _back(link: Link) -> HttpResponse:
    return redirect("chains:link_drill", link.pk)


@login_required
@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    parent = access.get_link_for_user(request.user, pk, write=True)
    form = ChildForm(request.POST)
    if form.is_valid():
        try:
            link = actions.do_add_link(parent, form.cleaned_data, request.user)
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, f"已添加：{link.name}")
    else:
        messages.error(request, "请填写名称")
    if request.POST.get("next") == "chain":
        return redirect("chains:chain_detail", parent.chain_id)
    return _back(parent)


@login_required
def link_edit(request: HttpRequest, pk: int) -> HttpResponse:
    link = access.get_link_for_user(request.user, pk, write=True)
    form = LinkForm(request.POST or None, instance=link, version=link.version)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return _back(link)
        try:
            actions.do_update_link(Link.objects.get(pk=link.pk), form.edited_data(), request.user, expected_version=form.cleaned_data["version"])
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存")
            return _back(link)
    return render(request, "chains/link_form.html", {"form": form, "link": link}, status=status)


@login_required
@require_POST
def link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    link = access.get_link_for_user(request.user, pk, write=True)
    try:
        actions.do_delete_link(link, request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return _back(link)
    messages.success(request, f"已删除环节：{link.name}")
    return redirect("chains:chain_detail", link.chain_id)


@login_required
@require_POST
def link_attach(request: HttpRequest, pk: int) -> HttpResponse:
    link = access.get_link_for_user(request.user, pk, write=True)
    form = AttachForm(request.POST, user=request.user, link=link)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_attach(link, request.user, project=data["project"], investor=data["investor"], is_local_above_size=data["is_local_above_size"])
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, "已挂接")
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return _back(link)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("link"), pk=pk)
    link = access.get_link_for_user(request.user, attachment.link_id, write=True)
    actions.do_detach(attachment, request.user)
    messages.success(request, "已移出")
    return _back(link)


@login_required
@require_POST
def link_override(request: HttpRequest, pk: int) -> HttpResponse:
    link = access.get_link_for_user(request.user, pk, write=True)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "人工认定环节状态须填写理由")
        return _back(link)
    try:
        actions.do_override_state(link, form.cleaned_data["state"], form.cleaned_data["reason"], request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, f"环节状态：{link.get_state_display()}")
    return _back(link)


# ---------------------------------------------------------------- targets


def _targets(request: HttpRequest):
    form = TargetFilterForm(request.GET or None, user=request.user)
    targets = TargetCompany.objects.visible_to(request.user).select_related("link__chain", "owner_unit", "owner", "project")
    return form, form.filter(targets)


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    form, targets = _targets(request)
    chains = Chain.objects.visible_to(request.user)
    context = {
        "form": form,
        "page": paginate(request, targets),
        "chains": [c for c in chains if access.can_add_target(request.user, c)],
    }
    template = "chains/target_list.html#results" if is_htmx(request) else "chains/target_list.html"
    return render(request, template, context)


@login_required
def target_export(request: HttpRequest) -> HttpResponse:
    return excel.export("目标企业.xlsx", "目标企业", TARGET_COLUMNS, _targets(request)[1])


@login_required
def target_create(request: HttpRequest, chain_pk: int) -> HttpResponse:
    chain = access.get_chain_for_user(request.user, chain_pk)
    if not access.can_add_target(request.user, chain):
        raise PermissionDenied
    initial = {"link": request.GET.get("link")} if request.GET.get("link") else None
    form = TargetForm(request.POST or None, user=request.user, chain=chain, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            target = actions.do_add_target(form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, f"已添加目标企业：{target}")
            return redirect("chains:target_detail", target.pk)
    return render(request, "chains/target_form.html", {"form": form, "target": None, "chain": chain})


@login_required
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_target_for_user(request.user, pk)
    context = {"target": target, "can_edit": access.can_edit_target(request.user, target), "history": entries(target)}
    return render(request, "chains/target_detail.html", context)


@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_target_for_user(request.user, pk, write=True)
    form = TargetForm(request.POST or None, instance=target, version=target.version, user=request.user, chain=target.link.chain)
    status = 200
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect("chains:target_detail", target.pk)
        try:
            actions.do_update_target(
                TargetCompany.objects.get(pk=target.pk), form.edited_data(), request.user, expected_version=form.cleaned_data["version"]
            )
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, "已保存")
            return redirect("chains:target_detail", target.pk)
    return render(request, "chains/target_form.html", {"form": form, "target": target, "chain": target.link.chain}, status=status)


@login_required
@require_POST
def target_convert(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_target_for_user(request.user, pk, write=True)
    try:
        project = actions.do_convert_target(target, request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect("chains:target_detail", target.pk)
    messages.success(request, f"已转为线索：{project.name}")
    return redirect("projects:project_detail", project.pk)


# ---------------------------------------------------------------- import

IMPORT_TITLES = {"links": "导入产业链环节", "targets": "导入目标企业"}


def _import(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload a sheet; all rows or none."""
    form = ChainImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_rows(kind, form.cleaned_data["file"], request.user)
        except excel.ImportFileError as error:
            errors = [str(error)]
        else:
            if not result.errors:
                messages.success(request, f"已导入 {result.created} 条")
                return redirect("chains:target_list" if kind == "targets" else "chains:chain_list")
            errors = [str(error) for error in result.errors]
    context = {"form": form, "errors": errors, "kind": kind, "title": IMPORT_TITLES[kind], "spec": SPECS[kind]}
    return render(request, "chains/import.html", context, status=422 if errors else 200)


@login_required
def link_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "links")


@login_required
def target_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "targets")


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    spec = SPECS.get(kind)
    if spec is None:
        raise Http404
    return excel.template(spec.filename, list(spec.headers.values()), spec.example, spec.notes)


# ---------------------------------------------------------------- quarterly report

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """The quarterly chain reports of the counties the user reads; the bureau
    requests a new one (generated in the background like the circular)."""
    from zhaoshang.accounts import access as roles

    counties = {p[: Unit.steplen] for p in roles.read_paths(request.user)}
    reports = ChainReport.objects.select_related("county", "requested_by")
    if "" not in counties:
        reports = reports.filter(county__path__in=counties)
    today = timezone.localdate()
    form = ReportRequestForm(request.POST or None, initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1})
    can_request = access.can_create_chain(request.user)
    if request.method == "POST":
        if not can_request:
            raise PermissionDenied
        if form.is_valid():
            county = access.counties_for(request.user).first()
            actions.do_request_chain_report(county, form.cleaned_data["year"], form.cleaned_data["quarter"], request.user)
            messages.success(request, "已提交生成，请稍后刷新本页")
            return redirect("chains:report_list")
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
    context = {"reports": reports[:40], "form": form, "can_request": can_request}
    return render(request, "chains/report_list.html", context)


@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    from zhaoshang.accounts import access as roles

    report = get_object_or_404(ChainReport.objects.select_related("county"), pk=pk)
    if not any(report.county.path.startswith(p[: Unit.steplen]) for p in roles.read_paths(request.user)):
        raise Http404("文件不存在")
    if report.status != ReportStatus.DONE or not report.docx_file:
        raise Http404("文件不存在")
    try:
        handle = report.docx_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在") from None
    response = FileResponse(handle, as_attachment=True, filename=f"{report.title}.docx", content_type=DOCX)
    response["X-Content-Type-Options"] = "nosniff"
    return response
