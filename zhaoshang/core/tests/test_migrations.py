"""The migrations themselves, applied to an empty database as `make run` and an
upgrade apply them (the rest of the suite builds its database from the models and
seeds it through the same functions; conftest.py), on SQLite and on PostgreSQL."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from zhaoshang.catalogues.models import Industry
from zhaoshang.elements.models import StepTemplate
from zhaoshang.timelimits.models import CalendarDay, Policy

ROOT = Path(__file__).resolve().parents[3]
COUNTS = (
    "from zhaoshang.catalogues.models import Industry; from zhaoshang.elements.models import StepTemplate; "
    "from zhaoshang.timelimits.models import CalendarDay, Policy; "
    "print(Industry.objects.count(), StepTemplate.objects.count(), Policy.objects.count(), CalendarDay.objects.count())"
)


def _postgres(command: str) -> None:
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres", autocommit=True) as server:
        server.execute(command)


@pytest.fixture
def empty_database(tmp_path):
    """The DATABASE_URL of an empty database of the suite's engine."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"migrations_{uuid.uuid4().hex[:12]}"
    _postgres(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    finally:
        _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_the_migrations_build_the_schema_and_seed_what_the_suite_seeds(empty_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": empty_database, "ZHAOSHANG_VAR_DIR": str(tmp_path)}

    def manage(*args: str) -> str:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--noinput", "--verbosity", "0")
    seeded = [Industry.objects.count(), StepTemplate.objects.count(), Policy.objects.count(), CalendarDay.objects.count()]
    assert all(seeded)
    assert manage("shell", "--no-imports", "-c", COUNTS).split() == [str(n) for n in seeded]
