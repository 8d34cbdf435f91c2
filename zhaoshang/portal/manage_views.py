"""The bureau's screens for portal content (promoted projects, policies, sites:
one set of views for the three, chosen by `kind`) and the units' screens for
online inquiries."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core import excel, history
from zhaoshang.core.forms import nothing_changed
from zhaoshang.core.versions import ConflictError

from . import actions, funnel, importing, opendata
from .access import get_content_for_user, get_inquiry_for_user, require_bureau
from .content_forms import AcceptForm, BenefitPolicyForm, ContentForm, PromotedProjectForm, RejectForm, SiteForm, SiteImportForm
from .models import FRESH_DAYS, BenefitPolicy, Content, Inquiry, InquiryStatus, PromotedProject, Site


@dataclass(frozen=True)
class Kind:
    model: type[Content]
    form: type[ContentForm]
    label: str
    public_url: str
    search: tuple[str, ...]


KINDS = {
    "projects": Kind(PromotedProject, PromotedProjectForm, "招商项目", "portal:project_detail", ("name", "industry", "chain__name", "chain__chain__name")),
    "policies": Kind(BenefitPolicy, BenefitPolicyForm, "惠商政策", "portal:policy_detail", ("title", "issuer", "number")),
    "sites": Kind(Site, SiteForm, "载体", "portal:site_detail", ("name", "address")),
}
STATES = {"": "全部", "public": "公开中", "stale": f"超过{FRESH_DAYS}天未更新（已对公众隐藏）", "unpublished": "未公开"}


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _contents(request: HttpRequest, kind: str):
    require_bureau(request.user)
    today = timezone.localdate()
    records = _kind(kind).model.objects.editable_by(request.user).select_related("owner", *opendata.RELATED[kind])
    state = request.GET.get("state", "")
    if state == "public":
        records = records.public(today)
    elif state == "stale":
        records = records.stale(today)
    elif state == "unpublished":
        records = records.filter(is_published=False)
    if request.GET.get("mine") == "1":
        records = records.filter(owner=request.user)
    if text := request.GET.get("q", "").strip()[:40]:
        query = Q()
        for name in _kind(kind).search:
            query |= Q(**{f"{name}__icontains": text})
        records = records.filter(query)
    return records.order_by("updated_at", "id") if request.GET.get("sort") == "oldest" else records.order_by("-updated_at", "-id")


@login_required
def content_list(request: HttpRequest, kind: str) -> HttpResponse:
    page = Paginator(_contents(request, kind), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "kind": kind, "k": _kind(kind), "kinds": KINDS, "states": STATES, "today": timezone.localdate()}
    return render(request, "portal/content_list.html", context)


@login_required
def content_export(request: HttpRequest, kind: str) -> HttpResponse:
    label = _kind(kind).label
    columns = [
        *opendata.excel_columns(kind),
        excel.Column("负责人", lambda c: c.owner.get_full_name() or c.owner.username),
        excel.Column("公开", lambda c: c.is_published, 8),
    ]
    return excel.export(f"{label}.xlsx", label, columns, _contents(request, kind))


def _form_page(request: HttpRequest, kind: str, form: ContentForm, save, title: str) -> HttpResponse:
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.instance.pk and nothing_changed(request, form):
            return redirect("portal_admin:content_detail", kind, form.instance.pk)
        try:
            content = save()
        except ConflictError as error:
            status = form.show_conflict(error)
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, "已保存")
            return redirect("portal_admin:content_detail", kind, content.pk)
    return render(request, "portal/content_form.html", {"form": form, "title": title, "kind": kind}, status=status)


@login_required
def content_create(request: HttpRequest, kind: str) -> HttpResponse:
    k = _kind(kind)
    require_bureau(request.user)
    form = k.form(request.POST or None, initial={"owner": request.user.pk})
    return _form_page(request, kind, form, lambda: actions.do_create_content(k.model, form.data_for_model(), request.user), f"新建{k.label}")


SITE_IMPORT_SESSION = "portal_site_import"


@login_required
def site_import(request: HttpRequest) -> HttpResponse:
    """Upload a sheet of sites → the preview of every row (errors in Chinese) →
    confirm: all rows or none. The checked rows wait in the session."""
    require_bureau(request.user)
    form = SiteImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    rows: list = []
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(SITE_IMPORT_SESSION)
        if not stored:
            errors = ["导入已过期，请重新上传文件"]
        else:
            result = importing.confirm(stored, request.user)
            if not result.errors:
                del request.session[SITE_IMPORT_SESSION]
                messages.success(request, f"已导入 {result.created} 个载体")
                return redirect("portal_admin:content_list", "sites")
            errors = [str(error) for error in result.errors]
        form = SiteImportForm()
    elif request.method == "POST" and form.is_valid():
        request.session.pop(SITE_IMPORT_SESSION, None)
        try:
            checked = importing.preview(form.cleaned_data["file"], request.user)
        except excel.ImportFileError as error:
            errors = [str(error)]
        else:
            rows = [row.preview() for row in checked]
            errors = [str(error) for row in checked for error in row.errors]
            if not checked:
                errors = ["文件中没有数据行"]
            elif not errors:
                request.session[SITE_IMPORT_SESSION] = importing.encode(checked)
    context = {
        "form": form,
        "errors": errors,
        "rows": rows,
        "headers": list(importing.SITE_HEADERS.values()),
        "spec": importing.SITE_SPEC,
        "ready": bool(rows) and not errors,
    }
    return render(request, "portal/site_import.html", context, status=422 if errors else 200)


@login_required
def site_import_template(request: HttpRequest) -> HttpResponse:
    require_bureau(request.user)
    spec = importing.SITE_SPEC
    return excel.template(spec.filename, list(spec.headers.values()), spec.example, spec.notes)


@login_required
def content_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    k = _kind(kind)
    content = get_content_for_user(request.user, k.model, pk, write=True)
    form = k.form(request.POST or None, instance=content, version=content.version)
    return _form_page(
        request,
        kind,
        form,
        lambda: actions.do_update_content(content, form.data_for_model(), form.cleaned_data["version"], request.user),
        f"编辑{k.label}",
    )


@login_required
def content_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    k = _kind(kind)
    content = get_content_for_user(request.user, k.model, pk)
    today = timezone.localdate()
    context = {
        "content": content,
        "kind": kind,
        "k": k,
        "fields": [(f.label, f.get(content)) for f in opendata.FIELDS[kind]],
        "is_public": k.model.objects.public(today).filter(pk=pk).exists(),
        "is_stale": content.is_stale(today),
        "public_url": reverse(k.public_url, args=[pk]),
        "history": history.entries(content),
    }
    return render(request, "portal/content_detail.html", context)


@login_required
@require_POST
def content_confirm(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    content = get_content_for_user(request.user, _kind(kind).model, pk, write=True)
    actions.do_confirm_content(content, request.user)
    messages.success(request, "已确认内容仍然有效，更新时间已刷新")
    return redirect("portal_admin:content_detail", kind, pk)


# ---------------------------------------------------------------- inquiries

INQUIRY_COLUMNS = [
    excel.Column("提交时间", lambda i: timezone.localtime(i.created_at), 18),
    excel.Column("企业名称", lambda i: i.company, 24),
    excel.Column("投资意向", lambda i: i.intent, 40),
    excel.Column("行业", lambda i: i.industry),
    excel.Column("产业链", lambda i: i.chain.name if i.chain else ""),
    excel.Column("投资规模", lambda i: i.get_band_display()),
    excel.Column("来源渠道", lambda i: i.channel),
    excel.Column("承办单位", lambda i: i.unit.name),
    excel.Column("查重结果", lambda i: i.get_match_level_display()),
    excel.Column("状态", lambda i: i.get_status_display()),
    excel.Column("转成的项目", lambda i: i.project.name if i.project else ""),
]


def _inquiries(request: HttpRequest):
    inquiries = Inquiry.objects.visible_to(request.user).select_related("unit", "project")
    if (status := request.GET.get("status", "")) in InquiryStatus.values:
        inquiries = inquiries.filter(status=status)
    if text := request.GET.get("q", "").strip()[:40]:
        inquiries = inquiries.filter(Q(company__icontains=text) | Q(intent__icontains=text))
    return inquiries.order_by("created_at", "id") if request.GET.get("sort") == "oldest" else inquiries.order_by("-created_at", "-id")


@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(_inquiries(request), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/inquiry_list.html", {"page": page, "statuses": InquiryStatus.choices})


@login_required
def inquiry_export(request: HttpRequest) -> HttpResponse:
    return excel.export("投资意向.xlsx", "投资意向", INQUIRY_COLUMNS, _inquiries(request))


@login_required
def inquiry_funnel(request: HttpRequest) -> HttpResponse:
    rows, total = funnel.build(Inquiry.objects.visible_to(request.user), timezone.localdate())
    return render(request, "portal/inquiry_funnel.html", {"rows": rows, "total": total})


def _inquiry_page(request: HttpRequest, inquiry: Inquiry, accept=None, reject=None, status: int = 200) -> HttpResponse:
    context = {
        "inquiry": inquiry,
        "can_handle": actions.can_handle(request.user, inquiry),
        "accept": accept or AcceptForm(initial={"name": actions.lead_name(inquiry)}),
        "reject": reject or RejectForm(),
        "history": history.entries(inquiry),
    }
    return render(request, "portal/inquiry_detail.html", context, status=status)


@login_required
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inquiry_page(request, get_inquiry_for_user(request.user, pk))


@login_required
@require_POST
def inquiry_accept(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_inquiry_for_user(request.user, pk, write=True)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            project = actions.do_accept_inquiry(inquiry, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, f"已受理，转为项目线索「{project.name}」")
            return redirect("projects:project_detail", project.pk)
    return _inquiry_page(request, inquiry, accept=form, status=400)


@login_required
@require_POST
def inquiry_reject(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_inquiry_for_user(request.user, pk, write=True)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            actions.do_reject_inquiry(inquiry, form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            form.add_error(None, "；".join(error.messages))
        else:
            messages.success(request, "已标记为无效")
            return redirect("portal_admin:inquiry_detail", inquiry.pk)
    return _inquiry_page(request, inquiry, reject=form, status=400)
