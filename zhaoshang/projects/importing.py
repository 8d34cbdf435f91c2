"""Excel import of projects and fund entries: template, preview, confirm.

Upload stores the file in MEDIA_ROOT under a random name tied to an ImportLog
owned by the uploader, and records the preview (every row's parsed values or its
row-level errors). Confirm reads the stored file again — never anything re-posted —
validates every row again, and writes all rows in ONE transaction through the
actions (`do_create_project` with its duplicate detection, `do_report_funds`); any
refusal at write time undoes every row. The log keeps who, when, which file, how
many rows and the result."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zhaoshang.accounts import access as roles
from zhaoshang.core.excel import ImportFileError, RowError, form_errors, read_rows
from zhaoshang.core.forms import PlainTextMixin
from zhaoshang.organisation.models import Person, Unit

from . import access, actions
from .fund_forms import WAN_LABEL, amount_in_wan, parse_amount
from .models import (
    INITIAL_STAGES,
    PLANNED_DATES,
    Category,
    Currency,
    FundKind,
    ImportKind,
    ImportLog,
    ImportStatus,
    Investor,
    InvestorKind,
    KeyLevel,
    Project,
    Stage,
    planned_date_errors,
)
from .validators import is_valid_uscc, normalise_name

YES_NO = {"是": True, "否": False}
CURRENCIES = {"人民币": Currency.CNY, "CNY": Currency.CNY, "美元": Currency.USD, "USD": Currency.USD}
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


# ---------------------------------------------------------------- row fields


def _text(value: Any) -> Any:
    """Excel hands numbers back as int/float and dates as date; forms want text."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


class YesNoField(forms.ChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[(k, k) for k in YES_NO], required=False, **kwargs)
        self.error_messages["invalid_choice"] = "请填写“是”或“否”"

    def clean(self, value):
        value = super().clean(value)
        return YES_NO.get(value, False)


class LabelChoiceField(forms.ChoiceField):
    """An enumeration typed as its Chinese label, e.g. 项目类别「工业」."""

    def __init__(self, enum: type, *args, labels: dict[str, str] | None = None, **kwargs):
        self.mapping = labels or {c.label: c.value for c in enum}
        super().__init__(*args, choices=[(k, k) for k in self.mapping], **kwargs)
        self.error_messages["invalid_choice"] = "「%(value)s」不是有效选项，可选：" + "、".join(self.mapping)

    def clean(self, value):
        value = super().clean(value)
        return self.mapping.get(value, "")


class CurrencyField(LabelChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(Currency, *args, labels=CURRENCIES, required=False, **kwargs)

    def clean(self, value):
        return super().clean(value) or Currency.CNY


class PastDateField(forms.DateField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, input_formats=DATE_FORMATS, **kwargs)
        self.error_messages["invalid"] = "日期格式应为 2024-05-01"

    def clean(self, value):
        day = super().clean(value)
        if day and day > timezone.localdate():
            raise ValidationError("日期不能晚于今天")
        return day


class PlannedDateField(forms.DateField):
    """A planned date: past or future, in any of the usual spellings."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, input_formats=DATE_FORMATS, required=False, **kwargs)
        self.error_messages["invalid"] = "日期格式应为 2025-06-30"


class AmountField(forms.CharField):
    """A figure in 万元/万美元; converted with the row's currency in the form's clean()."""

    def clean(self, value):
        value = super().clean(value)
        if value not in (None, ""):
            try:
                Decimal(str(value).replace(",", ""))
            except InvalidOperation:
                raise ValidationError("金额须为数字") from None
        return value


def _amount(form: forms.Form, field: str, *, positive: bool) -> int | None:
    text = form.cleaned_data.get(field)
    if text in (None, ""):
        return None
    try:
        amount = parse_amount(text, form.cleaned_data.get("currency") or Currency.CNY)
    except ValueError as error:
        form.add_error(field, str(error))
        return None
    if amount < 0:
        form.add_error(field, "金额不能为负数")
    elif positive and amount == 0:
        form.add_error(field, "金额须大于0")
    return amount


# ---------------------------------------------------------------- projects

PROJECT_HEADERS = {
    "name": "项目名称",
    "investor_name": "客商名称",
    "uscc": "统一社会信用代码",
    "investor_kind": "客商类型",
    "source_region": "来源地区",
    "industry": "行业",
    "industry_chain": "产业链",
    "category": "项目类别",
    "currency": "币种",
    "total_investment": "总投资（万元/万美元）",
    "is_foreign_funded": "外资项目",
    "introducing_unit": "引进单位",
    "landing_unit": "落地园区/乡镇",
    "landing_address": "落地地址",
    "key_level": "重点项目级别",
    "is_fortune500": "世界500强",
    "is_high_tech": "高新技术",
    "stage": "当前阶段",
    "stage_date": "阶段日期",
    "progress_text": "形象进度",
    "credits": "分成单位及比例",
    "responsible_leader": "包联领导",
    # Named after the Project model's planned-date fields (its verbose names).
    "planned_signed_on": "计划签约日期",
    "planned_registered_on": "计划落地日期",
    "planned_started_on": "计划开工日期",
    "planned_completed_on": "计划竣工日期",
    "planned_producing_on": "计划投产日期",
}
PROJECT_REQUIRED = ["项目名称", "项目类别", "引进单位"]
PROJECT_EXAMPLE = [
    "新能电池生产基地",
    "深圳新能科技有限公司",
    "91440300MA5F8K2B7T",
    "民营",
    "珠三角",
    "新能源",
    "锂电池",
    "工业",
    "人民币",
    12000,
    "否",
    "城关镇",
    "经济开发区",
    "工业园区纬二路",
    "县重点",
    "否",
    "是",
    "洽谈",
    "2024-05-01",
    "",
    "城关镇:60;河口镇:40",
    "张建国（副县长）",
    "2025-03-31",
    "2025-06-30",
    "2025-09-30",
    "2026-06-30",
    "2026-12-31",
]
STAGE_LABELS = {s.label: s.value for s in INITIAL_STAGES}
KEY_LEVEL_LABELS = {k.label: k.value for k in KeyLevel}


def _notes(pairs: list[tuple[str, list[str]]]) -> list[str]:
    return [f"{header}可选：" + "、".join(values) + "。" for header, values in pairs]


PROJECT_NOTES = [
    "必填列：项目名称、项目类别、引进单位。",
    *_notes(
        [
            ("客商类型", [k.label for k in InvestorKind]),
            ("项目类别", [c.label for c in Category]),
            ("币种", ["人民币", "美元"]),
            ("重点项目级别", list(KEY_LEVEL_LABELS)),
            ("当前阶段", list(STAGE_LABELS)),
            ("外资项目、世界500强、高新技术", ["是", "否"]),
        ]
    ),
    "总投资按币种填写：人民币填万元，美元填万美元，不能为负数。",
    "引进单位填写单位名称，须是您可填报的单位；落地园区/乡镇填写已有单位名称，可不填。",
    "客商按统一社会信用代码或名称匹配客商库中已有客商，找不到时新建（新客商须填写客商类型）；统一社会信用代码须为18位且校验位正确。",
    "阶段日期不能晚于今天，不填视为今天；签约及以后的阶段须在项目页面逐项登记并上传证明材料。",
    "分成单位及比例：联合引进时填写，格式为「单位:比例」，多个单位用分号隔开，如：城关镇:60;河口镇:40；"
    "比例为百分数（最多两位小数），之和须为100，分成单位须是本县已有的单位，并至少包含一个您可填报的单位。不填时引进单位分成100%。",
    "包联领导：填写四大家领导的姓名；有同名领导时按「姓名（职务）」填写，如：张建国（副县长）。可不填。",
    "计划签约日期、计划落地日期、计划开工日期、计划竣工日期、计划投产日期：可不填，格式如 2025-06-30。",
    "与其他单位已有项目（或同一文件中其他单位的行）的客商和名称（或落地地点）相近的项目，导入后标为“疑似重复”，由招商局研判。",
]


class ProjectRowForm(PlainTextMixin, forms.Form):
    name = forms.CharField(max_length=200)
    investor_name = forms.CharField(max_length=200, required=False)
    uscc = forms.CharField(max_length=30, required=False)
    investor_kind = LabelChoiceField(InvestorKind, required=False)
    source_region = forms.CharField(max_length=60, required=False)
    industry = forms.CharField(max_length=60, required=False)
    industry_chain = forms.CharField(max_length=60, required=False)
    category = LabelChoiceField(Category)
    currency = CurrencyField()
    total_investment = AmountField(required=False)
    is_foreign_funded = YesNoField()
    introducing_unit = forms.CharField(max_length=100)
    landing_unit = forms.CharField(max_length=100, required=False)
    landing_address = forms.CharField(max_length=200, required=False)
    key_level = LabelChoiceField(KeyLevel, labels=KEY_LEVEL_LABELS, required=False)
    is_fortune500 = YesNoField()
    is_high_tech = YesNoField()
    stage = LabelChoiceField(Stage, labels=STAGE_LABELS, required=False)
    stage_date = PastDateField(required=False)
    progress_text = forms.CharField(required=False)
    credits = forms.CharField(max_length=500, required=False)
    responsible_leader = forms.CharField(max_length=100, required=False)
    planned_signed_on = PlannedDateField()
    planned_registered_on = PlannedDateField()
    planned_started_on = PlannedDateField()
    planned_completed_on = PlannedDateField()
    planned_producing_on = PlannedDateField()

    def clean(self):
        data = super().clean()
        data["total_investment"] = _amount(self, "total_investment", positive=False) or 0
        uscc = (data.get("uscc") or "").strip().upper()
        if uscc and not is_valid_uscc(uscc):
            self.add_error("uscc", "统一社会信用代码无效：应为18位，且校验位须符合GB 32100-2015")
        data["uscc"] = uscc
        if uscc and not data.get("investor_name"):
            self.add_error("investor_name", "填写了统一社会信用代码时须填写客商名称")
        for name, message in planned_date_errors(data).items():
            self.add_error(name, message)
        return data


# ---------------------------------------------------------------- funds

FUND_HEADERS = {
    "project": "项目名称",
    "unit": "引进单位",
    "date": "到位日期",
    "currency": "币种",
    "amount": "金额（万元/万美元）",
    "kind": "资金类型",
    "note": "说明",
}
FUND_REQUIRED = ["项目名称", "到位日期", "金额（万元/万美元）", "资金类型"]
FUND_EXAMPLE = ["新能电池生产基地", "城关镇", "2024-05-01", "人民币", 500, "项目投资", "首期投资款"]
FUND_NOTES = [
    "必填列：项目名称、到位日期、金额（万元/万美元）、资金类型。",
    "项目名称须是您可填报的已有项目；同名项目有多个时，请填写引进单位加以区分。",
    *_notes([("币种", ["人民币", "美元"]), ("资金类型", [k.label for k in FundKind])]),
    "金额按币种填写：人民币填万元，美元填万美元，须大于0。到位日期不能晚于今天。",
    "导入的到位资金状态为“已填报”，须在项目页面上传银行进账单等证明材料，经单位审核、招商局核实后才计入到位资金。",
]


class FundRowForm(PlainTextMixin, forms.Form):
    project = forms.CharField(max_length=200)
    unit = forms.CharField(max_length=100, required=False)
    date = PastDateField()
    currency = CurrencyField()
    amount = AmountField()
    kind = LabelChoiceField(FundKind)
    note = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        if "amount" in data:
            data["amount"] = _amount(self, "amount", positive=True)
        return data


# ---------------------------------------------------------------- parsing


@dataclass
class Row:
    number: int
    values: list[str]
    errors: list[RowError] = field(default_factory=list)
    write: Callable[[], Any] | None = None
    warning: str = ""

    def as_json(self) -> dict:
        return {"row": self.number, "values": self.values, "errors": [str(e) for e in self.errors], "warning": self.warning}


@dataclass
class Parsed:
    headers: list[str]
    rows: list[Row]

    @property
    def errors(self) -> list[RowError]:
        return [e for row in self.rows for e in row.errors]


def _read(upload, headers: dict[str, str], required: list[str], form_class: type[forms.Form]):
    """(number, raw values, form) for every non-blank row."""
    for number, row in read_rows(upload, list(headers.values()), required):
        raw = [_text(row.get(h)) or "" for h in headers.values()]
        form = form_class({name: _text(row.get(header)) for name, header in headers.items()})
        yield number, raw, form


def _find_unit(units: list[Unit], name: str, row: int, column: str, what: str) -> tuple[Unit | None, RowError | None]:
    found = [u for u in units if u.name == name or u.short_name == name]
    if not found:
        return None, RowError(row, column, f"找不到{what}「{name}」")
    if len(found) > 1:
        return None, RowError(row, column, f"有多个名为「{name}」的单位，无法确定是哪一个")
    return found[0], None


def _writable_units(user: User) -> list[Unit]:
    if roles.is_admin(user):
        return list(Unit.objects.active())
    return list(Unit.objects.active().within(roles.write_paths(user)))


# ---------------------------------------------------------------- project rows: credits and leader

CREDIT_COLUMN = PROJECT_HEADERS["credits"]
LEADER_COLUMN = PROJECT_HEADERS["responsible_leader"]
CREDIT_FORMAT = "分成格式应为「单位:比例;单位:比例」，如：城关镇:60;河口镇:40"
CREDIT_PAIR = re.compile(r"^(.*?)[:：](.*)$")
SHARE_PATTERN = re.compile(r"^(\d{1,3}(?:\.\d{1,2})?)\s*%?$")
NAME_AND_POST = re.compile(r"^(.+?)\s*[（(](.+)[)）]$")


def creditable_units(user: User) -> list[Unit]:
    """Whom an importing user may credit (actions.creditable_units), as the create
    screen offers; `_parse_credits` then asks the action's own rule of the split."""
    return list(actions.creditable_units(user))


def _parse_credits(
    text: str, every_unit: list[Unit], creditable: list[Unit], user: User, row: int, unit: Unit | None
) -> tuple[list[tuple[Unit, int]], list[RowError]]:
    """`城关镇:60;河口镇:40` → [(城关镇, 6000), (河口镇, 4000)] in basis points, or the
    row's errors in Chinese. Full-width ：；％ are accepted as people type them."""

    def error(message: str) -> tuple[list, list[RowError]]:
        return [], [RowError(row, CREDIT_COLUMN, message)]

    parts = [p.strip() for p in re.split(r"[;；]", text) if p.strip()]
    credits: list[tuple[Unit, int]] = []
    creditable_ids = {u.pk for u in creditable}
    for part in parts:
        pair = CREDIT_PAIR.match(part)
        if pair is None or not pair.group(1).strip():
            return error(f"{CREDIT_FORMAT}（「{part}」无法识别）")
        name, share_text = pair.group(1).strip(), pair.group(2).strip()
        match = SHARE_PATTERN.match(share_text.replace("％", "%"))
        share = Decimal(match.group(1)) if match else None
        if share is None or not Decimal("0.01") <= share <= 100:
            return error(f"「{name}」的分成比例须为0.01到100之间的数字，最多两位小数")
        partner, unit_error = _find_unit(every_unit, name, row, CREDIT_COLUMN, "分成单位")
        if unit_error:
            return [], [unit_error]
        if partner.pk not in creditable_ids:
            return error(f"不能把分成记给本县以外的单位「{name}」")
        credits.append((partner, int(share * 100)))
    if not credits:
        return error(CREDIT_FORMAT)
    try:
        actions.validate_credits(credits)
        # Without a valid introducing unit the row is refused for that already.
        if unit is not None:
            actions.check_credits_for(user, unit, credits)
    except ValidationError as invalid:
        return error("；".join(invalid.messages))
    return credits, []


def _credits_label(credits: list[tuple[Unit, int]] | None, unit: Unit) -> str:
    if not credits:
        return f"{unit.name} 100%（默认）"
    return "；".join(f"{u.name} {Decimal(bp) / 100:g}%" for u, bp in credits)


def _find_leader(leaders: list[Person], text: str, row: int) -> tuple[Person | None, RowError | None]:
    """A 四大家 leader by name, or by 「姓名（职务）」 when the name alone is shared."""
    name, post = text, None
    if (match := NAME_AND_POST.match(text)) is not None:
        name, post = match.group(1).strip(), match.group(2).strip()
    found = [p for p in leaders if p.name == name and (post is None or p.post == post)]
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, RowError(row, LEADER_COLUMN, f"找不到在职的县领导「{text}」（包联领导须是四大家领导）")
    named = "、".join(f"{p.name}（{p.post}）" if p.post else p.name for p in found)
    if post is None:
        message = f"有{len(found)}位名为「{name}」的领导，请按「姓名（职务）」填写其中一位：{named}"
    else:
        message = f"有{len(found)}位「{text}」，无法区分，请在项目页面选择包联领导"
    return None, RowError(row, LEADER_COLUMN, message)


# ---------------------------------------------------------------- project rows: duplicates within the file


@dataclass(frozen=True)
class _Seen:
    """An earlier row of the same file, for the duplicate check: rows are written in
    order, so a later row like it from another unit will be held at write time."""

    row: int
    name: str
    unit: Unit
    landing_unit_id: int | None
    investor_keys: frozenset


def _investor_keys(data: dict, investor: Investor | None) -> frozenset:
    keys = set()
    if investor is not None:
        keys.add(("id", investor.pk))
    if data["uscc"]:
        keys.add(("uscc", data["uscc"]))
    if key := normalise_name(data["investor_name"]):
        keys.add(("name", key))
    return frozenset(keys)


def _duplicate_warning(project: Project, investor: Investor | None, keys: frozenset, earlier: list[_Seen]) -> str:
    if investor is not None and (duplicates := actions.find_duplicates(project)):
        other = duplicates[0]
        return f"疑似与「{other.name}」（{other.introducing_unit}）重复，导入后交招商局研判"
    for seen in earlier:
        if (
            seen.unit.pk != project.introducing_unit_id
            and keys & seen.investor_keys
            and actions.looks_alike(project.name, project.landing_unit_id, seen.name, seen.landing_unit_id)
        ):
            return f"疑似与第{seen.row}行「{seen.name}」（{seen.unit}）重复，导入后交招商局研判"
    return ""


def parse_projects(upload, user: User) -> Parsed:
    writable = _writable_units(user)
    every_unit = list(Unit.objects.active())
    creditable = creditable_units(user)
    leaders = list(Person.objects.active().leaders())
    seen: dict[tuple[str, int], int] = {}
    earlier: list[_Seen] = []
    rows: list[Row] = []
    for number, raw, form in _read(upload, PROJECT_HEADERS, PROJECT_REQUIRED, ProjectRowForm):
        row = Row(number, raw)
        rows.append(row)
        if not form.is_valid():
            row.errors = form_errors(number, form, PROJECT_HEADERS)
            continue
        data = form.cleaned_data
        unit, error = _find_unit(writable, data["introducing_unit"], number, "引进单位", "您可填报的单位")
        landing = None
        if data["landing_unit"]:
            landing, landing_error = _find_unit(every_unit, data["landing_unit"], number, "落地园区/乡镇", "单位")
            row.errors += [landing_error] if landing_error else []
        credits = None
        if data["credits"]:
            credits, credit_errors = _parse_credits(data["credits"], every_unit, creditable, user, number, unit)
            row.errors += credit_errors
        leader = None
        if data["responsible_leader"]:
            leader, leader_error = _find_leader(leaders, data["responsible_leader"], number)
            row.errors += [leader_error] if leader_error else []
        if error:
            row.errors.append(error)
            continue
        if (data["name"], unit.pk) in seen:
            row.errors.append(RowError(number, "项目名称", f"与第{seen[data['name'], unit.pk]}行重复"))
            continue
        seen[data["name"], unit.pk] = number
        investor = None
        if data["investor_name"] or data["uscc"]:
            investor = Investor.objects.matching(data["investor_name"], data["uscc"]).first()
            if investor is None and not data["investor_kind"]:
                row.errors.append(RowError(number, "客商类型", "客商库中没有该客商，新客商须填写客商类型"))
        if row.errors:
            continue
        project_data = {
            "name": data["name"],
            "source_region": data["source_region"],
            "industry": data["industry"],
            "industry_chain": data["industry_chain"],
            "category": data["category"],
            "currency": data["currency"],
            "total_investment": data["total_investment"],
            "is_foreign_funded": data["is_foreign_funded"],
            "introducing_unit": unit,
            "landing_unit": landing,
            "landing_address": data["landing_address"],
            "responsible_leader": leader,
            "key_level": data["key_level"],
            "is_fortune500": data["is_fortune500"],
            "is_high_tech": data["is_high_tech"],
            "progress_text": data["progress_text"],
            **{name: data[name] for name in PLANNED_DATES},
        }
        keys = _investor_keys(data, investor)
        row.warning = _duplicate_warning(Project(**project_data, investor=investor), investor, keys, earlier)
        earlier.append(_Seen(number, data["name"], unit, landing.pk if landing else None, keys))
        row.write = _project_writer(project_data, credits, data, user)
        row.values = _project_values(data, unit, landing, investor, credits, leader)
    return Parsed(list(PROJECT_HEADERS.values()), rows)


def _project_values(
    data: dict,
    unit: Unit,
    landing: Unit | None,
    investor: Investor | None,
    credits: list[tuple[Unit, int]] | None,
    leader: Person | None,
) -> list[str]:
    """The row as parsed, in the template's column order, for the preview."""
    labels = {
        "investor_name": investor.name if investor else (data["investor_name"] + ("（新客商）" if data["investor_name"] else "")),
        "investor_kind": InvestorKind(data["investor_kind"]).label if data["investor_kind"] else "",
        "category": Category(data["category"]).label,
        "currency": "人民币" if data["currency"] == Currency.CNY else "美元",
        "total_investment": f"{amount_in_wan(data['total_investment'], data['currency']):,.2f} {WAN_LABEL[data['currency']]}",
        "introducing_unit": unit.name,
        "landing_unit": landing.name if landing else "",
        "key_level": KeyLevel(data["key_level"]).label,
        "stage": (next((s.label for s in INITIAL_STAGES if s.value == data["stage"]), "线索")),
        "stage_date": str(data["stage_date"] or timezone.localdate()),
        "credits": _credits_label(credits, unit),
        "responsible_leader": (f"{leader.name}（{leader.post}）" if leader.post else leader.name) if leader else "",
        **{name: str(data[name] or "") for name in PLANNED_DATES},
    }
    values = []
    for name in PROJECT_HEADERS:
        value = labels.get(name, data.get(name))
        values.append("是" if value is True else "否" if value is False else str(value or ""))
    return values


def _project_writer(
    project_data: dict, credits: list[tuple[Unit, int]] | None, data: dict, user: User
) -> Callable[[], Project]:
    def write() -> Project:
        investor = None
        if data["investor_name"] or data["uscc"]:
            # Read again at write time: an earlier row of the same file may have added it.
            investor = Investor.objects.matching(data["investor_name"], data["uscc"]).first()
            if investor is None:
                investor = actions.do_create_investor(
                    {"name": data["investor_name"], "uscc": data["uscc"], "kind": data["investor_kind"], "region": data["source_region"]},
                    user,
                )
        return actions.do_create_project(
            {**project_data, "investor": investor},
            credits,
            user,
            stage=data["stage"] or INITIAL_STAGES[0],
            stage_date=data["stage_date"] or None,
        )

    return write


def parse_funds(upload, user: User) -> Parsed:
    projects = list(Project.objects.editable_by(user).active().select_related("introducing_unit"))
    rows: list[Row] = []
    for number, raw, form in _read(upload, FUND_HEADERS, FUND_REQUIRED, FundRowForm):
        row = Row(number, raw)
        rows.append(row)
        if not form.is_valid():
            row.errors = form_errors(number, form, FUND_HEADERS)
            continue
        data = form.cleaned_data
        found = [p for p in projects if p.name == data["project"]]
        if data["unit"]:
            found = [p for p in found if data["unit"] in (p.introducing_unit.name, p.introducing_unit.short_name)]
        if not found:
            row.errors.append(RowError(number, "项目名称", f"找不到您可填报的项目「{data['project']}」"))
            continue
        if len(found) > 1:
            row.errors.append(
                RowError(number, "项目名称", f"有多个名为「{data['project']}」的项目，请填写引进单位加以区分")
            )
            continue
        project = found[0]
        entry = {k: data[k] for k in ("date", "amount", "currency", "kind", "note")}
        row.write = lambda project=project, entry=entry: actions.do_report_funds(project, entry, user)
        row.values = [
            project.name,
            project.introducing_unit.name,
            str(data["date"]),
            "人民币" if data["currency"] == Currency.CNY else "美元",
            f"{amount_in_wan(data['amount'], data['currency']):,.2f} {WAN_LABEL[data['currency']]}",
            FundKind(data["kind"]).label,
            data["note"],
        ]
    return Parsed(list(FUND_HEADERS.values()), rows)


PARSERS: dict[str, Callable[[Any, User], Parsed]] = {ImportKind.PROJECTS: parse_projects, ImportKind.FUNDS: parse_funds}
TEMPLATES = {
    ImportKind.PROJECTS: ("项目导入模板.xlsx", PROJECT_HEADERS, PROJECT_REQUIRED, PROJECT_EXAMPLE, PROJECT_NOTES),
    ImportKind.FUNDS: ("到位资金导入模板.xlsx", FUND_HEADERS, FUND_REQUIRED, FUND_EXAMPLE, FUND_NOTES),
}


# ---------------------------------------------------------------- actions


def _check_importer(user: User) -> None:
    if not access.can_import(user):
        raise PermissionDenied


@transaction.atomic
def do_start_import(upload: UploadedFile, kind: str, user: User) -> ImportLog:
    """Record the upload and its preview. A file that cannot be read at all is
    logged as failed and not kept; a readable one is kept for the confirm step."""
    _check_importer(user)
    kind = ImportKind(kind)
    log = ImportLog(kind=kind, user=user, file_name=(upload.name or "")[-200:])
    try:
        parsed = PARSERS[kind](upload, user)
    except ImportFileError as error:
        log.status, log.errors, log.finished_at = ImportStatus.FAILED, [str(error)], timezone.now()
        log._history_user = user
        log.save()
        return log
    log.row_count = len(parsed.rows)
    log.preview = [row.as_json() for row in parsed.rows]
    log.errors = [str(e) for e in parsed.errors]
    if not parsed.rows:
        log.errors = ["文件中没有数据行"]
    if log.errors:
        log.status, log.finished_at = ImportStatus.FAILED, timezone.now()
    else:
        upload.seek(0)
        log.file.save(f"{kind}.xlsx", upload, save=False)
    log._history_user = user
    log.save()
    return log


class _Rollback(Exception):
    pass


def do_confirm_import(log: ImportLog, user: User) -> ImportLog:
    """Write every row of the previewed file in one transaction, or nothing. The
    log's outcome is saved outside that transaction so a refusal is still logged."""
    _check_importer(user)
    if log.user_id != user.pk:
        raise PermissionDenied
    log = ImportLog.objects.get(pk=log.pk)
    if log.status != ImportStatus.PREVIEWED or not log.file:
        raise ValidationError({"status": f"该导入已处理（{log.get_status_display()}），不能再次确认"})
    errors: list[str] = []
    created = 0
    try:
        with log.file.open("rb") as handle:
            parsed = PARSERS[log.kind](handle, user)
    except ImportFileError as error:
        errors = [str(error)]
    else:
        errors = [str(e) for e in parsed.errors]
        if not errors:
            try:
                with transaction.atomic():
                    for row in parsed.rows:
                        try:
                            row.write()
                        except (ValidationError, PermissionDenied) as error:
                            message = "；".join(error.messages) if isinstance(error, ValidationError) else "无权导入该行"
                            errors.append(str(RowError(row.number, "", message)))
                            raise _Rollback from None
                        created += 1
            except _Rollback:
                created = 0
    log.status = ImportStatus.FAILED if errors else ImportStatus.IMPORTED
    log.errors, log.created_count, log.finished_at = errors, created, timezone.now()
    # The file was only kept for this step.
    log.file.delete(save=False)
    log._history_user = user
    log.save()
    return log
