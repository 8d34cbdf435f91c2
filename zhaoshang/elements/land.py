"""Land efficiency (亩均效益, docs/domain.md §13): thresholds per park and industry
(defaults 300万元/亩 investment, 25万元/亩·年 tax), the review at signing (通过 /
有条件通过 / 暂缓, with veto items), and the review when the agreed production date
arrives, whose shortfall becomes a to-do of the project's unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from zhaoshang.core.history import save_with_history
from zhaoshang.projects.models import Project

from . import access
from .models import LandReview, LandThreshold, ReviewKind, ReviewResult

DEFAULT_INVESTMENT_PER_MU = 3_000_000  # 元/亩
DEFAULT_TAX_PER_MU_YEAR = 250_000  # 元/亩·年
# Below the threshold but within this share of it: 有条件通过 (conditions in the note).
CONDITIONAL_SHARE = Decimal("0.8")


@dataclass(frozen=True)
class Threshold:
    investment_per_mu: int
    tax_per_mu_year: int
    source: str


def threshold_for(project: Project) -> Threshold:
    """The most specific row: the landing park and the project's industry, then the
    park alone, then the industry alone; else the defaults."""
    park = project.landing_unit_id
    rows = LandThreshold.objects.filter(park_id__in=[park, None] if park else [None], industry__in=[project.industry, ""])
    best = sorted(rows, key=lambda row: (row.park_id is None, row.industry == ""))
    if best:
        row = best[0]
        return Threshold(row.investment_per_mu, row.tax_per_mu_year, str(row))
    return Threshold(DEFAULT_INVESTMENT_PER_MU, DEFAULT_TAX_PER_MU_YEAR, "默认标准")


def judge(area_mu: Decimal, investment: int, tax_per_year: int, threshold: Threshold, veto: str) -> ReviewResult:
    if area_mu <= 0:
        raise ValidationError({"area_mu": "用地面积须大于0"})
    if veto.strip():
        return ReviewResult.DEFER
    shares = [
        Decimal(investment) / area_mu / threshold.investment_per_mu,
        Decimal(tax_per_year) / area_mu / threshold.tax_per_mu_year,
    ]
    if all(share >= 1 for share in shares):
        return ReviewResult.PASS
    if all(share >= CONDITIONAL_SHARE for share in shares):
        return ReviewResult.CONDITIONAL
    return ReviewResult.DEFER


def _save(review: LandReview, user: User) -> None:
    review.full_clean(exclude=["project"])
    save_with_history(review, user)


@transaction.atomic
def do_review_land_at_signing(
    project: Project, user: User, *, area_mu: Decimal, investment: int, tax_per_year: int, veto: str = "", note: str = ""
) -> LandReview:
    """The promises of the contract against the thresholds; a veto item (高污染、高耗能、
    不符合产业政策…) defers the project whatever its figures."""
    if not access.can_plan_steps(user, project):
        raise PermissionDenied
    threshold = threshold_for(project)
    review = LandReview(
        project=project,
        kind=ReviewKind.SIGNING,
        area_mu=area_mu,
        investment=investment,
        tax_per_year=tax_per_year,
        veto=veto.strip(),
        note=note.strip(),
        reviewed_by=user,
        result=judge(area_mu, investment, tax_per_year, threshold, veto),
        investment_threshold=threshold.investment_per_mu,
        tax_threshold=threshold.tax_per_mu_year,
    )
    _save(review, user)
    return review


@transaction.atomic
def do_review_land_at_production(project: Project, user: User, *, investment: int, tax_per_year: int, note: str = "") -> LandReview:
    """Actual against promised (the signing review's figures on the same area); a
    shortfall stays on the unit's 待办 until a later review closes it."""
    if not access.can_plan_steps(user, project):
        raise PermissionDenied
    signing = project.land_reviews.filter(kind=ReviewKind.SIGNING).order_by("-reviewed_at", "-id").first()
    if signing is None:
        raise ValidationError("该项目没有签约时的亩均效益评估，无法对比承诺值")
    shortfall = investment < signing.investment or tax_per_year < signing.tax_per_year
    review = LandReview(
        project=project,
        kind=ReviewKind.PRODUCTION,
        area_mu=signing.area_mu,
        investment=investment,
        tax_per_year=tax_per_year,
        note=note.strip(),
        reviewed_by=user,
        result=ReviewResult.SHORTFALL if shortfall else ReviewResult.PASS,
        investment_threshold=signing.investment,
        tax_threshold=signing.tax_per_year,
    )
    _save(review, user)
    return review


def production_reviews_due(projects: QuerySet[Project], today: date) -> QuerySet[Project]:
    """Reviewed at signing, agreed production date arrived, no production review yet."""
    reviews = LandReview.objects.filter(project=OuterRef("pk"))
    return projects.filter(
        Exists(reviews.filter(kind=ReviewKind.SIGNING)),
        planned_producing_on__lte=today,
    ).exclude(Exists(reviews.filter(kind=ReviewKind.PRODUCTION)))


def shortfalls(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Whose latest production review fell short of the promise."""
    latest = LandReview.objects.filter(project=OuterRef("pk"), kind=ReviewKind.PRODUCTION).order_by("-reviewed_at", "-id")
    return projects.annotate(latest_production=Subquery(latest.values("result")[:1])).filter(latest_production=ReviewResult.SHORTFALL)
