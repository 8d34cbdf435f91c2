from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest

from .money import parse_wan
from .text import CONTROL_CHARACTERS_MESSAGE, has_control_characters, refuse_control_characters
from .versions import ConflictError

UNCHANGED = "没有修改任何内容，未保存"


def nothing_changed(request: HttpRequest, *forms) -> bool:
    """True, telling the user so, when an edit form comes back exactly as it was
    shown: saving it would only write a history row and bump the version."""
    if any(form.has_changed() for form in forms):
        return False
    messages.info(request, UNCHANGED)
    return True


class PlainTextMixin:
    """Refuses control characters in every text value the form accepts, whatever
    field it came through (fields added in a subclass's __init__ included). Every
    form of the project has it: BootstrapMixin carries it for the screens, and the
    Excel import row forms name it themselves (tests/test_plain_text.py checks)."""

    def full_clean(self) -> None:
        # Django's own check for NUL says 不允许是用空字符串; ours covers NUL too.
        for field in self.fields.values():
            field.validators = [refuse_control_characters if isinstance(v, ProhibitNullCharactersValidator) else v for v in field.validators]
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


class VersionMixin:
    """The hidden `version` an edit form is based on (see core/versions.py): the
    record's current one when the page is opened, sent back untouched on save.
    An edit form is built with `version=record.version`; the same form creating a
    record is built without, and has no version field."""

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            field = forms.IntegerField(label="版本", widget=forms.HiddenInput, min_value=0, initial=version)
            self.fields["version"] = field

    def edited_data(self) -> dict:
        """cleaned_data without the version, for the update action's `data`."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def show_conflict(self, error: ConflictError) -> int:
        """Keep what the user typed, say who changed what, and base the next save on
        the version now current: saving again is a deliberate overwrite. Returns the
        page's status (409)."""
        self.add_error(None, error.message)
        self.data = self.data.copy()  # type: ignore[has-type]
        self.data[self.add_prefix("version")] = error.current_version
        return 409


class VersionForm(VersionMixin, PlainTextMixin, forms.Form):
    """Only the version, for an edit page whose inputs are formsets."""


class SectionsMixin(forms.BaseForm if TYPE_CHECKING else object):  # the form it joins, for the type checker
    """A long form shown in titled sections (fieldsets). `SECTIONS` names each
    section's fields in order; a visible field no section names (one added in a
    subclass's __init__, say) lands in the last section, so nothing is ever hidden.
    core/_form_fields.html renders `form.sections` when the form has them."""

    SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def sections(self) -> list[tuple[str, list]]:
        placed: set[str] = set()
        result = []
        for title, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields and not self[name].is_hidden]
            placed.update(names)
            if fields:
                result.append((title, fields))
        rest = [field for field in self.visible_fields() if field.name not in placed]
        if rest and result:
            result[-1][1].extend(rest)
        elif rest:
            result.append(("", rest))
        return result


class WanField(forms.DecimalField):
    """An amount typed in 万元 (a number box), cleaned to integer 元."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int | None:
        amount = super().clean(value)
        if amount is None:
            return None
        try:
            return parse_wan(amount)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
