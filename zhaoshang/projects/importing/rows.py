"""The columns of the project and fund-entry imports: headers, the template's
example row and notes, and the row forms (the checks of each cell on its own)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.core.importing.fields import LabelChoiceField, RowForm, YesNoField

from ..fund_forms import parse_amount
from ..models import INITIAL_STAGES, Category, Currency, FundKind, InvestorKind, KeyLevel, Stage, planned_date_errors
from ..validators import is_valid_uscc

CURRENCIES = {"人民币": Currency.CNY, "CNY": Currency.CNY, "美元": Currency.USD, "USD": Currency.USD}
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


# ---------------------------------------------------------------- row fields


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


class ProjectRowForm(RowForm):
    name = forms.CharField(max_length=200)
    investor_name = forms.CharField(max_length=200, required=False)
    uscc = forms.CharField(max_length=30, required=False)
    investor_kind = LabelChoiceField(InvestorKind, required=False)
    source_region = forms.CharField(max_length=60, required=False)
    industry = forms.CharField(max_length=60, required=False)
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


class FundRowForm(RowForm):
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
