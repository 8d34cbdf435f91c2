"""Control characters in text: refused on the way in, dropped on the way out.

Every text input (form, API, Excel import) refuses U+0000–U+001F except tab,
line feed and carriage return (a browser sends a textarea's line breaks as CR LF).
They are invisible on screen, and Excel and Word files cannot hold them at all:
openpyxl raises IllegalCharacterError and lxml refuses them in the circular.
Text stored before this rule may still hold some, so the writers of those files
pass every string through `printable()` instead of failing."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What XML 1.0 cannot carry at all: the control characters above, lone surrogates
# and the two non-characters U+FFFE and U+FFFF.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL_CHARACTERS_MESSAGE = "含有不可见的控制字符，请删除后重新填写（只允许制表符和换行）"


def has_control_characters(value: Any) -> bool:
    """True when a string, or any string inside a list or dict, holds one."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(has_control_characters(v) for v in value)
    if isinstance(value, dict):
        return any(has_control_characters(k) or has_control_characters(v) for k, v in value.items())
    return False


def refuse_control_characters(value: Any) -> None:
    """A Django validator."""
    if has_control_characters(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


def printable(text: str) -> str:
    """The text without what an XML file (xlsx, docx) cannot hold."""
    return NOT_XML.sub("", text)
