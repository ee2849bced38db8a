"""The tables the orders workflow writes beside each order record, in the same transaction:
the status changes (`order_events`, the feed of WatchOrders) and the open work of each
location (`work_queue`, what ListShipments reads)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, Integer, String, Table

from inventory.schema import UtcDateTime, metadata

# One row per status change of an order, a shipment or a return, in commit order on
# SQLite; on PostgreSQL ids are given before commit (see `order_event_tail`).
order_events = Table(
    "order_events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("order_id", String(64), nullable=False),
    #: "order", "shipment" or "return".
    Column("subject", String(16), nullable=False),
    #: The shipment or return id; empty for the order itself.
    Column("subject_id", String(80), nullable=False),
    Column("status", String(24), nullable=False),
    Column("location_id", String(64), nullable=False),
)

# The open work of each location, rebuilt from an order's record whenever it is written.
work_queue = Table(
    "work_queue",
    metadata,
    Column("location_id", String(64), primary_key=True),
    Column("dispatch_on", Date, primary_key=True),
    Column("order_id", String(64), primary_key=True),
    Column("shipment_id", String(80), primary_key=True),
    #: "pick", "transfer_in" or "counter".
    Column("work", String(16), primary_key=True),
    Column("status", String(24), nullable=False),
    #: Counter work of an order ready for pickup: when it must be collected by.
    Column("due_at", UtcDateTime, nullable=True),
    Index("ix_work_queue_order", "order_id"),
    Index("ix_work_queue_due", "due_at"),
)
