from django import forms
from django.contrib import messages
from django.http import HttpRequest

from .versions import ConflictError

UNCHANGED = "没有修改任何内容，未保存"


def nothing_changed(request: HttpRequest, *forms) -> bool:
    """True, telling the user so, when an edit form comes back exactly as it was
    shown: saving it would only write a history row and bump the version."""
    if any(form.has_changed() for form in forms):
        return False
    messages.info(request, UNCHANGED)
    return True


class BootstrapMixin:
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
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = error.current_version
        return 409


class VersionForm(VersionMixin, forms.Form):
    """Only the version, for an edit page whose inputs are formsets."""
