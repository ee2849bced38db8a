"""Reservations: hold units at many locations in one transaction, never more than exist.

Every line is a conditional update (``... WHERE on_hand - reserved - safety_stock >= qty``)
taken in one fixed order, (location, SKU), so concurrent reservations cannot deadlock and
cannot promise the same unit twice; the first line that fails rolls the whole request back.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, and_, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from inventory import schema
from inventory.catalog import Catalog
from inventory.domain import (
    MovementKind,
    Reservation,
    ReservationLine,
    ReservationStatus,
    require_id,
    require_utc,
)
from inventory.errors import (
    DuplicateId,
    IdempotencyConflict,
    InsufficientStock,
    InvalidInput,
)
from inventory.ledger import ledger_row
from inventory.reservation_store import load_reservation

stock = schema.stock

# Built once: the hot path only binds values.
_AVAILABLE = stock.c.on_hand - stock.c.reserved - stock.c.safety_stock
_PAIR = and_(stock.c.sku_pk == bindparam("b_sku"), stock.c.location_pk == bindparam("b_loc"))
_HOLD = (
    update(stock)
    .where(_PAIR, _AVAILABLE >= bindparam("b_qty"))
    .values(reserved=stock.c.reserved + bindparam("b_qty"))
)
_AVAILABLE_NOW = select(_AVAILABLE).where(_PAIR)


@dataclass(frozen=True)
class Reserve:
    """Command: hold these lines, all or none."""

    lines: tuple[ReservationLine, ...]
    idempotency_key: str | None = None
    expires_at: datetime | None = None
    order_ref: str = ""
    commit: bool = False
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        if not self.lines:
            raise InvalidInput("a reservation needs at least one line")
        keys = [(line.location_id, line.sku_id) for line in self.lines]
        if len(set(keys)) != len(keys):
            first = next(k for k in keys if keys.count(k) > 1)
            raise DuplicateId(f"SKU {first[1]!r} at location {first[0]!r} appears on two lines")
        if self.idempotency_key is not None:
            require_id(self.idempotency_key[:64], "idempotency key")
        require_utc(self.created_at, "reservation time")
        if (
            self.expires_at is not None
            and require_utc(self.expires_at, "expiry") <= self.created_at
        ):
            raise InvalidInput("a reservation's expiry must lie in the future")
        if self.commit and self.expires_at is not None:
            raise InvalidInput("a committed reservation does not expire; drop expires_at")

    def fingerprint(self) -> str:
        """A hash of what is asked for, to tell a retry from a different request."""
        parts = sorted(f"{ln.location_id}\x1f{ln.sku_id}\x1f{ln.qty}" for ln in self.lines)
        text = "\x1e".join([*parts, self.order_ref, str(self.commit)])
        return hashlib.sha256(text.encode()).hexdigest()


def reserve(conn: Connection, catalog: Catalog, command: Reserve) -> tuple[Reservation, bool]:
    """Hold every line of `command` or raise and change nothing (run in a transaction).

    Returns the reservation and whether it is new (False: a retry of an earlier request).
    """
    fingerprint = command.fingerprint()
    if command.idempotency_key is not None:
        existing = _by_idempotency_key(conn, command.idempotency_key, fingerprint)
        if existing is not None:
            return existing, False
    location_pks = catalog.location_pks([ln.location_id for ln in command.lines], conn)
    sku_pks = catalog.sku_pks([ln.sku_id for ln in command.lines], conn)
    now = command.created_at
    status = ReservationStatus.COMMITTED if command.commit else ReservationStatus.HELD
    reservation_id = uuid.uuid4().hex
    # The reservation row goes first: a concurrent retry with the same key waits on its
    # unique index here, before either touches stock.
    pk = conn.execute(
        insert(schema.reservations).returning(schema.reservations.c.pk),
        {
            "id": reservation_id,
            "idempotency_key": command.idempotency_key,
            "request_hash": fingerprint,
            "status": status.value,
            "order_ref": command.order_ref,
            "created_at": now,
            "updated_at": now,
            "expires_at": command.expires_at,
        },
    ).scalar_one()
    keyed = sorted(
        ((location_pks[ln.location_id], sku_pks[ln.sku_id], ln) for ln in command.lines),
        key=lambda item: (item[0], item[1]),
    )
    for location_pk, sku_pk, line in keyed:
        _hold(conn, location_pk, sku_pk, line)
    conn.execute(
        insert(schema.reservation_lines),
        [
            {
                "reservation_pk": pk,
                "line_no": number,
                "location_pk": location_pk,
                "sku_pk": sku_pk,
                "qty": line.qty,
                "shipped_qty": 0,
                "released_qty": 0,
            }
            for number, (location_pk, sku_pk, line) in enumerate(keyed)
        ],
    )
    ledger_rows = [
        ledger_row(now, location_pk, sku_pk, MovementKind.RESERVE, 0, line.qty, pk, reservation_id)
        for location_pk, sku_pk, line in keyed
    ]
    if command.commit:
        ledger_rows += [
            ledger_row(now, location_pk, sku_pk, MovementKind.COMMIT, 0, 0, pk, reservation_id)
            for location_pk, sku_pk, _ in keyed
        ]
    conn.execute(insert(schema.stock_ledger), ledger_rows)
    history = [(ReservationStatus.HELD, now)]
    if command.commit:
        history.append((ReservationStatus.COMMITTED, now))
    conn.execute(
        insert(schema.reservation_events),
        [{"reservation_pk": pk, "status": st.value, "recorded_at": at} for st, at in history],
    )
    # Built from what was written rather than read back: the hot path saves three queries.
    reservation = Reservation(
        id=reservation_id,
        status=status,
        lines=tuple(line for _, _, line in keyed),
        created_at=now,
        updated_at=now,
        expires_at=command.expires_at,
        idempotency_key=command.idempotency_key,
        order_ref=command.order_ref,
        history=tuple(history),
    )
    return reservation, True


def retry_after_conflict(conn: Connection, command: Reserve, error: IntegrityError) -> Reservation:
    """After a unique-key race on the idempotency key, return the winner's reservation."""
    if command.idempotency_key is None:
        raise error
    existing = _by_idempotency_key(conn, command.idempotency_key, command.fingerprint())
    if existing is None:
        raise error
    return existing


def _hold(conn: Connection, location_pk: int, sku_pk: int, line: ReservationLine) -> None:
    params = {"b_sku": sku_pk, "b_loc": location_pk, "b_qty": line.qty}
    if conn.execute(_HOLD, params).rowcount == 1:
        return
    row = conn.execute(_AVAILABLE_NOW, params).scalar_one_or_none()
    available = max(0, row or 0)
    raise InsufficientStock(
        f"only {available} unit(s) of {line.sku_id} available at {line.location_id},"
        f" {line.qty} requested",
        location_id=line.location_id,
        sku_id=line.sku_id,
    )


def _by_idempotency_key(conn: Connection, key: str, fingerprint: str) -> Reservation | None:
    row = conn.execute(
        select(schema.reservations.c.id, schema.reservations.c.request_hash).where(
            schema.reservations.c.idempotency_key == key
        )
    ).one_or_none()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise IdempotencyConflict(
            f"idempotency key {key!r} was already used for a different reservation"
        )
    return load_reservation(conn, row.id)
