from django import forms
from django.contrib import messages
from django.http import HttpRequest

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
