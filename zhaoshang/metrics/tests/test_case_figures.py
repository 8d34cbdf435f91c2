"""The case figures against a hand count over ten cases of 城关镇, handled through
the actions with a controlled clock (November 2024: sign-off 1 working day, 咨询 2).

    case  signed off        finished          visit (latest)
    1     in time           in time           非常满意           resolved
    2     in time           in time           满意               resolved
    3     in time           in time           基本满意           not resolved
    4     in time           late (11-11)      满意               resolved
    5     in time           in time, reopened on 不满意, closed again in time, 不满意 again
    6     in time           in time           default rating     resolved
    7     late (11-06)      in time           not yet visited    resolved
    8     never (overdue)   —                 —
    9     refused in time   —                 —
    10    received 11-28, signed off in time, finish due 12-02: not counted yet

As of 2024-11-30: 响应率 8/10 = 80 %; 按时办结率 6/7; 解决率 6/7 (3 unresolved);
满意率 3/5 = 60 % (1, 2, 4 of the five rated; the default rating apart); 回访率 5/7;
score 0.30 × 80 + 0.35 × 600/7 + 0.35 × 60 = 24 + 30 + 21 = 75."""

import pytest

from zhaoshang.cases.tests.conftest import at, receive, seeded, ten_cases  # noqa: F401  the fixed set and its fixtures
from zhaoshang.metrics import case_figures as figures


def test_the_figures_equal_the_hand_count(ten_cases, county):
    result = figures.for_unit(county.township, at(2024, 11, 30).date())
    assert (result.responded_in_time, result.due_for_response) == (8, 10)
    assert (result.finished_in_time, result.due_for_finish) == (6, 7)
    assert (result.resolved, result.closed) == (6, 7)
    assert (result.satisfied, result.rated, result.default_ratings) == (3, 5, 1)
    assert (result.visited, result.to_visit) == (5, 7)
    assert result.response_rate == 80
    assert result.on_time_rate == pytest.approx(600 / 7)
    assert result.satisfaction_rate == 60
    assert result.visit_rate == pytest.approx(500 / 7)
    assert result.score() == pytest.approx(75)


def test_the_fifth_case_was_reopened_once_only(ten_cases):
    ten_cases.refresh_from_db()
    assert ten_cases.reopened and ten_cases.status == "visited" and ten_cases.visits.count() == 2


def test_the_figures_as_of_an_earlier_date_count_what_had_happened_by_then(ten_cases, county):
    result = figures.for_unit(county.township, at(2024, 11, 4).date())
    # Signed off on 4 November: cases 1–6 and the refusal; 7 and 8 were not due yet.
    assert (result.responded_in_time, result.due_for_response) == (7, 7)
    assert (result.closed, result.rated, result.due_for_finish) == (0, 0, 0)
    assert result.score() is None


def test_the_county_and_the_division_hold_the_township_and_another_unit_has_nothing(ten_cases, county):
    as_of = at(2024, 11, 30).date()
    assert figures.for_county(county.root, as_of) == figures.for_unit(county.township, as_of)
    assert figures.for_division(county.township.division, as_of).due_for_response == 10
    assert figures.for_unit(county.other_township, as_of).due_for_response == 0
