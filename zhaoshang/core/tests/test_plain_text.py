"""Control characters are refused on every way in: every form, every API input,
every Excel import (zhaoshang/core/text.py)."""

import importlib
import io
import pkgutil
import typing
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from pydantic import BaseModel

import zhaoshang
from zhaoshang.accounts.forms import TokenForm
from zhaoshang.api import api
from zhaoshang.core.api_input import InputSchema, refuse_control_characters
from zhaoshang.core.forms import PlainTextMixin
from zhaoshang.core.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters, printable
from zhaoshang.organisation.models import Unit, UnitKind


def _all_modules() -> None:
    for module in pkgutil.walk_packages(zhaoshang.__path__, "zhaoshang."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_every_form_of_the_project_refuses_control_characters():
    _all_modules()
    ours = {f for f in _subclasses(forms.BaseForm) if f.__module__.startswith("zhaoshang.") and ".tests" not in f.__module__}

    assert len(ours) > 50
    assert sorted(f"{f.__module__}.{f.__name__}" for f in ours if not issubclass(f, PlainTextMixin)) == []


def _types(annotation) -> typing.Iterator[tuple[type, bool]]:
    """(type, guarded by our validator) for everything an annotation can hold."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        guarded = any(getattr(m, "func", None) is refuse_control_characters for m in metadata)
        yield from ((t, guarded or g) for t, g in _types(base))
        return
    arguments = typing.get_args(annotation)
    if arguments:
        for argument in arguments:
            yield from _types(argument)
    elif isinstance(annotation, type):
        yield annotation, False


def _unguarded_text(model: type[BaseModel], seen: set) -> typing.Iterator[str]:
    if model in seen:
        return
    seen.add(model)
    for name, field in model.model_fields.items():
        field_guarded = any(getattr(m, "func", None) is refuse_control_characters for m in field.metadata)
        for kind, guarded in _types(field.annotation):
            if issubclass(kind, BaseModel):
                yield from _unguarded_text(kind, seen)
            elif issubclass(kind, str):
                seen.add((model, name))
                if not (guarded or field_guarded or issubclass(model, InputSchema)):
                    yield f"{model.__name__}.{name}"


def test_every_text_the_api_accepts_refuses_control_characters():
    seen: set = set()
    unguarded = []
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    unguarded.extend(_unguarded_text(model, seen))

    text_fields = [s for s in seen if isinstance(s, tuple)]
    assert len(text_fields) > 50
    assert unguarded == []


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x07", "\x0b", "\x1b", "\x1f"])
def test_a_form_refuses_a_control_character_naming_the_field(character):
    form = TokenForm({"name": f"数据{character}对接"})

    assert not form.is_valid()
    assert form.errors["name"] == [CONTROL_CHARACTERS_MESSAGE]


def test_tabs_and_line_breaks_are_text_a_form_accepts():
    form = TokenForm({"name": "数据\t对接\r\n脚本"})

    assert form.is_valid(), form.errors


def test_the_unit_screen_refuses_a_control_character_and_saves_nothing(county, client_for, bureau_user):
    response = client_for(bureau_user).post(
        reverse("organisation:unit_create", args=[county.root.pk]),
        {"name": "城关\x08组", "kind": UnitKind.SECTION, "sort_order": 0},
    )

    assert response.status_code == 200
    assert CONTROL_CHARACTERS_MESSAGE in response.content.decode()
    assert not Unit.objects.filter(name__startswith="城关\x08").exists()


def test_the_api_answers_422_naming_the_field_and_saves_nothing(county, client_for, bureau_user):
    response = client_for(bureau_user).post(
        reverse("api:unit_create"),
        {"parent_id": county.township.pk, "name": "城关镇\x1b招商组", "kind": "section"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "name", "message": f"「name」{CONTROL_CHARACTERS_MESSAGE}"}]
    assert not Unit.objects.filter(name__contains="招商组").exists()


def test_the_api_refuses_control_characters_in_a_query_too(county, client_for, bureau_user):
    response = client_for(bureau_user).get(reverse("api:unit_list"), {"q": "镇\x00"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "q"


def _workbook_with(text: str) -> SimpleUploadedFile:
    """openpyxl refuses to write a control character, so it goes into the XML by hand."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(["单位名称", "单位类型", "上级单位"])
    sheet.append(["PLACEHOLDER", "科室/小组", "示范县"])
    plain = io.BytesIO()
    workbook.save(plain)
    hostile = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name).replace(b"PLACEHOLDER", text.encode()))
    return SimpleUploadedFile("units.xlsx", hostile.getvalue())


def test_an_import_cannot_carry_a_control_character(county, client_for, bureau_user):
    before = Unit.objects.count()

    response = client_for(bureau_user).post(reverse("organisation:unit_import"), {"file": _workbook_with("组&#1;一")})

    assert "无法读取该文件" in response.content.decode()
    assert Unit.objects.count() == before


def test_an_import_of_the_same_file_without_it_works(county, client_for, bureau_user):
    client_for(bureau_user).post(reverse("organisation:unit_import"), {"file": _workbook_with("组一")})

    assert Unit.objects.filter(name="组一").exists()


def test_printable_drops_only_what_xml_cannot_hold():
    assert printable("a\x00b\x1fc\td\ne\rf\ufffeg") == "abc\td\ne\rfg"
    assert has_control_characters(["ok", {"k": "v\x02"}])
    assert not has_control_characters("制表\t换行\r\n")
