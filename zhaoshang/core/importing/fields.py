"""Row-form fields every import shares: cells as Excel hands them back, 是/否, and
enumerations typed as their Chinese labels."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms

from zhaoshang.core.forms import PlainTextMixin

YES_NO = {"是": True, "否": False}


def cell_text(value: Any) -> str | None:
    """Excel hands numbers back as int/float (a phone typed as a number, a sort
    order of 1.0) and dates as date; row forms want text."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


class YesNoField(forms.ChoiceField):
    """是/否; an empty cell is `default`."""

    def __init__(self, *args, default: bool = False, **kwargs):
        self.default = default
        super().__init__(*args, choices=[(k, k) for k in YES_NO], required=False, **kwargs)
        self.error_messages["invalid_choice"] = "请填写“是”或“否”"

    def clean(self, value):
        value = super().clean(value)
        return YES_NO[value] if value else self.default


class LabelChoiceField(forms.ChoiceField):
    """An enumeration typed as its Chinese label, e.g. 项目类别「工业」; `labels`
    maps other spellings (or a subset) to values."""

    def __init__(self, enum: type, *args, labels: dict[str, str] | None = None, **kwargs):
        self.mapping = labels or {c.label: c.value for c in enum}
        super().__init__(*args, choices=[(k, k) for k in self.mapping], **kwargs)
        self.error_messages["invalid_choice"] = "「%(value)s」不是有效选项，可选：" + "、".join(self.mapping)

    def clean(self, value):
        value = super().clean(value)
        return self.mapping.get(value, "")


class _SharedFields(dict):
    def __deepcopy__(self, memo: dict) -> _SharedFields:
        return self


# What a field may clean a cell to and still be kept for the next row with that
# cell: values nobody can change afterwards.
_KEPT_TYPES = (str, int, bool, date, Decimal, type(None))


class RowForm(PlainTextMixin, forms.Form):
    """A row form whose fields are shared by every row of a file: Django deep-copies
    a form's fields for each instance (a third of a row's cost, 10,000 times for a
    large file), which only matters to forms that change their fields per instance.
    Row forms never do (PlainTextMixin's validator swap is the same for every row).

    `known` (one dict for a whole file, see pipeline.parse) keeps what each field
    made of each cell text it accepted: a column holds few distinct values (a
    category, a unit, a date, mostly empty cells), and a field cleans the same
    text the same way all through one file, so each is cleaned once. A refused
    text is cleaned again at every row, so each row gets its own error."""

    def __init__(self, data: dict[str, Any], known: dict[tuple[str, Any], Any] | None = None):
        cls = type(self)
        if not isinstance(cls.base_fields, _SharedFields):
            cls.base_fields = _SharedFields(cls.base_fields)
        super().__init__(data)
        self.known = {} if known is None else known

    def _clean_fields(self) -> None:
        """Django's own loop builds a BoundField per field to read its value; a row
        form has no prefix, no disabled and no file fields, so the value is the
        widget's reading of the row (a quarter of a row's cost otherwise)."""
        known = self.known
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, self.files, name)
            key = (name, value)
            try:
                if key in known:
                    self.cleaned_data[name] = known[key]
                else:
                    cleaned = self.cleaned_data[name] = field.clean(value)
                    if isinstance(value, (str, type(None))) and isinstance(cleaned, _KEPT_TYPES):
                        known[key] = cleaned
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except forms.ValidationError as error:
                self.add_error(name, error)
