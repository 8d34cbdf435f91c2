import pytest

from zhaoshang.activities.factories import (
    EventFactory,
    EventSigningFactory,
    PublicityFactory,
    TeamMembershipFactory,
    TripFactory,
    VisitFactory,
)
from zhaoshang.organisation.factories import PersonFactory, UnitFactory
from zhaoshang.organisation.models import UnitKind
from zhaoshang.projects.factories import InvestorFactory


@pytest.fixture
def world(county):
    """One record of each kind belonging to 城关镇 (county.township)."""
    w = county
    w.team = UnitFactory(parent=w.township, name="城关镇驻上海招商组", kind=UnitKind.STATIONED_TEAM, city="上海")
    w.person = PersonFactory(unit=w.township, name="李镇长", post="镇长", is_principal=True)
    w.investor = InvestorFactory(name="深圳华星电子有限公司")
    w.trip = TripFactory(unit=w.township, leaders=[w.person])
    w.visit = VisitFactory(host_unit=w.township, investor=w.investor)
    w.event = EventFactory(organiser=w.township)
    w.signing = EventSigningFactory(event=w.event)
    w.membership = TeamMembershipFactory(team=w.team, person=w.person)
    w.publicity = PublicityFactory(unit=w.township)
    return w
