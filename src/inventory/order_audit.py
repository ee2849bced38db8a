"""Audit rules for what orders do to stock beyond single reservations (part of `audit`).

- **Transfers.** Units an order's transfer brought to its pickup store (``transfer_in``
  rows tied to the sending reservation) never exceed the units that left under that
  reservation with the same reference (``transfer_out`` rows); the difference is in transit.
- **Closed orders.** An order collected, not collected or cancelled holds no units: none of
  its reservations is still held or committed.
"""

from __future__ import annotations

from sqlalchemy import Connection, case, func, select

from inventory import schema
from inventory.domain import MovementKind, ReservationStatus

#: Order states (`orders.status`) in which the order may hold nothing.
CLOSED_ORDER_STATES = ("cancelled", "collected", "not_collected")


def transfer_rows(conn: Connection, limit: int) -> list[tuple[str, str, int, int]]:
    """(reference, SKU id, units arrived, units that left) of every order transfer that
    brought more units than left."""
    lg, sku = schema.stock_ledger, schema.skus
    arrived = func.sum(
        case((lg.c.kind == MovementKind.TRANSFER_IN.value, lg.c.on_hand_delta), else_=0)
    )
    left = -func.sum(
        case((lg.c.kind == MovementKind.TRANSFER_OUT.value, lg.c.on_hand_delta), else_=0)
    )
    rows = conn.execute(
        select(lg.c.reference, sku.c.id, arrived, left)
        .join(sku, sku.c.pk == lg.c.sku_pk)
        .where(
            lg.c.reservation_pk.is_not(None),
            lg.c.kind.in_([MovementKind.TRANSFER_IN.value, MovementKind.TRANSFER_OUT.value]),
        )
        .group_by(lg.c.reservation_pk, lg.c.reference, sku.c.id)
        .having(arrived > left)
        .limit(limit)
    )
    return [(ref, sku_id, int(a), int(b)) for ref, sku_id, a, b in rows]


def closed_order_holds(conn: Connection, limit: int) -> list[tuple[str, str, int]]:
    """(order id, its status, units still held) of closed orders that hold units."""
    r, ln, o = schema.reservations, schema.reservation_lines, schema.orders
    held = func.sum(ln.c.qty - ln.c.shipped_qty - ln.c.released_qty)
    rows = conn.execute(
        select(o.c.id, o.c.status, held)
        .join(r, r.c.order_ref == o.c.id)
        .join(ln, ln.c.reservation_pk == r.c.pk)
        .where(
            o.c.status.in_(CLOSED_ORDER_STATES),
            r.c.status.in_([ReservationStatus.HELD.value, ReservationStatus.COMMITTED.value]),
        )
        .group_by(o.c.id, o.c.status)
        .having(held > 0)
        .limit(limit)
    )
    return [(order_id, status, int(units)) for order_id, status, units in rows]
