from __future__ import annotations

from typing import Any

from django import forms

from zhaoshang.core.forms import BootstrapMixin, VersionMixin
from zhaoshang.core.widgets import DateInput

from .models import DEFAULT_COLUMNS, Column, Disclosure


class DisclosureForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    columns = forms.MultipleChoiceField(
        label="公开的栏目",
        choices=Column.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[str(c) for c in DEFAULT_COLUMNS],
        help_text="单位名称总是公开；只公开勾选的栏目",
    )

    class Meta:
        model = Disclosure
        fields = ["period", "title", "as_of", "columns"]
        widgets = {"as_of": DateInput}

    def __init__(self, *args: Any, periods, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        # Checkbox lists are styled per item by Bootstrap; the mixin's class does not apply.
        self.fields["columns"].widget.attrs.pop("class", None)
