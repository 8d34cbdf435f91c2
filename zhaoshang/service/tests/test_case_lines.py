"""The case figures as 营商环境 figures, against the hand count of the ten cases of
cases/tests/conftest.py (the table is in metrics/tests/test_case_figures.py): as of
2024-11-30, 响应率 8/10, 按时办结率 6/7, 解决率 6/7, 满意率 3/5 (one default rating
apart), 回访率 5/7, score 0.30 × 80 + 0.35 × 600/7 + 0.35 × 60 = 75."""

import io
from datetime import date
from decimal import Decimal

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from zhaoshang.cases.tests.conftest import at, receive, seeded, ten_cases  # noqa: F401  the fixed set and its fixtures
from zhaoshang.metrics import case_figures
from zhaoshang.metrics.periods import Scope
from zhaoshang.portal.factories import DisclosureFactory
from zhaoshang.reports import circular
from zhaoshang.service import figures
from zhaoshang.targets.factories import PeriodFactory

START, AS_OF = date(2024, 1, 1), date(2024, 11, 30)
HAND = {
    "case_response": (8, 10, Decimal("80.0")),
    "case_on_time": (6, 7, Decimal("85.7")),
    "case_resolution": (6, 7, Decimal("85.7")),
    "case_satisfaction": (3, 5, Decimal("60.0")),
    "case_visit": (5, 7, Decimal("71.4")),
}


def _values(scope):
    return {key: figures.value(key, scope, START, AS_OF) for key in [*HAND, "case_score"]}


def test_the_registered_figures_equal_the_hand_count_for_the_unit_the_county_and_the_division(ten_cases, county):
    for scope in (Scope.for_unit(county.township), Scope.for_jurisdiction(county.root), Scope.for_division(county.township.division)):
        values = _values(scope)
        assert {key: (v.numerator, v.denominator, v.rate) for key, v in values.items() if key in HAND} == HAND
        assert values["case_score"].points == Decimal("75.0") and values["case_score"].display == "75.0分"
    other = _values(Scope.for_unit(county.other_township))
    assert other["case_response"].display == "—" and other["case_score"].points is None


def test_the_registry_counts_with_the_case_figures_logic(ten_cases, county):
    """One definition: the registry's terms are case_figures' for any scope and period."""
    scope = Scope.for_unit(county.township)
    counts = case_figures.case_figures(scope, AS_OF, received_from=date(2024, 11, 28))
    value = figures.value("case_response", scope, date(2024, 11, 28), AS_OF)
    assert (value.numerator, value.denominator) == (counts.responded_in_time, counts.due_for_response) == (1, 1)
    # A period that starts after the ten were received counts none of them.
    assert figures.value("case_score", scope, date(2024, 12, 1), date(2024, 12, 31)).display == "—"


def test_the_case_figures_take_one_pass_for_all_six(ten_cases, county, django_assert_num_queries):
    scopes = [Scope.for_unit(county.township), Scope.for_jurisdiction(county.root)]
    # Items and commitments one query each, the cases with their clocks and visits three.
    with django_assert_num_queries(6):
        figures.figures_for(scopes, START, AS_OF)


def test_the_circular_section_and_annex_list_them(ten_cases, county):
    files = circular.build(county.root, 2024, 11, issued_on=date(2024, 12, 5))
    text = "\n".join(p.text for p in Document(io.BytesIO(files.docx)).paragraphs)
    assert (
        "诉求响应率80.0%（8/10），诉求按时办结率85.7%（6/7），诉求解决率85.7%（6/7），诉求满意率60.0%（3/5），回访率71.4%（5/7），诉求办理综合得分75.0分"
        in text
    )
    sheet = load_workbook(io.BytesIO(files.xlsx))["营商环境"]
    header = [cell.value for cell in sheet[1]]
    township = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "城关镇")
    assert township[header.index("诉求响应率")] == 80.0 and township[header.index("诉求办理综合得分")] == 75.0


def test_the_dashboard_card_links_to_the_case_list(ten_cases, county, bureau_user, client_for):
    client = client_for(bureau_user)
    page = client.get(reverse("dashboard"), {"scope": f"unit:{county.township.pk}", "as_of": "2024-11-30"}).content.decode()
    assert 'data-figure="case_satisfaction">60.0%</a>' in page and 'data-figure="case_score">75.0分</a>' in page
    link = f"/cases/?received_from=2024-01-01&amp;received_to=2024-11-30&amp;scope=unit:{county.township.pk}"
    assert link in page
    drilled = client.get(link.replace("&amp;", "&"))
    assert drilled.context["page"].paginator.count == 10
    elsewhere = client.get(f"/cases/?received_from=2024-01-01&received_to=2024-11-30&scope=unit:{county.other_township.pk}")
    assert elsewhere.context["page"].paginator.count == 0
    november_28 = client.get(f"/cases/?received_from=2024-11-28&scope=unit:{county.township.pk}")
    assert november_28.context["page"].paginator.count == 1


def test_the_public_disclosure_shows_the_aggregates_only(ten_cases, county, client_for):
    period = PeriodFactory(jurisdiction=county.root, start=START, end=date(2024, 12, 31))
    disclosure = DisclosureFactory(period=period, jurisdiction=county.root, as_of=AS_OF, is_published=True)
    page = client_for(None).get(reverse("portal:progress_detail", args=[disclosure.pk])).content.decode()
    assert "诉求满意率" in page and "60.0%" in page and "75.0分" in page
    assert "宏达电子" not in page and "用电报装" not in page and "非常满意" not in page
