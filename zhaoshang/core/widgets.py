"""The browser's own pickers, always given ISO values.

`<input type="date">` accepts only `2024-05-05`, `type="month"` only `2024-05` and
`type="datetime-local"` only `2024-05-05T10:30`; anything else shows an empty box,
and saving the untouched form would then erase the value. Every form uses these
widgets rather than the locale's input formats (zh_Hans puts `2024/05/05` first)."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.utils import formats


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        # A date typed the Chinese way (a bookmarked ?as_of=2024/05/05) is shown, not blanked.
        if isinstance(value, str):
            for pattern in formats.get_format("DATE_INPUT_FORMATS"):
                try:
                    value = datetime.strptime(value.strip(), pattern).date()
                except ValueError:
                    continue
                break
        return super().format_value(value)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MonthInput(forms.DateInput):
    """<input type="month">: the browser's month picker, value 2026-10."""

    input_type = "month"

    def format_value(self, value):
        if isinstance(value, date):
            return f"{value:%Y-%m}"
        return value


class PickerSelectMultiple(forms.SelectMultiple):
    """Several people (or units) chosen by typing part of a name instead of Ctrl-
    clicking a long list: static/zhaoshang/picker.js hides the select and shows a
    search box whose matches are added as removable tags. The select stays the
    form's input, so without JavaScript it works as before. The options are what
    the form already offers the user (scoped by the view); nothing else is searched."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"size": 8, "data-picker": "", **(attrs or {})}, choices)


class PickerSelect(forms.Select):
    """One person chosen by typing part of the name (static/zhaoshang/picker.js)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "", **(attrs or {})}, choices)
