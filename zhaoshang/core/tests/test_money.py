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


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [
        (6_768_000_000, "67.68亿元"),  # seed 004
        (100_000_000, "1.00亿元"),  # exactly 1亿 is shown in 亿元
        (99_999_999, "10,000.00万元"),  # below 1亿 by one 元: still 万元, rounded half up
        (58_100_000, "5,810.00万元"),
        (123_456_789_012, "1,234.57亿元"),
        (5_000, "0.50万元"),
        (0, "0.00万元"),
        (-250_000_000, "-2.50亿元"),
        (None, "—"),
    ],
)
def test_amounts_from_one_yi_up_are_shown_in_yi_and_smaller_ones_in_wan(yuan, shown):
    assert money.format_amount(yuan) == shown
