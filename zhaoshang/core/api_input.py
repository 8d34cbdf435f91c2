"""What every API input is built from, so no text reaches the domain with control
characters in it (zhaoshang/core/text.py). Each input schema derives from
`InputSchema`; a text parameter outside a schema is annotated `Text`. The 422
that follows names the field like any other (api_errors.py); tests/test_plain_text.py
walks every operation to make sure nothing was left out."""

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, field_validator
from pydantic_core import PydanticCustomError

from .text import CONTROL_CHARACTERS_MESSAGE, has_control_characters

CONTROL_CHARACTERS = "control_characters"


def refuse_control_characters(value: Any) -> Any:
    if has_control_characters(value):
        raise PydanticCustomError(CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE)
    return value


Text = Annotated[str, AfterValidator(refuse_control_characters)]


class InputSchema(Schema):
    @field_validator("*")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        return refuse_control_characters(value)
