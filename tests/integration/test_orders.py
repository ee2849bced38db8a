from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from inventory import InsufficientStock, ReservationLine, ReservationStatus
from inventory.model import StockModel
from inventory.reservations import Reserve
from omniroute.orders import OrderConflict, OrderStateError, UnknownOrder
from omniroute.orders.commands import RouteOrder
from omniroute.orders.lifecycle import cancel_order, reject_shipment, ship_order
from omniroute.orders.records import OrderStatus, ShipmentStatus
from omniroute.orders.workflow import OrderRouter
from routing import Constraints, OrderLine

NEAR_MITTE = (52.52, 13.41)


def order(order_id: str, *lines: tuple[str, int], **kwargs) -> RouteOrder:
    return RouteOrder(
        order_id=order_id,
        lines=tuple(OrderLine(sku, qty) for sku, qty in lines),
        placed_at=datetime(2026, 11, 23, 9, tzinfo=UTC),
        destination=kwargs.pop("destination", NEAR_MITTE),
        idempotency_key=kwargs.pop("idempotency_key", f"key-{order_id}"),
        **kwargs,
    )


def reserved_total(model: StockModel) -> int:
    return sum(lv.reserved for sku in ("JACKET", "SCARF", "SHOE") for lv in model.availability(sku))


def test_routing_an_order_reserves_its_plan_and_stores_the_order(network: StockModel):
    router = OrderRouter(network)
    record, replayed = router.route(order("o1", ("JACKET", 1), ("SCARF", 2)))
    assert not replayed and record.status is OrderStatus.RESERVED
    assert [s.location_id for s in record.shipments] == ["MITTE"]
    assert network.get_stock("MITTE", "SCARF").reserved == 2
    reservation = network.get_reservation(record.reservation_ids[0])
    assert reservation.status is ReservationStatus.COMMITTED and reservation.order_ref == "o1"
    assert router.get("o1") == record
    assert record.plan["proven_optimal"] is True
    assert network.audit().ok


def test_a_dry_run_quotes_without_reserving(network: StockModel):
    record, _ = OrderRouter(network).route(order("o1", ("JACKET", 1), dry_run=True))
    assert record.status is OrderStatus.QUOTED and record.reservation_ids == ()
    assert reserved_total(network) == 0
    with pytest.raises(UnknownOrder):
        OrderRouter(network).get("o1")


def test_a_retried_order_returns_the_first_result_and_changes_nothing(network: StockModel):
    router = OrderRouter(network)
    first, _ = router.route(order("o1", ("JACKET", 2)))
    again, replayed = router.route(order("o1", ("JACKET", 2)))
    assert replayed and again == first
    assert reserved_total(network) == 2


def test_an_order_id_reused_for_another_order_is_refused(network: StockModel):
    router = OrderRouter(network)
    router.route(order("o1", ("JACKET", 2)))
    with pytest.raises(OrderConflict):
        router.route(order("o1", ("JACKET", 3)))
    assert reserved_total(network) == 2


def test_an_order_nobody_can_fill_is_unfulfillable_and_reserves_nothing(network: StockModel):
    record, _ = OrderRouter(network).route(order("o1", ("JACKET", 50)))
    assert record.status is OrderStatus.UNFULFILLABLE
    assert record.plan["status"] == "infeasible" and record.plan["reason"]
    assert reserved_total(network) == 0


def test_when_another_order_takes_the_stock_the_order_is_solved_again(network: StockModel):
    router = OrderRouter(network)
    original_plan = router.plan
    calls: list[str] = []

    def plan_then_lose_the_race(command, limit):
        plan = original_plan(command, limit)
        if not calls:  # between our solve and our reservation, a rival empties MITTE
            network.reserve(Reserve((ReservationLine("MITTE", "JACKET", 5),)))
        calls.append(plan.shipments[0].location_id)
        return plan

    router.plan = plan_then_lose_the_race
    record, _ = router.route(order("o1", ("JACKET", 1)))
    assert calls == ["MITTE", "KREUZBERG"]
    assert record.shipments[0].location_id == "KREUZBERG"
    assert network.audit().ok


def test_shipping_cancelling_and_rejecting_follow_the_order(network: StockModel):
    router = OrderRouter(network)
    record, _ = router.route(order("o1", ("JACKET", 1), ("SCARF", 1)))
    shipment = record.shipments[0]
    moved, new = reject_shipment(router, "o1", shipment.shipment_id)
    assert moved.shipments[0].status is ShipmentStatus.REJECTED
    assert new and all(s.location_id != shipment.location_id for s in new)
    assert network.get_stock(shipment.location_id, "JACKET").reserved == 0
    shipped = ship_order(router, "o1", new[0].shipment_id)
    assert shipped.status in (OrderStatus.SHIPPED, OrderStatus.PARTIALLY_SHIPPED)
    assert network.get_stock(new[0].location_id, new[0].lines[0].sku).on_hand == 4
    with pytest.raises(OrderStateError):
        ship_order(router, "o1", new[0].shipment_id)
    assert network.audit().ok


def test_cancelling_releases_what_is_still_held(network: StockModel):
    router = OrderRouter(network)
    router.route(order("o1", ("JACKET", 2)))
    assert cancel_order(router, "o1").status is OrderStatus.CANCELLED
    assert reserved_total(network) == 0
    with pytest.raises(OrderStateError):
        cancel_order(router, "o1")
    assert network.audit().ok


def test_ship_complete_orders_race_for_hot_stock_without_overselling(network: StockModel):
    router = OrderRouter(network)

    def place(n: int):
        command = order(f"race-{n}", ("JACKET", 3), constraints=Constraints(ship_complete=True))
        try:
            return router.route(command)[0]
        except InsufficientStock:
            return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        records = list(pool.map(place, range(12)))
    accepted = [r for r in records if r is not None and r.status is OrderStatus.RESERVED]
    # 4 stores x 5 jackets = 20 units: at most 6 orders of 3 fit, and each holds exactly 3.
    assert 0 < len(accepted) <= 6
    assert sum(
        network.get_stock(s, "JACKET").reserved
        for s in ("MITTE", "KREUZBERG", "SPANDAU", "POTSDAM")
    ) == 3 * len(accepted)
    for record in accepted:
        assert network.get_reservation(record.reservation_ids[0]).total_qty == 3
    assert network.audit().ok
