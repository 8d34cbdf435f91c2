"""Money is stored as integer 元 and shown in 万元 / 亿元, the way the speeches talk."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

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


def parse_wan(text: str | int | float | Decimal) -> int:
    """A figure typed or imported in 万元 → integer 元. Raises ValueError."""
    value = Decimal(str(text).replace(",", "").strip())
    yuan = value * WAN
    if yuan != yuan.to_integral_value():
        raise ValueError("金额最多精确到元")
    return int(yuan)
