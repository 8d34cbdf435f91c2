"""The demo county for tests, built once per test process.

About twenty test modules need the demo county; building it takes seconds each
time. On SQLite (the in-memory test database) it is built once, copied aside
with SQLite's backup API, and copied back whenever a test or module asks for it:
a copy takes milliseconds. On PostgreSQL every request builds it again, as before.

`loaded()` gives a module the county and takes it away afterwards. The caller
decides what happens to the database after a browser test: pytest-django's
`transactional_db` empties it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.test import override_settings

from zhaoshang import demo

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_copies: dict[str, sqlite3.Connection] = {}


def _on_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _copy_of_database() -> sqlite3.Connection:
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return copy


def _restore(copy: sqlite3.Connection) -> None:
    connection.ensure_connection()
    copy.backup(connection.connection)


def remember_seeded() -> None:
    """Called once the test database holds what the migrations seed: the demo is
    built on that, whatever earlier tests left behind (a browser test empties
    the database, seeded lists included)."""
    if _on_sqlite():
        _copies["seeded"] = _copy_of_database()


def _demo_copy() -> sqlite3.Connection:
    """Builds the county on the seeded database, keeps a copy, and puts the
    database back as it was."""
    if "demo" not in _copies:
        before = _copy_of_database()
        _restore(_copies["seeded"])
        with override_settings(PASSWORD_HASHERS=FAST_HASHER):
            demo.build()
        _copies["demo"] = _copy_of_database()
        _restore(before)
    return _copies["demo"]


def load() -> None:
    """Puts the committed demo county in the database, for a test whose live server
    reads it from another thread (the test is `transactional_db`, which empties the
    database afterwards)."""
    if _on_sqlite():
        _restore(_demo_copy())
    else:
        with override_settings(PASSWORD_HASHERS=FAST_HASHER):
            demo.build()


@contextmanager
def loaded(django_db_blocker) -> Iterator[None]:
    """The demo county for a whole module, gone again when the module ends. Each of
    the module's tests runs in its own transaction on top of it."""
    with django_db_blocker.unblock():
        if _on_sqlite():
            before = _copy_of_database()
            _restore(_demo_copy())
            try:
                yield
            finally:
                _restore(before)
        else:
            with override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
                demo.build()
                yield
                transaction.set_rollback(True)
