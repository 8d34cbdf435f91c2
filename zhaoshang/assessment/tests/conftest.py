from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.assessment.models import IndicatorKind, Source
from zhaoshang.projects.factories import ProjectFactory, dated_fund

from .factories import IndicatorFactory, SchemeFactory, target

CUT_OFF = date(2026, 6, 30)


@pytest.fixture
def world(county, bureau_user):
    """城关镇: 150万 verified by the cut-off, and 50万 dated before it but verified
    after it; 河口镇: 50万. Both have a target of 100万 for the two ratios."""
    scheme = SchemeFactory(jurisdiction=county.root, created_by=bureau_user, cut_off=CUT_OFF)
    capped = IndicatorFactory(scheme=scheme, name="到位资金（封顶）", weight=Decimal(40), cap=Decimal(48), sort_order=1)
    uncapped = IndicatorFactory(scheme=scheme, name="到位资金（不封顶）", weight=Decimal(20), sort_order=2)
    IndicatorFactory(scheme=scheme, name="到位资金功效", kind=IndicatorKind.EFFICACY, weight=Decimal(20), sort_order=3)
    IndicatorFactory(scheme=scheme, name="弄虚作假", kind=IndicatorKind.VETO, source=Source.FALSIFIED, weight=0, sort_order=4)
    for indicator in (capped, uncapped):
        for unit in (county.township, county.other_township):
            target(indicator, unit, 1_000_000)
    town = ProjectFactory(introducing_unit=county.township, name="城关项目")
    other = ProjectFactory(introducing_unit=county.other_township, name="河口项目")
    on_time = dated_fund(town, date(2026, 3, 1), 1_500_000, verified=date(2026, 3, 5))
    late = dated_fund(town, date(2026, 6, 10), 500_000, verified=date(2026, 7, 10))
    dated_fund(other, date(2026, 4, 1), 500_000, verified=date(2026, 4, 2))
    return {"scheme": scheme, "town": town, "other": other, "on_time": on_time, "late": late, "county": county}
