"""Reading `order_events` in commit order, from a cursor, whichever process wrote them.

A cursor is the id of the last event delivered; everything up to it was delivered or never
will be. On SQLite writers run one at a time and ids come in commit order. On PostgreSQL ids
are handed out before commit, so an id may become visible after larger ones (its
transaction was slower) or never (rolled back). The tail therefore delivers ids in order
and stops at the first one missing (a "gap"), noting the snapshot's `xmax` when it first
saw it: every transaction that can hold a missing id had started by then (its id was given
before the larger, visible one). Once the oldest running transaction is newer than that
(`xmin >= xmax`), the gap has either filled and is delivered, or its ids were rolled back
and are skipped. A stream thus never skips an event, in exchange for waiting behind a
transaction in flight (milliseconds for order writes).

Started without a cursor ("from now on"), the tail begins at the last visible event and
also delivers the missing ids below it that commit later, until every transaction running
at the start has ended.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text

from inventory.database import reader
from omniroute.orders.order_events import OrderEvent, Subject
from omniroute.orders.tables import order_events

#: Ids looked back for transactions still running when a stream starts "from now on".
_START_WINDOW = 1000


class OrderEventTail:
    """Follows `order_events` after `cursor` (None: from now on); not thread-safe."""

    def __init__(self, engine: Engine, cursor: int | None, *, page: int = 500) -> None:
        self.page = page
        self.postgres = engine.dialect.name == "postgresql"
        self._snapshots = (
            engine.execution_options(isolation_level="REPEATABLE READ")
            if self.postgres
            else reader(engine)
        )
        self.cursor = cursor
        #: The first missing id after the cursor -> the snapshot xmax when it was seen.
        self._gap: tuple[int, int] | None = None
        #: From now on: ids below the start missing then, and the xmax of the start.
        self._late: set[int] = set()
        self._late_xmax = 0

    def start(self) -> None:
        """Take the starting position (from now on, when no cursor was given)."""
        if self.cursor is not None:
            return
        with self._snapshots.connect() as conn, conn.begin():
            last = conn.execute(select(func.coalesce(func.max(order_events.c.id), 0))).scalar_one()
            self.cursor = int(last)
            if self.postgres:
                _, self._late_xmax = _snapshot(conn)
                floor = max(0, self.cursor - _START_WINDOW)
                seen = set(
                    conn.execute(
                        select(order_events.c.id).where(order_events.c.id > floor)
                    ).scalars()
                )
                self._late = set(range(floor + 1, self.cursor + 1)) - seen

    def read(self) -> tuple[list[OrderEvent], bool]:
        """The events committed since the last read, in order, and whether more wait."""
        if self.cursor is None:
            self.start()
        assert self.cursor is not None
        with self._snapshots.connect() as conn, conn.begin():
            xmin, xmax = _snapshot(conn) if self.postgres else (0, 0)
            late = self._late_rows(conn, xmin)
            rows = list(
                conn.execute(
                    select(order_events)
                    .where(order_events.c.id > self.cursor)
                    .order_by(order_events.c.id)
                    .limit(self.page)
                )
            )
        delivered = [*late, *self._in_order(rows, xmin, xmax)]
        return [_event(row) for row in delivered], len(rows) == self.page

    def _in_order(self, rows: list[Any], xmin: int, xmax: int) -> list[Any]:
        """The rows up to the first gap that may still fill; moves the cursor past them."""
        assert self.cursor is not None
        out = []
        for row in rows:
            if self.postgres and row.id != self.cursor + 1:
                first_missing = self.cursor + 1
                if self._gap is None or self._gap[0] != first_missing:
                    self._gap = (first_missing, xmax)
                if self._gap[1] > xmin:
                    break  # a transaction that may hold it is still running
                # Every transaction that could hold the missing ids has ended: rolled back.
            out.append(row)
            self.cursor = int(row.id)
            self._gap = None
        return out

    def _late_rows(self, conn: Connection, xmin: int) -> list[Any]:
        """Ids below the start that were in flight then and are visible now."""
        if not self._late:
            return []
        found = list(
            conn.execute(
                select(order_events)
                .where(order_events.c.id.in_(sorted(self._late)))
                .order_by(order_events.c.id)
            )
        )
        self._late -= {int(row.id) for row in found}
        if xmin >= self._late_xmax:
            self._late.clear()  # every transaction running at the start has ended
        return found


def _snapshot(conn: Connection) -> tuple[int, int]:
    """(xmin, xmax) of the current PostgreSQL snapshot."""
    row = conn.execute(
        text(
            "SELECT pg_snapshot_xmin(s)::text::bigint, pg_snapshot_xmax(s)::text::bigint"
            " FROM pg_current_snapshot() AS s"
        )
    ).one()
    return int(row[0]), int(row[1])


def _event(row: Any) -> OrderEvent:
    recorded_at: datetime = row.recorded_at
    return OrderEvent(
        entry_id=int(row.id),
        recorded_at=recorded_at,
        order_id=row.order_id,
        subject=Subject(row.subject),
        subject_id=row.subject_id,
        status=row.status,
        location_id=row.location_id,
    )
