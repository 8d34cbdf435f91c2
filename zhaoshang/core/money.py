"""Money is stored as integer 元 and shown in 万元 / 亿元, the way the speeches talk.

The display rule for a single amount read by a person (cards, sentences, the
circular's text): 1亿元 and above in 亿元 with two decimals ("67.68亿元"), below in
万元 with thousands separators ("5,810.00万元") — `format_amount`. Table and Excel
columns keep one unit for the whole column (万元, `format_wan` / `to_wan`) so a
column can be read down and summed."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

WAN = 10_000
YI = 100_000_000


def to_wan(yuan: int | None, places: int = 2) -> Decimal | None:
    if yuan is None:
        return None
    return (Decimal(yuan) / WAN).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_wan(yuan: int | None, places: int = 2) -> str:
    """1234567800 元 → '123,456.78'"""
    value = to_wan(yuan, places)
    return "—" if value is None else f"{value:,.{places}f}"


def format_yi(yuan: int | None, places: int = 2) -> str:
    if yuan is None:
        return "—"
    value = (Decimal(yuan) / YI).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{value:,.{places}f}"


def format_amount(yuan: int | None) -> str:
    """One amount with its unit, by the display rule: 6768000000 → '67.68亿元',
    58100000 → '5,810.00万元', None → '—'. The unit follows the amount's size
    (negative amounts by their magnitude) and is decided on the exact 元, so
    99,999,999元 is '10,000.00万元', not '1.00亿元'."""
    if yuan is None:
        return "—"
    if abs(yuan) >= YI:
        return f"{format_yi(yuan)}亿元"
    return f"{format_wan(yuan)}万元"


def parse_wan(text: str | int | float | Decimal) -> int:
    """A figure typed or imported in 万元 → integer 元. Raises ValueError."""
    value = Decimal(str(text).replace(",", "").strip())
    yuan = value * WAN
    if yuan != yuan.to_integral_value():
        raise ValueError("金额最多精确到元")
    return int(yuan)


# ---- foreign currency: the one conversion rule (docs/domain.md §6)
# Foreign amounts are stored in the currency's minor unit (US cents) and converted
# to 元 at the year's configured rate (元 per unit), rounded half up to the 元, once
# per figure. Every caller (the project's 亿元以上 flag, the size bands and list
# filters, the fund summaries, the metric engine) goes through these three.


def round_yuan(value: Decimal) -> int:
    """An exact 元 amount (a Decimal) → integer 元, half up: 0.5 元 → 1 元."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def minor_to_yuan(amount: int, rate: Decimal) -> int:
    """An amount in cents at `rate` 元 per unit → integer 元 (half up)."""
    return round_yuan(Decimal(amount) * rate / 100)


def min_minor_for(yuan: int, rate: Decimal) -> int:
    """The smallest amount in cents that converts (minor_to_yuan) to at least `yuan`
    元: the integer a database compares a foreign amount with."""
    return int(((Decimal(yuan) - Decimal("0.5")) * 100 / rate).to_integral_value(rounding=ROUND_CEILING))
