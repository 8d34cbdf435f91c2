"""A past 截至 date keeps the period and its comparisons consistent: the default
period follows the as-of date, and a period running past it is cut to it, so 同比
and 环比 compare windows of the same length. Figures by hand from the fixed county
(metrics/tests/conftest.py)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from zhaoshang.dashboard.forms import default_span
from zhaoshang.metrics.periods import Span

from .test_dashboard import figure


def page(client, scope: str, **params) -> str:
    response = client.get(reverse("dashboard"), {"scope": scope, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("as_of", "span"),
    [
        (date(2025, 6, 30), Span.ytd(2025, 6)),  # a month's last day: that month is finished
        (date(2025, 6, 15), Span.ytd(2025, 5)),  # mid-month: up to the month before
        (date(2024, 12, 31), Span.ytd(2024, 12)),
        (date(2026, 1, 15), Span.ytd(2026, 1)),  # January: January itself (cut to the day by the page)
    ],
)
def test_the_default_period_follows_the_as_of_date(as_of, span):
    assert default_span(as_of) == span


def test_a_past_year_as_of_date_opens_on_that_years_months(dash, bureau_user, client_for):
    html = page(client_for(bureau_user), f"jurisdiction:{dash.root.pk}", as_of="2025-12-31")
    assert "2025年1-12月" in html
    # 2025: F6 800万 verified 2025-09-20, nothing else; 2024 had nothing: no 同比.
    assert figure(html, "funds_arrived") == "800.00万元"
    assert 'data-yoy="funds_arrived">—<' in html
    assert "同比对照 2024年1-12月" in html


def test_a_period_running_past_the_as_of_date_is_cut_to_it(dash, bureau_user, client_for):
    html = page(client_for(bureau_user), f"jurisdiction:{dash.root.pk}", period="ytd:2026-10", as_of="2026-06-30")
    assert "2026年1-6月" in html
    # F1 3000万 (verified 03-20) + F3 2000万 (verified 06-30) = 5000万. Last year's
    # 1-6月 had nothing (F6 is dated 2025-09-10): no 同比, not +525% against all of
    # 2025年1-10月 as an uncut period would give.
    assert figure(html, "funds_arrived") == "5,000.00万元"
    assert 'data-yoy="funds_arrived">—<' in html
    assert "同比对照 2025年1-6月" in html
    # 环比: the 181 days before 2026-01-01, 2025-07-04 to 2025-12-31: F6 800万;
    # (5000 − 800) / 800 = +525.0%.
    assert 'data-mom="funds_arrived">+525.0%<' in html
    assert "环比对照 2025-07-04至2025-12-31" in html


def test_a_period_after_the_as_of_date_falls_back_to_the_as_of_dates_own(dash, bureau_user, client_for):
    html = page(client_for(bureau_user), f"jurisdiction:{dash.root.pk}", period="ytd:2026-10", as_of="2025-12-31")
    assert re.search(r"数据看板 · 示范县 · 2025年1-12月 · 截至 2025年12月31日", html)
    assert figure(html, "funds_arrived") == "800.00万元"
