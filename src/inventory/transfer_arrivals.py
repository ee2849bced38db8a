"""An order's transfer arriving at its pickup store: the units enter the store's stock and,
while the order is open, are held for it there.

The arrival's ledger rows are ``transfer_in`` rows tied to the reservation that sent the
units (its ``transfer_out`` rows carry the same reference), so the audit can prove that no
transfer brought more units than left. The units are held by a committed reservation of
their own, whatever the store's safety stock: they were promised before they came.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, insert, update

from inventory import schema
from inventory.catalog import Catalog, upsert_statement
from inventory.domain import MovementKind, ReservationStatus
from inventory.errors import InsufficientStock, InvalidInput
from inventory.ledger import ledger_row
from inventory.reservation_store import record_status, reservation_pk

stock = schema.stock


def receive_transfer(
    conn: Connection,
    catalog: Catalog,
    *,
    location_id: str,
    lines: Sequence[tuple[str, int]],
    reference: str,
    sent_by: str,
    hold_for: str | None,
    now: datetime,
) -> str | None:
    """Book the arrival of `lines` (SKU, units) at `location_id`, sent under reservation
    `sent_by`; hold them for order `hold_for` (None: the order is closed, they are plain
    stock). Returns the new reservation's id, if any."""
    if not lines or any(qty <= 0 for _, qty in lines):
        raise InvalidInput("a transfer arrives with at least one unit of each line")
    source_pk, _ = reservation_pk(conn, sent_by)
    location_pk = catalog.location_pks([location_id], conn)[location_id]
    sku_pks = catalog.sku_pks([sku for sku, _ in lines], conn)
    keyed = sorted((sku_pks[sku], sku, qty) for sku, qty in lines)
    for sku_pk, _, qty in keyed:
        statement = upsert_statement(conn, stock).values(
            sku_pk=sku_pk,
            location_pk=location_pk,
            on_hand=qty,
            reserved=0,
            safety_stock=0,
            incoming=0,
        )
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=["sku_pk", "location_pk"], set_={"on_hand": stock.c.on_hand + qty}
            )
        )
    conn.execute(
        insert(schema.stock_ledger),
        [
            ledger_row(
                now, location_pk, sku_pk, MovementKind.TRANSFER_IN, qty, 0, source_pk, reference
            )
            for sku_pk, _, qty in keyed
        ],
    )
    if hold_for is None:
        return None
    return _hold(conn, location_pk, location_id, keyed, hold_for, reference, now)


def _hold(
    conn: Connection,
    location_pk: int,
    location_id: str,
    keyed: list[tuple[int, str, int]],
    order_ref: str,
    reference: str,
    now: datetime,
) -> str:
    """A committed reservation of the arrived units (no dispatch day: they stay there)."""
    reservation_id = uuid.uuid4().hex
    r = schema.reservations
    pk = conn.execute(
        insert(r)
        .values(
            id=reservation_id,
            idempotency_key=None,
            request_hash=hashlib.sha256(reference.encode()).hexdigest(),
            status=ReservationStatus.COMMITTED.value,
            order_ref=order_ref,
            created_at=now,
            updated_at=now,
            expires_at=None,
        )
        .returning(r.c.pk)
    ).scalar_one()
    conn.execute(
        insert(schema.reservation_lines),
        [
            {
                "reservation_pk": pk,
                "line_no": number,
                "location_pk": location_pk,
                "sku_pk": sku_pk,
                "qty": qty,
                "shipped_qty": 0,
                "released_qty": 0,
                "dispatch_on": None,
            }
            for number, (sku_pk, _, qty) in enumerate(keyed)
        ],
    )
    for sku_pk, sku_id, qty in keyed:
        held = conn.execute(
            update(stock)
            .where(
                stock.c.sku_pk == sku_pk,
                stock.c.location_pk == location_pk,
                stock.c.on_hand - stock.c.reserved >= qty,
            )
            .values(reserved=stock.c.reserved + qty)
        )
        if held.rowcount != 1:  # the units were just booked in: only a broken row lacks them
            raise InsufficientStock(
                f"{qty} arrived unit(s) of {sku_id} at {location_id} cannot be held",
                location_id=location_id,
                sku_id=sku_id,
            )
    conn.execute(
        insert(schema.stock_ledger),
        [
            ledger_row(now, location_pk, sku_pk, kind, 0, qty if first else 0, pk, reservation_id)
            for kind, first in ((MovementKind.RESERVE, True), (MovementKind.COMMIT, False))
            for sku_pk, _, qty in keyed
        ],
    )
    record_status(conn, pk, ReservationStatus.HELD, now)
    record_status(conn, pk, ReservationStatus.COMMITTED, now)
    return reservation_id
