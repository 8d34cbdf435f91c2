from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from .text import CONTROL_CHARACTERS_MESSAGE, has_control_characters, refuse_control_characters


class PlainTextMixin:
    """Refuses control characters in every text value the form accepts, whatever
    field it came through (fields added in a subclass's __init__ included). Every
    form of the project has it: BootstrapMixin carries it for the screens, and the
    Excel import row forms name it themselves (tests/test_plain_text.py checks)."""

    def full_clean(self) -> None:
        # Django's own check for NUL says 不允许是用空字符串; ours covers NUL too.
        for field in self.fields.values():
            field.validators = [
                refuse_control_characters if isinstance(v, ProhibitNullCharactersValidator) else v for v in field.validators
            ]
        super().full_clean()
        for name, value in list(getattr(self, "cleaned_data", {}).items()):
            if has_control_characters(value):
                self.add_error(name if name in self.fields else None, CONTROL_CHARACTERS_MESSAGE)


class BootstrapMixin(PlainTextMixin):
    """Gives every widget the Bootstrap class it needs, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="Excel 文件", help_text="请使用本页提供的模板（.xlsx），文件不超过 10MB")
