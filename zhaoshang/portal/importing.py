"""Excel import of sites (载体: land parcels, standard factories, office space) on
the shared pipeline (core/importing): preview, then all or nothing, errors naming
the row and the column in Chinese. Only who may create portal content (the
bureau) imports; every site belongs to the bureau's jurisdiction and is owned by
the importing user."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.models import User

from zhaoshang.accounts import access as roles
from zhaoshang.core.excel import RowError
from zhaoshang.core.importing import pipeline
from zhaoshang.core.importing.fields import LabelChoiceField, RowForm, YesNoField
from zhaoshang.core.importing.pipeline import Row, Spec

from . import actions
from .content_forms import places
from .models import Site, SiteKind

SITE_HEADERS = {
    "kind": "类型",
    "name": "名称",
    "place": "所在园区/乡镇",
    "address": "地址",
    "area": "面积（平方米）",
    "use": "用途",
    "plot_ratio": "容积率",
    "supply": "供地方式",
    "price_min": "价格下限（元）",
    "price_max": "价格上限（元）",
    "floor_height": "层高（米）",
    "load": "承重（吨/平方米）",
    "power": "供电容量（千伏安）",
    "longitude": "经度",
    "latitude": "纬度",
    "is_available": "可供",
    "is_published": "公开",
}
DECIMALS = ("plot_ratio", "floor_height", "load", "longitude", "latitude")


class SiteRowForm(RowForm):
    kind = LabelChoiceField(SiteKind)
    name = forms.CharField(max_length=100)
    place = forms.CharField(max_length=100)
    address = forms.CharField(max_length=200, required=False)
    area = forms.IntegerField(min_value=1, max_value=2_000_000_000)
    use = forms.CharField(max_length=40, required=False)
    plot_ratio = forms.DecimalField(min_value=Decimal(0), max_digits=4, decimal_places=2, required=False)
    supply = forms.CharField(max_length=40, required=False)
    price_min = forms.IntegerField(min_value=0, max_value=2_000_000_000)
    price_max = forms.IntegerField(min_value=0, max_value=2_000_000_000)
    floor_height = forms.DecimalField(min_value=Decimal(0), max_digits=4, decimal_places=1, required=False)
    load = forms.DecimalField(min_value=Decimal(0), max_digits=4, decimal_places=1, required=False)
    power = forms.IntegerField(min_value=0, max_value=2_000_000_000, required=False)
    longitude = forms.DecimalField(min_value=Decimal(-180), max_value=Decimal(180), max_digits=9, decimal_places=6)
    latitude = forms.DecimalField(min_value=Decimal(-90), max_value=Decimal(90), max_digits=9, decimal_places=6)
    is_available = YesNoField(default=True)
    is_published = YesNoField(default=True)


def _check_sites(rows: list[Row], user: User) -> None:
    if roles.is_admin(user):
        units = list(places())
    else:
        paths = roles.bureau_paths(user)
        units = [u for u in places() if roles.covers(paths, u.path)]
    by_name = {u.name: u for u in units}
    for row in rows:
        data = row.data
        place = by_name.get(data["place"])
        if place is None:
            row.errors.append(RowError(row.number, SITE_HEADERS["place"], f"本辖区没有名为「{data['place']}」的园区或乡镇"))
            continue
        if data["price_max"] < data["price_min"]:
            row.errors.append(RowError(row.number, SITE_HEADERS["price_max"], "价格上限不能小于下限"))
            continue
        plan = {name: ("" if value is None and name not in DECIMALS else value) for name, value in data.items()}
        plan["power"] = data["power"] or 0
        plan["place"] = place
        plan["owner"] = user
        row.plan = plan


def _write_sites(rows: list[Row], user: User) -> int:
    return pipeline.write_each(
        ((row.number, lambda row=row: actions.do_create_content(Site, row.plan, user)) for row in rows),
        refused="无权新建载体",
        headers=SITE_HEADERS,
    )


SITE_SPEC = Spec(
    kind="portal_sites",
    headers=SITE_HEADERS,
    required=[SITE_HEADERS[name] for name in ("kind", "name", "place", "area", "price_min", "price_max", "longitude", "latitude")],
    form=SiteRowForm,
    check=_check_sites,
    write=_write_sites,
    filename="载体导入模板.xlsx",
    example=["标准厂房", "城东工业园3号厂房", "城东工业园", "工业大道8号", 5000, "工业", "", "租赁", 12, 15, 8.5, 3, 630, 112.9381, 28.2282, "是", "是"],
    notes=[
        "类型可选：" + "、".join(SiteKind.labels),
        "所在园区/乡镇须为本辖区的园区或乡镇名称",
        "价格：土地为元/亩，厂房/办公为元/平方米·月",
        "可供、公开填“是”或“否”，空为“是”",
    ],
)


def preview(upload, user: User) -> list[Row]:
    """Every row read and checked (errors on the rows). Raises ImportFileError."""
    return pipeline.check(SITE_SPEC, pipeline.parse(SITE_SPEC, upload), user)


def encode(rows: list[Row]) -> list[dict]:
    """The rows as JSON for the session: decimals as text (the model cleans them)."""
    stored = pipeline.encode(SITE_SPEC, rows)
    for item in stored:
        item["values"] = [str(v) if isinstance(v, Decimal) else v for v in item["values"]]
        if "data" in item:
            item["data"] = {k: str(v) if isinstance(v, Decimal) else v for k, v in item["data"].items()}
    return stored


def confirm(stored: list[dict], user: User) -> pipeline.ImportResult:
    """Check the previewed rows again (the database may have changed) and write all or none."""
    rows = pipeline.check(SITE_SPEC, pipeline.decode(SITE_SPEC, stored), user)
    return pipeline.commit(SITE_SPEC, rows, user)
