"""The streams of WatchOrders: each follows `order_events` from its own cursor
(`orders.order_event_tail`), polling every `poll_s` on the thread that serves it.

Every status change of an order, shipment or return is an event row committed with the
change, by whichever process or server made it, so a stream on one replica sees the writes
of all. At most `max_streams` streams run at once (each holds a worker thread); shutdown
ends them all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from omniroute.errors import InvalidRequest, ResourceExhausted
from omniroute.orders.order_event_tail import OrderEventTail
from omniroute.orders.order_events import OrderEvent

#: How often a stream reads the events table (the delivery latency).
DEFAULT_POLL_S = 0.1


def parse_cursor(text: str) -> int | None:
    """The id a cursor names (None for empty: from now on), or `InvalidRequest`."""
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 19 or int(text) >= 2**63:
        raise InvalidRequest(
            f"after_cursor: not a cursor of WatchOrders, got {text[:40]!r}", field="after_cursor"
        )
    return int(text)


class OrderWatch:
    """Counts and ends the WatchOrders streams of one process; thread-safe."""

    def __init__(self, engine: Engine, *, poll_s: float = DEFAULT_POLL_S, max_streams: int = 8):
        self.engine = engine
        self.poll_s = poll_s
        self.max_streams = max_streams
        self._lock = threading.Lock()
        self._streams = 0
        self._closed = threading.Event()

    @contextmanager
    def stream(self, after_cursor: str) -> Iterator[OrderEventTail]:
        """A tail positioned after `after_cursor`, counted while the block runs."""
        cursor = parse_cursor(after_cursor)
        with self._lock:
            if self._closed.is_set():
                raise ResourceExhausted("the server is shutting down")
            if self._streams >= self.max_streams:
                raise ResourceExhausted(
                    f"too many order watchers ({self.max_streams}); try again later"
                )
            self._streams += 1
        try:
            tail = OrderEventTail(self.engine, cursor)
            tail.start()
            yield tail
        finally:
            with self._lock:
                self._streams -= 1

    def events(self, tail: OrderEventTail, keep_going: Callable[[], bool]) -> Iterator[OrderEvent]:
        """The tail's events as they commit, until `keep_going()` turns false or shutdown."""
        while keep_going() and not self._closed.is_set():
            events, more = tail.read()
            yield from events
            if not more:
                self._closed.wait(self.poll_s)

    def close(self) -> None:
        """End every stream (server shutdown) and refuse new ones."""
        self._closed.set()
