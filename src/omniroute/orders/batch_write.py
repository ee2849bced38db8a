"""Writing a planned batch of orders in one transaction, after locking what they all hold
in the order a single reservation takes it (so a batch cannot deadlock with single
reservations on PostgreSQL): all at once under one savepoint, by a constant number of
statements, and if that fails (another process took stock since the plan, a concurrent
retry stored an order) each order under its own savepoint, to tell which failed."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from inventory import InsufficientStock
from inventory.database import is_lock_conflict
from inventory.domain import Reservation
from inventory.driver_sql import SavepointError, savepoint
from inventory.errors import IdempotencyConflict
from inventory.reservations import lock_in_order, reserve_many
from omniroute.orders.commands import RouteOrder
from omniroute.orders.records import OrderRecord, insert_orders
from omniroute.orders.workflow import OrderRouter, order_record, reservation_lines
from omniroute.orders.write_deadline import is_late
from routing import Plan

log = logging.getLogger("omniroute.orders.batching")


def write_planned(
    router: OrderRouter, commands: Sequence[RouteOrder], planned: Sequence[tuple[int, Plan]]
) -> list[tuple[int, OrderRecord]]:
    """Write the `planned` orders (position in `commands`, plan) in one transaction: every
    stock row and dispatch counter they hold is locked first, in a single reservation's
    order, then all orders are written at once, or if that fails each under its own
    savepoint. Returns (position, record) of those written; an order refused at the write
    (another process took its stock, or a concurrent retry stored it) is left out, and
    nothing at all is written when the transaction cannot go on.

    An order whose deadline has passed by the end of the transaction is never committed:
    the transaction is rolled back and written again without it (`write_deadline`)."""
    while planned:
        try:
            return _write_in_one_transaction(router, commands, planned)
        except _PastDeadline as late:
            log.debug("%d order(s) past their deadline left out of the batch", len(late.orders))
            planned = [(n, plan) for n, plan in planned if n not in late.orders]
    return []


def _write_in_one_transaction(
    router: OrderRouter, commands: Sequence[RouteOrder], planned: Sequence[tuple[int, Plan]]
) -> list[tuple[int, OrderRecord]]:
    try:
        with router.model.write() as conn:
            lines = [line for _, plan in planned for line in reservation_lines(plan)]
            lock_in_order(conn, router.model.catalog, lines)
            written = _write_at_once(router, conn, commands, planned) if len(planned) > 1 else None
            if written is None:
                written = _write_one_at_a_time(router, conn, commands, planned)
            # Last before the commit: an order whose caller has given up is not committed.
            late = {n for n, _ in written if is_late(commands[n])}
            if late:
                raise _PastDeadline(late)
    except _PastDeadline:
        raise
    except _NothingWritten:
        return []
    except Exception as error:
        log_handed_back(error, len(planned))
        return []
    return written


def _write_one_at_a_time(
    router: OrderRouter,
    conn: Connection,
    commands: Sequence[RouteOrder],
    planned: Sequence[tuple[int, Plan]],
) -> list[tuple[int, OrderRecord]]:
    """Each planned order under its own savepoint; those refused are left out."""
    written: list[tuple[int, OrderRecord]] = []
    # One order alone needs no savepoint: if it fails, the transaction rolls back.
    guard = savepoint if len(planned) > 1 else _no_savepoint
    for n, plan in planned:
        try:
            with guard(conn, "batched_order"):
                record = router.reserve_in(conn, commands[n], plan)
        except SavepointError:
            raise  # the transaction cannot go on: the whole batch is handed back
        except Exception as error:
            # Stock moved, or a concurrent retry: routed alone afterwards.
            log_handed_back(error, 1)
            if len(planned) == 1:
                raise _NothingWritten from error
            continue
        written.append((n, record))
    return written


def _write_at_once(
    router: OrderRouter,
    conn: Connection,
    commands: Sequence[RouteOrder],
    planned: Sequence[tuple[int, Plan]],
) -> list[tuple[int, OrderRecord]] | None:
    """Every planned order under one savepoint, by a constant number of statements: the
    very rows `OrderRouter.reserve_in` writes for each in turn. None, and nothing written,
    when any of them fails: the orders are then written one at a time, which tells which."""
    if any(commands[n].customer_id for n, _ in planned):
        return None  # the checkout keeps its customers' history order by order (reserve_in)
    now = router.now()
    requests = [router.reservation_request(commands[n], plan, now) for n, plan in planned]
    records: list[OrderRecord] = []

    def write_orders(conn: Connection, reservations: list[Reservation]) -> None:
        for (n, plan), reservation in zip(planned, reservations, strict=True):
            records.append(order_record(commands[n], plan, [reservation.id], now))
        keyed = zip(planned, records, strict=True)
        insert_orders(
            conn,
            [(r, commands[n].idempotency_key, commands[n].fingerprint()) for (n, _), r in keyed],
        )

    try:
        with savepoint(conn, "batch"):
            reserve_many(conn, router.model.catalog, requests, also=write_orders)
    except SavepointError:
        raise  # the transaction cannot go on: the whole batch is handed back
    except Exception as error:
        log.log(_level(error), "%d orders written one at a time", len(planned), exc_info=True)
        return None
    return [(n, record) for (n, _), record in zip(planned, records, strict=True)]


class _NothingWritten(Exception):
    """The batch's only order failed: roll its transaction back."""


class _PastDeadline(Exception):
    """The deadline of `orders` (positions) passed before the commit: roll back."""

    def __init__(self, orders: set[int]) -> None:
        super().__init__(f"{len(orders)} order(s) past their deadline")
        self.orders = orders


def log_handed_back(error: Exception, orders: int) -> None:
    """Expected conflicts at debug level; anything else as a warning with its trace (the
    orders' own threads meet it again when they route alone, and report it)."""
    log.log(_level(error), "%d order(s) handed back to route alone", orders, exc_info=True)


def _level(error: Exception) -> int:
    expected = isinstance(error, InsufficientStock | IdempotencyConflict | IntegrityError)
    return logging.DEBUG if expected or is_lock_conflict(error) else logging.WARNING


def left(deadline: float) -> float:
    """Seconds left until `deadline` (a `time.monotonic()` instant), at least 5 ms."""
    return max(0.005, deadline - time.monotonic())


@contextmanager
def _no_savepoint(conn: Connection, name: str) -> Iterator[None]:
    yield
