"""The size-band card (签约项目数 · 5亿元以上) and the list it drills down to use one
definition of "总投资 ≥ N亿元" (projects.models.investing_at_least): a USD project
converted at its signing year's rate, rounded half up, is in both or in neither."""

from datetime import date

import pytest

from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.metrics.tests.conftest import build
from zhaoshang.projects.models import Currency, ExchangeRate, Project

from .conftest import AS_OF
from .test_drilldown import board, links, listed

# At 7.1 元 per dollar, 7,042,253,515 cents is 499,999,999.5650 元: 5亿元 once rounded
# half up; one cent less is 499,999,999.4940 元, which rounds down.
JUST_FIVE_YI = 7_042_253_515


@pytest.mark.parametrize(("cents", "counted"), [(JUST_FIVE_YI, True), (JUST_FIVE_YI - 1, False)])
def test_the_card_and_its_list_agree_on_a_usd_project_at_the_edge(dash, bureau_user, client_for, cents, counted):
    build(
        bureau_user,
        dash.township,
        {"negotiating": date(2026, 2, 1), "signed": date(2026, 8, 1)},
        name="美元边界项目",
        currency=Currency.USD,
        is_foreign_funded=True,
        contract_amount=100,
        total_investment=cents,
    )
    # Another year's rate must not decide a 2026 signing.
    ExchangeRate.objects.create(year=AS_OF.year + 1, currency=Currency.USD, rate="9.000000")
    span = Span.parse("ytd:2026-10")
    card = engine.signings(Scope.for_jurisdiction(dash.root), span, AS_OF)[1].bands["5yi"]
    client = client_for(bureau_user)
    url = links(board(client, f"jurisdiction:{dash.root.pk}"), "data-line")["signed_count-2"]
    projects = listed(client, url)
    assert ("美元边界项目" in projects) is counted
    assert card == len(projects) == (3 if counted else 2)  # with 河口项目 and 联合项目
    assert Project.objects.get(name="美元边界项目").is_yi_plus
