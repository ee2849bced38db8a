"""Movements reported by feeds (receipts, POS sales, adjustments, transfers, returns).

An outbound movement may take safety stock (a walk-in customer can buy the last unit) but
never units held by a reservation: those are already promised.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update

from inventory import schema
from inventory.catalog import Catalog, upsert_statement
from inventory.domain import MovementKind, StockEvent, require_utc
from inventory.errors import IdempotencyConflict, InsufficientStock, InvalidInput
from inventory.ledger import ledger_row

stock = schema.stock


def events_fingerprint(events: Sequence[StockEvent]) -> str:
    """A hash of a batch, to tell a retried batch from a different one."""
    text = "\x1e".join(
        f"{e.kind.value}\x1f{e.location_id}\x1f{e.sku_id}\x1f{e.qty}\x1f{e.reference}"
        for e in events
    )
    return hashlib.sha256(text.encode()).hexdigest()


def apply_events(
    conn: Connection,
    catalog: Catalog,
    events: Sequence[StockEvent],
    now: datetime,
    idempotency_key: str | None = None,
) -> bool:
    """Apply a batch, all or none; False when the same batch was applied before."""
    if not events:
        raise InvalidInput("a stock event batch needs at least one event")
    if idempotency_key is not None and _seen_before(conn, idempotency_key, events, now):
        return False
    location_pks = catalog.location_pks([e.location_id for e in events], conn)
    sku_pks = catalog.sku_pks([e.sku_id for e in events], conn)
    # Lock order as in reservations: (location, SKU), stable for events on one pair.
    ordered = sorted(events, key=lambda e: (location_pks[e.location_id], sku_pks[e.sku_id]))
    for event in ordered:
        _apply_one(conn, location_pks[event.location_id], sku_pks[event.sku_id], event)
    conn.execute(
        insert(schema.stock_ledger),
        [
            ledger_row(
                now,
                location_pks[e.location_id],
                sku_pks[e.sku_id],
                e.kind,
                e.on_hand_delta,
                0,
                None,
                e.reference,
            )
            for e in ordered
        ],
    )
    return True


def _apply_one(conn: Connection, location_pk: int, sku_pk: int, event: StockEvent) -> None:
    delta = event.on_hand_delta
    if delta > 0:
        if delta > schema.MAX_STOCK_UNITS:
            raise _beyond_maximum(event)
        statement = upsert_statement(conn, stock).values(
            sku_pk=sku_pk,
            location_pk=location_pk,
            on_hand=delta,
            reserved=0,
            safety_stock=0,
            incoming=0,
        )
        # No row back: the row exists and is too full to take `delta` more.
        written = conn.execute(
            statement.on_conflict_do_update(
                index_elements=["sku_pk", "location_pk"],
                set_={"on_hand": stock.c.on_hand + delta},
                where=stock.c.on_hand <= schema.MAX_STOCK_UNITS - delta,
            ).returning(stock.c.on_hand)
        ).first()
        if written is None:
            raise _beyond_maximum(event)
        return
    result = conn.execute(
        update(stock)
        .where(
            stock.c.sku_pk == sku_pk,
            stock.c.location_pk == location_pk,
            stock.c.on_hand - stock.c.reserved >= -delta,
        )
        .values(on_hand=stock.c.on_hand + delta)
    )
    if result.rowcount != 1:
        raise InsufficientStock(
            f"{event.kind.value} of {-delta} unit(s) of {event.sku_id} at {event.location_id}"
            " would take units that are not there or are reserved",
            location_id=event.location_id,
            sku_id=event.sku_id,
        )


def _beyond_maximum(event: StockEvent) -> InvalidInput:
    return InvalidInput(
        f"{event.kind.value} of {event.qty:,} unit(s) of {event.sku_id} at {event.location_id}"
        f" would take on hand beyond the maximum of {schema.MAX_STOCK_UNITS:,} units"
    )


def _seen_before(conn: Connection, key: str, events: Sequence[StockEvent], now: datetime) -> bool:
    fingerprint = events_fingerprint(events)
    batches = schema.stock_event_batches
    row = conn.execute(
        select(batches.c.request_hash).where(batches.c.idempotency_key == key)
    ).one_or_none()
    if row is not None:
        if row.request_hash != fingerprint:
            raise IdempotencyConflict(f"stock event batch key {key!r} was used for other events")
        return True
    conn.execute(
        insert(batches),
        {
            "idempotency_key": key,
            "request_hash": fingerprint,
            "applied_at": now,
            "event_count": len(events),
        },
    )
    return False


def set_planning(
    conn: Connection,
    catalog: Catalog,
    location_id: str,
    sku_id: str,
    *,
    safety_stock: int | None = None,
    incoming: int | None = None,
    incoming_at: datetime | None = None,
    now: datetime | None = None,
    reference: str = "",
) -> None:
    """Set safety stock and incoming units: planning figures, not movements of units.

    Recorded in the ledger as a ``planning`` row (no units move) with the change of safety
    stock, so that the ledger holds every change of a stock row."""
    location_pk = catalog.location_pks([location_id], conn)[location_id]
    sku_pk = catalog.sku_pks([sku_id], conn)[sku_id]
    values: dict[str, object] = {}
    if safety_stock is not None:
        if safety_stock < 0:
            raise InvalidInput(f"safety stock must be >= 0, got {safety_stock}")
        values["safety_stock"] = safety_stock
    if incoming is not None:
        if incoming < 0:
            raise InvalidInput(f"incoming units must be >= 0, got {incoming}")
        if incoming > 0 and incoming_at is None:
            raise InvalidInput("incoming units need an expected date")
        values["incoming"] = incoming
        values["incoming_at"] = require_utc(incoming_at, "expected date") if incoming_at else None
    if not values:
        raise InvalidInput("nothing to set: give safety_stock or incoming")
    before = conn.execute(
        select(stock.c.safety_stock)
        .where(stock.c.sku_pk == sku_pk, stock.c.location_pk == location_pk)
        .with_for_update()
    ).scalar_one_or_none()
    statement = upsert_statement(conn, stock).values(
        sku_pk=sku_pk,
        location_pk=location_pk,
        on_hand=0,
        reserved=0,
        safety_stock=values.get("safety_stock", 0),
        incoming=values.get("incoming", 0),
        incoming_at=values.get("incoming_at"),
    )
    conn.execute(
        statement.on_conflict_do_update(index_elements=["sku_pk", "location_pk"], set_=values)
    )
    safety_delta = safety_stock - (before or 0) if safety_stock is not None else 0
    conn.execute(
        insert(schema.stock_ledger),
        ledger_row(
            now or datetime.now(UTC),
            location_pk,
            sku_pk,
            MovementKind.PLANNING,
            0,
            0,
            None,
            reference,
            safety_stock_delta=safety_delta,
        ),
    )
