"""Sums of amounts in several currencies as one 元 figure (docs/domain.md §6): the
metric engine's figures and a filtered list's 合计 row both convert here, so a
drill-down list adds up to the figure it came from. Single amounts convert with
core.money.minor_to_yuan (ExchangeRate.to_cny); sums are converted exactly per
currency and year and rounded once, half up (core.money.round_yuan)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhaoshang.core.money import round_yuan

from .models import Currency, ExchangeRate

FULL = 10_000  # basis points in 100%: credit shares (ProjectCredit.share_bp)
# Bucket key when not grouping by unit.
TOTAL = ""


@dataclass(frozen=True)
class Money:
    """Integer 元, plus the years whose foreign amounts could not be converted."""

    yuan: int
    missing_rates: tuple[int, ...] = ()


def convert(rows: Iterable[dict], rates: dict | None = None) -> dict[Any, Money]:
    """Rows of {bucket, currency, year, total=Σ(amount × share_bp)} → Money per
    bucket: each foreign sum at its year's rate, a year without a rate reported in
    `missing_rates` (its amounts left out, never guessed)."""
    rows = list(rows)
    if rates is None:
        rates = ExchangeRate.objects.rates(r["year"] for r in rows if r["currency"] != Currency.CNY)
    exact: dict[str, Decimal] = defaultdict(Decimal)
    missing: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        total = Decimal(row["total"] or 0)
        if row["currency"] in ("", Currency.CNY):
            exact[row["bucket"]] += total
        elif (rate := rates.get((row["year"], row["currency"]))) is not None:
            exact[row["bucket"]] += total * rate / 100  # cents → units of currency → 元
        else:
            exact[row["bucket"]] += 0  # keep the bucket, with its figure left incomplete
            missing[row["bucket"]].add(row["year"])
    return {bucket: Money(round_yuan(value / FULL), tuple(sorted(missing[bucket]))) for bucket, value in exact.items()}


def in_yuan(sums: Iterable[tuple[str, int, int]]) -> Money:
    """Plain sums (currency, year, amount in the currency's minor unit) as one 元
    figure, converted as every figure is: a list's 合计 row uses it, so that it
    equals the dashboard figure it drills down from."""
    rows = ({"bucket": TOTAL, "currency": currency, "year": year, "total": amount * FULL} for currency, year, amount in sums)
    return convert(rows).get(TOTAL, Money(0))
