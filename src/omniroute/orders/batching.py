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
while it was queued. An order whose caller's deadline (`RouteOrder.deadline`) has passed by
the batch's commit is left out of it (`write_deadline`) and answered `DEADLINE_EXCEEDED`.
Dry runs and orders with coupons, points or a customer are not batched, and an order that
finds no other queued with it is routed the ordinary way by its own thread while it leads
(a batch of one costs more than the plain path).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from omniroute.orders.batch_plan import plan_batch
from omniroute.orders.batch_write import left, write_planned
from omniroute.orders.commands import RouteOrder
from omniroute.orders.records import OrderRecord
from omniroute.orders.workflow import OrderRouter
from omniroute.orders.write_deadline import require_in_time

log = logging.getLogger("omniroute.orders.batching")

#: Most orders one batch plans and writes (bounds the latency a batch adds to its orders).
DEFAULT_MAX_BATCH = 16


@dataclass
class _Ticket:
    command: RouteOrder
    deadline: float
    done: bool = False
    record: OrderRecord | None = None
    answer: tuple[OrderRecord, bool] | None = None  # routed the plain way by its leader
    wake: threading.Event = field(default_factory=threading.Event)


@dataclass
class BatchStats:
    """What the batcher wrote since start-up (counted by each batch's leader)."""

    batches: int = 0
    orders: int = 0
    written: int = 0
    largest: int = 0
    #: Orders whose plan was settled with the whole batch's (`batch_plan`).
    settled: int = 0

    def count(self, orders: int, written: int, settled: int = 0) -> None:
        self.batches += 1
        self.settled += settled
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
            if not ticket.wake.wait(left(ticket.deadline)) and self._withdraw(ticket):
                # Its time ran out in the queue (the batches ahead are slow): alone, now.
                return self.router.route(replace(command, time_limit_s=left(ticket.deadline)))
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
        if ticket.answer is not None:
            return ticket.answer
        if ticket.record is not None:
            return ticket.record, False
        require_in_time(command)  # left out of its batch for being late: no second try
        return self.router.route(replace(command, time_limit_s=left(ticket.deadline)))

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
        self.router.telemetry.batch_taken(len(batch))
        if len(batch) == 1:
            # The leader's own order, alone: the plain path is cheaper than a batch of one.
            # Still leading, so that the orders arriving meanwhile queue up for the next batch.
            (ticket,) = batch
            command = replace(ticket.command, time_limit_s=left(ticket.deadline))
            ticket.answer = self.router.route(command)
            return
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
            with self.router.telemetry.span("routing"):
                batch = plan_batch(self.router, commands, deadlines)
        except Exception:  # each order's own thread meets the error again, and reports it
            log.debug("batch planning failed; its orders are routed one at a time", exc_info=True)
            return records
        if not batch.planned:
            return records
        with self.router.telemetry.span("write"):
            written = write_planned(self.router, commands, batch.planned)
        for n, record in written:
            records[n] = record
        if written:
            self.stats.count(len(commands), len(written), batch.settled)
        return records


def _batchable(command: RouteOrder) -> bool:
    return not (
        command.dry_run or command.coupon_codes or command.redeem_points or command.customer_id
    )


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)
