"""Chain figures (docs/domain.md §12), each a rate with its numerator and
denominator like the metrics engine's Ratio, over a county's chains (or one chain)
and a period [start, end]: the share of new signed projects that are on a chain,
the target coverage of weak links, target → lead → signing conversion, weak links
closed, and the chain leaders' trips and meetings. The dashboard, the chain pages
and the quarterly report read these functions, not copies of the rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from zhaoshang.activities.models import Trip, Visit
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import Project, Stage, reached

from .models import Attachment, Chain, ChainEvent, ContactStage, Link, LinkState, LinkTier, TargetCompany

RATE_PLACES = Decimal("0.0001")
WEAK_STATES = (LinkState.MISSING, LinkState.WEAK)


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) / Decimal(self.denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Conversion:
    targets: int
    leads: int
    signed: int

    @property
    def to_lead(self) -> Ratio:
        return Ratio(self.leads, self.targets)

    @property
    def to_signed(self) -> Ratio:
        return Ratio(self.signed, self.leads)


@dataclass(frozen=True)
class LeaderActivity:
    trips: int
    meetings: int


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def county_projects(county: Unit) -> QuerySet[Project]:
    return Project.objects.counted().filter(introducing_unit__path__startswith=county.path)


def signed_share(county: Unit, start: date, end: date, chains: QuerySet[Chain] | None = None) -> Ratio:
    """新签约项目中产业链项目占比: of the county's projects formally signed in the
    period, those attached to a link of one of `chains` (default: every chain of
    the county)."""
    chains = Chain.objects.filter(county=county) if chains is None else chains
    signed = county_projects(county).signed_between(start, end)
    on_chain = signed.filter(Exists(Attachment.objects.filter(project=OuterRef("pk"), link__chain__in=chains)))
    return Ratio(on_chain.count(), signed.count())


def weak_links(chains: QuerySet[Chain]) -> QuerySet[Link]:
    """The segments and products that are 缺失 or 薄弱 (overrides respected)."""
    links = Link.objects.filter(chain__in=chains, tier__in=(LinkTier.SEGMENT, LinkTier.PRODUCT))
    overridden = links.exclude(override_state="")
    return links.filter(override_state="", rule_state__in=WEAK_STATES) | overridden.filter(override_state__in=WEAK_STATES)


def weak_link_coverage(chains: QuerySet[Chain]) -> Ratio:
    """薄弱环节目标企业覆盖率: weak links with at least one target company still
    being worked (not dropped), over all weak links."""
    weak = weak_links(chains)
    live = TargetCompany.objects.filter(link=OuterRef("pk")).exclude(contact_stage=ContactStage.DROPPED)
    return Ratio(weak.filter(Exists(live)).count(), weak.count())


def target_conversion(chains: QuerySet[Chain], end: date) -> Conversion:
    """目标企业 → 线索 → 签约, as it stood at the end of `end`: targets recorded by
    then, those converted to a lead by then, and of these the leads formally signed
    by then."""
    targets = TargetCompany.objects.filter(link__chain__in=chains, created_at__lte=_end_of(end))
    leads = targets.filter(project__isnull=False, converted_at__lte=_end_of(end))
    signed = leads.filter(reached(Stage.SIGNED, end, project="project"))
    return Conversion(targets.count(), leads.count(), signed.count())


def weak_links_closed(chains: QuerySet[Chain], start: date, end: date) -> int:
    """补链: links that went from 缺失/薄弱 to 较强 in the period (each link once)."""
    events = ChainEvent.objects.filter(
        chain__in=chains,
        at__gte=_start_of(start),
        at__lte=_end_of(end),
        old_state__in=WEAK_STATES,
        new_state=LinkState.STRONG,
        link__tier__in=(LinkTier.SEGMENT, LinkTier.PRODUCT),
    )
    return events.values("link").distinct().count()


def leader_activity(chain: Chain, start: date, end: date) -> LeaderActivity:
    """链长、副链长 外出招商 (trips they led) and 会见客商 (visits they accompanied)
    that began in the period."""
    people = [person.pk for person in chain.leader_persons()]
    trips = Trip.objects.started_between(start, end).filter(leaders__in=people).distinct().count()
    meetings = Visit.objects.started_between(start, end).filter(leaders__in=people).distinct().count()
    return LeaderActivity(trips, meetings)
