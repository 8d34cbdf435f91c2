"""Small helpers shared by the project screens."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def show_errors(form: forms.BaseForm, error: ValidationError, field_for=None) -> None:
    """Put an action's refusal on the form: keyed messages on their field when the
    form has it, everything else at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, messages in error.message_dict.items():
        field = field_for(key) if field_for else key
        form.add_error(field if field in form.fields else None, messages)
