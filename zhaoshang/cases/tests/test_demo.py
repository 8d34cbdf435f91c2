"""The demo county's cases: every state, the figures non-empty, 待办 filled."""

import pytest
from django.utils import timezone

from zhaoshang.metrics import case_figures as figures
from zhaoshang.cases.models import Case, CaseStatus
from zhaoshang import demo
from zhaoshang.organisation.models import Unit
from zhaoshang.timelimits.models import Clock

pytestmark = pytest.mark.django_db


def test_the_demo_has_cases_in_every_state(demo_county):
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert Case.objects.filter(reopened=True).exists() and Case.objects.filter(foreign=True).exists()
    assert Case.objects.filter(visits__is_default=True).exists()
    assert Clock.objects.filter(paused_at__isnull=False).exists()


def test_the_demo_figures_have_something_to_count(demo_county):
    result = figures.for_county(Unit.objects.get(depth=1, name=demo.COUNTY_NAME), timezone.localdate())
    assert result.due_for_response and result.closed and result.rated and result.default_ratings
    assert result.score() is not None
