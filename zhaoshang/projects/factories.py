"""Small factories with arguments (STYLE.md). The factories write rows directly and
are for setting up tests; `project_with_history` goes through the actions, the
way real data arrives, and is what the metric engine's tests want."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from zhaoshang.organisation.factories import UnitFactory

from .models import (
    Category,
    Currency,
    EventKind,
    Evidence,
    EvidenceKind,
    ExchangeRate,
    FundEntry,
    FundKind,
    FundStatus,
    Investor,
    InvestorKind,
    Obstacle,
    ObstacleCategory,
    Project,
    ProjectCredit,
    Stage,
    StageEvent,
)
from .validators import USCC_CHARSET, uscc_check_char

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def pdf_file(name: str = "合同.pdf") -> ContentFile:
    return ContentFile(PDF_BYTES, name=name)


# ---- dated worlds: the metric, circular and campaign tests build projects and funds
# as they stood on past dates (one copy of these builders, not one per conftest).


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def backdate(project: Project) -> Project:
    """Events are recorded "now" by the actions; pretend each was entered on the
    day it happened, so that figures as of a past date see them."""
    for event in StageEvent.objects.filter(project=project):
        StageEvent.objects.filter(pk=event.pk).update(recorded_at=at_noon(event.date))
    return project


def dated_project(user, unit, stages: Mapping[str, date], **data) -> Project:
    """A project walked through `stages` by the actions (project_with_history),
    introduced by `unit`, each event recorded on its own date."""
    return backdate(project_with_history(user, stages, introducing_unit=unit, **data))


def dated_fund(project: Project, day: date, amount: int, verified: date | None = None, *, currency: str = Currency.CNY) -> FundEntry:
    """A fund entry reported on its date and, when `verified` is given, verified then."""
    return FundEntryFactory(
        project=project,
        date=day,
        amount=amount,
        currency=currency,
        status=FundStatus.VERIFIED if verified else FundStatus.REPORTED,
        reported_at=at_noon(day),
        approved_at=at_noon(verified) if verified else None,
        verified_at=at_noon(verified) if verified else None,
    )


def with_evidence(entry: FundEntry) -> FundEntry:
    """The entry with a bank slip attached: what approving and verifying require."""
    EvidenceFactory(project=entry.project, fund_entry=entry)
    return entry


def png_file(name: str = "现场.png") -> ContentFile:
    return ContentFile(PNG_BYTES, name=name)


def make_uscc(n: int) -> str:
    """A valid 统一社会信用代码 built from a number: 9135 (enterprise, Fujian) + digits + check."""
    body = "91350100" + "".join(USCC_CHARSET[(n // 31**i) % 31] for i in range(9))
    return body + uscc_check_char(body)


class InvestorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investor

    name = factory.Sequence(lambda n: f"客商{n}科技有限公司")
    # Far above the small numbers tests pass to make_uscc themselves: the sequence
    # runs on across a worker's tests, and a collision made an investor match.
    uscc = factory.Sequence(lambda n: make_uscc(10**9 + n))
    kind = InvestorKind.PRIVATE
    region = "珠三角"


class ProjectFactory(factory.django.DjangoModelFactory):
    """ProjectFactory(introducing_unit=township, stage=Stage.SIGNED). Writes the row
    and a 100% credit to the introducing unit; no events (use project_with_history
    when the events matter)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"项目{n}")
    investor = factory.SubFactory(InvestorFactory)
    category = Category.INDUSTRY
    total_investment = 50_000_000
    introducing_unit = factory.SubFactory(UnitFactory)
    stage = Stage.LEAD

    @factory.post_generation
    def credits(self, create, extracted, **kwargs):
        if not create:
            return
        for unit, share in extracted or [(self.introducing_unit, 10_000)]:
            ProjectCredit.objects.create(project=self, unit=unit, share_bp=share)


class StageEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageEvent

    project = factory.SubFactory(ProjectFactory)
    kind = EventKind.STAGE
    stage = Stage.LEAD
    date = factory.LazyFunction(timezone.localdate)


class FundEntryFactory(factory.django.DjangoModelFactory):
    """FundEntryFactory(project=p, status=FundStatus.VERIFIED) fills the matching
    workflow timestamps."""

    class Meta:
        model = FundEntry

    project = factory.SubFactory(ProjectFactory)
    date = factory.LazyFunction(timezone.localdate)
    amount = 1_000_000
    kind = FundKind.INVESTMENT
    status = FundStatus.REPORTED
    approved_at = factory.LazyAttribute(lambda o: timezone.now() if o.status in (FundStatus.UNIT_APPROVED, FundStatus.VERIFIED) else None)
    verified_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == FundStatus.VERIFIED else None)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    project = factory.SubFactory(ProjectFactory)
    kind = EvidenceKind.BANK_SLIP
    file = factory.LazyFunction(lambda: pdf_file("进账单.pdf"))
    original_name = "进账单.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class ObstacleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obstacle

    project = factory.SubFactory(ProjectFactory)
    category = ObstacleCategory.LAND_APPROVAL
    description = "用地指标未落实"
    responsible_unit = factory.SelfAttribute("project.introducing_unit")
    deadline = factory.LazyFunction(timezone.localdate)


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate
        django_get_or_create = ("year", "currency")

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    currency = "USD"
    rate = "7.100000"


def project_with_history(
    user,
    stages: Mapping[str, date],
    *,
    contract_amount: int = 100_000_000,
    landing_unit=None,
    credits: Sequence | None = None,
    **data,
) -> Project:
    """Create a project through the actions and walk it through `stages`
    ({Stage.LEAD: d0, Stage.SIGNED: d1, Stage.STARTED: d2}), supplying each gate's
    evidence. The first stage must be lead or negotiating. `data` are project fields;
    introducing_unit is required."""
    from . import actions

    data.setdefault("name", f"项目{Project.objects.count() + 1}")
    data.setdefault("category", Category.INDUSTRY)
    data.setdefault("total_investment", contract_amount)
    ordered = sorted(stages.items(), key=lambda item: Stage(item[0]).order)
    (first, first_date), rest = ordered[0], ordered[1:]
    project = actions.do_create_project(data, credits, user, stage=first, stage_date=first_date)
    reached = Stage(first)
    for stage, day in rest:
        stage = Stage(stage)
        uploads = [
            actions.Upload(EvidenceKind.CONTRACT, pdf_file()),
            actions.Upload(EvidenceKind.SITE_PHOTO, png_file()),
        ]
        skipped = {s: day for s in reached.later_stages() if s.order < stage.order}
        entering = [*skipped, stage]
        actions.do_record_stage(
            project,
            stage,
            day,
            user,
            contract_amount=contract_amount if Stage.SIGNED in entering else None,
            company_uscc=make_uscc(project.pk + 100_000) if Stage.REGISTERED in entering else "",
            landing_unit=landing_unit or project.introducing_unit if Stage.REGISTERED in entering else None,
            evidence=[u for u in uploads if u.kind == EvidenceKind.CONTRACT and Stage.SIGNED in entering]
            + [u for u in uploads if u.kind == EvidenceKind.SITE_PHOTO and Stage.STARTED in entering],
            skipped_dates=skipped,
        )
        reached = stage
    project.refresh_from_db()
    return project


__all__ = [
    "EvidenceFactory",
    "ExchangeRateFactory",
    "FundEntryFactory",
    "InvestorFactory",
    "ObstacleFactory",
    "ProjectFactory",
    "StageEventFactory",
    "UnitFactory",
    "make_uscc",
    "pdf_file",
    "png_file",
    "project_with_history",
]
