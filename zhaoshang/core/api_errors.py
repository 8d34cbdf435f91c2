"""The JSON API's one error format, shared by every router.

zhaoshang/api.py registers the exception handlers; routers raise the domain's own
exceptions (PermissionDenied, Http404, ConflictError, django's ValidationError)
and list REFUSALS in their `response=` so OpenAPI documents the answers:

- 403 `{"detail": "中文"}` — may see the record but not do this;
- 404 `{"detail": "记录不存在或无权查看"}` — no such record, or outside the user's scope
  (the two are not told apart, so ids of other units' records leak nothing);
- 409 `{"detail": "中文", "changed_fields": [...]}` — someone else saved first;
- 422 `{"detail": [{"field": …, "message": "中文"}]}` — bad input, whether the
  domain refused it or the request did not even parse into the schema.

Field names are the ones the client sent (`landing_unit_id`, not `landing_unit`).
(No `from __future__ import annotations` here: ninja reads the schemas' annotations.)
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import ConfigDict, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from .api_input import InputSchema
from .text import CONTROL_CHARACTERS_MESSAGE

NOT_FOUND = "记录不存在或无权查看"
FORBIDDEN = "无权执行该操作"
UNAUTHORIZED = "请先登录，或在 Authorization 头中提供有效的个人令牌（Bearer zs_…）"
BAD_BODY = "请求内容无法解析，须为有效的JSON"
WHOLE = "__all__"


class Message(Schema):
    detail: str = Field(description="中文说明")


class FieldError(Schema):
    field: str = Field(description="出错的字段（与请求中的字段名一致），__all__ 表示整体")
    message: str = Field(description="中文错误说明")


class FieldErrors(Schema):
    detail: list[FieldError]


class Conflict(Schema):
    detail: str = Field(description="中文冲突说明：谁在何时修改了哪些内容")
    changed_fields: list[str] = Field(description="他人修改过的字段（中文名称）")


# The optimistic lock of every editable record (core/versions.py): GET answers the
# version, and a PATCH/PUT sends it back; a stale one is answered 409 `Conflict`.
VERSION_OUT = "版本号：修改时须原样提交，用于防止覆盖他人的修改"
VERSION_IN = "读取该记录时得到的版本号；他人已修改时返回409及其修改的字段"


class RequestBody(InputSchema):
    """A JSON object sent by the client. ninja's Schema reads its input's attributes
    (to accept model instances), so a list or null would pass as an object with no
    fields and a PATCH of `[null, null]` would be "accepted": refuse it as 422.
    Strict, as JSON is typed: `false` is no sort order and `0` no yes-or-no
    (dates are read from their strings by core.ranges.Date)."""

    model_config = ConfigDict(strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: Any, info: ValidationInfo) -> Any:
        if not isinstance(values, dict):
            raise PydanticCustomError("dict_type", "Input should be a valid dictionary")
        return handler(DjangoGetter(values, cls, info.context))


REFUSALS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 409: Conflict, 422: FieldErrors}

# Error keys of the actions (model field names) that the API receives as ids.
# Query parameters of the list filters (unit, division, leader) are not here:
# there the form's field name is the parameter's name.
API_FIELD = {
    name: f"{name}_id"
    for name in (
        "investor",
        "introducing_unit",
        "landing_unit",
        "responsible_leader",
        "corrects",
        "responsible_unit",
        "escalated_to",
    )
}


def field_errors(error: ValidationError) -> list[dict[str, str]]:
    """A domain refusal as the 422 body: one entry per message, keyed by the API's
    field name; a message about no field in particular is under __all__."""
    if hasattr(error, "error_dict"):
        return [
            {"field": API_FIELD.get(field, field) if field != NON_FIELD_ERRORS else WHOLE, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": WHOLE, "message": message} for message in error.messages]


# ---------------------------------------------------------------- ninja's request validation

# pydantic error type → what is wrong, in Chinese; {…} are the error's ctx values.
_PROBLEMS: dict[str, str] = {
    "missing": "为必填项",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "float_parsing": "须为数字",
    "float_type": "须为数字",
    "decimal_parsing": "须为数字",
    "bool_parsing": "须为 true 或 false",
    "bool_type": "须为 true 或 false",
    "date_parsing": "须为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "须为日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "须为日期（YYYY-MM-DD），不带时间",
    "date_type": "须为日期（YYYY-MM-DD）",
    "datetime_parsing": "须为日期时间（ISO 8601）",
    "datetime_from_date_parsing": "须为日期时间（ISO 8601）",
    "datetime_type": "须为日期时间（ISO 8601）",
    "string_type": "须为文本",
    "string_too_short": "至少须有{min_length}个字符",
    "string_too_long": "最多{max_length}个字符",
    "list_type": "须为列表",
    "dict_type": "须为对象",
    "model_type": "须为对象",
    "model_attributes_type": "须为对象",
    "greater_than": "须大于{gt}",
    "greater_than_equal": "须大于或等于{ge}",
    "less_than": "须小于{lt}",
    "less_than_equal": "须小于或等于{le}",
    "literal_error": "取值无效，可选：{expected}",
    "enum": "取值无效，可选：{expected}",
    "json_invalid": "不是有效的JSON",
    "extra_forbidden": "不是可接受的字段",
    "control_characters": CONTROL_CHARACTERS_MESSAGE,
}

# Where ninja found the value: the body's first element is the view's parameter
# name (`payload`), which the client never sees.
_SOURCE_DEPTH = {"body": 2}


def _field_path(parts: list[Any]) -> str:
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _label(parts: list[Any]) -> str:
    """「amount」, or 第2项的「share_bp」 inside a list."""
    words = []
    for part in parts:
        words.append(f"第{part + 1}项" if isinstance(part, int) else f"「{part}」")
    return "的".join(words)


def request_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """ninja's request validation errors (pydantic's, with `loc` starting at the
    source: body/query/path/form/file) in the shape of `field_errors`."""
    result = []
    for error in errors:
        loc = list(error.get("loc") or [])
        parts = loc[_SOURCE_DEPTH.get(str(loc[0]) if loc else "", 1) :]
        problem = _PROBLEMS.get(error.get("type", ""), "的值无效")
        try:
            problem = problem.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError):
            problem = "的值无效"
        if parts:
            result.append({"field": _field_path(parts), "message": f"{_label(parts)}{problem}"})
        else:
            result.append({"field": WHOLE, "message": f"请求内容{problem}"})
    return result
