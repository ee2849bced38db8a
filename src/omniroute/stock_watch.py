"""The changes behind WatchStock: the stock ledger, followed while someone watches.

Every change of a stock row is a ledger row committed with it, whichever process made it
(this one, another `--processes` child, another server on the same database, the CLI). While
at least one `Subscription` exists, one poller thread per process follows the ledger
(`inventory.ledger_tail.LedgerTail`) every `poll_s` and hands each change to the
subscriptions that watch its SKU and location, with a sequence number that increases
strictly across the process. When the last subscription ends the thread stops; the next
subscription starts it again at the end of the ledger. Writers do nothing for it.

A subscription's snapshot is read under the same lock as the poller's reads and deliveries,
so it comes before every change it does not contain; a change committed while the
subscription is made may come both in the snapshot and as a change (at least once).
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from inventory import MovementKind, StockLevel
from inventory.ledger_tail import LedgerChange, LedgerTail
from omniroute.errors import ResourceExhausted

log = logging.getLogger("omniroute.stock_watch")

#: How often the ledger is read while someone watches (the delivery latency).
DEFAULT_POLL_S = 0.1
#: How long a new subscription waits for the transactions running when the poller started.
SETTLE_TIMEOUT_S = 10.0


class ChangeCause(enum.Enum):
    """Why a level changed (mirrors `StockChangeCause` of the contract)."""

    SNAPSHOT = "snapshot"
    STOCK_EVENT = "stock_event"
    RESERVE = "reserve"
    RELEASE = "release"
    SHIPMENT = "shipment"
    RETURN_RECEIPT = "return_receipt"


#: The cause of each kind of ledger row (a COMMIT row changes no level and is not sent).
CAUSES = {
    MovementKind.RESERVE.value: ChangeCause.RESERVE,
    MovementKind.RELEASE.value: ChangeCause.RELEASE,
    MovementKind.SHIPMENT.value: ChangeCause.SHIPMENT,
    MovementKind.RETURN_RECEIPT.value: ChangeCause.RETURN_RECEIPT,
}


def cause_of(kind: str) -> ChangeCause:
    """The cause of a ledger row of `kind`: feed movements and planning are stock events."""
    return CAUSES.get(kind, ChangeCause.STOCK_EVENT)


@dataclass(frozen=True)
class StockChange:
    """One level after a change, with its cause, its effect on availability and its order."""

    level: StockLevel
    cause: ChangeCause
    available_delta: int
    sequence: int


_CLOSED = object()


class Subscription:
    """The changes of some SKUs and locations (empty set: all), queued for one reader."""

    def __init__(self, sku_ids: frozenset[str], location_ids: frozenset[str], limit: int) -> None:
        self.sku_ids = sku_ids
        self.location_ids = location_ids
        self._queue: queue.Queue[object] = queue.Queue(maxsize=limit)
        self.overflowed = False
        #: Receives changes (set by `StockWatch.subscribe` once its snapshot is taken).
        self.active = False

    def matches(self, level: StockLevel) -> bool:
        """Whether this subscription watches the level's (location, SKU)."""
        return (not self.sku_ids or level.sku_id in self.sku_ids) and (
            not self.location_ids or level.location_id in self.location_ids
        )

    def offer(self, change: StockChange) -> None:
        """Queue `change`; a reader that fell too far behind is cut off."""
        try:
            self._queue.put_nowait(change)
        except queue.Full:
            self.overflowed = True
            self.close()

    def close(self) -> None:
        """Wake the reader and make it stop."""
        while True:
            try:
                self._queue.put_nowait(_CLOSED)
                return
            except queue.Full:
                self._queue.get_nowait()  # drop the oldest: the stream ends anyway

    def changes(self, keep_going: Callable[[], bool], poll_s: float = 0.5) -> Iterator[StockChange]:
        """Yield changes until closed or `keep_going()` turns false (checked every `poll_s`)."""
        while keep_going():
            try:
                item = self._queue.get(timeout=poll_s)
            except queue.Empty:
                continue
            if item is _CLOSED:
                if self.overflowed:
                    raise ResourceExhausted("the watcher fell too far behind; resubscribe")
                return
            assert isinstance(item, StockChange)
            yield item


class StockWatch:
    """Fans the ledger's changes out to subscriptions; thread-safe."""

    def __init__(
        self,
        engine: Engine,
        *,
        poll_s: float = DEFAULT_POLL_S,
        max_subscriptions: int = 8,
        queue_limit: int = 10_000,
        settle_timeout_s: float = SETTLE_TIMEOUT_S,
    ) -> None:
        self.engine = engine
        self.poll_s = poll_s
        self.max_subscriptions = max_subscriptions
        self.queue_limit = queue_limit
        self.settle_timeout_s = settle_timeout_s
        #: Guards the subscription set and the poller's life.
        self._lock = threading.Lock()
        #: Held by the poller while it reads and delivers, and by `subscribe` while it
        #: registers and reads its snapshot: a snapshot is never newer than what follows it.
        self._deliver_lock = threading.Lock()
        self._subscriptions: set[Subscription] = set()
        self._sequence = 0
        self._closed = False
        self._poller: _Poller | None = None

    def subscribe(
        self,
        sku_ids: Iterable[str],
        location_ids: Iterable[str],
        snapshot: Callable[[], Sequence[StockLevel]] | None = None,
    ) -> tuple[Subscription, list[StockChange]]:
        """A new subscription and, if asked, the current levels numbered before any change
        it will receive: no change committed after this call returns is missed."""
        subscription = Subscription(frozenset(sku_ids), frozenset(location_ids), self.queue_limit)
        with self._lock:
            if self._closed:
                raise ResourceExhausted("the server is shutting down")
            if len(self._subscriptions) >= self.max_subscriptions:
                raise ResourceExhausted(
                    f"too many stock watchers ({self.max_subscriptions}); try again later"
                )
            if self._poller is None or self._poller.stopping:
                self._poller = _Poller(self, LedgerTail(self.engine))
            poller = self._poller
            # Counted now, so that the limit holds while this one waits below.
            self._subscriptions.add(subscription)
        try:
            if not poller.settled.wait(self.settle_timeout_s):
                log.warning(
                    "stock watch: transactions older than the watch are still running; changes"
                    " they commit may be missed",
                    extra={"waited_s": self.settle_timeout_s},
                )
            with self._deliver_lock:
                subscription.active = True
                initial = [
                    StockChange(level, ChangeCause.SNAPSHOT, 0, self._next_sequence())
                    for level in (snapshot() if snapshot else ())
                ]
        except BaseException:
            self.unsubscribe(subscription)
            raise
        return subscription, initial

    def unsubscribe(self, subscription: Subscription) -> None:
        """Stop delivering to `subscription` and wake its reader; the last one stops the
        poller."""
        stop: _Poller | None = None
        with self._lock:
            self._subscriptions.discard(subscription)
            if not self._subscriptions and self._poller is not None:
                stop, self._poller = self._poller, None
        subscription.close()
        if stop is not None:
            stop.stop()

    def close(self) -> None:
        """End every subscription (server shutdown) and refuse new ones."""
        with self._lock:
            self._closed = True
            subscriptions = list(self._subscriptions)
            self._subscriptions.clear()
            stop, self._poller = self._poller, None
        for subscription in subscriptions:
            subscription.close()
        if stop is not None:
            stop.stop()

    def deliver(self, changes: Iterable[LedgerChange]) -> None:
        """Number and queue ledger changes for the subscriptions that watch them (called by
        the poller under the delivery lock)."""
        with self._lock:
            subscriptions = [s for s in self._subscriptions if s.active]
        for change in changes:
            matching = [s for s in subscriptions if s.matches(change.level)]
            if not matching:
                continue
            numbered = StockChange(
                change.level, cause_of(change.kind), change.available_delta, self._next_sequence()
            )
            for subscription in matching:
                subscription.offer(numbered)

    def _next_sequence(self) -> int:
        self._sequence += 1
        return self._sequence


class _Poller:
    """One thread following the ledger for a `StockWatch` until `stop()`."""

    def __init__(self, watch: StockWatch, tail: LedgerTail) -> None:
        self.watch = watch
        self.tail = tail
        #: Set once every transaction running at the start has ended.
        self.settled = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stock-watch", daemon=True)
        self._thread.start()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        """Stop after the read in progress; waits for the thread."""
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join()

    def _run(self) -> None:
        started = False
        while not self._stop.is_set():
            more = False
            try:
                if not started:
                    self.tail.start()
                    started = True
                if not self.settled.is_set() and self.tail.settled():
                    self.settled.set()
                with self.watch._deliver_lock:
                    if self._stop.is_set():
                        return
                    changes, more = self.tail.read()
                    self.watch.deliver(changes)
            except Exception:
                log.exception("stock watch: reading the ledger failed; retrying")
            if not more:
                self._stop.wait(self.watch.poll_s)
