"""Click & collect after routing: transfers arrive at the pickup store, the customer is
told the order is ready, and collects it at the counter, or does not by the deadline.

    reserved ─(ShipOrder: transfers leave)─> partially_shipped ─(MarkArrived, the last)─>
    arrived ─(MarkReadyForPickup)─> ready_for_pickup ─(ConfirmCollected)─> collected
                                                     └─(collect_by passed: sweep)─> not_collected

A pickup store that has every unit goes from reserved straight to ready_for_pickup. Each
step changes the stock and the order record in one transaction: a transfer leaves its
source as ``transfer_out`` rows and enters the store as ``transfer_in`` rows held for the
order; collected units leave the store as shipments; units not collected are released there
and become the store's stock again (they are on its shelf already: sending them back would
cost a transfer that a later order or the planner may not need).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from inventory import InvalidTransition, MovementKind
from inventory import reservation_lifecycle as holds
from inventory.transfer_arrivals import receive_transfer
from omniroute.orders.errors import OrderStateError, UnknownShipment
from omniroute.orders.records import (
    OrderRecord,
    OrderStatus,
    ShipmentRecord,
    ShipmentStatus,
    load_order,
    save_order,
)
from omniroute.orders.workflow import OrderRouter

#: Collect orders that may still receive transfers (ShipOrder keeps them here until the
#: last transfer arrives).
_RECEIVING = (OrderStatus.RESERVED, OrderStatus.PARTIALLY_SHIPPED)
_IN_TRANSIT = (ShipmentStatus.PLANNED, ShipmentStatus.SHIPPED)


def transfer_reference(order_id: str, shipment_id: str) -> str:
    """The ledger reference of an order's transfer, out of its source and into the store."""
    return f"order {order_id} transfer {shipment_id}"


def mark_arrived(router: OrderRouter, order_id: str, shipment_id: str) -> OrderRecord:
    """A transfer reached the pickup store: its units enter the store's stock, held for the
    order (plain stock when the order was cancelled meanwhile)."""
    now = datetime.now(UTC)
    with router.model.write() as conn:
        record = load_order(conn, order_id, lock=True)
        shipment = _shipment(record, shipment_id)
        store = record.pickup_location_id
        if store is None or shipment.kind != "transfer":
            raise OrderStateError(
                f"shipment {shipment_id} of order {order_id} is no transfer to a pickup store"
            )
        if shipment.status is not ShipmentStatus.SHIPPED:
            raise OrderStateError(
                f"transfer {shipment_id} is {shipment.status.value}; it arrives once it has left"
            )
        receiving = record.status in _RECEIVING
        held = receive_transfer(
            conn,
            router.model.catalog,
            location_id=store,
            lines=[(ln.sku, ln.qty) for ln in shipment.lines],
            reference=transfer_reference(order_id, shipment_id),
            sent_by=shipment.reservation_id,
            hold_for=order_id if receiving else None,
            now=now,
        )
        arrived = replace(
            shipment, status=ShipmentStatus.ARRIVED, reservation_id=held or shipment.reservation_id
        )
        shipments = tuple(arrived if s.shipment_id == shipment_id else s for s in record.shipments)
        everything_in = not any(s.kind == "transfer" and s.status in _IN_TRANSIT for s in shipments)
        updated = record.with_changes(
            shipments=shipments,
            status=OrderStatus.ARRIVED if receiving and everything_in else record.status,
            reservation_ids=(*record.reservation_ids, held) if held else record.reservation_ids,
            updated_at=now,
        )
        save_order(conn, updated)
    return updated


def mark_ready(router: OrderRouter, order_id: str, collect_within: timedelta) -> OrderRecord:
    """Every unit is at the pickup store: the customer may collect until now +
    `collect_within`. Asked again, the order comes back unchanged."""
    now = datetime.now(UTC)
    with router.model.write() as conn:
        record = load_order(conn, order_id, lock=True)
        _require_collect(record)
        if record.status is OrderStatus.READY_FOR_PICKUP:
            return record
        if record.status not in (*_RECEIVING, OrderStatus.ARRIVED):
            raise OrderStateError(f"order {order_id} is {record.status.value}")
        waiting = [
            s.shipment_id
            for s in record.shipments
            if s.kind == "transfer" and s.status in _IN_TRANSIT
        ]
        if waiting:
            raise OrderStateError(
                f"order {order_id} waits for transfer(s) {', '.join(waiting)} to arrive"
            )
        if not _at_counter(record):
            raise OrderStateError(f"order {order_id} holds nothing at its pickup store")
        updated = record.with_changes(
            status=OrderStatus.READY_FOR_PICKUP,
            ready_for_pickup_at=now,
            collect_by=now + collect_within,
            updated_at=now,
        )
        save_order(conn, updated)
    return updated


def confirm_collected(router: OrderRouter, order_id: str) -> OrderRecord:
    """The customer took the order: its units leave the store's stock (shipments there), and
    loyalty points are earned on them. Asked again, the order comes back unchanged."""
    now = datetime.now(UTC)
    with router.model.write() as conn:
        record = load_order(conn, order_id, lock=True)
        _require_collect(record)
        if record.status is OrderStatus.COLLECTED:
            return record
        if record.status is not OrderStatus.READY_FOR_PICKUP:
            raise OrderStateError(
                f"order {order_id} is {record.status.value}; it is collected once ready for pickup"
            )
        counter = _at_counter(record)
        store_pk = _store_pk(router, record, conn)
        for reservation_id in dict.fromkeys(s.reservation_id for s in counter):
            holds.ship(conn, reservation_id, store_pk, now, kind=MovementKind.SHIPMENT)
        updated = _close(record, counter, ShipmentStatus.COLLECTED, OrderStatus.COLLECTED, now)
        if router.checkout is not None:
            for shipment in updated.shipments:
                if shipment.status is ShipmentStatus.COLLECTED:
                    router.checkout.credit(conn, updated, shipment, now)
        save_order(conn, updated)
    return updated


def release_not_collected(router: OrderRouter, order_id: str, now: datetime) -> OrderRecord | None:
    """Release an order not collected by its deadline: its units become the pickup store's
    stock again, its coupons and points come back. None when it is not (or no longer) due:
    another process released or the customer collected it first."""
    with router.model.write() as conn:
        record = load_order(conn, order_id, lock=True)
        due = record.collect_by is not None and record.collect_by <= now
        if record.status is not OrderStatus.READY_FOR_PICKUP or not due:
            return None
        counter = _at_counter(record)
        store_pk = _store_pk(router, record, conn)
        for reservation_id in dict.fromkeys(s.reservation_id for s in counter):
            try:
                holds.release(conn, reservation_id, now, location_pk=store_pk)
            except InvalidTransition:
                continue  # a checkout hold that expired meanwhile: nothing left to release
        updated = _close(
            record, counter, ShipmentStatus.NOT_COLLECTED, OrderStatus.NOT_COLLECTED, now
        )
        if router.checkout is not None:
            router.checkout.release(conn, updated, now)
        save_order(conn, updated)
    return updated


def _close(
    record: OrderRecord,
    counter: list[ShipmentRecord],
    shipment_status: ShipmentStatus,
    status: OrderStatus,
    now: datetime,
) -> OrderRecord:
    closing = {s.shipment_id for s in counter}
    return record.with_changes(
        shipments=tuple(
            replace(s, status=shipment_status) if s.shipment_id in closing else s
            for s in record.shipments
        ),
        status=status,
        closed_at=now,
        updated_at=now,
    )


def _at_counter(record: OrderRecord) -> list[ShipmentRecord]:
    """The shipments whose units wait at the pickup store: kept from its shelf, or arrived."""
    return [
        s
        for s in record.shipments
        if (s.kind == "pickup" and s.status is ShipmentStatus.PLANNED)
        or s.status is ShipmentStatus.ARRIVED
    ]


def _require_collect(record: OrderRecord) -> None:
    if record.pickup_location_id is None:
        raise OrderStateError(f"order {record.order_id} is shipped, not collected in a store")


def _shipment(record: OrderRecord, shipment_id: str) -> ShipmentRecord:
    for shipment in record.shipments:
        if shipment.shipment_id == shipment_id:
            return shipment
    raise UnknownShipment(
        f"order {record.order_id} has no shipment {shipment_id!r}",
        order_id=record.order_id,
        shipment_id=shipment_id,
    )


def _store_pk(router: OrderRouter, record: OrderRecord, conn: Connection) -> int:
    """The store's key, read in the write's own transaction (on SQLite another connection
    would wait for this one's write lock)."""
    store = record.pickup_location_id or ""
    return router.model.catalog.location_pks([store], conn)[store]
