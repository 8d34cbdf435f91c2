"""Date, month and number boxes carry the values browsers accept: ISO dates
(`<input type="date">` shows `2024/05/05` as an empty box), plain digits; and the
截至 boxes show the date the page is computed for."""

import importlib
import inspect
import pkgutil
from datetime import date, datetime
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

import zhaoshang
from zhaoshang.core.widgets import DateInput, DateTimeInput, MonthInput
from zhaoshang.projects.factories import ProjectFactory
from zhaoshang.targets.factories import PeriodFactory

MAY_5 = date(2024, 5, 5)


def test_the_chinese_locale_renders_dates_in_iso():
    with translation.override("zh-hans"):
        assert 'value="2024-05-05"' in forms.DateInput().render("d", MAY_5)
        assert 'value="2024-05-05 10:30:00"' in forms.DateTimeInput().render("d", datetime(2024, 5, 5, 10, 30))


def test_dates_typed_the_chinese_way_are_still_understood():
    with translation.override("zh-hans"):
        field = forms.DateField()
        assert field.clean("2024-05-05") == field.clean("2024/05/05") == field.clean("2024年5月5日") == MAY_5


def test_the_pickers_carry_iso_values():
    with translation.override("zh-hans"):
        assert DateInput().render("d", MAY_5) == '<input type="date" name="d" value="2024-05-05">'
        assert DateTimeInput().render("d", datetime(2024, 5, 5, 10, 30)) == ('<input type="datetime-local" name="d" value="2024-05-05T10:30">')
        assert MonthInput().render("d", MAY_5) == '<input type="month" name="d" value="2024-05">'


def test_numbers_are_rendered_as_plain_digits():
    with translation.override("zh-hans"):
        assert 'value="1234567"' in forms.IntegerField().widget.render("n", 1_234_567)
        assert 'value="1234.5678"' in forms.DecimalField().widget.render("n", Decimal("1234.5678"))


def _form_classes():
    for app in pkgutil.iter_modules(zhaoshang.__path__):
        package = importlib.import_module(f"zhaoshang.{app.name}")
        names = [m.name for m in pkgutil.iter_modules(getattr(package, "__path__", []))]
        for name in names:
            if name == "forms" or name.endswith("_forms") or name == "filters":
                module = importlib.import_module(f"{package.__name__}.{name}")
                for _, cls in inspect.getmembers(module, inspect.isclass):
                    if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                        yield cls


def test_every_date_field_of_every_form_uses_the_browser_date_picker():
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field.widget, (DateInput, MonthInput))
    ]
    assert plain == []


@pytest.fixture
def period(county):
    today = timezone.localdate()
    return PeriodFactory(jurisdiction=county.root, start=date(today.year, 1, 1), end=date(today.year, 12, 31))


@pytest.mark.parametrize("name", ["dashboard", "metrics:rankings", "alerts:alert_center"])
def test_the_as_of_box_shows_today(name, period, bureau_user, client_for):
    html = client_for(bureau_user).get(reverse(name)).content.decode()
    assert f'type="date" name="as_of" value="{timezone.localdate():%Y-%m-%d}"' in html


@pytest.mark.parametrize("name", ["dashboard", "metrics:rankings", "alerts:alert_center"])
def test_the_as_of_box_shows_the_chosen_date(name, period, bureau_user, client_for):
    html = client_for(bureau_user).get(reverse(name), {"as_of": "2024/05/05"}).content.decode()
    assert 'type="date" name="as_of" value="2024-05-05"' in html


def test_an_htmx_fragment_carries_iso_dates(county, reporter, client_for):
    project = ProjectFactory(introducing_unit=county.township)
    response = client_for(reporter).post(
        reverse("projects:follow_up_add", args=[project.pk]), {"date": "2024/05/05", "note": "电话沟通"}, HTTP_HX_REQUEST="true"
    )
    assert 'type="date" name="date" value="2024-05-05"' in response.content.decode()
