"""Reservations: hold units at many locations in one transaction, never more than exist.

Every line is a conditional update (``... WHERE on_hand - reserved - safety_stock >= qty``)
taken in one fixed order, (location, SKU), so concurrent reservations cannot deadlock and
cannot promise the same unit twice; the first line that fails rolls the whole request back.
Lines with a `dispatch_on` day then count on their location's dispatch capacity of that
day, by a conditional upsert of the (location, day) counter taken in (location, day)
order, after every stock row: the same lock order in every transaction, and no day's
capacity is ever passed.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from inventory import schema
from inventory.catalog import Catalog
from inventory.domain import (
    MovementKind,
    Reservation,
    ReservationLine,
    ReservationStatus,
    require_id,
    require_utc,
)
from inventory.driver_sql import DriverSql, driver_cursor, driver_sql
from inventory.errors import (
    DuplicateId,
    IdempotencyConflict,
    InsufficientStock,
    InvalidInput,
    NoDispatchCapacity,
)
from inventory.reservation_store import load_reservation


@dataclass(frozen=True)
class Reserve:
    """Command: hold these lines, all or none."""

    lines: tuple[ReservationLine, ...]
    idempotency_key: str | None = None
    expires_at: datetime | None = None
    order_ref: str = ""
    commit: bool = False
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        if not self.lines:
            raise InvalidInput("a reservation needs at least one line")
        keys = [(line.location_id, line.sku_id) for line in self.lines]
        if len(set(keys)) != len(keys):
            first = next(k for k in keys if keys.count(k) > 1)
            raise DuplicateId(f"SKU {first[1]!r} at location {first[0]!r} appears on two lines")
        if self.idempotency_key is not None:
            require_id(self.idempotency_key[:64], "idempotency key")
        require_utc(self.created_at, "reservation time")
        if (
            self.expires_at is not None
            and require_utc(self.expires_at, "expiry") <= self.created_at
        ):
            raise InvalidInput("a reservation's expiry must lie in the future")
        if self.commit and self.expires_at is not None:
            raise InvalidInput("a committed reservation does not expire; drop expires_at")

    def fingerprint(self) -> str:
        """A hash of what is asked for, to tell a retry from a different request."""
        parts = sorted(f"{ln.location_id}\x1f{ln.sku_id}\x1f{ln.qty}" for ln in self.lines)
        text = "\x1e".join([*parts, self.order_ref, str(self.commit)])
        return hashlib.sha256(text.encode()).hexdigest()


def reserve(conn: Connection, catalog: Catalog, command: Reserve) -> tuple[Reservation, bool]:
    """Hold every line of `command` or raise and change nothing (run in a transaction).

    Returns the new reservation and True. An idempotency key used before is not looked up
    first: the reservation row's unique index refuses it (`IntegrityError`, the transaction
    is void) and `StockModel.reserve` answers with the first reservation
    (`retry_after_conflict`). The bool stays for callers that tell the two apart.
    """
    sql = driver_sql(conn)
    rows = _ReservationRows.of(conn, catalog, command, sql)
    # PostgreSQL: one pipeline. The transaction's start and the reservation row take a round
    # trip; the holds and every row after them take one more (when the block ends), and a
    # short line is told from the holds' counts then (raising keeps nothing).
    with driver_cursor(conn) as cursor, sql.batch(conn):
        # The reservation row goes first: a concurrent retry with the same key waits on its
        # unique index here, before either touches stock.
        cursor.execute(sql.insert_reservation, rows.values)
        pk = cursor.fetchone()[0]
        check_holds = _hold_all(conn, cursor, sql, rows.keyed)
        _insert_rows_of(cursor, sql, [(pk, rows)])
    check_holds()
    return rows.reservation, True


def reserve_many(
    conn: Connection,
    catalog: Catalog,
    commands: Sequence[Reserve],
    also: Callable[[Connection, list[Reservation]], None] | None = None,
) -> list[Reservation]:
    """Hold every line of every command, all or none, in a constant number of statements:
    one conditional update for the total each (location, SKU) row gives, one conditional
    upsert for the total each (location, day) counter counts, then every reservation's rows
    by multi-row inserts. Writes the very rows `reserve` writes for each command in turn
    (every ledger row and event of each), and returns the reservations in `commands`' order;
    `also(conn, reservations)` runs last (PostgreSQL: in the same pipeline).

    Raises `InsufficientStock` (naming no line) when any total is short, and
    `IntegrityError` when a reservation's id or key is taken: what was written must then
    be rolled back (a savepoint), and the commands taken one at a time tell which failed.
    The rows are updated in no set order: on PostgreSQL, lock them first (`lock_in_order`).
    """
    sql = driver_sql(conn)
    prepared = [_ReservationRows.of(conn, catalog, command, sql) for command in commands]
    units: dict[tuple[int, int], int] = defaultdict(int)
    dispatched: dict[tuple[int, date], int] = defaultdict(int)
    for rows in prepared:
        for location_pk, sku_pk, line in rows.keyed:
            units[(location_pk, sku_pk)] += line.qty
            if line.dispatch_on is not None:
                dispatched[(location_pk, line.dispatch_on)] += line.qty
    holds = [
        (sql.hold_totals, [(loc, sku, qty) for (loc, sku), qty in sorted(units.items())]),
        (
            sql.hold_capacity_totals,
            [(loc, sql.day(day), qty) for (loc, day), qty in sorted(dispatched.items())],
        ),
    ]
    with driver_cursor(conn) as cursor, sql.batch(conn):
        counted = [_run_totals(cursor, sql, statement, totals) for statement, totals in holds]
        pks = dict(
            sql.insert_returning(cursor, sql.insert_reservations, [r.values for r in prepared])
        )
        # PostgreSQL: the holds' counts came back with the reservations' pks.
        if [count() for count in counted] != [len(totals) for _, totals in holds]:
            raise InsufficientStock(
                f"{len(commands)} reservations cannot all be held at once",
            )
        _insert_rows_of(cursor, sql, [(pks[rows.reservation.id], rows) for rows in prepared])
        reservations = [rows.reservation for rows in prepared]
        if also is not None:
            also(conn, reservations)
    return reservations


@dataclass(frozen=True)
class _ReservationRows:
    """What `reserve` writes for one command (but its pk, given by the database), and the
    reservation it returns."""

    reservation: Reservation
    #: (location pk, SKU pk, line), in (location, SKU) order: the lock order.
    keyed: list[tuple[int, int, ReservationLine]]
    #: The reservation row, as `DriverSql.insert_reservation(s)` takes it.
    values: tuple[Any, ...]
    #: Its creation time, as the driver takes it.
    at: Any

    @classmethod
    def of(
        cls, conn: Connection, catalog: Catalog, command: Reserve, sql: DriverSql
    ) -> _ReservationRows:
        location_pks = catalog.location_pks([ln.location_id for ln in command.lines], conn)
        sku_pks = catalog.sku_pks([ln.sku_id for ln in command.lines], conn)
        now = command.created_at
        status = ReservationStatus.COMMITTED if command.commit else ReservationStatus.HELD
        reservation_id = uuid.uuid4().hex
        keyed = sorted(
            ((location_pks[ln.location_id], sku_pks[ln.sku_id], ln) for ln in command.lines),
            key=lambda item: (item[0], item[1]),
        )
        at = sql.timestamp(now)
        history = [(ReservationStatus.HELD, now)]
        if command.commit:
            history.append((ReservationStatus.COMMITTED, now))
        values = (
            reservation_id,
            command.idempotency_key,
            command.fingerprint(),
            status.value,
            command.order_ref,
            at,
            at,
            sql.timestamp(command.expires_at),
        )
        # Built from what is written rather than read back: the hot path saves three queries.
        reservation = Reservation(
            id=reservation_id,
            status=status,
            lines=tuple(line for _, _, line in keyed),
            created_at=now,
            updated_at=now,
            expires_at=command.expires_at,
            idempotency_key=command.idempotency_key,
            order_ref=command.order_ref,
            history=tuple(history),
        )
        return cls(reservation, keyed, values, at)


def _insert_rows_of(
    cursor: Any, sql: DriverSql, written: list[tuple[int, _ReservationRows]]
) -> None:
    """The lines, ledger rows and events of each (pk, reservation), in that order, by one
    multi-row insert per table."""
    lines = []
    ledger = []
    events = []
    for pk, rows in written:
        lines += [
            (pk, number, location_pk, sku_pk, line.qty, sql.day(line.dispatch_on))
            for number, (location_pk, sku_pk, line) in enumerate(rows.keyed)
        ]
        reservation = rows.reservation
        committed = reservation.status is ReservationStatus.COMMITTED
        movements = [MovementKind.RESERVE, MovementKind.COMMIT][: 1 + committed]
        reference = reservation.id[:200]
        ledger += [
            (rows.at, loc_pk, sku_pk, kind.value, 0, line.qty if i == 0 else 0, pk, reference)
            for i, kind in enumerate(movements)
            for loc_pk, sku_pk, line in rows.keyed
        ]
        events += [(pk, status.value, rows.at) for status, _ in reservation.history]
    sql.insert_rows(cursor, sql.insert_lines, lines)
    sql.insert_rows(cursor, sql.insert_ledger, ledger)
    sql.insert_rows(cursor, sql.insert_events, events)


def _run_totals(
    cursor: Any, sql: DriverSql, statement: tuple[str, str, str], totals: list[tuple[Any, ...]]
) -> Callable[[], int]:
    """Run a totals statement (`DriverSql.hold_totals`, `hold_capacity_totals`) for
    `totals`; the count to call once the results are in (PostgreSQL: queued in the
    pipeline, on a cursor of its own that keeps the count)."""
    if not totals:
        return lambda: 0
    ran = sql.run_rows(cursor, statement, totals)
    if not sql.pipelined:
        count: int = ran.rowcount
        return lambda: count

    def count_then() -> int:
        found: int = ran.rowcount
        ran.close()
        return found

    return count_then


def lock_in_order(conn: Connection, catalog: Catalog, lines: Sequence[ReservationLine]) -> None:
    """Lock every stock row and dispatch counter that `lines` (of several reservations) will
    hold, in `reserve`'s lock order: stock rows by (location, SKU), then counters by
    (location, day). A transaction that writes several reservations one after the other
    (a batch of orders) does this first, and so cannot deadlock with one that writes a
    single reservation. Counters that do not exist yet are created (with nothing used).
    SQLite: nothing to do (one writer at a time)."""
    if conn.dialect.name != "postgresql" or not lines:
        return
    location_pks = catalog.location_pks([ln.location_id for ln in lines], conn)
    sku_pks = catalog.sku_pks([ln.sku_id for ln in lines], conn)
    rows = sorted({(location_pks[ln.location_id], sku_pks[ln.sku_id]) for ln in lines})
    days = sorted(
        {(location_pks[ln.location_id], ln.dispatch_on) for ln in lines if ln.dispatch_on}
    )
    with driver_cursor(conn) as cursor:
        pairs = ", ".join(["(%s::bigint, %s::bigint)"] * len(rows))
        cursor.execute(
            "SELECT 1 FROM stock WHERE (location_pk, sku_pk) IN"
            f" (VALUES {pairs}) ORDER BY location_pk, sku_pk FOR UPDATE",
            [value for row in rows for value in row],
        )
        if days:
            # Created if missing and locked, in order: an upsert that changes nothing.
            pairs = ", ".join(["(%s::integer, %s::date)"] * len(days))
            cursor.execute(
                "INSERT INTO dispatch_capacity (location_pk, dispatch_on, used)"
                f" SELECT v.location_pk, v.dispatch_on, 0 FROM (VALUES {pairs})"
                " AS v (location_pk, dispatch_on) ORDER BY v.location_pk, v.dispatch_on"
                " ON CONFLICT (location_pk, dispatch_on) DO UPDATE"
                " SET used = dispatch_capacity.used",
                [value for day in days for value in day],
            )


def retry_after_conflict(conn: Connection, command: Reserve, error: IntegrityError) -> Reservation:
    """After a unique-key race on the idempotency key, return the winner's reservation."""
    if command.idempotency_key is None:
        raise error
    existing = _by_idempotency_key(conn, command.idempotency_key, command.fingerprint())
    if existing is None:
        raise error
    return existing


def _hold_all(
    conn: Connection, cursor: Any, sql: DriverSql, keyed: list[tuple[int, int, ReservationLine]]
) -> Callable[[], None]:
    """Hold every line, in (location, SKU) order, then the dispatch capacity of every
    (location, day), in that order; the check to call once the results are in raises
    `InsufficientStock` naming the first short line, or `NoDispatchCapacity` (the caller's
    transaction then rolls back whatever was held). PostgreSQL: queued in the pipeline, a
    cursor per statement so that each keeps its own count; SQLite: run now, stopping at the
    first short one."""
    per_day: dict[tuple[int, date], int] = defaultdict(int)
    for location_pk, _, line in keyed:
        if line.dispatch_on is not None:
            per_day[(location_pk, line.dispatch_on)] += line.qty
    days = sorted(per_day.items())
    steps = [
        (sql.hold, (line.qty, sku_pk, location_pk, line.qty)) for location_pk, sku_pk, line in keyed
    ] + [
        (sql.hold_capacity, (sql.day(day), units, location_pk, units))
        for (location_pk, day), units in days
    ]
    counts: list[int] = []
    step_cursors: list[Any] = []
    if sql.pipelined:
        for statement, params in steps:
            step_cursors.append(cursor.connection.cursor())
            step_cursors[-1].execute(statement, params)
    else:
        for statement, params in steps:
            counts.append(cursor.execute(statement, params).rowcount)
            if counts[-1] != 1:
                break

    def check() -> None:
        for step_cursor in step_cursors:
            counts.append(step_cursor.rowcount)
            step_cursor.close()
        short = next((n for n, count in enumerate(counts) if count != 1), None)
        if short is None:
            return
        if short >= len(keyed):
            (location_pk, day), units = days[short - len(keyed)]
            location_id = next(ln.location_id for loc, _, ln in keyed if loc == location_pk)
            raise _no_capacity(conn, sql, location_pk, location_id, day, units)
        location_pk, sku_pk, line = keyed[short]
        with driver_cursor(conn) as available_now:
            available_now.execute(sql.available, (sku_pk, location_pk))
            row = available_now.fetchone()
        available = max(0, row[0] if row else 0)
        raise InsufficientStock(
            f"only {available} unit(s) of {line.sku_id} available at {line.location_id},"
            f" {line.qty} requested",
            location_id=line.location_id,
            sku_id=line.sku_id,
        )

    return check


def _no_capacity(
    conn: Connection, sql: DriverSql, location_pk: int, location_id: str, day: date, units: int
) -> NoDispatchCapacity:
    with driver_cursor(conn) as cursor:
        cursor.execute(sql.capacity_left, (location_pk, sql.day(day), location_pk))
        row = cursor.fetchone()
    left = max(0, row[0] if row else 0)
    return NoDispatchCapacity(
        f"{location_id} can dispatch only {left} more unit(s) on {day.isoformat()},"
        f" {units} requested",
        location_id=location_id,
    )


def _by_idempotency_key(conn: Connection, key: str, fingerprint: str) -> Reservation | None:
    row = conn.execute(
        select(schema.reservations.c.id, schema.reservations.c.request_hash).where(
            schema.reservations.c.idempotency_key == key
        )
    ).one_or_none()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise IdempotencyConflict(
            f"idempotency key {key!r} was already used for a different reservation"
        )
    return load_reservation(conn, row.id)
