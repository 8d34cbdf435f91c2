from django import forms


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
