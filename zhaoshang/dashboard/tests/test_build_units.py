"""board.build_units (the warm-up's unit pages from grouped queries,
with the divisions' folded in) store, for each unit or division, exactly the page board.build
computes for it alone — on the hand-worked county
with a suspected duplicate, a voided event, trips and a team's churn added — and a
visitor's board.build then only reads the data versions."""

import pickle

import pytest

from zhaoshang.dashboard import board
from zhaoshang.metrics.periods import Scope, Span
from zhaoshang.metrics.tests.test_freshness import caching  # noqa: F401  (fixture)
from zhaoshang.metrics.tests.test_summaries import divided, messy  # noqa: F401  (fixtures)
from zhaoshang.organisation.models import Division, Unit

from .conftest import AS_OF


@pytest.mark.parametrize("span", [Span.ytd(2026, 10), Span.month(2026, 6)], ids=str)
def test_each_units_stored_page_is_the_page_built_alone(dash, messy, caching, settings, span, django_assert_num_queries):
    units = [dash.township, dash.other_township, dash.department, dash.section]
    board.build_units(units, span, AS_OF)
    stored = {}
    for unit in units:
        with django_assert_num_queries(1):  # the data versions
            stored[unit.pk] = board.build(Scope.for_unit(unit), span, AS_OF, whole=False)
    settings.METRICS_CACHE_SECONDS = 0
    for unit in units:
        alone = board.build(Scope.for_unit(unit), span, AS_OF, whole=False)
        assert stored[unit.pk] == alone
        assert repr(stored[unit.pk]) == repr(alone)
    # The hand-worked towns have a target (the division's default quota): the card is there.
    assert stored[dash.township.pk].completion is not None


@pytest.mark.parametrize("span", [Span.ytd(2026, 10), Span.month(2026, 6)], ids=str)
def test_each_divisions_stored_page_is_the_page_built_alone(dash, divided, caching, settings, span, django_assert_num_queries):
    # 一赛区 holds a 60/40 project and shares two with 二赛区 and 县招商局 (in no
    # division); 三赛区 lies inside 一赛区's town; 四赛区 is empty.
    divisions = list(Division.objects.filter(jurisdiction=dash.root))
    scopes = Scope.for_divisions(divisions)
    units = list(Unit.objects.get_children(dash.root).filter(is_active=True).order_by("path"))
    board.build_units(units, span, AS_OF, divisions, dash.root)
    scopes.append(Scope.for_jurisdiction(dash.root))
    stored, stored_units = {}, {}
    for scope in scopes:
        with django_assert_num_queries(1):  # the data versions
            stored[scope.key] = board.build(scope, span, AS_OF, whole=True)
    for unit in units:
        with django_assert_num_queries(1):
            stored_units[unit.pk] = board.build(Scope.for_unit(unit), span, AS_OF, whole=False)
    settings.METRICS_CACHE_SECONDS = 0
    for scope in scopes:
        alone = board.build(Scope.for_division(Division.objects.get(pk=scope.id)) if scope.kind == "division" else scope, span, AS_OF, whole=True)
        assert stored[scope.key] == alone
        assert repr(stored[scope.key]) == repr(alone)
        # The charts byte for byte (the whole pickle differs in which objects are
        # shared: the cached rankings hold their own copy of the period).
        assert pickle.dumps(stored[scope.key].charts) == pickle.dumps(pickle.loads(pickle.dumps(alone.charts)))
    # The divisions' rankings are on their pages.
    assert stored[scopes[0].key].rankings
    for unit in units:
        assert board.build(Scope.for_unit(unit), span, AS_OF, whole=False) == stored_units[unit.pk]
