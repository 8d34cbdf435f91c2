"""Plausible ranges, defined once: the actions check them (so screens, API and
Excel imports refuse the same values with the same Chinese message) and the API
schemas declare them (so /api/v1/openapi.json says what is accepted).

The choices:
- dates: nothing before 1990-01-01 (no county bureau records older investment);
  a planned date at most PLANNED_YEARS_AHEAD years ahead; actual dates are
  additionally "not later than today" where the action says so;
- amounts: at most 10^13 in the currency's minor unit (元, or US cents): ten trillion
  元 is far beyond any county's project or plan, and the engine's SQL sums of
  raw amounts (it multiplies by the shares in Python) stay inside PostgreSQL's
  and SQLite's 64-bit integers for 100,000 records of that size;
- years: 2000 … 2100;
- record ids, page numbers and sort orders: bounded so that no value reaches the
  database as an integer it cannot hold (OverflowError, DataError);
- names: not blank once the surrounding spaces are stripped.
(No `from __future__ import annotations`: ninja reads the Annotated types.)
"""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field
from ninja.pagination import PageNumberPagination
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

EARLIEST_DATE = dt.date(1990, 1, 1)
PLANNED_YEARS_AHEAD = 10
MAX_AMOUNT = 10**13
MIN_YEAR = 2000
MAX_YEAR = 2100
# PostgreSQL's bigint, the type of every primary key (BigAutoField).
MAX_ID = 2**63 - 1
# A PositiveIntegerField holds up to 2^31 − 1; a sort order is a small number anyway.
MAX_SORT_ORDER = 1_000_000
MAX_PAGE = 1_000_000


def latest_planned_date() -> dt.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + PLANNED_YEARS_AHEAD)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year + PLANNED_YEARS_AHEAD, day=28)


def validate_date(value: dt.date) -> None:
    """Any date the system records: not before EARLIEST_DATE, not absurdly far ahead."""
    if value is not None and value < EARLIEST_DATE:
        raise ValidationError(f"日期不能早于{EARLIEST_DATE:%Y-%m-%d}", code="date_too_early")
    if value is not None and value > latest_planned_date():
        raise ValidationError(f"日期不能晚于{latest_planned_date():%Y-%m-%d}（{PLANNED_YEARS_AHEAD}年内）", code="date_too_late")


def validate_amount(value: int) -> None:
    """An amount in the currency's minor unit, of plausible size. Whether it may be
    negative (a correction) or zero is each action's rule, with its own message."""
    if value is not None and abs(value) > MAX_AMOUNT:
        raise ValidationError(f"金额超出合理范围：不能超过{MAX_AMOUNT:,}（人民币为元，美元为美分）", code="amount_out_of_range")


def validate_year(value: int) -> None:
    if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
        raise ValidationError(f"年度须在{MIN_YEAR}至{MAX_YEAR}之间", code="year_out_of_range")


def validate_sort_order(value: int) -> None:
    if value is not None and not 0 <= value <= MAX_SORT_ORDER:
        raise ValidationError(f"排序须在0至{MAX_SORT_ORDER}之间", code="sort_order_out_of_range")


def validate_name(value: str) -> None:
    if not (value or "").strip():
        raise ValidationError("名称不能为空", code="blank")


# ---------------------------------------------------------------- the API's declared types

# Where the actions have a rule of their own (an amount must not be negative, a
# name not blank, a plan's year near today), the schema leaves it to them, so the
# refusal carries their message; it only bounds what no action could store.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Amount = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
SortOrder = Annotated[int, Field(ge=0, le=MAX_SORT_ORDER)]


def _iso_date(value):
    """Only YYYY-MM-DD, as the schema's `format: date` says: pydantic alone would
    also read a number as a Unix timestamp (`signed_to=0` as 1970-01-01)."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_parsing", "Input should be a valid date in the format YYYY-MM-DD") from None


Date = Annotated[dt.date, BeforeValidator(_iso_date)]


class Pages(PageNumberPagination):
    """ninja's page numbers, bounded: page × page size must stay a database integer."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)

    def _items_count(self, queryset) -> int:
        # A list that knows its count (cached: projects/listing.py) is not counted again.
        known = getattr(queryset, "known_count", None)
        return known if known is not None else super()._items_count(queryset)
