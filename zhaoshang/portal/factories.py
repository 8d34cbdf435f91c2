"""Small factories with arguments (STYLE.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from .models import (
    DEFAULT_COLUMNS,
    Band,
    BenefitPolicy,
    Cooperation,
    Disclosure,
    Inquiry,
    PromotedProject,
    Site,
    SiteKind,
)


class DisclosureFactory(factory.django.DjangoModelFactory):
    """DisclosureFactory(period=period): jurisdiction follows the period."""

    class Meta:
        model = Disclosure

    period = None
    jurisdiction = factory.SelfAttribute("period.jurisdiction")
    title = "2026年上半年招商引资任务完成情况"
    as_of = date(2026, 6, 30)
    columns = factory.LazyFunction(lambda: [str(c) for c in DEFAULT_COLUMNS])
    is_published = False


class _ContentFactory(factory.django.DjangoModelFactory):
    """Needs jurisdiction= and owner=; published and fresh unless told otherwise."""

    jurisdiction = None
    owner = None
    is_published = True
    updated_at = factory.LazyFunction(timezone.now)


class PromotedProjectFactory(_ContentFactory):
    """PromotedProjectFactory(jurisdiction=county, owner=user, place=township)."""

    class Meta:
        model = PromotedProject

    name = factory.Sequence(lambda n: f"新能源电池配套项目{n}")
    chain = None
    industry = "电池材料"
    investment_min = 50_000_000
    investment_max = 200_000_000
    cooperation = Cooperation.SOLE
    place = None
    unit = factory.SelfAttribute("place")
    contact = "李科长 0000-1234567"
    summary = "建设电池正极材料生产线"


class BenefitPolicyFactory(_ContentFactory):
    class Meta:
        model = BenefitPolicy

    title = factory.Sequence(lambda n: f"工业企业奖补政策{n}")
    issuer = "县人民政府"
    number = "县政发〔2026〕1号"
    valid_from = date(2026, 1, 1)
    summary = "固定资产投资奖补"
    guide = "向县经信局提交申请表"


class SiteFactory(_ContentFactory):
    class Meta:
        model = Site

    kind = SiteKind.LAND
    name = factory.Sequence(lambda n: f"工业园地块{n}")
    place = None
    area = 30_000
    price_min = 150_000
    price_max = 200_000
    power = 2_000
    longitude = Decimal("113.120000")
    latitude = Decimal("29.350000")


class InquiryFactory(factory.django.DjangoModelFactory):
    """InquiryFactory(unit=township): written directly, without the submit action
    (no routing, matching or clock) — for lists and the funnel."""

    class Meta:
        model = Inquiry

    company = factory.Sequence(lambda n: f"示例新材料有限公司{n}")
    intent = "拟投资建设电池材料生产线"
    industry = "电池材料"
    band = Band.LARGE
    contact_name = "张先生"
    phone = "13800000000"
    consent = True
    unit = None
