"""What the public pages list: filters of promoted projects and sites, and the
policy check. Each takes a form's cleaned data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from zhaoshang.core import money

from . import chains
from .models import Band, BenefitPolicy


def filter_projects(projects: QuerySet, data: dict[str, Any]) -> QuerySet:
    if text := data.get("q"):
        projects = projects.filter(Q(name__icontains=text) | Q(summary__icontains=text))
    projects = chains.in_chain(projects, data.get("chain") or "")
    if industry := data.get("industry"):
        projects = projects.filter(industry__icontains=industry)
    if band := data.get("band"):
        low, high = Band(band).bounds
        # A project's range overlaps the band.
        projects = projects.filter(investment_max__gte=low)
        if high is not None:
            projects = projects.filter(investment_min__lt=high)
    if place := data.get("place"):
        projects = projects.filter(place=place)
    return projects


def filter_sites(sites: QuerySet, data: dict[str, Any]) -> QuerySet:
    if kind := data.get("kind"):
        sites = sites.filter(kind=kind)
    if place := data.get("place"):
        sites = sites.filter(place=place)
    if (area := data.get("min_area")) is not None:
        sites = sites.filter(area__gte=area)
    if (power := data.get("min_power")) is not None:
        sites = sites.filter(power__gte=power)
    if (price := data.get("max_price")) is not None:
        sites = sites.filter(price_min__lte=price)
    return sites


@dataclass(frozen=True)
class Fit:
    policy: BenefitPolicy
    met: list[str]
    unknown: list[str]


def _checks(policy: BenefitPolicy, answers: dict[str, Any]) -> list[tuple[str, bool | None]]:
    """(condition, met) for every condition the policy sets; met is None when the
    investor did not answer the question."""
    checks: list[tuple[str, bool | None]] = []
    industry = (answers.get("industry") or "").strip()
    if policy.industry_list:
        met = None if not industry else any(industry in item or item in industry for item in policy.industry_list)
        checks.append((f"行业：{'、'.join(policy.industry_list)}", met))
    if policy.sizes:
        size = answers.get("size") or ""
        checks.append((f"企业规模：{'、'.join(policy.size_labels)}", None if not size else size in policy.sizes))
    if policy.min_investment is not None:
        wan = answers.get("investment_wan")
        met = None if wan is None else money.parse_wan(wan) >= policy.min_investment
        checks.append((f"投资额不低于{money.format_amount(policy.min_investment)}", met))
    if policy.place_id is not None:
        place = answers.get("place")
        checks.append((f"落地：{policy.place.name}", None if place is None else place.pk == policy.place_id))
    if policy.max_years is not None:
        years = answers.get("years")
        checks.append((f"成立不超过{policy.max_years}年", None if years is None else years <= policy.max_years))
    return checks


def fitting_policies(policies: QuerySet, answers: dict[str, Any]) -> list[Fit]:
    """Policies none of whose conditions the answers contradict; those with every
    condition confirmed come first."""
    fits = []
    for policy in policies.select_related("place"):
        checks = _checks(policy, answers)
        if any(met is False for _label, met in checks):
            continue
        fits.append(Fit(policy, [label for label, met in checks if met], [label for label, met in checks if met is None]))
    return sorted(fits, key=lambda fit: (len(fit.unknown), -len(fit.met)))
