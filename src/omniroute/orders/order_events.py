"""Order events: each status change of an order, a shipment or a return, as a row of
`order_events` written in the transaction of the change (WatchOrders follows the table).

An event row is always written after the change's own rows (the order, the return), so a
PostgreSQL transaction holding an event id already has a transaction id: the snapshot
arithmetic of `order_event_tail` relies on it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert

from inventory.driver_sql import DriverSql
from omniroute.orders.tables import order_events

if TYPE_CHECKING:
    from omniroute.orders.records import OrderRecord, ShipmentRecord
    from omniroute.returns.records import ReturnRecord


class Subject(enum.StrEnum):
    """What an event is about."""

    ORDER = "order"
    SHIPMENT = "shipment"
    RETURN = "return"


@dataclass(frozen=True)
class OrderEvent:
    """One committed status change; `entry_id` is its cursor."""

    entry_id: int
    recorded_at: datetime
    order_id: str
    subject: Subject
    subject_id: str
    status: str
    location_id: str


def event_statement(conn: Connection) -> tuple[str, str]:
    """The multi-row insert of event rows, in the driver's parameter style."""
    p = "?" if conn.dialect.name == "sqlite" else "%s"
    return (
        "INSERT INTO order_events (recorded_at, order_id, subject, subject_id, status,"
        " location_id) VALUES",
        f"({p}, {p}, {p}, {p}, {p}, {p})",
    )


def new_order_events(sql: DriverSql, records: Sequence[OrderRecord]) -> list[tuple[Any, ...]]:
    """The events of orders just stored: each order's status and each shipment's."""
    rows: list[tuple[Any, ...]] = []
    for record in records:
        at = sql.timestamp(record.updated_at)
        rows += [(at, *values) for values in _changes(None, record)]
    return rows


def record_order_changes(conn: Connection, before: OrderRecord, after: OrderRecord) -> None:
    """Write the status changes from `before` to `after` of one order."""
    rows = [
        dict(zip(_COLUMNS, (after.updated_at, *values), strict=True))
        for values in _changes(before, after)
    ]
    if rows:
        conn.execute(insert(order_events), rows)


def record_return_change(
    conn: Connection, before: ReturnRecord | None, after: ReturnRecord
) -> None:
    """Write a return's new status, when it changed."""
    if before is not None and before.status is after.status:
        return
    location = after.drop_off_location_id or after.destination.location_id
    conn.execute(
        insert(order_events),
        {
            "recorded_at": after.updated_at,
            "order_id": after.order_id,
            "subject": Subject.RETURN.value,
            "subject_id": after.return_id,
            "status": after.status.value,
            "location_id": location,
        },
    )


_COLUMNS = ("recorded_at", "order_id", "subject", "subject_id", "status", "location_id")


def _changes(before: OrderRecord | None, after: OrderRecord) -> list[tuple[str, ...]]:
    """(order id, subject, subject id, status, location) of each status that changed."""
    changes: list[tuple[str, ...]] = []
    if before is None or before.status is not after.status:
        location = after.pickup_location_id or ""
        changes.append((after.order_id, Subject.ORDER.value, "", after.status.value, location))
    previous = {} if before is None else {s.shipment_id: s.status for s in before.shipments}
    for shipment in after.shipments:
        if previous.get(shipment.shipment_id) is not shipment.status:
            changes.append(
                (
                    after.order_id,
                    Subject.SHIPMENT.value,
                    shipment.shipment_id,
                    shipment.status.value,
                    _where(after, shipment),
                )
            )
    return changes


def _where(record: OrderRecord, shipment: ShipmentRecord) -> str:
    """A shipment's location; a transfer's is the pickup store once it arrived there."""
    at_store = shipment.kind == "transfer" and shipment.status.value in _AT_THE_STORE
    return (record.pickup_location_id or "") if at_store else shipment.location_id


_AT_THE_STORE = frozenset({"arrived", "collected", "not_collected"})
