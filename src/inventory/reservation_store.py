"""Reading reservations back and recording their status history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from inventory import schema
from inventory.domain import Reservation, ReservationLine, ReservationStatus
from inventory.errors import UnknownReservation


def record_status(conn: Connection, pk: int, status: ReservationStatus, now: datetime) -> None:
    """Append one step to a reservation's history."""
    conn.execute(
        insert(schema.reservation_events),
        {"reservation_pk": pk, "status": status.value, "recorded_at": now},
    )


def reservation_pk(conn: Connection, reservation_id: str) -> tuple[int, ReservationStatus]:
    """The key and current status of a reservation, or `UnknownReservation`."""
    row = conn.execute(
        select(schema.reservations.c.pk, schema.reservations.c.status)
        .where(schema.reservations.c.id == reservation_id)
        # Lock the reservation so that two steps on it run one after the other.
        .with_for_update()
    ).one_or_none()
    if row is None:
        raise UnknownReservation(
            f"unknown reservation {reservation_id!r}", reservation_id=reservation_id
        )
    return row.pk, ReservationStatus(row.status)


def load_reservation(conn: Connection, reservation_id: str) -> Reservation:
    """The reservation with its lines and history, or `UnknownReservation`."""
    r = schema.reservations
    head = conn.execute(select(r).where(r.c.id == reservation_id)).one_or_none()
    if head is None:
        raise UnknownReservation(
            f"unknown reservation {reservation_id!r}", reservation_id=reservation_id
        )
    ln, loc, sku = schema.reservation_lines, schema.locations, schema.skus
    lines = conn.execute(
        select(loc.c.id, sku.c.id, ln.c.qty, ln.c.shipped_qty, ln.c.released_qty, ln.c.dispatch_on)
        .join(loc, loc.c.pk == ln.c.location_pk)
        .join(sku, sku.c.pk == ln.c.sku_pk)
        .where(ln.c.reservation_pk == head.pk)
        .order_by(ln.c.line_no)
    ).all()
    ev = schema.reservation_events
    history = conn.execute(
        select(ev.c.status, ev.c.recorded_at)
        .where(ev.c.reservation_pk == head.pk)
        .order_by(ev.c.id)
    ).all()
    return Reservation(
        id=head.id,
        status=ReservationStatus(head.status),
        lines=tuple(
            ReservationLine(location_id, sku_id, qty, shipped, released, dispatch_on)
            for location_id, sku_id, qty, shipped, released, dispatch_on in lines
        ),
        created_at=head.created_at,
        updated_at=head.updated_at,
        expires_at=head.expires_at,
        idempotency_key=head.idempotency_key,
        order_ref=head.order_ref,
        history=tuple((ReservationStatus(s), at) for s, at in history),
    )
