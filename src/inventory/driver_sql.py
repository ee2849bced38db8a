"""Hot-path statements run on the DBAPI cursor of a Core connection.

A Core statement costs 100-200 µs of Python (cache key, execution context, result
wrapping) before the database sees it; a reservation runs five or six. The statements
here are plain SQL strings in the driver's parameter style, run (rows inserted by one
multi-row statement) on the cursor of the very connection, and so in the very transaction,
that Core opened. Driver errors are translated to SQLAlchemy's exception classes, as Core would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date, datetime
from typing import Any

import psycopg
from sqlalchemy import Connection, Date
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from inventory.schema import UtcDateTime

#: Rows per multi-row INSERT (8 columns: well under SQLite's 32,766 parameters).
ROWS_PER_INSERT = 1000


class DriverSql:
    """The hot-path SQL of one dialect: SQLite (qmark) or PostgreSQL via psycopg (format)."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        #: PostgreSQL pipelines the reservation's statements: they take one round trip.
        self.pipelined = dialect.name == "postgresql"
        p = "?" if dialect.name == "sqlite" else "%s"
        bind = UtcDateTime().bind_processor(dialect)
        self._timestamp: Callable[[datetime | None], Any] = bind or (lambda value: value)
        self._day: Callable[[date | None], Any] = Date().bind_processor(dialect) or (
            lambda value: value
        )
        self.insert_reservation = (
            "INSERT INTO reservations (id, idempotency_key, request_hash, status, order_ref,"
            f" created_at, updated_at, expires_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})"
            " RETURNING pk"
        )
        # Conditional: a line holds only what is available now; it never oversells.
        self.hold = (
            f"UPDATE stock SET reserved = reserved + {p} WHERE sku_pk = {p} AND location_pk = {p}"
            f" AND on_hand - reserved - safety_stock >= {p}"
        )
        self.available = (
            "SELECT on_hand - reserved - safety_stock FROM stock"
            f" WHERE sku_pk = {p} AND location_pk = {p}"
        )
        # Conditional too: the units count on the location's dispatch capacity of the day
        # (0 = no cap); the first of the day inserts the counter, the others add to it.
        self.hold_capacity = (
            "INSERT INTO dispatch_capacity (location_pk, dispatch_on, used)"
            f" SELECT pk, {p}, {p} FROM locations WHERE pk = {p}"
            f" AND (daily_capacity = 0 OR daily_capacity >= {p})"
            " ON CONFLICT (location_pk, dispatch_on) DO UPDATE"
            " SET used = dispatch_capacity.used + excluded.used"
            " WHERE EXISTS (SELECT 1 FROM locations WHERE locations.pk = excluded.location_pk"
            " AND (locations.daily_capacity = 0"
            " OR dispatch_capacity.used + excluded.used <= locations.daily_capacity))"
        )
        self.capacity_left = (
            "SELECT daily_capacity - coalesce((SELECT used FROM dispatch_capacity"
            f" WHERE location_pk = {p} AND dispatch_on = {p}), 0) FROM locations WHERE pk = {p}"
        )
        self._order_snapshots: dict[int, str] = {}
        # Row inserts: (the statement up to VALUES, one row's tuple), see `insert_rows`.
        self.insert_lines = (
            "INSERT INTO reservation_lines (reservation_pk, line_no, location_pk, sku_pk, qty,"
            " shipped_qty, released_qty, dispatch_on) VALUES",
            f"({p}, {p}, {p}, {p}, {p}, 0, 0, {p})",
        )
        self.insert_ledger = (
            "INSERT INTO stock_ledger (recorded_at, location_pk, sku_pk, kind, on_hand_delta,"
            " reserved_delta, reservation_pk, reference) VALUES",
            f"({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})",
        )
        self.insert_events = (
            "INSERT INTO reservation_events (reservation_pk, status, recorded_at) VALUES",
            f"({p}, {p}, {p})",
        )
        # A batch of reservations: their rows at once, pks told by id (not by row order).
        self.insert_reservations = (
            "INSERT INTO reservations (id, idempotency_key, request_hash, status, order_ref,"
            " created_at, updated_at, expires_at) VALUES",
            f"({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})",
            " RETURNING id, pk",
        )
        self.insert_orders = (
            "INSERT INTO orders (id, idempotency_key, request_hash, status, record, created_at,"
            " updated_at) VALUES",
            f"({p}, {p}, {p}, {p}, {p}, {p}, {p})",
        )
        # The holds of a batch: one statement for every (location, SKU) row, with the total
        # the batch takes; its count is the number of rows that had that many available.
        # (SQLite: a statement that starts with WITH has no count; its VALUES name columns
        # column1, column2, ...)
        if dialect.name == "sqlite":
            integer, day = "?", "?"
            totals = "(SELECT column1 AS {}, column2 AS {}, column3 AS {} FROM (VALUES", ")) AS v"
        else:
            integer, day = "%s::integer", "%s::date"
            totals = "(VALUES", ") AS v ({}, {}, {})"
        stock_totals = [part.format("location_pk", "sku_pk", "qty") for part in totals]
        self.hold_totals = (
            f"UPDATE stock SET reserved = stock.reserved + v.qty FROM {stock_totals[0]}",
            f"({integer}, {integer}, {integer})",
            f"{stock_totals[1]} WHERE stock.location_pk = v.location_pk"
            " AND stock.sku_pk = v.sku_pk"
            " AND stock.on_hand - stock.reserved - stock.safety_stock >= v.qty",
        )
        # ... and one for every (location, day) counter, as `hold_capacity` does for one.
        day_totals = [part.format("location_pk", "dispatch_on", "units") for part in totals]
        self.hold_capacity_totals = (
            "INSERT INTO dispatch_capacity (location_pk, dispatch_on, used)"
            f" SELECT locations.pk, v.dispatch_on, v.units FROM {day_totals[0]}",
            f"({integer}, {day}, {integer})",
            f"{day_totals[1]} JOIN locations ON locations.pk = v.location_pk"
            " WHERE locations.daily_capacity = 0 OR locations.daily_capacity >= v.units"
            " ON CONFLICT (location_pk, dispatch_on) DO UPDATE"
            " SET used = dispatch_capacity.used + excluded.used"
            " WHERE EXISTS (SELECT 1 FROM locations WHERE locations.pk = excluded.location_pk"
            " AND (locations.daily_capacity = 0"
            " OR dispatch_capacity.used + excluded.used <= locations.daily_capacity))",
        )
        self._many: dict[tuple[str, int], str] = {}
        self.param = p

    def timestamp(self, value: datetime | None) -> Any:
        """`value` as the driver takes it for a `UtcDateTime` column (UTC, SQLite: text)."""
        return self._timestamp(value)

    def insert_rows(
        self, cursor: Any, statement: tuple[str, ...], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert `rows` with one multi-row statement (per 1,000 rows): on PostgreSQL's
        pipeline `executemany` costs the driver several Python steps per row. `statement`
        is (the text up to VALUES, one row's tuple[, what follows the rows])."""
        for start in range(0, len(rows), ROWS_PER_INSERT):
            self.close(
                cursor, self.run_rows(cursor, statement, rows[start : start + ROWS_PER_INSERT])
            )

    def insert_returning(
        self, cursor: Any, statement: tuple[str, str, str], rows: Sequence[Sequence[Any]]
    ) -> list[Any]:
        """As `insert_rows`, for a statement that returns rows: all of them (in no set order)."""
        returned: list[Any] = []
        for start in range(0, len(rows), ROWS_PER_INSERT):
            ran = self.run_rows(cursor, statement, rows[start : start + ROWS_PER_INSERT])
            returned.extend(ran.fetchall())
            self.close(cursor, ran)
        return returned

    def run_rows(
        self, cursor: Any, statement: tuple[str, ...], rows: Sequence[Sequence[Any]]
    ) -> Any:
        """Run `statement` (see `insert_rows`) for `rows`, all in one, and return the cursor
        that ran it (for its count or its rows; then `close` it). SQLite: `cursor`.
        PostgreSQL: a cursor of its own that takes numbered parameters as they are: psycopg
        parses a statement of more than 50 parameters anew on every run, which costs more
        than the statement."""
        values = [value for row in rows for value in row]
        if not self.pipelined:
            return cursor.execute(self.many(statement, len(rows)), values)
        own = psycopg.RawCursor(cursor.connection)
        own.execute(self.many(statement, len(rows)), values)
        return own

    @staticmethod
    def close(cursor: Any, ran: Any) -> None:
        """Close the cursor `run_rows` ran a statement on, unless it is the caller's."""
        if ran is not cursor:
            ran.close()

    def many(self, statement: tuple[str, ...], rows: int) -> str:
        """The text of `statement` (see `insert_rows`) for `rows` rows (built once;
        PostgreSQL: with numbered parameters, for `run_rows`)."""
        text = self._many.get((statement[0], rows))
        if text is None:
            values = ", ".join([statement[1]] * rows)
            text = f"{statement[0]} {values}{''.join(statement[2:])}"
            if self.pipelined:
                parts = text.split("%s")
                text = parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], 1))
            self._many[(statement[0], rows)] = text
        return text

    def order_snapshot(self, skus: int) -> str:
        """What routing an order reads, as rows of three integers: (-1, -1, network
        version); (location, SKU, available) for the `skus` SKU keys given; (location, -2,
        units) counted on the first day given and (location, -3, units) on the second.
        Three columns and no more: on SQLite each value fetched costs about as much as the
        query's own work per row."""
        found = self._order_snapshots.get(skus)
        if found is None:
            p = self.param
            found = self._order_snapshots[skus] = (
                "SELECT -1, -1, version FROM network_version"
                " UNION ALL SELECT location_pk, sku_pk, on_hand - reserved - safety_stock"
                f" FROM stock WHERE sku_pk IN ({self.placeholders(skus)})"
                " UNION ALL SELECT location_pk, -2, used FROM dispatch_capacity"
                f" WHERE dispatch_on = {p}"
                " UNION ALL SELECT location_pk, -3, used FROM dispatch_capacity"
                f" WHERE dispatch_on = {p}"
            )
        return found

    def day(self, value: date | None) -> Any:
        """`value` as the driver takes it for a `Date` column (SQLite: ISO text)."""
        return self._day(value)

    def batch(self, conn: Connection) -> AbstractContextManager[Any]:
        """PostgreSQL: a pipeline (yielded; its `sync()` sends what is queued and takes the
        results); SQLite: nothing, None (no round trips to save)."""
        if not self.pipelined:
            return nullcontext()
        driver: Any = conn.connection.driver_connection
        pipeline: AbstractContextManager[Any] = driver.pipeline()
        return pipeline

    def placeholders(self, count: int) -> str:
        """`count` comma-separated parameter markers, for ``IN (...)``."""
        return ", ".join([self.param] * count)


_BY_DIALECT: dict[int, DriverSql] = {}


def driver_sql(conn: Connection) -> DriverSql:
    """The hot-path SQL for `conn`'s dialect (built once per dialect)."""
    key = id(conn.dialect)
    found = _BY_DIALECT.get(key)
    if found is None or found.dialect is not conn.dialect:
        found = _BY_DIALECT[key] = DriverSql(conn.dialect)
    return found


@contextmanager
def driver_cursor(conn: Connection) -> Iterator[Any]:
    """A cursor of `conn`'s DBAPI connection (inside its transaction); driver errors come
    out as SQLAlchemy's (`IntegrityError`, `OperationalError`, ...)."""
    dbapi = conn.dialect.loaded_dbapi
    driver: Any = conn.connection.driver_connection
    cursor = driver.cursor()
    try:
        yield cursor
    except dbapi.Error as exc:
        raise DBAPIError.instance(
            "(driver statement)", None, exc, dbapi.Error, dialect=conn.dialect
        ) from exc
    finally:
        cursor.close()


class SavepointError(RuntimeError):
    """A savepoint statement itself failed: the enclosing transaction cannot go on."""


@contextmanager
def savepoint(conn: Connection, name: str) -> Iterator[None]:
    """A savepoint inside `conn`'s transaction, on the driver's connection (Core's
    `begin_nested` costs more than the statements it guards): what the block wrote is
    rolled back if it raises. `name` must be a plain identifier. If a savepoint statement
    fails, `SavepointError` says so (the transaction must then be rolled back whole)."""
    if not name.isidentifier():
        raise ValueError(f"not a savepoint name: {name!r}")
    _savepoint_statement(conn, f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        _savepoint_statement(conn, f"ROLLBACK TO SAVEPOINT {name}")
        raise
    _savepoint_statement(conn, f"RELEASE SAVEPOINT {name}")


def _savepoint_statement(conn: Connection, statement: str) -> None:
    try:
        with driver_cursor(conn) as cursor:
            cursor.execute(statement)
    except Exception as exc:
        raise SavepointError(f"{statement} failed: {exc}") from exc
