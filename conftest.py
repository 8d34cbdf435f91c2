"""Test personas in one place (STYLE.md): a small county with two townships and
one login per role. Permission tests read as one line per persona."""

import threading
import time
from dataclasses import dataclass

import pytest
from django.core.signals import request_finished, request_started
from django.core.servers.basehttp import WSGIServer
from django.test import Client
from django.test.testcases import LiveServerThread

from zhaoshang.accounts.factories import UserFactory, pass_second_factor, user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.organisation.factories import DivisionFactory, PersonFactory, UnitFactory
from zhaoshang.organisation.models import LeaderBody, Unit, UnitKind


class _SerialWSGIServer(WSGIServer):
    """The browser tests' live server on SQLite: one request at a time.

    With an in-memory SQLite database the live server's threads all use the test's
    one connection; two requests at once (a page and the navbar's counts it fetches)
    used it concurrently and hung both on the database. Served in turn, every
    response says `Connection: close` (Django does so for a server without threads)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


def pytest_configure(config):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        LiveServerThread.server_class = _SerialWSGIServer
    request_started.connect(_InFlight.started, dispatch_uid="tests-in-flight")
    request_finished.connect(_InFlight.finished, dispatch_uid="tests-in-flight")


class _InFlight:
    """Requests being served now. A browser test can end while the live server still
    answers something the page asked for (the navbar's counts): on SQLite that
    request holds the test's one connection, and the teardown's flush failed with
    "database table is locked". The teardown waits for it first."""

    count = 0
    lock = threading.Lock()

    # Only the live server's thread: a test client's request runs in the test's own
    # thread, and one that raises never signals its end.
    @classmethod
    def started(cls, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            with cls.lock:
                cls.count += 1

    @classmethod
    def finished(cls, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            with cls.lock:
                cls.count = max(0, cls.count - 1)

    @classmethod
    def wait(cls, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while cls.count > 0 and time.monotonic() < deadline:
            time.sleep(0.02)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    # Before any fixture is finalised (the database flush among them).
    if "live_server" in getattr(item, "fixturenames", ()):
        _InFlight.wait()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is built from the models (`--no-migrations` in pyproject.toml:
    47 migrations took a minute per test process) and given what the data
    migrations seed, through the same functions. core/tests/test_migrations.py
    applies the migrations themselves to an empty database."""
    from django.apps import apps

    from zhaoshang.catalogues.seeding import seed_lists
    from zhaoshang import demo_snapshot
    from zhaoshang.chains.seeding import seed_rules
    from zhaoshang.elements.defaults import seed_templates
    from zhaoshang.timelimits.seeding import seed_calendar, seed_policies

    with django_db_blocker.unblock():
        seed_lists(apps.get_model("catalogues", "Industry"), apps.get_model("catalogues", "SourceRegion"))
        seed_templates(apps.get_model("elements", "StepTemplate"))
        seed_policies(apps.get_model("timelimits", "Policy"))
        seed_calendar(apps.get_model("timelimits", "CalendarDay"))
        seed_rules(apps.get_model("chains", "LinkStateRule"))
        demo_snapshot.remember_seeded()


@pytest.fixture(scope="session", autouse=True)
def _demo_settings(tmp_path_factory):
    """For the whole session, before any module-scoped demo build: uploaded files go
    to a throw-away directory, and the demo county gets a small set of projects
    (the demo tests build it several times; 300 projects each would be slow)."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), DEMO_PROJECT_COUNT=20):
        yield


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    """The demo county for a module's tests, each in its own transaction on top of
    it (zhaoshang/demo_snapshot.py: built once per test process on SQLite). The browser
    tests use core/tests/test_browser.py's committed one instead."""
    from zhaoshang import demo_snapshot

    with demo_snapshot.loaded(django_db_blocker):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Figures are not cached: a test changes data inside one transaction, where the
    # commit that would bump the data version never comes (metrics/tests/test_freshness.py
    # tests the cache with the commit hooks run).
    settings.METRICS_CACHE_SECONDS = 0
    # Nor are scopes across requests: the test's transaction never commits, so a
    # change would not set a new version (accounts/tests/test_scope_cache.py commits).
    settings.SCOPE_CACHE_SECONDS = 0
    # Each test process its own cache: the file cache of settings.py would be shared
    # by the parallel test processes, whose databases number their versions alike.
    # base.html's fragments keep their own per-process cache, as in production (links only).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "template_fragments": settings.CACHES["template_fragments"]}
    # Logins through the form (the browser and demo tests) would stop at enrolling an
    # authenticator; the second factor's own tests turn it on (accounts/tests).
    settings.OTP_REQUIRED = False
    # A fast hasher; the real one is for real passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests don't run collectstatic, so the manifest storage has nothing to read.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class County:
    root: Unit
    bureau: Unit
    township: Unit
    other_township: Unit
    department: Unit


@pytest.fixture
def county(db) -> County:
    root = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
    division = DivisionFactory(name="一赛区", jurisdiction=root, default_quota=60_000_000)
    return County(
        root=root,
        bureau=UnitFactory(parent=root, name="县招商局", kind=UnitKind.BUREAU),
        township=UnitFactory(parent=root, name="城关镇", kind=UnitKind.TOWNSHIP, division=division),
        other_township=UnitFactory(parent=root, name="河口镇", kind=UnitKind.TOWNSHIP, division=division),
        department=UnitFactory(parent=root, name="县经信局", kind=UnitKind.DEPARTMENT),
    )


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def bureau_user(county):
    return user_with_role(Role.BUREAU, county.root, username="bureau")


@pytest.fixture
def reporter(county):
    """A reporter of 城关镇."""
    return user_with_role(Role.REPORTER, county.township, username="reporter")


@pytest.fixture
def other_reporter(county):
    """A reporter of 河口镇, who must never see 城关镇's records."""
    return user_with_role(Role.REPORTER, county.other_township, username="other_reporter")


@pytest.fixture
def unit_head(county):
    return user_with_role(Role.UNIT_HEAD, county.township, username="unit_head")


@pytest.fixture
def leader(county):
    user = user_with_role(Role.LEADER, county.root, username="leader")
    PersonFactory(name="王县长", post="县长", unit=county.root, leader_body=LeaderBody.GOVERNMENT, user=user)
    return user


@pytest.fixture
def client_for(db):
    """client_for(user) → a logged-in test client; client_for(None) → anonymous."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
            pass_second_factor(client)
        return client

    return make
