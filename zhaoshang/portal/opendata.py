"""Open data (docs/domain.md §11): what the public pages show, as JSON and CSV. The same
field lists give the bureau's Excel exports their columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from zhaoshang.core import excel

from .models import BenefitPolicy, PromotedProject, Site


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    get: Callable[[Any], Any]


def _date(value) -> str:
    return value.isoformat() if value else ""


FIELDS: dict[str, list[Field]] = {
    "projects": [
        Field("id", "编号", lambda p: p.pk),
        Field("name", "项目名称", lambda p: p.name),
        Field("chain", "产业链", lambda p: str(p.chain) if p.chain else ""),
        Field("industry", "行业", lambda p: p.industry),
        Field("investment_min_yuan", "投资额下限（元）", lambda p: p.investment_min),
        Field("investment_max_yuan", "投资额上限（元）", lambda p: p.investment_max),
        Field("cooperation", "合作方式", lambda p: p.get_cooperation_display()),
        Field("place", "落地园区/乡镇", lambda p: p.place.name),
        Field("site", "载体", lambda p: p.site.name if p.site else ""),
        Field("unit", "责任单位", lambda p: p.unit.name),
        Field("contact", "联系人及电话", lambda p: p.contact),
        Field("summary", "项目简介", lambda p: p.summary),
        Field("updated", "更新日期", lambda p: _date(timezone.localtime(p.updated_at).date())),
    ],
    "policies": [
        Field("id", "编号", lambda p: p.pk),
        Field("title", "政策名称", lambda p: p.title),
        Field("issuer", "发布机关", lambda p: p.issuer),
        Field("number", "文号", lambda p: p.number),
        Field("valid_from", "生效日期", lambda p: _date(p.valid_from)),
        Field("valid_until", "失效日期", lambda p: _date(p.valid_until)),
        Field("summary", "政策要点", lambda p: p.summary),
        Field("industries", "适用行业", lambda p: "、".join(p.industry_list)),
        Field("sizes", "适用企业规模", lambda p: "、".join(p.size_labels)),
        Field("min_investment_yuan", "最低投资额（元）", lambda p: p.min_investment),
        Field("place", "适用园区/乡镇", lambda p: p.place.name if p.place else ""),
        Field("max_years", "成立年限不超过（年）", lambda p: p.max_years),
        Field("guide", "申报指南", lambda p: p.guide),
        Field("updated", "更新日期", lambda p: _date(timezone.localtime(p.updated_at).date())),
    ],
    "sites": [
        Field("id", "编号", lambda s: s.pk),
        Field("kind", "类型", lambda s: s.get_kind_display()),
        Field("name", "名称", lambda s: s.name),
        Field("place", "所在园区/乡镇", lambda s: s.place.name),
        Field("address", "地址", lambda s: s.address),
        Field("area_m2", "面积（平方米）", lambda s: s.area),
        Field("use", "用途", lambda s: s.use),
        Field("plot_ratio", "容积率", lambda s: str(s.plot_ratio) if s.plot_ratio is not None else ""),
        Field("supply", "供地方式", lambda s: s.supply),
        Field("price_min_yuan", "价格下限（元）", lambda s: s.price_min),
        Field("price_max_yuan", "价格上限（元）", lambda s: s.price_max),
        Field("price_unit", "价格单位", lambda s: s.price_unit),
        Field("floor_height_m", "层高（米）", lambda s: str(s.floor_height) if s.floor_height is not None else ""),
        Field("load_t_per_m2", "承重（吨/平方米）", lambda s: str(s.load) if s.load is not None else ""),
        Field("power_kva", "供电容量（千伏安）", lambda s: s.power),
        Field("longitude", "经度", lambda s: str(s.longitude)),
        Field("latitude", "纬度", lambda s: str(s.latitude)),
        Field("updated", "更新日期", lambda s: _date(timezone.localtime(s.updated_at).date())),
    ],
}

MODELS = {"projects": PromotedProject, "policies": BenefitPolicy, "sites": Site}
RELATED = {"projects": ["place", "unit", "site", "chain__chain"], "policies": ["place"], "sites": ["place"]}
TITLES = {"projects": "招商项目", "policies": "惠商政策", "sites": "载体"}


def json_response(kind: str, records: Iterable[Any]) -> JsonResponse:
    rows = [{f.key: f.get(record) for f in FIELDS[kind]} for record in records]
    return JsonResponse({"kind": kind, "count": len(rows), "results": rows}, json_dumps_params={"ensure_ascii": False})


def _csv_cell(value: Any) -> Any:
    """A text starting like a formula is quoted, as in the Excel exports."""
    if isinstance(value, str) and value.startswith(excel.FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_response(kind: str, records: Iterable[Any]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f.label for f in FIELDS[kind]])
    for record in records:
        writer.writerow([_csv_cell(f.get(record)) for f in FIELDS[kind]])
    # The BOM makes Excel read the Chinese text as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response


def excel_columns(kind: str) -> list[excel.Column]:
    return [excel.Column(f.label, f.get, 16) for f in FIELDS[kind]]
