"""The loyalty points ledger on the service's database (SQL half of `LoyaltyLedger`).

Every writer locks the customer's row first, so the idempotency check, the balance update
and the ledger row of one customer never interleave; the balance is changed by one
conditional UPDATE that cannot take it below zero.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from omniroute.customers.account_store import customer_pk
from omniroute.customers.errors import InsufficientPoints, LoyaltyConflict
from omniroute.customers.loyalty import LoyaltyEntry, LoyaltyKind
from omniroute.customers.points_requests import Booking
from omniroute.customers.tables import customers, loyalty_ledger


def balance(conn: Connection, customer_id: str) -> int:
    """The customer's points balance."""
    pk = customer_pk(conn, customer_id)
    return int(
        conn.execute(select(customers.c.points_balance).where(customers.c.pk == pk)).scalar_one()
    )


def entries(
    conn: Connection, customer_id: str, limit: int, before_entry_id: int | None
) -> list[LoyaltyEntry]:
    """A customer's entries, newest first."""
    lg = loyalty_ledger
    query = select(lg).where(lg.c.customer_pk == customer_pk(conn, customer_id))
    if before_entry_id is not None:
        query = query.where(lg.c.pk < before_entry_id)
    rows = conn.execute(query.order_by(lg.c.pk.desc()).limit(limit)).all()
    return [_entry(row, customer_id) for row in rows]


def book(conn: Connection, booking: Booking) -> LoyaltyEntry:
    """Book `booking` once: a repeat returns the first entry; other figures conflict."""
    pk = customer_pk(conn, booking.customer_id, lock=True)
    lg = loyalty_ledger
    existing = conn.execute(
        select(lg).where(
            lg.c.kind == booking.kind.value,
            lg.c.source == booking.source,
            lg.c.reference == booking.reference,
        )
    ).one_or_none()
    if existing is not None:
        if existing.customer_pk != pk:
            raise LoyaltyConflict(f"{booking.what} belongs to another customer")
        return _replay(existing, booking)
    owner = conn.execute(
        select(customers.c.id)
        .join(lg, lg.c.customer_pk == customers.c.pk)
        .where(lg.c.source == booking.source, lg.c.customer_pk != pk)
        .limit(1)
    ).scalar_one_or_none()
    if owner is not None:
        raise LoyaltyConflict(f"{booking.what} belongs to another customer")
    totals = source_totals(conn, booking.source)
    current = int(
        conn.execute(select(customers.c.points_balance).where(customers.c.pk == pk)).scalar_one()
    )
    points, written_off = booking.points(totals, current)
    after = conn.execute(
        customers.update()
        .where(customers.c.pk == pk, customers.c.points_balance + points >= 0)
        .values(points_balance=customers.c.points_balance + points)
        .returning(customers.c.points_balance)
    ).scalar_one_or_none()
    if after is None:  # pragma: no cover - booking.points checks the balance first
        raise InsufficientPoints(f"{booking.what}: not enough points", balance=current)
    new_pk = conn.execute(
        lg.insert()
        .values(
            customer_pk=pk,
            kind=booking.kind.value,
            points=points,
            balance_after=after,
            source=booking.source,
            reference=booking.reference,
            amount_cents=booking.amount_cents,
            written_off_points=written_off,
            booked_at=booking.at,
        )
        .returning(lg.c.pk)
    ).scalar_one()
    return LoyaltyEntry(
        entry_id=int(new_pk),
        customer_id=booking.customer_id,
        kind=booking.kind,
        points=points,
        balance_after=int(after),
        source=booking.source,
        reference=booking.reference,
        booked_at=booking.at,
        amount_cents=booking.amount_cents,
        written_off_points=written_off,
    )


def source_totals(conn: Connection, source: str) -> dict[LoyaltyKind, tuple[int, int, int]]:
    """Per kind, the sums of (points, amount_cents, written_off_points) booked on `source`."""
    lg = loyalty_ledger
    rows = conn.execute(
        select(
            lg.c.kind,
            func.sum(lg.c.points),
            func.sum(lg.c.amount_cents),
            func.sum(lg.c.written_off_points),
        )
        .where(lg.c.source == source)
        .group_by(lg.c.kind)
    ).all()
    return {LoyaltyKind(kind): (int(p), int(a), int(w)) for kind, p, a, w in rows}


def _replay(row: Any, booking: Booking) -> LoyaltyEntry:
    entry = _entry(row, booking.customer_id)
    if row.amount_cents != booking.amount_cents or (
        booking.requested_points is not None and abs(row.points) != booking.requested_points
    ):
        raise LoyaltyConflict(f"{booking.what} was booked before with other figures")
    return entry


def _entry(row: Any, customer_id: str) -> LoyaltyEntry:
    return LoyaltyEntry(
        entry_id=int(row.pk),
        customer_id=customer_id,
        kind=LoyaltyKind(row.kind),
        points=int(row.points),
        balance_after=int(row.balance_after),
        source=row.source,
        reference=row.reference,
        booked_at=row.booked_at,
        amount_cents=int(row.amount_cents),
        written_off_points=int(row.written_off_points),
    )
