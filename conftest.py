"""Shared fixtures: a real SQLite file and a real PostgreSQL database per test.

PostgreSQL comes from $OMNIROUTE_TEST_POSTGRES_URL (an admin URL; `scripts/test` starts a
server and sets it). Each test gets a fresh database, dropped afterwards. Without the
variable the PostgreSQL cases are skipped, unless $OMNIROUTE_REQUIRE_POSTGRES=1 (as in CI),
where they fail instead, so a missing server is never silently green.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

POSTGRES_ENV = "OMNIROUTE_TEST_POSTGRES_URL"


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("OMNIROUTE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"${POSTGRES_ENV} is not set but PostgreSQL tests are required")
        pytest.skip(f"no PostgreSQL server (${POSTGRES_ENV} unset; scripts/test sets it)")
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database file."""
    return f"sqlite:///{tmp_path / 'omniroute.db'}"


@contextmanager
def _fresh_postgres_database() -> Iterator[str]:
    """A new database on the test server (its URL), dropped afterwards."""
    admin = _postgres_admin_url()
    name = f"omniroute_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = admin.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database on the test server, dropped after the test."""
    with _fresh_postgres_database() as url:
        yield url


@pytest.fixture
def second_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another fresh database of `database_url`'s kind (to compare two runs)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    with _fresh_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test that takes this runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))
