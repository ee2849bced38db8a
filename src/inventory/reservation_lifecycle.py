"""Moving a reservation on: commit, ship, release (all or one location), expire.

Status changes are conditional (``... WHERE status = :current``) so two requests racing on
the same reservation cannot both win. Released units give their dispatch capacity back
(shipped ones keep it: they left that day).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import Connection, insert, select, update

from inventory import schema
from inventory.domain import MovementKind, Reservation, ReservationStatus, can_transition
from inventory.errors import InvalidTransition, UnknownLocation
from inventory.ledger import ledger_row
from inventory.reservation_store import load_reservation, record_status, reservation_pk

ln, stock, capacity = schema.reservation_lines, schema.stock, schema.dispatch_capacity


def commit(conn: Connection, reservation_id: str, now: datetime) -> Reservation:
    """Turn a checkout hold into a firm order reservation (no expiry)."""
    pk, status = reservation_pk(conn, reservation_id)
    if status is ReservationStatus.COMMITTED:
        return load_reservation(conn, reservation_id)
    _move(conn, pk, reservation_id, status, ReservationStatus.COMMITTED, now)
    conn.execute(
        update(schema.reservations).where(schema.reservations.c.pk == pk).values(expires_at=None)
    )
    rows = [
        ledger_row(now, loc, sku, MovementKind.COMMIT, 0, 0, pk, reservation_id)
        for loc, sku, _, _, _ in _open_lines(conn, pk)
    ]
    conn.execute(insert(schema.stock_ledger), rows)
    return load_reservation(conn, reservation_id)


def ship(
    conn: Connection,
    reservation_id: str,
    location_pk: int | None,
    now: datetime,
    *,
    kind: MovementKind = MovementKind.SHIPMENT,
    reference: str | None = None,
) -> Reservation:
    """Units left a location (or every location): on hand and reserved go down together.

    The ledger rows are shipments, or (`kind`) transfers out to a pickup store, with
    `reference` (default: the reservation id)."""
    pk, status = reservation_pk(conn, reservation_id)
    if status is not ReservationStatus.COMMITTED:
        raise InvalidTransition(
            f"reservation {reservation_id} is {status.value}; only a committed one can ship"
        )
    lines = [line for line in _open_lines(conn, pk) if location_pk in (None, line[0])]
    if not lines:
        raise InvalidTransition(f"reservation {reservation_id} has nothing left to ship there")
    for loc, sku, line_no, qty, _ in lines:
        conn.execute(
            update(stock)
            .where(stock.c.sku_pk == sku, stock.c.location_pk == loc)
            .values(on_hand=stock.c.on_hand - qty, reserved=stock.c.reserved - qty)
        )
        conn.execute(
            update(ln)
            .where(ln.c.reservation_pk == pk, ln.c.line_no == line_no)
            .values(shipped_qty=ln.c.shipped_qty + qty)
        )
    conn.execute(
        insert(schema.stock_ledger),
        [
            ledger_row(now, loc, sku, kind, -qty, -qty, pk, reference or reservation_id)
            for loc, sku, _, qty, _ in lines
        ],
    )
    _settle(conn, pk, reservation_id, status, now)
    return load_reservation(conn, reservation_id)


def release(
    conn: Connection,
    reservation_id: str,
    now: datetime,
    *,
    location_pk: int | None = None,
    target: ReservationStatus = ReservationStatus.RELEASED,
) -> Reservation:
    """Give back the units still held (at one location, or all of them)."""
    pk, status = reservation_pk(conn, reservation_id)
    if not status.is_open or not can_transition(status, target):
        raise InvalidTransition(
            f"reservation {reservation_id} is {status.value}; it cannot become {target.value}"
        )
    lines = [line for line in _open_lines(conn, pk) if location_pk in (None, line[0])]
    if location_pk is not None and not lines:
        raise UnknownLocation(f"reservation {reservation_id} holds nothing at that location")
    for loc, sku, line_no, qty, _ in lines:
        conn.execute(
            update(stock)
            .where(stock.c.sku_pk == sku, stock.c.location_pk == loc)
            .values(reserved=stock.c.reserved - qty)
        )
        conn.execute(
            update(ln)
            .where(ln.c.reservation_pk == pk, ln.c.line_no == line_no)
            .values(released_qty=ln.c.released_qty + qty)
        )
    if lines:
        conn.execute(
            insert(schema.stock_ledger),
            [
                ledger_row(now, loc, sku, MovementKind.RELEASE, 0, -qty, pk, reservation_id)
                for loc, sku, _, qty, _ in lines
            ],
        )
        _give_back_capacity(conn, lines)
    if location_pk is None:
        _move(conn, pk, reservation_id, status, target, now)
    else:
        _settle(conn, pk, reservation_id, status, now)
    return load_reservation(conn, reservation_id)


def due_for_expiry(conn: Connection, now: datetime, limit: int) -> list[str]:
    """Ids of held reservations whose expiry has passed."""
    r = schema.reservations
    return list(
        conn.execute(
            select(r.c.id)
            .where(r.c.status == ReservationStatus.HELD.value, r.c.expires_at <= now)
            .order_by(r.c.expires_at)
            .limit(limit)
        ).scalars()
    )


def _give_back_capacity(
    conn: Connection, lines: list[tuple[int, int, int, int, date | None]]
) -> None:
    """Released units no longer count on their day's dispatch capacity (after the stock
    rows, in (location, day) order: the lock order of `reservations.reserve`)."""
    per_day: dict[tuple[int, date], int] = defaultdict(int)
    for loc, _, _, qty, day in lines:
        if day is not None:
            per_day[(loc, day)] += qty
    for (loc, day), qty in sorted(per_day.items()):
        conn.execute(
            update(capacity)
            .where(capacity.c.location_pk == loc, capacity.c.dispatch_on == day)
            .values(used=capacity.c.used - qty)
        )


def _open_lines(conn: Connection, pk: int) -> list[tuple[int, int, int, int, date | None]]:
    """(location, SKU, line number, units still held, dispatch day) of the open lines."""
    remaining = ln.c.qty - ln.c.shipped_qty - ln.c.released_qty
    rows = conn.execute(
        select(ln.c.location_pk, ln.c.sku_pk, ln.c.line_no, remaining, ln.c.dispatch_on)
        .where(ln.c.reservation_pk == pk, remaining > 0)
        .order_by(ln.c.location_pk, ln.c.sku_pk)
    )
    return list(rows)


def _settle(
    conn: Connection, pk: int, reservation_id: str, status: ReservationStatus, now: datetime
) -> None:
    """After partial steps: fulfilled when nothing is left open and something shipped."""
    if _open_lines(conn, pk):
        conn.execute(
            update(schema.reservations).where(schema.reservations.c.pk == pk).values(updated_at=now)
        )
        return
    shipped = conn.execute(
        select(ln.c.shipped_qty).where(ln.c.reservation_pk == pk, ln.c.shipped_qty > 0).limit(1)
    ).first()
    final = ReservationStatus.FULFILLED if shipped else ReservationStatus.RELEASED
    if status is ReservationStatus.HELD and final is ReservationStatus.FULFILLED:
        final = ReservationStatus.RELEASED
    _move(conn, pk, reservation_id, status, final, now)


def _move(
    conn: Connection,
    pk: int,
    reservation_id: str,
    current: ReservationStatus,
    target: ReservationStatus,
    now: datetime,
) -> None:
    if not can_transition(current, target):
        raise InvalidTransition(
            f"reservation {reservation_id} is {current.value}; it cannot become {target.value}"
        )
    r = schema.reservations
    result = conn.execute(
        update(r)
        .where(r.c.pk == pk, r.c.status == current.value)
        .values(status=target.value, updated_at=now)
    )
    if result.rowcount != 1:
        raise InvalidTransition(f"reservation {reservation_id} changed meanwhile; try again")
    record_status(conn, pk, target, now)
