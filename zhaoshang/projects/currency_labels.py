"""The currency-aware label of an amount field, shared by the project and fund forms."""

from __future__ import annotations

from django import forms

from .models import Currency


def label_in_currency(form: forms.BaseForm, name: str, title: str) -> None:
    """Label an amount field with the unit of the form's currency ("总投资（万美元）"),
    the one chosen (bound) or shown (initial). static/zhaoshang/currency_unit.js
    changes the label when the user picks another currency."""
    chosen = form["currency"].value() if "currency" in form.fields else None
    currency = Currency(chosen) if chosen in Currency.values else Currency.CNY
    field = form.fields[name]
    field.label = f"{title}（{currency.wan_unit}）"
    field.widget.attrs["data-currency-from"] = form["currency"].auto_id
