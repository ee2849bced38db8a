"""Work queues: what each store or warehouse has to do, kept beside the order records.

Every write of an order rebuilds its rows in `work_queue`, in the same transaction, from
its record:

- ``pick`` at a shipment's location: a planned parcel or transfer still to leave;
- ``transfer_in`` at the pickup store: a transfer planned or on its way there;
- ``counter`` at the pickup store: units of a collect order kept from its shelf or arrived
  by transfer, until the order is collected, released or cancelled (`due_at`: the collect
  deadline once the customer was told).

A location's queue is read by dispatch day, then order, shipment and kind of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, tuple_

from inventory import schema
from inventory.driver_sql import DriverSql
from omniroute.orders.tables import work_queue

if TYPE_CHECKING:
    from omniroute.orders.records import OrderRecord

PICK, TRANSFER_IN, COUNTER = "pick", "transfer_in", "counter"
#: Order states whose shipments may still be work somewhere.
_LIVE = frozenset({"reserved", "partially_shipped", "arrived", "ready_for_pickup"})


@dataclass(frozen=True)
class WorkKey:
    """Where an item sits in a location's queue (the order of the listing)."""

    dispatch_on: date
    order_id: str
    shipment_id: str
    work: str

    def token(self) -> str:
        """The key as the text of a page token."""
        return "\x1f".join(
            (self.dispatch_on.isoformat(), self.order_id, self.shipment_id, self.work)
        )

    @classmethod
    def parse(cls, text: str) -> WorkKey:
        """The key a page token carries (`token`'s inverse)."""
        day, order_id, shipment_id, work = text.split("\x1f")
        return cls(date.fromisoformat(day), order_id, shipment_id, work)


@dataclass(frozen=True)
class QueuedWork:
    """One item of a location's queue, with the order's record it comes from."""

    key: WorkKey
    status: str
    due_at: datetime | None
    record: str


def queue_statement(conn: Connection) -> tuple[str, str]:
    """The multi-row insert of queue rows, in the driver's parameter style."""
    p = "?" if conn.dialect.name == "sqlite" else "%s"
    return (
        "INSERT INTO work_queue (location_id, dispatch_on, order_id, shipment_id, work, status,"
        " due_at) VALUES",
        f"({p}, {p}, {p}, {p}, {p}, {p}, {p})",
    )


def work_rows(sql: DriverSql, records: Sequence[OrderRecord]) -> list[tuple[Any, ...]]:
    """The queue rows of new orders, as the driver takes them."""
    return [
        (loc, sql.day(day), order_id, shipment_id, work, status, sql.timestamp(due))
        for record in records
        for loc, day, order_id, shipment_id, work, status, due in _items(record)
    ]


def replace_work(conn: Connection, record: OrderRecord) -> None:
    """List an order's open work anew after a change."""
    conn.execute(delete(work_queue).where(work_queue.c.order_id == record.order_id))
    names = ("location_id", "dispatch_on", "order_id", "shipment_id", "work", "status", "due_at")
    rows = [dict(zip(names, item, strict=True)) for item in _items(record)]
    if rows:
        conn.execute(insert(work_queue), rows)


def list_work(
    conn: Connection,
    location_id: str,
    *,
    status: str | None,
    work: str | None,
    after: WorkKey | None,
    limit: int,
) -> list[QueuedWork]:
    """Up to `limit` items of a location's queue after `after`, in queue order."""
    q, o = work_queue, schema.orders
    key = tuple_(q.c.dispatch_on, q.c.order_id, q.c.shipment_id, q.c.work)
    query = (
        select(
            q.c.dispatch_on,
            q.c.order_id,
            q.c.shipment_id,
            q.c.work,
            q.c.status,
            q.c.due_at,
            o.c.record,
        )
        .join(o, o.c.id == q.c.order_id)
        .where(q.c.location_id == location_id)
        .order_by(q.c.dispatch_on, q.c.order_id, q.c.shipment_id, q.c.work)
        .limit(limit)
    )
    if status is not None:
        query = query.where(q.c.status == status)
    if work is not None:
        query = query.where(q.c.work == work)
    if after is not None:
        query = query.where(
            key > (after.dispatch_on, after.order_id, after.shipment_id, after.work)
        )
    return [
        QueuedWork(WorkKey(row[0], row[1], row[2], row[3]), row[4], row[5], row[6])
        for row in conn.execute(query)
    ]


def due_for_release(conn: Connection, now: datetime, limit: int) -> list[str]:
    """Orders ready for pickup whose collect deadline has passed."""
    q = work_queue
    rows = conn.execute(
        select(q.c.order_id)
        .where(q.c.work == COUNTER, q.c.due_at <= now)
        .group_by(q.c.order_id)
        .order_by(q.c.order_id)
        .limit(limit)
    )
    return list(rows.scalars())


def _items(record: OrderRecord) -> list[tuple[Any, ...]]:
    """(location, day, order, shipment, work, status, due) of the order's open work."""
    if record.status.value not in _LIVE:
        return _in_transit(record)
    items: list[tuple[Any, ...]] = []
    pickup = record.pickup_location_id
    for s in record.shipments:
        day = date.fromisoformat(s.dispatch_on) if s.dispatch_on else record.created_at.date()
        status = s.status.value
        row = (day, record.order_id, s.shipment_id)
        if status == "planned" and s.kind != "pickup":
            items.append((s.location_id, *row, PICK, status, None))
        if pickup and s.kind == "transfer" and status in ("planned", "shipped"):
            items.append((pickup, *row, TRANSFER_IN, status, None))
        at_counter = (s.kind == "pickup" and status == "planned") or status == "arrived"
        if pickup and at_counter:
            items.append((pickup, *row, COUNTER, status, record.collect_by))
    return items


def _in_transit(record: OrderRecord) -> list[tuple[Any, ...]]:
    """A closed order's transfers still on their way: the store must still receive them."""
    pickup = record.pickup_location_id
    if not pickup:
        return []
    return [
        (
            pickup,
            date.fromisoformat(s.dispatch_on) if s.dispatch_on else record.created_at.date(),
            record.order_id,
            s.shipment_id,
            TRANSFER_IN,
            s.status.value,
            None,
        )
        for s in record.shipments
        if s.kind == "transfer" and s.status.value == "shipped"
    ]
