"""An in-process notifier of stock changes, fed by the service's own writes.

Writers `publish` the levels after a change; each `Subscription` (one per WatchStock
stream) gets the changes that match its SKUs and locations, in publication order, with a
sequence number that increases strictly across the whole process. Changes made by other
processes on the same database are not seen (no polling yet).
"""

from __future__ import annotations

import enum
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from inventory import StockLevel
from omniroute.errors import ResourceExhausted


class ChangeCause(enum.Enum):
    """Why a level changed (mirrors `StockChangeCause` of the contract)."""

    SNAPSHOT = "snapshot"
    STOCK_EVENT = "stock_event"
    RESERVE = "reserve"
    RELEASE = "release"
    SHIPMENT = "shipment"
    RETURN_RECEIPT = "return_receipt"


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
    """Fans out published stock changes to subscriptions; thread-safe."""

    def __init__(self, *, max_subscriptions: int = 8, queue_limit: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._subscriptions: set[Subscription] = set()
        self._sequence = 0
        self._closed = False
        self.max_subscriptions = max_subscriptions
        self.queue_limit = queue_limit

    def watches(self, pairs: Iterable[tuple[str, str]]) -> bool:
        """Whether any subscription watches one of these (location, SKU) pairs.

        A writer that asks after its change committed may skip reading and publishing the
        levels when nobody watches them: a later subscriber's snapshot already has them."""
        with self._lock:
            subscriptions = list(self._subscriptions)
        if not subscriptions:
            return False
        pairs = list(pairs)
        return any(
            (not sub.sku_ids or sku in sub.sku_ids)
            and (not sub.location_ids or location in sub.location_ids)
            for sub in subscriptions
            for location, sku in pairs
        )

    def publish(self, changes: Iterable[tuple[StockLevel, ChangeCause, int]]) -> None:
        """Number and deliver (level after, cause, change of available) triples."""
        with self._lock:
            for level, cause, delta in changes:
                self._sequence += 1
                change = StockChange(level, cause, delta, self._sequence)
                for subscription in self._subscriptions:
                    if subscription.matches(level):
                        subscription.offer(change)

    def subscribe(
        self,
        sku_ids: Iterable[str],
        location_ids: Iterable[str],
        snapshot: Callable[[], Sequence[StockLevel]] | None = None,
    ) -> tuple[Subscription, list[StockChange]]:
        """A new subscription and, if asked, the current levels numbered before any change
        it will receive: no change is lost between the snapshot and the stream."""
        subscription = Subscription(frozenset(sku_ids), frozenset(location_ids), self.queue_limit)
        with self._lock:
            if self._closed:
                raise ResourceExhausted("the server is shutting down")
            if len(self._subscriptions) >= self.max_subscriptions:
                raise ResourceExhausted(
                    f"too many stock watchers ({self.max_subscriptions}); try again later"
                )
            initial: list[StockChange] = []
            for level in snapshot() if snapshot else ():
                self._sequence += 1
                initial.append(StockChange(level, ChangeCause.SNAPSHOT, 0, self._sequence))
            self._subscriptions.add(subscription)
        return subscription, initial

    def unsubscribe(self, subscription: Subscription) -> None:
        """Stop delivering to `subscription` and wake its reader."""
        with self._lock:
            self._subscriptions.discard(subscription)
        subscription.close()

    def close(self) -> None:
        """End every subscription (server shutdown) and refuse new ones."""
        with self._lock:
            self._closed = True
            subscriptions = list(self._subscriptions)
            self._subscriptions.clear()
        for subscription in subscriptions:
            subscription.close()
