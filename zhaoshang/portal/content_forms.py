"""The bureau's edit forms for portal content and the public forms (filters, the
policy check, the inquiry). Amounts are typed in 万元 and stored in 元."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User

from zhaoshang.accounts.models import Role
from zhaoshang.core import money
from zhaoshang.core.forms import BootstrapMixin, VersionMixin
from zhaoshang.core.widgets import DateInput
from zhaoshang.organisation.models import Unit, UnitKind
from zhaoshang.projects.models import Category, InvestorKind

from . import chains
from .models import Band, BenefitPolicy, CompanySize, Inquiry, PromotedProject, Site, SiteKind

PLACE_KINDS = (UnitKind.TOWNSHIP, UnitKind.ZONE)


def places():
    return Unit.objects.filter(kind__in=PLACE_KINDS, is_active=True).order_by("path")


def wan_field(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=f"{label}（万元）", required=required, min_value=Decimal(0), max_digits=14, decimal_places=4)


def _wan(yuan: int | None) -> Decimal | None:
    return None if yuan is None else Decimal(yuan) / money.WAN


def _yuan(wan: Decimal | None) -> int | None:
    return None if wan is None else money.parse_wan(wan)


class ContentForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    """Owner: a bureau login; amounts in 万元 (WAN_FIELDS: form field → model field)."""

    WAN_FIELDS: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True, roles__role=Role.BUREAU).distinct().order_by("username")
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username
        for name in ("place", "unit"):
            if name in self.fields:
                self.fields[name].queryset = places() if name == "place" else Unit.objects.filter(is_active=True).order_by("path")
        for form_name, model_name in self.WAN_FIELDS.items():
            self.fields[form_name].initial = _wan(getattr(self.instance, model_name))

    def data_for_model(self) -> dict[str, Any]:
        data = {name: value for name, value in self.cleaned_data.items() if name != "version" and name not in self.WAN_FIELDS}
        for form_name, model_name in self.WAN_FIELDS.items():
            data[model_name] = _yuan(self.cleaned_data.get(form_name))
        return data


class PromotedProjectForm(ContentForm):
    WAN_FIELDS = {"investment_min_wan": "investment_min", "investment_max_wan": "investment_max"}
    investment_min_wan = wan_field("投资额下限")
    investment_max_wan = wan_field("投资额上限")

    class Meta:
        model = PromotedProject
        fields = ["name", "chain", "industry", "cooperation", "place", "site", "unit", "contact", "summary", "owner", "is_published"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = chains.nodes()
        self.fields["chain"].empty_label = "未定"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("investment_min_wan"), data.get("investment_max_wan")
        if low is not None and high is not None and high < low:
            self.add_error("investment_max_wan", "投资额上限不能小于下限")
        return data


class BenefitPolicyForm(ContentForm):
    WAN_FIELDS = {"min_investment_wan": "min_investment"}
    min_investment_wan = wan_field("最低投资额", required=False)
    sizes = forms.MultipleChoiceField(
        label="适用企业规模", choices=CompanySize.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text="都不勾选为不限"
    )

    class Meta:
        model = BenefitPolicy
        fields = [
            "title",
            "issuer",
            "number",
            "valid_from",
            "valid_until",
            "summary",
            "industries",
            "sizes",
            "place",
            "max_years",
            "guide",
            "owner",
            "is_published",
        ]
        widgets = {"valid_from": DateInput, "valid_until": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sizes"].widget.attrs.pop("class", None)
        self.fields["place"].required = False


class SiteForm(ContentForm):
    class Meta:
        model = Site
        fields = [
            "kind",
            "name",
            "place",
            "address",
            "area",
            "use",
            "plot_ratio",
            "supply",
            "price_min",
            "price_max",
            "floor_height",
            "load",
            "power",
            "longitude",
            "latitude",
            "is_available",
            "owner",
            "is_published",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and high < low:
            self.add_error("price_max", "价格上限不能小于下限")
        return data


# ---------------------------------------------------------------- public forms


class ProjectFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=40)
    chain = forms.ChoiceField(label="产业链", required=False)
    industry = forms.CharField(label="行业", required=False, max_length=40)
    band = forms.ChoiceField(label="投资规模", required=False, choices=[("", "不限"), *Band.choices])
    place = forms.ModelChoiceField(label="园区/乡镇", required=False, queryset=Unit.objects.none(), empty_label="不限")

    def __init__(self, *args: Any, chains: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chain"].choices = [("", "不限"), *[(c, c) for c in chains]]
        self.fields["place"].queryset = places()


class SiteFilterForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "不限"), *SiteKind.choices])
    place = forms.ModelChoiceField(label="园区/乡镇", required=False, queryset=Unit.objects.none(), empty_label="不限")
    min_area = forms.IntegerField(label="面积不少于（平方米）", required=False, min_value=0, max_value=100_000_000)
    min_power = forms.IntegerField(label="供电不少于（千伏安）", required=False, min_value=0, max_value=10_000_000)
    max_price = forms.IntegerField(label="价格不高于（元）", required=False, min_value=0, max_value=100_000_000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places()


class PolicyCheckForm(BootstrapMixin, forms.Form):
    """「哪些政策适合我」: an investor's answers; each is optional."""

    industry = forms.CharField(label="所属行业", required=False, max_length=40)
    size = forms.ChoiceField(label="企业规模", required=False, choices=[("", "未填"), *CompanySize.choices])
    investment_wan = wan_field("计划投资额", required=False)
    place = forms.ModelChoiceField(label="意向园区/乡镇", required=False, queryset=Unit.objects.none(), empty_label="未定")
    years = forms.IntegerField(label="企业成立年限（年）", required=False, min_value=0, max_value=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places()


class InquiryForm(BootstrapMixin, forms.ModelForm):
    """The public inquiry form. `website` is a honeypot: hidden from people by CSS,
    filled in by form-filling robots; an inquiry with it is refused unwritten."""

    website = forms.CharField(label="网址（请勿填写）", required=False, max_length=200)
    consent = forms.BooleanField(label="我已阅读并同意：所填信息仅用于县招商部门与我联系洽谈，不向第三方提供", required=True)

    class Meta:
        model = Inquiry
        fields = ["company", "intent", "industry", "chain", "band", "space", "time_frame", "place", "contact_name", "phone", "email", "consent"]
        widgets = {"intent": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places()
        self.fields["place"].empty_label = "未定"
        self.fields["chain"].queryset = chains.chains()
        self.fields["chain"].empty_label = "不确定"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class AcceptForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="项目名称", max_length=200)
    category = forms.ChoiceField(label="项目类别", choices=Category.choices)
    investor_kind = forms.ChoiceField(label="客商类型（新建客商时）", choices=InvestorKind.choices)


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="无效原因", max_length=200)


class SiteImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
