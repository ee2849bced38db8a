"""Engines and schema migrations for SQLite (embedded default) and PostgreSQL.

SQLite runs in WAL mode and every transaction starts with ``BEGIN IMMEDIATE``, so that
writers queue on the database lock instead of failing half-way with "database is locked".
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError

from inventory.errors import InvalidInput

DEFAULT_DATABASE_URL = "sqlite:///omniroute.db"
DATABASE_URL_ENV = "OMNIROUTE_DATABASE_URL"
READ_ONLY_OPTION = "omniroute_read_only"


def database_url_from_env(explicit: str | None = None) -> str:
    """The database URL: `explicit`, else $OMNIROUTE_DATABASE_URL, else the SQLite default."""
    return explicit or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def create_database_engine(url: str, *, pool_size: int = 8) -> Engine:
    """Create an engine for `url` (``sqlite:///path`` or ``postgresql://...``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, pool_size=pool_size, max_overflow=pool_size)
        _ping_when_idle(engine)
        return engine
    raise InvalidInput(f"unsupported database URL {url!r}: use sqlite:///FILE or postgresql://...")


#: A pooled PostgreSQL connection idle longer than this is pinged before it is handed out.
IDLE_PING_S = 5.0


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection before use only when it sat idle for `IDLE_PING_S`.

    `pool_pre_ping` pinged on every checkout: a round trip and ~0.1 ms of CPU, twice per
    RouteOrder. A connection in steady use is proven by its last statement; one idle for
    a while (the server may have restarted, a proxy dropped it) is pinged, and replaced if
    the ping fails. A connection that breaks while in use fails its statement, and
    SQLAlchemy then invalidates the pool, as without a pre-ping.
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_S:
            return
        try:
            # The dialect's ping leaves no transaction open (autocommit as it was).
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            # The pool drops this connection and checks out another (a new one if need be).
            raise DisconnectionError("an idle pooled connection failed its ping") from exc


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.database in (None, "", ":memory:"):
        raise InvalidInput("an in-memory SQLite database cannot be shared; give a file path")
    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the lock up front; readers (see `reader`) read a WAL snapshot.
        # On the DBAPI connection: a Core statement here cost more than the BEGIN itself.
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.connection.driver_connection.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def reader(engine: Engine) -> Engine:
    """The same engine, for read-only work (on SQLite it does not take the write lock).

    On PostgreSQL reads run in autocommit: under READ COMMITTED every statement has its own
    snapshot anyway, and a read then costs one round trip instead of BEGIN, query, ROLLBACK.
    """
    if engine.dialect.name == "postgresql":
        return engine.execution_options(**{READ_ONLY_OPTION: True}, isolation_level="AUTOCOMMIT")
    return engine.execution_options(**{READ_ONLY_OPTION: True})


#: SQLSTATEs of a transaction the server aborted to break a lock cycle or a serialization
#: conflict: nothing was written, and trying again is the remedy.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def is_lock_conflict(error: BaseException) -> bool:
    """Whether `error` is a deadlock or serialization failure (PostgreSQL), which rolled the
    transaction back and may simply be retried."""
    original = getattr(error, "orig", None)
    return isinstance(error, DBAPIError) and (
        getattr(original, "sqlstate", None) in RETRYABLE_SQLSTATES
    )


def is_sqlite(engine: Engine) -> bool:
    """Whether `engine` talks to SQLite."""
    return engine.dialect.name == "sqlite"


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` with Alembic (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
