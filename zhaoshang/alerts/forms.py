"""The alert centre's filter: the as-of date and, for whoever sees more than one
unit, the unit whose alerts to show."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone

from zhaoshang.accounts import access
from zhaoshang.core.forms import BootstrapMixin
from zhaoshang.core.widgets import DateInput
from zhaoshang.metrics.periods import Scope
from zhaoshang.organisation.forms import UnitChoiceField
from zhaoshang.organisation.models import Unit


class AlertFilterForm(BootstrapMixin, forms.Form):
    as_of = forms.DateField(label="截至日期", required=False, widget=DateInput)
    unit = UnitChoiceField(label="单位", queryset=Unit.objects.none(), required=False, empty_label="全部（我可查看的单位）")

    def __init__(self, data, *, user: User):
        # The date box shows the date the alerts are computed for.
        super().__init__({"as_of": timezone.localdate(), **{k: v for k, v in data.items() if v}})
        self.user = user
        # Only units the user may read: another township's pk is simply not a choice.
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active().order_by("path")

    def _value(self, name: str):
        return self.cleaned_data.get(name) if self.is_valid() else None

    def as_of_date(self) -> date:
        return self._value("as_of") or timezone.localdate()

    def scope(self) -> Scope:
        """The chosen unit with its subtree, or everything the user may read: a
        township reporter's own township, the bureau's and leaders' jurisdiction."""
        unit = self._value("unit")
        if unit is not None:
            return Scope.for_unit(unit)
        paths = tuple(access.read_paths(self.user))
        return Scope("jurisdiction", 0, "我可查看的单位", paths)
