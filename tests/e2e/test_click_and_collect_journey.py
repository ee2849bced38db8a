"""Click & collect to the counter over gRPC: a transfer leaves its source, arrives at the
pickup store, the order is made ready, and is collected, or not collected in time and its
units released to the store's stock by the sweep of `serve`."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, ServerHandle, StartServer
from order_messages import route_request

from inventory import StockLevel, schema
from omniroute.orders.tables import order_events
from omniroute.v1 import order_service_pb2 as pb
from omniroute.v1 import order_service_pb2_grpc

JACKET, SCARF, STORE = "JACKET-LEATHER-M", "SCARF-WOOL-RED", "BER-MITTE"


def stock(server: ServerHandle, location_id: str, sku_id: str) -> StockLevel:
    return server.app.model.get_stock(location_id, sku_id)


def refused(call: Any, request: Any) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.RpcError) as caught:
        call(request)
    error: Any = caught.value
    return error.code(), error.details()


def route_to_the_counter(orders: Any, order_id: str) -> tuple[Any, Any, Any]:
    """A jacket and a scarf to collect at Mitte, which lacks the scarf: (order, the units
    kept there, the transfer of the scarf)."""
    order = orders.RouteOrder(route_request(order_id, (JACKET, 1), (SCARF, 1), pickup=STORE)).order
    kinds = {s.kind: s for s in order.plan.shipments}
    return order, kinds[pb.SHIPMENT_KIND_PICKUP], kinds[pb.SHIPMENT_KIND_TRANSFER]


def bring_to_the_counter(orders: Any, order_id: str) -> Any:
    """Route, send and receive the transfer, make the order ready; the order."""
    _, _, transfer = route_to_the_counter(orders, order_id)
    orders.ShipOrder(pb.ShipOrderRequest(order_id=order_id, shipment_id=transfer.shipment_id))
    orders.MarkArrived(pb.MarkArrivedRequest(order_id=order_id, shipment_id=transfer.shipment_id))
    return orders.MarkReadyForPickup(pb.MarkReadyForPickupRequest(order_id=order_id)).order


@pytest.fixture
def network_server(running_server: StartServer, database_url: str) -> ServerHandle:
    return running_server(database_url, load_network=SAMPLE_NETWORK)


def test_a_collect_order_walks_from_transfer_to_collection(network_server: ServerHandle) -> None:
    server = network_server
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        order, kept, transfer = route_to_the_counter(orders, "cc-1")
        source = transfer.location_id
        assert order.status == pb.ORDER_STATUS_RESERVED
        assert (kept.location_id, transfer.to_location_id) == (STORE, STORE)
        assert transfer.dispatch_on.year >= 2026
        scarf_at_source, scarf_at_store = stock(server, source, SCARF), stock(server, STORE, SCARF)
        jacket_at_store = stock(server, STORE, JACKET)

        # Nothing can be made ready, arrive or leave out of turn.
        ready = pb.MarkReadyForPickupRequest(order_id="cc-1")
        assert refused(orders.MarkReadyForPickup, ready)[0] == grpc.StatusCode.FAILED_PRECONDITION
        arrive = pb.MarkArrivedRequest(order_id="cc-1", shipment_id=transfer.shipment_id)
        assert refused(orders.MarkArrived, arrive)[0] == grpc.StatusCode.FAILED_PRECONDITION
        ship_kept = pb.ShipOrderRequest(order_id="cc-1", shipment_id=kept.shipment_id)
        code, details = refused(orders.ShipOrder, ship_kept)
        assert code == grpc.StatusCode.FAILED_PRECONDITION and "collects" in details
        collected = pb.ConfirmCollectedRequest(order_id="cc-1")
        assert refused(orders.ConfirmCollected, collected)[0] == grpc.StatusCode.FAILED_PRECONDITION

        # The transfer leaves its source...
        ship = pb.ShipOrderRequest(order_id="cc-1", shipment_id=transfer.shipment_id)
        order = orders.ShipOrder(ship).order
        assert order.status == pb.ORDER_STATUS_PARTIALLY_SHIPPED
        left = stock(server, source, SCARF)
        assert (left.on_hand, left.reserved) == (
            scarf_at_source.on_hand - 1,
            scarf_at_source.reserved - 1,
        )
        # ... and arrives at the store, held for the order.
        order = orders.MarkArrived(arrive).order
        assert order.status == pb.ORDER_STATUS_ARRIVED
        statuses = {s.shipment_id: s.status for s in order.plan.shipments}
        assert statuses[transfer.shipment_id] == pb.SHIPMENT_STATUS_ARRIVED
        arrived = stock(server, STORE, SCARF)
        assert (arrived.on_hand, arrived.reserved) == (
            scarf_at_store.on_hand + 1,
            scarf_at_store.reserved + 1,
        )
        assert refused(orders.MarkArrived, arrive)[0] == grpc.StatusCode.FAILED_PRECONDITION

        before = datetime.now(UTC)
        order = orders.MarkReadyForPickup(ready).order
        assert order.status == pb.ORDER_STATUS_READY_FOR_PICKUP
        collect_by = order.click_and_collect.collect_by.ToDatetime(tzinfo=UTC)
        assert before + timedelta(days=7) <= collect_by <= datetime.now(UTC) + timedelta(days=7)
        assert orders.MarkReadyForPickup(ready).order == order  # asked again: unchanged

        order = orders.ConfirmCollected(collected).order
        assert order.status == pb.ORDER_STATUS_COLLECTED
        assert order.click_and_collect.HasField("closed_at")
        assert {s.status for s in order.plan.shipments} == {pb.SHIPMENT_STATUS_COLLECTED}
        assert orders.GetOrder(pb.GetOrderRequest(order_id="cc-1")).order.status == (
            pb.ORDER_STATUS_COLLECTED
        )
    # The scarf came in and went out again; the jacket kept for the order left the shelf.
    scarf = stock(server, STORE, SCARF)
    assert (scarf.on_hand, scarf.reserved) == (scarf_at_store.on_hand, scarf_at_store.reserved)
    jacket = stock(server, STORE, JACKET)
    assert (jacket.on_hand, jacket.reserved) == (
        jacket_at_store.on_hand - 1,
        jacket_at_store.reserved - 1,
    )
    assert server.app.model.audit().ok


def test_the_audit_names_a_transfer_that_brought_more_than_left_and_a_closed_order_holding(
    network_server: ServerHandle,
) -> None:
    server = network_server
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        bring_to_the_counter(orders, "cc-3")
        orders.RouteOrder(route_request("cc-4", (JACKET, 1), pickup="BER-PRENZLAUER-BERG"))
    assert server.app.model.audit().ok
    lg, o = schema.stock_ledger, schema.orders
    with server.app.model.write() as conn:
        arrival = conn.execute(
            lg.select().where(lg.c.kind == "transfer_in", lg.c.reference.contains("cc-3"))
        ).one()
        # One more unit "arrives" (with its counter, so only the transfer rule can see it),
        # and an order with units held is marked cancelled behind the workflow's back.
        row = {k: v for k, v in arrival._mapping.items() if k != "id"}
        conn.execute(lg.insert().values(**row))
        conn.execute(
            schema.stock.update()
            .where(
                schema.stock.c.location_pk == arrival.location_pk,
                schema.stock.c.sku_pk == arrival.sku_pk,
            )
            .values(on_hand=schema.stock.c.on_hand + arrival.on_hand_delta)
        )
        conn.execute(o.update().where(o.c.id == "cc-4").values(status="cancelled"))
    evidence = {(m.counter, m.evidence) for m in server.app.model.audit().mismatches}
    assert evidence == {
        ("arrived by transfer order cc-3 transfer cc-3-2", "units that left"),
        ("held for cancelled order cc-4", "closed orders hold nothing"),
    }


def test_an_order_not_collected_in_time_is_released_to_the_store_by_the_sweep(
    running_server: StartServer, database_url: str
) -> None:
    # Two servers sweep the same database: the order is released once.
    sweeping = {"expire_every_s": 0.1, "collect_within_days": 0.5 / 86_400}
    server = running_server(database_url, load_network=SAMPLE_NETWORK, **sweeping)
    other = running_server(database_url, **sweeping)
    scarf, jacket = stock(server, STORE, SCARF), stock(server, STORE, JACKET)
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        assert bring_to_the_counter(orders, "cc-2").status == pb.ORDER_STATUS_READY_FOR_PICKUP
        deadline = time.monotonic() + 20
        order = orders.GetOrder(pb.GetOrderRequest(order_id="cc-2")).order
        while order.status == pb.ORDER_STATUS_READY_FOR_PICKUP and time.monotonic() < deadline:
            time.sleep(0.1)
            order = orders.GetOrder(pb.GetOrderRequest(order_id="cc-2")).order
        assert order.status == pb.ORDER_STATUS_NOT_COLLECTED
        assert {s.status for s in order.plan.shipments} == {pb.SHIPMENT_STATUS_NOT_COLLECTED}
        assert not order.reservation.lines or order.reservation.status in (
            pb.RESERVATION_STATUS_RELEASED,
            pb.RESERVATION_STATUS_FULFILLED,
        )
        code, _ = refused(orders.ConfirmCollected, pb.ConfirmCollectedRequest(order_id="cc-2"))
        assert code == grpc.StatusCode.FAILED_PRECONDITION
    # The units stay in the store, available again: the jacket it kept, the scarf that came.
    for sku, start, more in ((SCARF, scarf, 1), (JACKET, jacket, 0)):
        level = stock(other, STORE, sku)
        assert (level.on_hand, level.reserved) == (start.on_hand + more, start.reserved)
    with server.app.model.read() as conn:
        released = conn.execute(
            order_events.select().where(
                order_events.c.order_id == "cc-2", order_events.c.status == "not_collected"
            )
        ).all()
    assert len(released) == 3  # the order and its two shipments, once
    assert server.app.model.audit().ok


def test_another_server_on_the_database_takes_the_order_on_from_routing(
    running_server: StartServer, database_url: str
) -> None:
    # The second server has never looked up a location: each step reads the keys it needs
    # in its own transaction (on SQLite a separate connection would wait for the write lock).
    first = running_server(database_url, load_network=SAMPLE_NETWORK)
    second = running_server(database_url)
    with first.channel() as channel:
        _, _, transfer = route_to_the_counter(
            order_service_pb2_grpc.OrderServiceStub(channel), "cc-5"
        )
    with second.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        ids = {"order_id": "cc-5", "shipment_id": transfer.shipment_id}
        orders.ShipOrder(pb.ShipOrderRequest(**ids), timeout=10)
        orders.MarkArrived(pb.MarkArrivedRequest(**ids), timeout=10)
        orders.MarkReadyForPickup(pb.MarkReadyForPickupRequest(order_id="cc-5"), timeout=10)
        collected = orders.ConfirmCollected(pb.ConfirmCollectedRequest(order_id="cc-5"), timeout=10)
    assert collected.order.status == pb.ORDER_STATUS_COLLECTED
    assert second.app.model.audit().ok
