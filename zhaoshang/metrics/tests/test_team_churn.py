"""team_churn (驻点招商组人员流动率) through the engine: members of the scope's stationed
teams who left in the span ÷ their average membership ((at start + at end) ÷ 2).

Span 2026-01-01 … 2026-10-31, as of 10-31. Teams: 驻上海组 under the bureau, 驻深圳组
under 城关镇 (a team of the township, to test the subtree).
  驻上海组: A joined 2025-05-01 left 2026-03-01; B joined 2025-06-01 stays;
            C joined 2026-04-01 stays; D joined 2026-02-01 left 2026-09-30.
    at start (01-01): A, B = 2; at end (10-31): B, C = 2; left in span: A, D = 2.
  驻深圳组: E joined 2025-01-01 stays; F joined 2025-01-01 left 2026-12-01 (after the span).
    at start: E, F = 2; at end: E, F = 2; left: 0.
County: left 2 ÷ ((4 + 4) ÷ 2) = 0.5. 城关镇: 0 ÷ 2 = 0. 河口镇: no team → None (—).
"""

from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.activities.factories import TeamMembershipFactory
from zhaoshang.metrics import engine
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import UnitKind

AS_OF = date(2026, 10, 31)


@pytest.fixture
def teams(county):
    shanghai = UnitFactory(parent=county.bureau, name="驻上海招商组", kind=UnitKind.STATIONED_TEAM, city="上海")
    shenzhen = UnitFactory(parent=county.township, name="驻深圳招商组", kind=UnitKind.STATIONED_TEAM, city="深圳")
    for team, joined, left in [
        (shanghai, date(2025, 5, 1), date(2026, 3, 1)),
        (shanghai, date(2025, 6, 1), None),
        (shanghai, date(2026, 4, 1), None),
        (shanghai, date(2026, 2, 1), date(2026, 9, 30)),
        (shenzhen, date(2025, 1, 1), None),
        (shenzhen, date(2025, 1, 1), date(2026, 12, 1)),
    ]:
        TeamMembershipFactory(team=team, person=PersonFactory(unit=team), joined_on=joined, left_on=left)
    return county


def churn(scope: Scope) -> Decimal | None:
    return engine.summary(scope, Span.parse("ytd:2026-10"), AS_OF).figures["team_churn"].value


def test_the_county_churn_is_leavers_over_average_members(teams):
    assert churn(Scope.for_jurisdiction(teams.root)) == Decimal("0.5")


def test_a_township_counts_only_its_own_teams(teams):
    assert churn(Scope.for_unit(teams.township)) == Decimal("0")


def test_a_unit_without_teams_has_no_churn_rather_than_zero(teams):
    assert churn(Scope.for_unit(teams.other_township)) is None
