"""ListShipments: a store's or warehouse's work queue holds exactly its open work (parcels
and transfers to pick, transfers on their way in, collect orders at its counter), by
dispatch day, a page at a time, and follows every step of the orders."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, ServerHandle, StartServer
from order_messages import route_request

from omniroute.v1 import order_service_pb2 as pb
from omniroute.v1 import order_service_pb2_grpc

JACKET, SCARF, STORE = "JACKET-LEATHER-M", "SCARF-WOOL-RED", "BER-MITTE"
#: A store that has both SKUs on its shelf: a collect order there needs no transfer.
STOCKED = "BER-PRENZLAUER-BERG"
LOCATIONS = ["BER-MITTE", "BER-KREUZBERG", "BER-PRENZLAUER-BERG", "WH-GROSSBEEREN"]


@pytest.fixture
def orders(running_server: StartServer, database_url: str) -> Any:
    server: ServerHandle = running_server(database_url, load_network=SAMPLE_NETWORK)
    with server.channel() as channel:
        yield order_service_pb2_grpc.OrderServiceStub(channel)


def queue(orders: Any, location_id: str, page_size: int = 0, **filters: Any) -> list[Any]:
    """Every item of a location's queue, page after page."""
    items: list[Any] = []
    token = ""
    while True:
        page = orders.ListShipments(
            pb.ListShipmentsRequest(
                location_id=location_id, page_size=page_size, page_token=token, **filters
            )
        )
        items += page.items
        token = page.next_page_token
        if not token:
            return items


def listed(items: list[Any]) -> set[tuple[int, str, str]]:
    return {(i.work, i.order_id, i.shipment.shipment_id) for i in items}


def open_work(placed: list[Any], location_id: str) -> set[tuple[int, str, str]]:
    """What the queue of `location_id` should hold for orders as `GetOrder` shows them."""
    work = set()
    for order in placed:
        live = order.status in (
            pb.ORDER_STATUS_RESERVED,
            pb.ORDER_STATUS_PARTIALLY_SHIPPED,
            pb.ORDER_STATUS_ARRIVED,
            pb.ORDER_STATUS_READY_FOR_PICKUP,
        )
        for s in order.plan.shipments:
            key = (order.order_id, s.shipment_id)
            leaving = s.kind != pb.SHIPMENT_KIND_PICKUP and s.status == pb.SHIPMENT_STATUS_PLANNED
            if live and leaving and s.location_id == location_id:
                work.add((pb.WORK_KIND_PICK, *key))
            coming = s.status in (pb.SHIPMENT_STATUS_PLANNED, pb.SHIPMENT_STATUS_SHIPPED)
            if s.kind == pb.SHIPMENT_KIND_TRANSFER and coming and s.to_location_id == location_id:
                if live or s.status == pb.SHIPMENT_STATUS_SHIPPED:
                    work.add((pb.WORK_KIND_TRANSFER_IN, *key))
            kept = s.kind == pb.SHIPMENT_KIND_PICKUP and s.status == pb.SHIPMENT_STATUS_PLANNED
            at_counter = kept or s.status == pb.SHIPMENT_STATUS_ARRIVED
            if live and at_counter and order.pickup_location_id == location_id:
                work.add((pb.WORK_KIND_COUNTER, *key))
    return work


def test_a_stores_work_queue_lists_exactly_its_open_work(orders: Any) -> None:
    routed = [
        orders.RouteOrder(route_request("ship-1", (JACKET, 1))).order,
        orders.RouteOrder(route_request("ship-2", (SCARF, 1), (JACKET, 1))).order,
        orders.RouteOrder(route_request("cc-1", (JACKET, 1), (SCARF, 1), pickup=STORE)).order,
        orders.RouteOrder(route_request("cc-2", (JACKET, 1), pickup=STOCKED)).order,
    ]
    ids = [o.order_id for o in routed]

    def current() -> list[Any]:
        return [orders.GetOrder(pb.GetOrderRequest(order_id=i)).order for i in ids]

    def check() -> None:
        placed = current()
        for location_id in LOCATIONS:
            items = queue(orders, location_id)
            assert listed(items) == open_work(placed, location_id), location_id
            days = [
                (
                    i.shipment.dispatch_on.year,
                    i.shipment.dispatch_on.month,
                    i.shipment.dispatch_on.day,
                )
                for i in items
            ]
            assert days == sorted(days)
            assert [listed([i]) for i in queue(orders, location_id, page_size=1)] == [
                listed([i]) for i in items
            ]

    store = listed(queue(orders, STORE))
    assert {w for w, _, _ in store} >= {pb.WORK_KIND_COUNTER, pb.WORK_KIND_TRANSFER_IN}
    check()
    # Every step moves the work: a parcel leaves, a transfer leaves and arrives, an order is
    # cancelled, another made ready and collected.
    parcel = routed[0].plan.shipments[0]
    orders.ShipOrder(pb.ShipOrderRequest(order_id="ship-1", shipment_id=parcel.shipment_id))
    check()
    transfer = next(s for s in routed[2].plan.shipments if s.kind == pb.SHIPMENT_KIND_TRANSFER)
    orders.ShipOrder(pb.ShipOrderRequest(order_id="cc-1", shipment_id=transfer.shipment_id))
    check()
    in_transit = queue(orders, STORE, status=pb.SHIPMENT_STATUS_SHIPPED)
    assert listed(in_transit) == {(pb.WORK_KIND_TRANSFER_IN, "cc-1", transfer.shipment_id)}
    orders.MarkArrived(pb.MarkArrivedRequest(order_id="cc-1", shipment_id=transfer.shipment_id))
    check()
    orders.CancelOrder(pb.CancelOrderRequest(order_id="ship-2"))
    check()
    orders.MarkReadyForPickup(pb.MarkReadyForPickupRequest(order_id="cc-2"))
    counter = [
        *queue(orders, STORE, work=pb.WORK_KIND_COUNTER),
        *queue(orders, STOCKED, work=pb.WORK_KIND_COUNTER),
    ]
    due = {i.order_id: i.HasField("collect_by") for i in counter}
    assert due == {"cc-1": False, "cc-2": True}
    orders.ConfirmCollected(pb.ConfirmCollectedRequest(order_id="cc-2"))
    check()
    assert {i.order_id for i in queue(orders, STORE)} == {"cc-1"}
    assert not queue(orders, STOCKED, work=pb.WORK_KIND_COUNTER)


def test_a_work_queue_refuses_unknown_locations_and_foreign_page_tokens(orders: Any) -> None:
    for n in range(3):
        orders.RouteOrder(route_request(f"cc-{n}", (JACKET, 1), pickup=STORE))
    first = orders.ListShipments(pb.ListShipmentsRequest(location_id=STORE, page_size=1))
    assert first.next_page_token
    bad = [
        (pb.ListShipmentsRequest(location_id="NOWHERE"), grpc.StatusCode.NOT_FOUND),
        (pb.ListShipmentsRequest(), grpc.StatusCode.INVALID_ARGUMENT),
        (
            pb.ListShipmentsRequest(location_id="BER-KREUZBERG", page_token=first.next_page_token),
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (pb.ListShipmentsRequest(location_id=STORE, status=99), grpc.StatusCode.INVALID_ARGUMENT),
        (pb.ListShipmentsRequest(location_id=STORE, work=99), grpc.StatusCode.INVALID_ARGUMENT),
    ]
    for request, code in bad:
        with pytest.raises(grpc.RpcError) as caught:
            orders.ListShipments(request)
        assert caught.value.code() == code
