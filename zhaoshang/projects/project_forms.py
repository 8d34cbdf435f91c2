"""Forms of the project and investor screens. They turn what people type (万元,
percentages, files) into what the actions take (元, basis points, Uploads); the
rules themselves live in actions.py, which checks everything again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.loader import render_to_string

from zhaoshang.accounts import access as roles
from zhaoshang.catalogues.forms import ListField
from zhaoshang.catalogues.models import Industry, SourceRegion
from zhaoshang.core import money
from zhaoshang.core.forms import BootstrapMixin, SectionsMixin, VersionMixin
from zhaoshang.core.uploads import KeepUploadsMixin
from zhaoshang.core.widgets import DateInput, PickerSelect
from zhaoshang.organisation.forms import UnitChoiceField
from zhaoshang.organisation.models import Person, Unit

from .currency_labels import label_in_currency
from . import actions, gates
from .actions import INVESTOR_FIELDS, Upload
from .models import (
    INITIAL_STAGES,
    Currency,
    EvidenceKind,
    Investor,
    InvestorContact,
    InvestorKind,
    Project,
    Stage,
    TeamRole,
)
from .validators import validate_evidence_file, validate_uscc

EVIDENCE_HELP = "PDF、JPG或PNG文件"


def wan_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=Decimal(0), max_digits=18, decimal_places=6, help_text=help_text)


def wan_to_minor(value: Decimal | None, currency: str) -> int | None:
    """万元 → 元, or 万美元 → US cents (how the model stores each currency)."""
    if value is None:
        return None
    try:
        yuan = money.parse_wan(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    return yuan * 100 if currency == Currency.USD else yuan


def minor_to_wan(amount: int | None, currency: str) -> Decimal | None:
    """Exact, and a Decimal as the field cleans it: an untouched form has not changed."""
    if amount is None:
        return None
    units = Decimal(amount) / (100 if currency == Currency.USD else 1)
    return units / money.WAN


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person.name}（{person.post}）" if person.post else person.name


class InvestorPicker(forms.Select):
    """The 客商 select, and a search-as-you-type box that replaces it when JavaScript
    runs (templates/projects/_investor_picker.html, static/projects/investor_picker.js).
    The select offers only the chosen investor: the whole 客商库 (shared by the
    county, tens of thousands of companies at scale) would weigh down every form.
    Without JavaScript the project keeps its investor or names a new one below."""

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        chosen = [v for v in value if v not in ("", None)]
        self.choices = [("", everything.field.empty_label or "")]
        self.choices += [everything.choice(obj) for obj in everything.queryset.filter(pk__in=chosen)]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything

    def render(self, name, value, attrs=None, renderer=None) -> str:  # type: ignore[override]
        select = super().render(name, value, attrs, renderer)
        element_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return render_to_string("projects/_investor_picker.html", {"select": select, "id": element_id})


class ProjectForm(SectionsMixin, BootstrapMixin, forms.ModelForm):
    """Create and edit. Money is typed in 万元 (万美元 for USD projects); an investor
    is chosen from 客商库 or typed in the 新客商 fields on create."""

    SECTIONS = (
        ("基本情况", ("name", "category", "industry", "initial_stage", "stage_date")),
        (
            "客商",
            (
                "investor",
                "new_investor_name",
                "new_investor_uscc",
                "new_investor_kind",
                "new_investor_region",
                "source_region",
                "is_foreign_funded",
                "is_fortune500",
            ),
        ),
        (
            "投资与落地",
            ("currency", "total_investment_wan", "introducing_unit", "landing_unit", "landing_address", "company_uscc", "responsible_leader"),
        ),
        ("重点与要素", ("key_level", "is_high_tech", "land_status", "env_screening")),
        ("计划节点", ("planned_signed_on", "planned_registered_on", "planned_started_on", "planned_completed_on", "planned_producing_on")),
        ("形象进度", ("progress_text",)),
    )

    total_investment_wan = wan_field("总投资（万元）")
    introducing_unit = UnitChoiceField(label="引进单位", queryset=Unit.objects.none())
    landing_unit = UnitChoiceField(label="落地园区/乡镇", queryset=Unit.objects.none(), required=False)
    responsible_leader = PersonChoiceField(label="包联领导", queryset=Person.objects.none(), required=False)
    industry = ListField(Industry, label="行业")
    source_region = ListField(SourceRegion, label="来源地区")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        # Total investment is typed in 万元 (total_investment_wan above).
        fields = [name for name in Project.EDITABLE_FIELDS if name != "total_investment"]
        widgets = {
            "investor": InvestorPicker,
            "planned_signed_on": DateInput,
            "planned_registered_on": DateInput,
            "planned_started_on": DateInput,
            "planned_completed_on": DateInput,
            "planned_producing_on": DateInput,
            "progress_text": forms.Textarea(attrs={"rows": 3}),
        }

    # Fields only the create screen has.
    new_investor_name = forms.CharField(label="新客商名称", required=False, max_length=200)
    new_investor_uscc = forms.CharField(label="新客商统一社会信用代码", required=False, max_length=18)
    new_investor_kind = forms.ChoiceField(label="新客商类型", required=False, choices=[("", "—"), *InvestorKind.choices])
    new_investor_region = ListField(SourceRegion, label="新客商来源地区", help_text="不填时同项目的来源地区")
    initial_stage = forms.ChoiceField(label="当前阶段", choices=[(s.value, s.label) for s in INITIAL_STAGES], initial=Stage.LEAD)
    stage_date = forms.DateField(label="线索/洽谈日期", required=False, widget=DateInput, help_text="不填为今天")

    CREATE_ONLY = ("new_investor_name", "new_investor_uscc", "new_investor_kind", "new_investor_region", "initial_stage", "stage_date")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        self.fields["industry"].current = self.instance.industry
        self.fields["source_region"].current = self.instance.source_region
        if creating:
            del self.fields["version"]
            del self.fields["company_uscc"]  # entered with the 落地 stage
        else:
            for name in self.CREATE_ONLY:
                del self.fields[name]
            self.fields["version"].initial = self.instance.version
            self.fields["total_investment_wan"].initial = minor_to_wan(self.instance.total_investment, self.instance.currency)
        # A leader edits the projects they lead without writing for the unit: keep its own.
        writable = Unit.objects.within(roles.write_paths(user)).active()
        if not creating:
            writable = Unit.objects.filter(Q(pk__in=writable.values("pk")) | Q(pk=self.instance.introducing_unit_id))
        self.fields["introducing_unit"].queryset = writable.order_by("path")
        # A landing place closed since stays on offer for its projects, so an untouched
        # save keeps it; new choices are active units.
        landing = Q(is_active=True) | Q(pk=self.instance.landing_unit_id)
        self.fields["landing_unit"].queryset = Unit.objects.filter(landing).order_by("path")
        # New assignments name serving leaders; a leader who has since left stays on
        # offer for the project he leads, so an untouched save keeps him.
        leaders = Q(pk__in=Person.objects.active().leaders().values("pk"))
        if self.instance.responsible_leader_id:
            leaders |= Q(pk=self.instance.responsible_leader_id)
        self.fields["responsible_leader"].queryset = Person.objects.filter(leaders).order_by("leader_body", "sort_order")
        self.fields["investor"].queryset = Investor.objects.order_by("name")
        self.fields["investor"].required = False
        self.fields["investor"].help_text = "按名称或统一社会信用代码搜索客商库并选择；库中没有时在下方填写新客商"
        label_in_currency(self, "total_investment_wan", "总投资")

    def clean_new_investor_uscc(self) -> str:
        code = self.cleaned_data.get("new_investor_uscc", "").strip().upper()
        validate_uscc(code)
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk is None and data.get("investor") is None:
            if not data.get("new_investor_name"):
                self.add_error("investor", "请从客商库选择客商，或填写新客商名称")
            elif not data.get("new_investor_kind"):
                self.add_error("new_investor_kind", "新客商须选择客商类型")
        if "total_investment_wan" in data:  # type: ignore[operator]
            try:
                data["total_investment"] = wan_to_minor(data["total_investment_wan"], data.get("currency") or Currency.CNY)  # type: ignore[index]
            except ValidationError as error:
                self.add_error("total_investment_wan", error)
        return data  # type: ignore[return-value]

    def project_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data["total_investment"] = self.cleaned_data["total_investment"]
        return data

    def new_investor(self) -> dict[str, Any] | None:
        if self.cleaned_data.get("investor") is not None or not self.cleaned_data.get("new_investor_name"):
            return None
        return {
            "name": self.cleaned_data["new_investor_name"],
            "uscc": self.cleaned_data["new_investor_uscc"],
            "kind": self.cleaned_data["new_investor_kind"],
            "region": self.cleaned_data["new_investor_region"] or self.cleaned_data.get("source_region", ""),
        }


class CreditForm(BootstrapMixin, forms.Form):
    unit = UnitChoiceField(label="分成单位", queryset=Unit.objects.none(), required=False)
    share = forms.DecimalField(label="分成比例（%）", required=False, min_value=Decimal("0.01"), max_value=Decimal(100), decimal_places=2)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.active().order_by("path")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("unit")) != (data.get("share") is not None):
            raise ValidationError("分成单位和分成比例须同时填写")
        return data  # type: ignore[return-value]


class RowsFormSet(forms.BaseFormSet):
    """A formset whose rows the browser adds (from `empty_form`) and removes (by
    ticking DELETE) with static/zhaoshang/formset.js. Without JavaScript the DELETE
    checkbox is shown; a blank row is left out either way."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "删除"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def kept_forms(self) -> list[forms.Form]:
        """The valid rows the user did not remove."""
        return [form for form in self.forms if not (self.can_delete and self._should_delete_form(form))]


class BaseCreditFormSet(RowsFormSet):
    def credits(self) -> list[tuple[Unit, int]]:
        """(unit, basis points) of the filled rows; empty when none was filled."""
        return [(form.cleaned_data["unit"], int(form.cleaned_data["share"] * 100)) for form in self.kept_forms() if form.cleaned_data.get("unit")]


# One blank row to start with; 「添加一行」 adds more in the browser.
CreditFormSet = forms.formset_factory(CreditForm, formset=BaseCreditFormSet, extra=1, can_delete=True)


def credit_initial(project: Project) -> list[dict[str, Any]]:
    return [
        {"unit": credit.unit, "share": Decimal(credit.share_bp) / 100}
        for credit in project.credits.select_related("unit").order_by("-share_bp", "unit__path")
    ]


class TeamMemberForm(BootstrapMixin, forms.Form):
    person = PersonChoiceField(label="人员", queryset=Person.objects.none(), required=False, widget=PickerSelect)
    # Not required: a blank row (no person) is simply left out.
    role = forms.ChoiceField(label="班子职责", choices=TeamRole.choices, initial=TeamRole.MEMBER, required=False)

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons if persons is not None else Person.objects.none()


class BaseTeamFormSet(RowsFormSet):
    def members(self) -> list[tuple[Person, str]]:
        return [(f.cleaned_data["person"], f.cleaned_data.get("role") or TeamRole.MEMBER) for f in self.kept_forms() if f.cleaned_data.get("person")]


TeamFormSet = forms.formset_factory(TeamMemberForm, formset=BaseTeamFormSet, extra=1, can_delete=True)


def team_persons(user: User, project: Project | None = None):
    """Whom a team can be made of: persons the user can see, the county's leaders,
    and whoever is already on the team."""
    q = (Q(pk__in=Person.objects.visible_to(user).values("pk")) | ~Q(leader_body="")) & Q(is_active=True)
    if project is not None:
        # A member who has since left stays on offer, so saving the team keeps him.
        q |= Q(pk__in=project.team.values("person"))
    return Person.objects.filter(q).select_related("unit").order_by("unit__path", "sort_order", "name")


# ---------------------------------------------------------------- stages

DATE_LABELS = {
    Stage.SIGNED: "合同签订日期",
    Stage.REGISTERED: "落地（注册）日期",
    Stage.STARTED: "开工日期",
    Stage.COMPLETED: "竣工日期",
    Stage.PRODUCING: "投产日期",
    Stage.STALLED: "停滞日期",
    Stage.DROPPED: "终止日期",
}
SITE_EVIDENCE_KINDS = [(EvidenceKind.SITE_PHOTO.value, "现场照片"), (EvidenceKind.PERMIT.value, "施工许可")]


def date_label(stage: Stage) -> str:
    return DATE_LABELS.get(stage, f"{stage.label}日期")


class StageForm(KeepUploadsMixin, BootstrapMixin, forms.Form):
    """Asks only for the evidence of the stages being entered: the target stage and
    any it skips (each skipped stage gets its own date and its own gate)."""

    stage = forms.ChoiceField(label="登记阶段")

    def __init__(self, data=None, files=None, *, project: Project, target: str | None = None):
        super().__init__(data, files)
        self.project = project
        allowed = actions.allowed_stages(project)
        self.fields["stage"].choices = [(s.value, s.label) for s in allowed]
        wanted = (data or {}).get("stage") or target
        self.target: Stage | None = Stage(wanted) if wanted in {s.value for s in allowed} else (allowed[0] if allowed else None)
        self.fields["stage"].initial = self.target
        self.skipped: list[Stage] = actions.skipped_stages(project, self.target) if self.target else []
        self.entering: list[Stage] = [*self.skipped, self.target] if self.target else []
        if self.target is None:
            return
        for stage in self.skipped:
            self.fields[f"skipped_{stage.value}"] = forms.DateField(
                label=f"{date_label(stage)}（跳过的「{stage.label}」阶段）",
                widget=DateInput,
                error_messages={"required": f"跳过的「{stage.label}」阶段须填写实际日期"},
            )
        self.fields["date"] = forms.DateField(
            label=date_label(self.target), widget=DateInput, error_messages={"required": f"请填写{date_label(self.target)}"}
        )
        unit_label = Currency(project.currency).wan_unit

        # The inputs and their messages come from the gates table the action checks.
        def need(stage: Stage, field: str) -> gates.Requirement | None:
            return gates.requirement(stage, field) if stage in self.entering else None

        if contract := need(Stage.SIGNED, "contract_amount"):
            self.fields["contract_amount_wan"] = wan_field(f"合同金额（{unit_label}）")
            self.fields["contract_amount_wan"].error_messages["required"] = contract.message
        if contract_file := need(Stage.SIGNED, "evidence"):
            self.fields["contract_file"] = forms.FileField(
                label="正式合同", help_text=f"{EVIDENCE_HELP}；意向协议不算签约", error_messages={"required": contract_file.message}
            )
        if uscc := need(Stage.REGISTERED, "company_uscc"):
            self.fields["company_uscc"] = forms.CharField(
                label="项目公司统一社会信用代码", max_length=18, initial=project.company_uscc, error_messages={"required": uscc.message}
            )
        if landing := need(Stage.REGISTERED, "landing_unit"):
            self.fields["landing_unit"] = UnitChoiceField(
                label="落地园区/乡镇",
                queryset=Unit.objects.active().order_by("path"),
                initial=project.landing_unit_id,
                error_messages={"required": landing.message},
            )
        if site_file := need(Stage.STARTED, "evidence"):
            self.fields["site_file_kind"] = forms.ChoiceField(label="开工材料类型", choices=SITE_EVIDENCE_KINDS)
            self.fields["site_file"] = forms.FileField(
                label="现场照片或施工许可", help_text=EVIDENCE_HELP, error_messages={"required": site_file.message}
            )
        off_pipeline = not self.target.is_pipeline
        self.fields["note"] = forms.CharField(
            label="原因" if off_pipeline else "说明",
            required=off_pipeline,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": f"{self.target.label}须填写原因"},
        )
        # BootstrapMixin styled the fields that existed when it ran; style the added ones.
        self._style()

    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def clean_company_uscc(self) -> str:
        code = self.cleaned_data["company_uscc"].strip().upper()
        validate_uscc(code)
        return code

    def _clean_file(self, name: str):
        upload = self.cleaned_data.get(name)
        if upload:
            validate_evidence_file(upload)
        return upload

    def clean_contract_file(self):
        return self._clean_file("contract_file")

    def clean_site_file(self):
        return self._clean_file("site_file")

    def clean_contract_amount_wan(self):
        return wan_to_minor(self.cleaned_data["contract_amount_wan"], self.project.currency)

    def action_kwargs(self) -> dict[str, Any]:
        """What do_record_stage takes, from the cleaned form."""
        data = self.cleaned_data
        evidence = []
        if data.get("contract_file"):
            evidence.append(Upload(EvidenceKind.CONTRACT, data["contract_file"]))
        if data.get("site_file"):
            evidence.append(Upload(data["site_file_kind"], data["site_file"]))
        return {
            "stage": self.target,
            "on": data["date"],
            "note": data.get("note", ""),
            "contract_amount": data.get("contract_amount_wan"),
            "company_uscc": data.get("company_uscc", ""),
            "landing_unit": data.get("landing_unit"),
            "evidence": evidence,
            "skipped_dates": {stage: data[f"skipped_{stage.value}"] for stage in self.skipped},
        }

    def field_for_error(self, key: str) -> str | None:
        """The form field an action's error key belongs to (None: the whole form)."""
        mapping = {
            "contract_amount": "contract_amount_wan",
            "evidence": "contract_file" if Stage.SIGNED in self.entering else "site_file",
            "skipped_dates": next((f"skipped_{s.value}" for s in self.skipped), None),
        }
        field = mapping.get(key, key)
        return field if field in self.fields else None


class IntentForm(KeepUploadsMixin, BootstrapMixin, forms.Form):
    date = forms.DateField(label="意向协议日期", widget=DateInput)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label="意向协议文件", required=False, help_text=EVIDENCE_HELP)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_evidence_file(upload)
        return upload

    def evidence(self) -> list[Upload]:
        upload = self.cleaned_data.get("file")
        return [Upload(EvidenceKind.INTENT, upload)] if upload else []


class CorrectionForm(BootstrapMixin, forms.Form):
    stage = forms.ChoiceField(label="退回到阶段")
    reason = forms.CharField(label="更正原因", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.value, s.label) for s in actions.correctable_stages(project)]


class InvestorForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    region = ListField(SourceRegion, label="来源地区")

    class Meta:
        model = Investor
        fields = sorted(INVESTOR_FIELDS, key=["name", "uscc", "foreign_registration", "kind", "region", "is_fortune500", "note"].index)
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].current = self.instance.region

    def clean_uscc(self) -> str:
        return self.cleaned_data["uscc"].strip().upper()


class ContactForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = InvestorContact
        fields = ["name", "title", "phone", "email"]


class FollowUpForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label="跟踪日期", widget=DateInput)
    note = forms.CharField(label="跟踪情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
