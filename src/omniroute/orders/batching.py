"""Group commit for RouteOrder: concurrent orders share one snapshot and one transaction.

Requests that arrive while another batch is being written queue up; when a batch is done,
the first queued request's thread leads the next one (leader/follower: no thread of its
own, and no added wait when orders come one at a time). The leader reads one snapshot of
every SKU the batch asks for, plans the orders one after the other on it, taking each
plan's units and dispatch capacity off before the next, and writes them all in one
transaction: first every stock row and dispatch counter they hold is locked in the order a
single reservation takes them (so a batch cannot deadlock with single reservations on
PostgreSQL), then each order under its own savepoint. The orders of a batch thus see each
other as if they had come one at a time; only an order refused at the write (another
process took its stock after the snapshot) has already taken its units in the batch's
bookkeeping, which can only make later orders of the batch choose other locations.

Whatever does not go through cleanly is handed back to its own request thread, which routes
it the ordinary way (`OrderRouter.route`) once the batch has committed: a retry of an order
(replayed), an order refused at the write (re-solved on fresh data), an order no location
can serve, one naming an unknown SKU, any error, and an order whose time limit ran out
while it was queued. Dry runs and orders with coupons, points or a customer are not
batched.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from inventory import InsufficientStock
from inventory.database import is_lock_conflict
from inventory.driver_sql import SavepointError, savepoint
from inventory.errors import IdempotencyConflict, UnknownSku
from inventory.reservations import lock_in_order
from inventory.snapshot import OrderSnapshot
from omniroute.orders.commands import RouteOrder
from omniroute.orders.records import OrderRecord, ids_in_use
from omniroute.orders.workflow import OrderRouter, reservation_lines
from routing import Plan, PlanStatus

log = logging.getLogger("omniroute.orders.batching")

#: Most orders one batch plans and writes (bounds the latency a batch adds to its orders).
DEFAULT_MAX_BATCH = 16


@dataclass
class _Ticket:
    command: RouteOrder
    deadline: float
    done: bool = False
    record: OrderRecord | None = None
    wake: threading.Event = field(default_factory=threading.Event)


@dataclass
class BatchStats:
    """What the batcher wrote since start-up (counted by each batch's leader)."""

    batches: int = 0
    orders: int = 0
    written: int = 0
    largest: int = 0

    def count(self, orders: int, written: int) -> None:
        self.batches += 1
        self.orders += orders
        self.written += written
        self.largest = max(self.largest, orders)


class OrderBatcher:
    """Routes orders through `router`, writing concurrent ones in shared transactions."""

    def __init__(self, router: OrderRouter, max_batch: int = DEFAULT_MAX_BATCH) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self.router = router
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._queue: list[_Ticket] = []
        self._leading = False
        self.stats = BatchStats()

    def route(self, command: RouteOrder) -> tuple[OrderRecord, bool]:
        """As `OrderRouter.route`: the order's record and whether it was a replayed retry."""
        if not _batchable(command):
            return self.router.route(command)
        ticket = _Ticket(command, time.monotonic() + command.time_limit_s)
        with self._lock:
            self._queue.append(ticket)
            leads, self._leading = not self._leading, True
        if not leads:
            # Woken once its batch is written, or to lead the next batch.
            if not ticket.wake.wait(_left(ticket.deadline)) and self._withdraw(ticket):
                # Its time ran out in the queue (the batches ahead are slow): alone, now.
                return self.router.route(replace(command, time_limit_s=_left(ticket.deadline)))
            ticket.wake.wait()
            leads = not ticket.done
        if leads:
            try:
                self._lead(ticket)
            finally:
                with self._lock:
                    if not ticket.done:  # interrupted: its order must not be written later
                        self._queue = [t for t in self._queue if t is not ticket]
                    self._hand_over()
        if ticket.record is not None:
            return ticket.record, False
        return self.router.route(replace(command, time_limit_s=_left(ticket.deadline)))

    def _withdraw(self, ticket: _Ticket) -> bool:
        """Take `ticket` out of the queue unless a batch took it or it was called to lead."""
        with self._lock:
            if ticket.wake.is_set() or all(t is not ticket for t in self._queue):
                return False
            self._queue = [t for t in self._queue if t is not ticket]
            return True

    def _lead(self, ticket: _Ticket) -> None:
        """Write batches until `ticket`'s is written (a leader's order is the first queued,
        so the first batch it takes holds it)."""
        while not ticket.done:
            with self._lock:
                batch = self._take()
            try:
                self._settle(batch)
            finally:
                with self._lock:
                    for led in batch:
                        led.done = True
                        led.wake.set()

    def _hand_over(self) -> None:
        """The first queued order's thread leads next (only that thread is woken)."""
        if self._queue:
            self._queue[0].wake.set()
        else:
            self._leading = False

    def _take(self) -> list[_Ticket]:
        """The queue's first orders placed in the same minute (UTC), which therefore share
        every location's dispatch day; the others stay queued."""
        minute = _minute(self._queue[0].command.placed_at)
        batch = [t for t in self._queue if _minute(t.command.placed_at) == minute]
        batch = batch[: self.max_batch]
        taken = {id(t) for t in batch}
        self._queue = [t for t in self._queue if id(t) not in taken]
        return batch

    def _settle(self, batch: list[_Ticket]) -> None:
        records = self.write_batch([t.command for t in batch], [t.deadline for t in batch])
        for ticket, record in zip(batch, records, strict=True):
            ticket.record = record

    def write_batch(
        self, commands: Sequence[RouteOrder], deadlines: Sequence[float] | None = None
    ) -> list[OrderRecord | None]:
        """Plan `commands` in turn on one snapshot and write them in one transaction, as if
        they had come one after the other; None for each order that was not written (to
        route alone). They must be placed in the same minute (UTC). `deadlines` are
        `time.monotonic()` instants (default: each command's time limit from now)."""
        if len({_minute(c.placed_at) for c in commands}) > 1:
            raise ValueError("a batch's orders must be placed in the same minute")
        if deadlines is None:
            deadlines = [time.monotonic() + c.time_limit_s for c in commands]
        records: list[OrderRecord | None] = [None] * len(commands)
        try:
            planned = self._plan(commands, deadlines)
        except Exception:  # each order's own thread meets the error again, and reports it
            log.debug("batch planning failed; its orders are routed one at a time", exc_info=True)
            return records
        if not planned:
            return records
        written: list[tuple[int, OrderRecord]] = []
        # One order alone needs no savepoint: if it fails, the transaction rolls back.
        guard = savepoint if len(planned) > 1 else _no_savepoint
        try:
            with self.router.model.write() as conn:
                lines = [line for _, plan in planned for line in reservation_lines(plan)]
                lock_in_order(conn, self.router.model.catalog, lines)
                for n, plan in planned:
                    try:
                        with guard(conn, "batched_order"):
                            record = self.router.reserve_in(conn, commands[n], plan)
                    except SavepointError:
                        raise  # the transaction cannot go on: the whole batch is handed back
                    except Exception as error:
                        # Stock moved, or a concurrent retry: routed alone afterwards.
                        _log_handed_back(error, 1)
                        if len(planned) == 1:
                            raise _NothingWritten from error
                        continue
                    written.append((n, record))
        except _NothingWritten:
            return records
        except Exception as error:
            _log_handed_back(error, len(planned))
            return records
        for n, record in written:
            records[n] = record
        self.stats.count(len(commands), len(written))
        return records

    def _plan(
        self, commands: Sequence[RouteOrder], deadlines: Sequence[float]
    ) -> list[tuple[int, Plan]]:
        """(position, plan) of every order with a plan, each planned on the stock and
        capacity the ones before it left. Left out, to route alone: retries (an order id
        or key already stored, or met earlier in the batch), orders naming an unknown SKU,
        and orders that fail to plan or have no plan."""
        model = self.router.model
        order_ids = [c.order_id for c in commands]
        keys = [c.idempotency_key for c in commands if c.idempotency_key]
        with model.read() as conn:
            seen = ids_in_use(conn, order_ids, keys)
        fresh = []
        for n, command in enumerate(commands):
            names = {command.order_id, command.idempotency_key or command.order_id}
            if names & seen:
                continue
            seen |= names
            try:
                model.catalog.sku_pks(line.sku for line in command.lines)
            except UnknownSku:
                continue
            fresh.append(n)
        if not fresh:
            return []
        skus = list(dict.fromkeys(line.sku for n in fresh for line in commands[n].lines))
        shared = model.order_snapshot(skus, commands[0].placed_at)
        column = {sku: n for n, sku in enumerate(skus)}
        row = shared.index.row_of_id
        moment = commands[0].placed_at.astimezone(UTC)
        minute, today = moment.hour * 60 + moment.minute, moment.date()
        cutoff = shared.index.cutoff_minute
        available, capacity = shared.available.copy(), shared.capacity_left.copy()
        planned = []
        for n in fresh:
            command = commands[n]
            columns = [column[line.sku] for line in command.lines]
            view = OrderSnapshot(shared.index, available[:, columns], capacity)
            try:
                plan = self.router.plan(command, _left(deadlines[n]), view)
            except Exception as error:  # its own thread meets it again, and reports it
                _log_handed_back(error, 1)
                continue
            if plan.status is PlanStatus.INFEASIBLE:
                continue  # nothing to reserve: routed alone, which answers UNFULFILLABLE
            for line in reservation_lines(plan):
                k = row[line.location_id]
                available[k, column[line.sku_id]] -= line.qty
                # Its capacity counts on its dispatch day: today before its cut-off.
                dispatch_day = today + timedelta(days=int(minute >= cutoff[k]))
                if line.dispatch_on == dispatch_day and capacity[k] >= 0:
                    capacity[k] = max(0, capacity[k] - line.qty)
            planned.append((n, plan))
        return planned


class _NothingWritten(Exception):
    """The batch's only order failed: roll its transaction back."""


def _log_handed_back(error: Exception, orders: int) -> None:
    """Expected conflicts at debug level; anything else as a warning with its trace (the
    orders' own threads meet it again when they route alone, and report it)."""
    expected = isinstance(error, InsufficientStock | IdempotencyConflict | IntegrityError)
    level = logging.DEBUG if expected or is_lock_conflict(error) else logging.WARNING
    log.log(level, "%d order(s) handed back to route alone", orders, exc_info=True)


def _batchable(command: RouteOrder) -> bool:
    return not (
        command.dry_run or command.coupon_codes or command.redeem_points or command.customer_id
    )


def _left(deadline: float) -> float:
    return max(0.005, deadline - time.monotonic())


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


@contextmanager
def _no_savepoint(conn: Connection, name: str) -> Iterator[None]:
    yield
