"""Fixtures for the projects tests; the personas come from the root conftest."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zhaoshang.projects.factories import InvestorFactory, ProjectFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded evidence goes to a throw-away directory, never the real var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _tasks_at_once(settings):
    # The import's preview and confirm tasks run in the test's own process, once
    # the request's transaction commits (the tests capture on_commit callbacks).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def days_ago(today):
    return lambda n: today - timedelta(days=n)


@pytest.fixture
def investor(db):
    return InvestorFactory(name="深圳新能科技有限公司")


@pytest.fixture
def project(county, investor):
    """城关镇's project: what `reporter` and `unit_head` own."""
    return ProjectFactory(name="新能电池生产基地", investor=investor, introducing_unit=county.township)


@pytest.fixture
def other_project(county):
    """河口镇's project: `reporter` must not see it."""
    return ProjectFactory(name="河口物流园", introducing_unit=county.other_township)
