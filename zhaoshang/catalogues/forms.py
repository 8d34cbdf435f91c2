"""The bureau's list screens, and the field every form picks a listed value with."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from zhaoshang.core.forms import BootstrapMixin, VersionMixin

from .models import ListEntry


class EntryForm(VersionMixin, BootstrapMixin, forms.ModelForm):
    """Edit one entry (always built with its instance: the list is the instance's)."""

    class Meta:
        model = ListEntry
        fields = ["name", "sort_order", "is_active"]


class AddEntryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=60)


class ListInput(forms.TextInput):
    """A text box with the list's active entries as a datalist: the browser filters
    them as the user types (a Chinese input method included), on a phone as well."""

    def __init__(self, model: type[ListEntry], attrs=None):
        super().__init__({"autocomplete": "off", "placeholder": "输入关键字搜索，从列表中选择", **(attrs or {})})
        self.model = model

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = {**(attrs or {})}
        list_id = f"{attrs.get('id') or 'id_' + name}_list"
        attrs["list"] = list_id
        box = super().render(name, value, attrs, renderer)
        names = self.model.objects.filter(is_active=True).values_list("name", flat=True)
        options = format_html_join("", '<option value="{}"></option>', ((option,) for option in names))
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class ListField(forms.CharField):
    """A value from one of the bureau's lists: an active entry, or the value the
    record already has (`current`, set by the form), so an untouched save keeps a
    retired one."""

    def __init__(self, model: type[ListEntry], **kwargs):
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", f"从招商局维护的{model._meta.verbose_name}名录中选择；没有合适的请联系招商局添加")
        super().__init__(widget=ListInput(model), **kwargs)
        self.model = model
        self.current = ""

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and value != self.current and not self.model.objects.filter(name=value, is_active=True).exists():
            raise forms.ValidationError(f"「{value}」不在{self.model._meta.verbose_name}名录中，请从列表中选择")
