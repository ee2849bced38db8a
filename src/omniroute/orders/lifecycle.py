"""After routing: ship, cancel, and re-route a shipment a store rejected.

Each step changes the stock and the order record in one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import Connection

from inventory import InvalidTransition, MovementKind, ReservationLine, StockEvent, stock_events
from inventory import reservation_lifecycle as holds
from inventory import reservations as reservation_ops
from inventory.reservations import Reserve, lock_in_order
from omniroute.orders.collect import transfer_reference
from omniroute.orders.commands import RouteOrder
from omniroute.orders.errors import OrderStateError, UnknownShipment
from omniroute.orders.records import (
    OrderRecord,
    OrderStatus,
    ShipmentRecord,
    ShipmentStatus,
    load_order,
    save_order,
)
from omniroute.orders.workflow import OrderRouter, reservation_lines, shipment_records
from omniroute.orders.write_deadline import require_before
from routing import OrderLine, PlanStatus, ShipmentKind

OPEN = (OrderStatus.RESERVED, OrderStatus.PARTIALLY_SHIPPED)
#: A collect order can be cancelled until collected (its units at the store are released).
CANCELLABLE = (*OPEN, OrderStatus.ARRIVED, OrderStatus.READY_FOR_PICKUP)
_UNSENT = (ShipmentStatus.PLANNED, ShipmentStatus.ARRIVED)


def ship_order(router: OrderRouter, order_id: str, shipment_id: str) -> OrderRecord:
    """A shipment left its location: on hand and reserved go down there. A collect order's
    transfer leaves as a transfer out; its units kept at the pickup store are collected
    (`collect.confirm_collected`), not shipped."""
    now = datetime.now(UTC)
    with router.model.write() as conn:
        record = load_order(conn, order_id, lock=True)
        shipment = _open_shipment(record, shipment_id)
        if shipment.kind == ShipmentKind.PICKUP.value:
            raise OrderStateError(
                f"shipment {shipment_id} waits at the pickup store: the customer collects it"
                " (MarkReadyForPickup, then ConfirmCollected)"
            )
        location_pk = _location_pk(router, shipment.location_id, conn)
        if shipment.kind == ShipmentKind.TRANSFER.value:
            # Out of its source towards the pickup store; it arrives there (MarkArrived) and
            # earns points when collected.
            reference = transfer_reference(order_id, shipment_id)
            holds.ship(
                conn,
                shipment.reservation_id,
                location_pk,
                now,
                kind=MovementKind.TRANSFER_OUT,
                reference=reference,
            )
        else:
            holds.ship(conn, shipment.reservation_id, location_pk, now)
            if router.checkout is not None:
                router.checkout.credit(conn, record, shipment, now)
        shipped = _set_status(record, shipment_id, ShipmentStatus.SHIPPED)
        done = all(s.status is not ShipmentStatus.PLANNED for s in shipped)
        status = OrderStatus.SHIPPED if done else OrderStatus.PARTIALLY_SHIPPED
        if record.pickup_location_id is not None:
            status = OrderStatus.PARTIALLY_SHIPPED  # until its transfers arrive at the store
        updated = record.with_changes(shipments=shipped, status=status, updated_at=now)
        save_order(conn, updated)
    return updated


def cancel_order(router: OrderRouter, order_id: str) -> OrderRecord:
    """Release every unit still held for the order."""
    now = datetime.now(UTC)
    with router.model.write() as conn:
        record = load_order(conn, order_id, lock=True)
        if record.status not in CANCELLABLE:
            raise OrderStateError(
                f"order {order_id} is {record.status.value}; it cannot be cancelled"
            )
        for reservation_id in record.reservation_ids:
            try:
                holds.release(conn, reservation_id, now)
            except InvalidTransition:
                continue  # fully shipped or already released
        shipments = tuple(
            replace(s, status=ShipmentStatus.CANCELLED) if s.status in _UNSENT else s
            for s in record.shipments
        )
        if router.checkout is not None:
            router.checkout.release(conn, record, now)
        updated = record.with_changes(
            shipments=shipments, status=OrderStatus.CANCELLED, updated_at=now
        )
        save_order(conn, updated)
    return updated


def reject_shipment(
    router: OrderRouter,
    order_id: str,
    shipment_id: str,
    *,
    time_limit_s: float = 1.0,
    write_off: str | None = None,
    deadline: float | None = None,
) -> tuple[OrderRecord, tuple[ShipmentRecord, ...]]:
    """A location cannot fulfil its shipment: release it there and route its lines elsewhere.

    With `write_off` (the reason), the rejected units also leave that location's stock (an
    adjustment), in the same transaction. Nothing is committed after `deadline` (a
    `time.monotonic()` instant): a late rejection is rolled back, `DeadlineExceeded`."""
    with router.model.read() as conn:
        record = load_order(conn, order_id)
    shipment = _open_shipment(record, shipment_id)
    excluded = frozenset({*record.rejected_locations, shipment.location_id})
    destination = record.destination
    command = RouteOrder(
        order_id=f"{order_id}/r{len(record.replans) + 1}",
        lines=tuple(OrderLine(ln.sku, ln.qty) for ln in shipment.lines),
        placed_at=datetime.now(UTC),
        destination=(destination[0], destination[1]) if destination else None,
        pickup_location_id=record.pickup_location_id,
        exclude_locations=excluded,
        time_limit_s=time_limit_s,
    )
    plan = router.plan(command, time_limit_s)
    if plan.status is PlanStatus.INFEASIBLE:
        raise OrderStateError(
            f"no other location can take shipment {shipment_id} of order {order_id}: {plan.reason}"
        )
    now = datetime.now(UTC)
    new_lines = reservation_lines(plan)
    with router.model.write() as conn:
        record = load_order(conn, order_id, lock=True)
        shipment = _open_shipment(record, shipment_id)
        # What is released and what is reserved anew, locked first in the one global order
        # (the release alone would lock its location's rows ahead of the new ones).
        lock_in_order(conn, router.model.catalog, [*_held_by(shipment), *new_lines])
        holds.release(
            conn,
            shipment.reservation_id,
            now,
            location_pk=_location_pk(router, shipment.location_id, conn),
        )
        if write_off is not None:
            stock_events.apply_events(
                conn, router.model.catalog, _written_off(record, shipment, write_off), now
            )
        reservation, _ = reservation_ops.reserve(
            conn,
            router.model.catalog,
            Reserve(
                lines=new_lines,
                order_ref=order_id,
                commit=True,
                created_at=now,
            ),
        )
        new = shipment_records(order_id, plan, reservation.id, len(record.shipments) + 1)
        updated = record.with_changes(
            shipments=_set_status(record, shipment_id, ShipmentStatus.REJECTED) + new,
            reservation_ids=(*record.reservation_ids, reservation.id),
            rejected_locations=tuple(sorted(excluded)),
            replans=(*record.replans, {"rejected": shipment_id, "total_cents": plan.total_cents}),
            updated_at=now,
        )
        save_order(conn, updated)
        require_before(deadline, f"the rejection of shipment {shipment_id} of order {order_id}")
    return updated, new


def _written_off(record: OrderRecord, shipment: ShipmentRecord, reason: str) -> list[StockEvent]:
    """The rejected units, taken off the stock of the location that rejected them."""
    return [
        StockEvent(
            MovementKind.ADJUSTMENT,
            shipment.location_id,
            ln.sku,
            -ln.qty,
            f"order {record.order_id} shipment {shipment.shipment_id}: {reason or 'rejected'}",
        )
        for ln in shipment.lines
    ]


def _held_by(shipment: ShipmentRecord) -> list[ReservationLine]:
    """The units `shipment` holds, as reservation lines (counted on its dispatch day unless
    it is kept at a pickup store)."""
    counted = shipment.kind != ShipmentKind.PICKUP.value and shipment.dispatch_on
    day = date.fromisoformat(shipment.dispatch_on) if counted else None
    return [
        ReservationLine(shipment.location_id, ln.sku, ln.qty, dispatch_on=day)
        for ln in shipment.lines
    ]


def _open_shipment(record: OrderRecord, shipment_id: str) -> ShipmentRecord:
    if record.status not in OPEN:
        raise OrderStateError(f"order {record.order_id} is {record.status.value}")
    for shipment in record.shipments:
        if shipment.shipment_id == shipment_id:
            if shipment.status is not ShipmentStatus.PLANNED:
                raise OrderStateError(f"shipment {shipment_id} is {shipment.status.value}")
            return shipment
    raise UnknownShipment(
        f"order {record.order_id} has no shipment {shipment_id!r}",
        order_id=record.order_id,
        shipment_id=shipment_id,
    )


def _set_status(
    record: OrderRecord, shipment_id: str, status: ShipmentStatus
) -> tuple[ShipmentRecord, ...]:
    return tuple(
        replace(s, status=status) if s.shipment_id == shipment_id else s for s in record.shipments
    )


def _location_pk(router: OrderRouter, location_id: str, conn: Connection) -> int:
    """A location's key, read in the caller's write transaction: on SQLite a connection of
    its own would wait for that transaction's write lock (60 s) when the key is not cached."""
    return router.model.catalog.location_pks([location_id], conn)[location_id]
