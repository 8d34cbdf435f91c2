import pytest

from zhaoshang.core import money


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [(60_000_000, "6,000.00"), (1_234_567_800, "123,456.78"), (5_000, "0.50"), (0, "0.00"), (None, "—")],
)
def test_yuan_is_shown_in_wan_with_thousands_separators(yuan, shown):
    assert money.format_wan(yuan) == shown


def test_yi_is_used_for_large_totals():
    # seed 004: 投资总额67.68亿元
    assert money.format_yi(6_768_000_000) == "67.68"


@pytest.mark.parametrize(("typed", "yuan"), [("6000", 60_000_000), ("1,234.5", 12_345_000), ("0.0001", 1)])
def test_amounts_typed_in_wan_become_integer_yuan(typed, yuan):
    assert money.parse_wan(typed) == yuan


@pytest.mark.parametrize("typed", ["abc", "0.00001"])
def test_unparseable_or_sub_yuan_amounts_are_refused(typed):
    with pytest.raises((ValueError, ArithmeticError)):
        money.parse_wan(typed)
