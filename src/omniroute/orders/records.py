"""Order records: what the service promised for an order, stored as one JSON document.

The record is written in the same transaction as the reservation it describes.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, select, update

from inventory import schema
from inventory.driver_sql import driver_cursor, driver_sql
from omniroute.orders.errors import UnknownOrder
from omniroute.orders.order_events import (
    event_statement,
    new_order_events,
    record_order_changes,
)
from omniroute.orders.work_queue import queue_statement, replace_work, work_rows


class OrderStatus(enum.StrEnum):
    QUOTED = "quoted"
    RESERVED = "reserved"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"
    UNFULFILLABLE = "unfulfillable"
    #: Click & collect: every unit at the pickup store, held for the order.
    ARRIVED = "arrived"
    READY_FOR_PICKUP = "ready_for_pickup"
    COLLECTED = "collected"
    #: Not collected by its deadline: its units were released to the store's stock.
    NOT_COLLECTED = "not_collected"


class ShipmentStatus(enum.StrEnum):
    PLANNED = "planned"
    SHIPPED = "shipped"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    #: A transfer that reached the pickup store (its units held there).
    ARRIVED = "arrived"
    COLLECTED = "collected"
    NOT_COLLECTED = "not_collected"


@dataclass(frozen=True)
class ShipmentLine:
    sku: str
    qty: int


@dataclass(frozen=True)
class OrderLineRecord:
    """An order line as sold: what the customer paid for it is
    `qty * unit_price_cents - discount_cents` (the discount apportioned at order time)."""

    line_id: str
    sku: str
    qty: int
    unit_price_cents: int = 0
    discount_cents: int = 0
    splittable: bool = True

    @property
    def paid_cents(self) -> int:
        """The amount paid for the whole line, in cents."""
        return self.qty * self.unit_price_cents - self.discount_cents


@dataclass(frozen=True)
class ShipmentRecord:
    """One parcel (or transfer) of the order, from one location."""

    shipment_id: str
    location_id: str
    kind: str
    lines: tuple[ShipmentLine, ...]
    cost_cents: int
    distance_km: float
    reservation_id: str
    status: ShipmentStatus = ShipmentStatus.PLANNED
    dispatch_on: str = ""
    arrive_on: str = ""

    @property
    def handed_over(self) -> bool:
        """Whether the customer has its units: a parcel that left, or collected units (a
        transfer that left is on its way to the pickup store, not to the customer)."""
        if self.status is ShipmentStatus.COLLECTED:
            return True
        return self.status is ShipmentStatus.SHIPPED and self.kind != "transfer"


@dataclass(frozen=True)
class OrderRecord:
    """An order as the service knows it."""

    order_id: str
    status: OrderStatus
    strategy: str
    plan: dict[str, Any]
    shipments: tuple[ShipmentRecord, ...]
    reservation_ids: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    destination: tuple[float, float] | None = None
    pickup_location_id: str | None = None
    rejected_locations: tuple[str, ...] = ()
    replans: tuple[dict[str, Any], ...] = field(default=())
    lines: tuple[OrderLineRecord, ...] = ()
    customer_id: str | None = None
    placed_at: datetime | None = None
    coupon_codes: tuple[str, ...] = ()
    redeemed_points: int = 0
    #: Click & collect: when the customer was told, the deadline to collect, and when the
    #: order was collected or released.
    ready_for_pickup_at: datetime | None = None
    collect_by: datetime | None = None
    closed_at: datetime | None = None

    @property
    def paid_cents(self) -> int:
        """What the customer paid for the whole order, in cents."""
        return sum(line.paid_cents for line in self.lines)

    def line(self, line_id: str) -> OrderLineRecord | None:
        """The order line with this id, if any."""
        return next((ln for ln in self.lines if ln.line_id == line_id), None)

    def with_changes(self, **changes: Any) -> OrderRecord:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_json(self) -> str:
        """The stored JSON document."""
        # json's C encoder walks the record; only dataclasses and datetimes call back (the
        # same document `asdict` gave, at a fraction of its deep copy's cost).
        return json.dumps(self, default=_json_default, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> OrderRecord:
        """Read a stored JSON document back."""
        data = json.loads(text)
        data["status"] = OrderStatus(data["status"])
        data["created_at"] = datetime.fromisoformat(data["created_at"])
        data["updated_at"] = datetime.fromisoformat(data["updated_at"])
        data["shipments"] = tuple(
            ShipmentRecord(
                **{
                    **s,
                    "status": ShipmentStatus(s["status"]),
                    "lines": tuple(ShipmentLine(**ln) for ln in s["lines"]),
                }
            )
            for s in data["shipments"]
        )
        data["reservation_ids"] = tuple(data["reservation_ids"])
        data["rejected_locations"] = tuple(data["rejected_locations"])
        data["replans"] = tuple(data["replans"])
        data["lines"] = tuple(OrderLineRecord(**ln) for ln in data.get("lines", ()))
        data["coupon_codes"] = tuple(data.get("coupon_codes", ()))
        for moment in ("placed_at", *_COLLECT_MOMENTS):
            value = data.get(moment)
            data[moment] = datetime.fromisoformat(value) if value else None
        if data["destination"] is not None:
            data["destination"] = tuple(data["destination"])
        return cls(**data)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    names = _FIELD_NAMES.get(type(value))
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
    if names is None:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return {name: getattr(value, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_COLLECT_MOMENTS = ("ready_for_pickup_at", "collect_by", "closed_at")


def insert_order(
    conn: Connection, record: OrderRecord, idempotency_key: str | None, request_hash: str
) -> None:
    """Store a new order record (on the driver's cursor: every RouteOrder writes one)."""
    insert_orders(conn, [(record, idempotency_key, request_hash)])


def insert_orders(conn: Connection, orders: Sequence[tuple[OrderRecord, str | None, str]]) -> None:
    """Store new order records, each with its idempotency key and request hash, by one
    multi-row insert (in this order: their pks follow it)."""
    sql = driver_sql(conn)
    rows = [
        (
            record.order_id,
            idempotency_key,
            request_hash,
            record.status.value,
            record.to_json(),
            sql.timestamp(record.created_at),
            sql.timestamp(record.updated_at),
        )
        for record, idempotency_key, request_hash in orders
    ]
    with driver_cursor(conn) as cursor:
        sql.insert_rows(cursor, sql.insert_orders, rows)
        records = [record for record, _, _ in orders]
        sql.insert_rows(cursor, event_statement(conn), new_order_events(sql, records))
        sql.insert_rows(cursor, queue_statement(conn), work_rows(sql, records))


def save_order(conn: Connection, record: OrderRecord) -> None:
    """Overwrite an order's record; its status changes become order events and its open
    work is listed anew, in the same transaction."""
    o = schema.orders
    before = conn.execute(select(o.c.record).where(o.c.id == record.order_id)).scalar_one()
    conn.execute(
        update(o)
        .where(o.c.id == record.order_id)
        .values(status=record.status.value, record=record.to_json(), updated_at=record.updated_at)
    )
    record_order_changes(conn, OrderRecord.from_json(before), record)
    replace_work(conn, record)


def load_order(conn: Connection, order_id: str, *, lock: bool = False) -> OrderRecord:
    """One order record, or `UnknownOrder`."""
    query = select(schema.orders.c.record).where(schema.orders.c.id == order_id)
    if lock:
        query = query.with_for_update()
    text = conn.execute(query).scalar_one_or_none()
    if text is None:
        raise UnknownOrder(f"unknown order {order_id!r}", order_id=order_id)
    return OrderRecord.from_json(text)


class StoredOrder(NamedTuple):
    """An order as stored, with what its first request was sent with."""

    request_hash: str
    idempotency_key: str | None
    record: str


def find_by_key(conn: Connection, order_id: str, key: str | None) -> StoredOrder | None:
    """The stored order with this id or idempotency key, if any."""
    o = schema.orders
    condition = o.c.id == order_id
    if key is not None:
        condition = condition | (o.c.idempotency_key == key)
    query = select(o.c.request_hash, o.c.idempotency_key, o.c.record).where(condition).limit(1)
    row = conn.execute(query).first()
    return None if row is None else StoredOrder(row.request_hash, row.idempotency_key, row.record)


def ids_in_use(conn: Connection, order_ids: Sequence[str], keys: Sequence[str]) -> set[str]:
    """Which of `order_ids` and idempotency `keys` some stored order already has."""
    o = schema.orders
    rows = conn.execute(
        select(o.c.id, o.c.idempotency_key).where(
            o.c.id.in_(order_ids) | o.c.idempotency_key.in_(keys)
        )
    )
    return {value for row in rows for value in row if value is not None}
