"""After a change commits, a background task computes the county's default pages
into the cache (dashboard/tasks.py), so the first visitor does not wait for them.
Expected figures come from the hand-worked table in conftest.py."""

from functools import partial

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhaoshang.dashboard import board
from zhaoshang.dashboard.forms import default_span
from zhaoshang.metrics import freshness
from zhaoshang.metrics.periods import Scope
from zhaoshang.dashboard.tasks import warm_figures
from zhaoshang.organisation.factories import DivisionFactory, UnitFactory
from zhaoshang.organisation.models import Division, Unit

from zhaoshang.metrics.tests.test_freshness import verify_f5


@pytest.fixture
def caching(settings):
    settings.METRICS_CACHE_SECONDS = 600
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    yield
    cache.clear()


def default_page(scope: Scope, *, whole: bool) -> board.Board:
    today = timezone.localdate()
    return board.build(scope, default_span(today).up_to(today), today, whole=whole)


def test_the_pages_are_ready_once_a_change_commits(world, caching, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    with django_capture_on_commit_callbacks(execute=True):
        verify_f5(world)
    # Served from the cache: the one query reads the data versions.
    with django_assert_max_num_queries(1):
        county = default_page(Scope.for_jurisdiction(world.root), whole=True)
    with django_assert_max_num_queries(1):
        township = default_page(Scope.for_unit(world.township), whole=False)
    division = Scope.for_division(world.township.division)
    with django_assert_max_num_queries(1):
        default_page(division, whole=True)
    # …and they are the figures of the data as changed, the same as computed afresh.
    cache.clear()
    assert county.summary.figures == default_page(Scope.for_jurisdiction(world.root), whole=True).summary.figures
    assert township.summary.figures == default_page(Scope.for_unit(world.township), whole=False).summary.figures


def test_a_warm_up_overtaken_by_a_later_change_does_nothing(world, caching, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    root = world.root.path
    before = dict(freshness.versions([root]))
    with django_capture_on_commit_callbacks(execute=True):
        verify_f5(world)
    after = dict(freshness.versions([root]))
    assert after[root] == before[root] + 1
    assert warm_figures.call(root, before[root], before[freshness.EVERYWHERE]) == 0
    # The current version's task computes the county page, one per division and one per unit.
    units = Unit.objects.get_children(world.root).filter(is_active=True).count()
    divisions = Division.objects.filter(jurisdiction=world.root).count()
    assert divisions and warm_figures.call(root, after[root], after[freshness.EVERYWHERE]) == 1 + divisions + units


def test_nothing_is_queued_while_the_cache_is_off(world, settings, django_capture_on_commit_callbacks):
    settings.METRICS_CACHE_SECONDS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        verify_f5(world)
    assert default_task_backend.results == []


def warm_queries(root: str) -> int:
    """The queries of one warm-up of the county at `root`, from an empty cache, at
    the current data versions (so that it computes its pages rather than return)."""
    stamp = dict(freshness.versions([root]))
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        pages = warm_figures.call(root, stamp[root], stamp[freshness.EVERYWHERE])
    assert pages > 0
    return len(captured.captured_queries)


def test_the_unit_pages_take_no_more_queries_with_more_units(world, caching):
    """The units' pages come from grouped queries (board.build_units): three more
    units cost at most one query each (the data versions of the county ranking,
    read from the cache), not a page's worth of queries each."""
    queries = partial(warm_queries, world.root.path)
    before = queries()
    for name in ("新区一", "新区二", "新区三"):
        UnitFactory(parent=world.root, name=name)
    assert queries() <= before + 3


def test_the_division_pages_take_no_more_queries_with_more_divisions(world, caching):
    """The divisions' pages are folded from the units' grouped queries (board.build_units):
    three more divisions cost at most one query each (the data versions of the
    county's rankings, read from the cache), not a page's worth of queries each."""
    queries = partial(warm_queries, world.root.path)
    before = queries()
    for name in ("二赛区", "三赛区", "四赛区"):
        division = DivisionFactory(name=name, jurisdiction=world.root)
        UnitFactory(parent=world.root, name=f"{name}镇", division=division)
    # Their towns are three more units too (one query each at most).
    assert queries() <= before + 3 + 3
