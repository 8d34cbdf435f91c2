"""The chain figures against values counted by hand on one fixed set (Q1 2026).

Projects of 示范县 formally signed in Q1: P1 (on 新能源电池), P2 (on 绿色食品), P3, P4
(on no chain); P5 on 新能源电池 was signed in December 2025. Links of 新能源电池:
电芯制造 (missing), 正极材料 (missing), 回收利用 (overridden 较强), 电池包 (3 local
above-size enterprises: 较强). Targets: T1 电芯制造 contacted, T2 正极材料 dropped,
T3 电池包 converted (lead), T4 电池包 converted and its project signed, T5 recorded
after the quarter.

| figure                          | by hand                         |
|---------------------------------|---------------------------------|
| signed share, every chain       | P1, P2 of P1–P4 = 2/4 = 0.5000  |
| signed share, 新能源电池 only      | P1 of 4 = 0.2500                |
| weak links                      | 电芯制造, 正极材料 = 2           |
| weak links covered              | 电芯制造 (T2 dropped) = 1/2      |
| conversion                      | 4 targets → 2 leads → 1 signed  |
| weak links closed in Q1         | 电池包, 回收利用 = 2              |
| leader trips / meetings in Q1   | 2 / 1                           |
"""

from datetime import date, datetime

from django.utils import timezone

from zhaoshang.activities.factories import TripFactory, VisitFactory
from zhaoshang.chains import actions, figures
from zhaoshang.chains.factories import TargetFactory, make_chain, segment
from zhaoshang.chains.models import Attachment, Chain, ChainEvent, ContactStage, LinkState, LinkTier
from zhaoshang.organisation.factories import PersonFactory
from zhaoshang.projects.factories import InvestorFactory, ProjectFactory, dated_project
from zhaoshang.projects.models import Stage

Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def at(*args):
    return timezone.make_aware(datetime(*args))


def signed(reporter, county, name, day):
    return dated_project(reporter, county.township, {Stage.LEAD: date(2025, 10, 1), Stage.SIGNED: day}, name=name)


def test_signed_share(chain, reporter, county):
    food = make_chain(county.root, "绿色食品")
    p1 = signed(reporter, county, "P1", date(2026, 2, 1))
    p2 = signed(reporter, county, "P2", date(2026, 3, 31))
    signed(reporter, county, "P3", date(2026, 1, 1))
    signed(reporter, county, "P4", date(2026, 2, 15))
    p5 = signed(reporter, county, "P5", date(2025, 12, 10))
    Attachment.objects.create(link=segment(chain, "电芯制造"), project=p1)
    Attachment.objects.create(link=food.root, project=p2)
    Attachment.objects.create(link=chain.root, project=p5)

    share = figures.signed_share(county.root, *Q1)
    assert (share.numerator, share.denominator, str(share.value)) == (2, 4, "0.5000")
    assert str(figures.signed_share(county.root, *Q1, chains=Chain.objects.filter(pk=chain.pk)).value) == "0.2500"


def test_weak_links_targets_and_closing(chain, bureau_user, county):
    cell, cathode = segment(chain, "电芯制造"), segment(chain, "正极材料", "up")
    recycling, pack = segment(chain, "回收利用", "down"), segment(chain, "电池包", "down")
    actions.do_override_state(recycling, LinkState.STRONG, "县外回收企业已签约配套", bureau_user)
    for _ in range(3):
        actions.do_attach(pack, bureau_user, investor=InvestorFactory(), is_local_above_size=True)
    chains = Chain.objects.filter(pk=chain.pk)
    assert set(figures.weak_links(chains)) == {cell, cathode}

    q1_day = at(2026, 1, 2, 9)
    TargetFactory(link=cell, owner_unit=county.township, contact_stage=ContactStage.CONTACTED, created_at=q1_day)
    TargetFactory(link=cathode, owner_unit=county.township, contact_stage=ContactStage.DROPPED, created_at=q1_day)
    lead = ProjectFactory(introducing_unit=county.township)
    TargetFactory(link=pack, owner_unit=county.township, project=lead, converted_at=at(2026, 2, 1, 9), created_at=q1_day)
    won = dated_project(bureau_user, county.township, {Stage.LEAD: date(2026, 1, 5), Stage.SIGNED: date(2026, 3, 1)})
    TargetFactory(link=pack, owner_unit=county.township, project=won, converted_at=at(2026, 1, 5, 9), created_at=q1_day)
    TargetFactory(link=cell, owner_unit=county.township, created_at=at(2026, 5, 1, 9))

    coverage = figures.weak_link_coverage(chains)
    assert (coverage.numerator, coverage.denominator, str(coverage.value)) == (1, 2, "0.5000")
    conversion = figures.target_conversion(chains, Q1[1])
    assert (conversion.targets, conversion.leads, conversion.signed) == (4, 2, 1)
    assert (str(conversion.to_lead.value), str(conversion.to_signed.value)) == ("0.5000", "0.5000")

    def event(link, old, new, when):
        ChainEvent.objects.create(chain=chain, link=link, old_state=old, new_state=new, at=when, text="")

    event(pack, LinkState.WEAK, LinkState.STRONG, at(2026, 2, 10, 9))
    event(recycling, LinkState.MISSING, LinkState.STRONG, at(2026, 3, 5, 9))
    event(cell, LinkState.MISSING, LinkState.WEAK, at(2026, 2, 1, 9))
    event(pack, LinkState.STRONG, LinkState.WEAK, at(2026, 3, 10, 9))
    event(pack, LinkState.WEAK, LinkState.STRONG, at(2026, 3, 20, 9))
    event(cathode, LinkState.WEAK, LinkState.STRONG, at(2026, 4, 2, 9))
    event(chain.links.get(tier=LinkTier.LEVEL, stream="down"), LinkState.WEAK, LinkState.STRONG, at(2026, 3, 2, 9))
    # The events the actions above wrote today lie outside the quarter.
    assert figures.weak_links_closed(chains, *Q1) == 2


def test_leader_trips_and_meetings(chain, county):
    leader = PersonFactory(name="链长甲", unit=county.root, leader_body="government")
    deputy, other = PersonFactory(name="副链长乙", unit=county.root), PersonFactory(name="他人", unit=county.root)
    chain.leader = leader
    chain.save()
    chain.deputies.add(deputy)
    TripFactory(unit=county.bureau, leaders=[leader], start_date=date(2026, 3, 2))
    TripFactory(unit=county.bureau, leaders=[leader, deputy], start_date=date(2026, 1, 10))
    TripFactory(unit=county.bureau, leaders=[other], start_date=date(2026, 2, 1))
    TripFactory(unit=county.bureau, leaders=[deputy], start_date=date(2026, 4, 1))
    VisitFactory(host_unit=county.bureau, start_date=date(2026, 3, 3)).leaders.add(deputy)
    VisitFactory(host_unit=county.bureau, start_date=date(2025, 12, 31)).leaders.add(leader)
    activity = figures.leader_activity(chain, *Q1)
    assert (activity.trips, activity.meetings) == (2, 1)
