"""OrderService over real gRPC on the sample network: every RPC, its answers, its errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, TOKENS, ServerHandle, StartServer, bearer
from order_messages import route_request

from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import inventory_service_pb2_grpc, order_service_pb2_grpc
from omniroute.v1 import order_service_pb2 as pb

JACKET, SCARF = "JACKET-LEATHER-M", "SCARF-WOOL-RED"


@pytest.fixture
def network_server(running_server: StartServer, database_url: str) -> ServerHandle:
    return running_server(database_url, load_network=SAMPLE_NETWORK)


@pytest.fixture
def orders(network_server: ServerHandle) -> Iterator[Any]:
    with network_server.channel() as channel:
        yield order_service_pb2_grpc.OrderServiceStub(channel)


def priced(request: Any, unit_price_cents: int, discount_cents: int) -> Any:
    request.lines[0].unit_price_cents = unit_price_cents
    request.lines[0].discount_cents = discount_cents
    return request


def reserved(server: ServerHandle, sku_id: str) -> int:
    return sum(level.reserved for level in server.app.model.availability(sku_id))


def test_routing_an_order_reserves_its_plan_and_explains_it(orders, network_server):
    reply = orders.RouteOrder(route_request("o-1", (JACKET, 1), (SCARF, 1)))
    order = reply.order
    assert not reply.replayed and order.status == pb.ORDER_STATUS_RESERVED
    plan = order.plan
    assert plan.status == pb.PLAN_STATUS_COMPLETE and plan.strategy == "optimal"
    assert plan.proven_optimal and plan.lower_bound_cents == plan.total_cost_cents
    assert plan.total_cost_cents == sum(t.amount_cents for t in plan.cost_terms) > 0
    shipped = {(ln.sku_id, ln.quantity) for s in plan.shipments for ln in s.lines}
    assert shipped == {(JACKET, 1), (SCARF, 1)}
    assert all(s.status == pb.SHIPMENT_STATUS_PLANNED for s in plan.shipments)
    assert all(r.lost_by_cents >= 0 and r.reason for r in plan.runner_ups)
    reservation = order.reservation
    assert reservation.status == pb.RESERVATION_STATUS_COMMITTED
    assert sorted((ln.sku_id, ln.quantity) for ln in reservation.lines) == sorted(shipped)
    assert [ln.line_id for ln in order.lines] == ["1", "2"]
    assert reserved(network_server, JACKET) == 1 and network_server.app.model.audit().ok


def test_get_order_returns_what_route_order_stored(orders):
    request = route_request("o-1", (JACKET, 1), (SCARF, 2))
    request.customer_id = "c-42"
    request.lines[0].line_id, request.lines[0].unit_price_cents = "a", 19_900
    request.lines[1].line_id, request.lines[1].unit_price_cents = "b", 1_250
    request.lines[1].discount_cents = 375
    routed = orders.RouteOrder(request).order
    got = orders.GetOrder(pb.GetOrderRequest(order_id="o-1")).order
    assert got.plan.shipments == routed.plan.shipments
    assert got.reservation == routed.reservation
    assert got.status == pb.ORDER_STATUS_RESERVED
    assert got.customer_id == "c-42" and list(got.lines) == list(request.lines)
    assert {ln.line_id for s in got.plan.shipments for ln in s.lines} == {"a", "b"}


def test_a_dry_run_quotes_and_reserves_nothing(orders, network_server):
    reply = orders.RouteOrder(route_request("o-1", (JACKET, 1), dry_run=True, key=""))
    assert reply.order.status == pb.ORDER_STATUS_QUOTED
    assert reply.order.plan.shipments and not reply.order.HasField("reservation")
    assert reserved(network_server, JACKET) == 0
    with pytest.raises(grpc.RpcError) as raised:
        orders.GetOrder(pb.GetOrderRequest(order_id="o-1"))
    assert raised.value.code() is grpc.StatusCode.NOT_FOUND


def test_a_retry_with_the_same_key_returns_the_same_order_replayed(orders, network_server):
    first = orders.RouteOrder(route_request("o-1", (JACKET, 2), (SCARF, 1)))
    again = orders.RouteOrder(route_request("o-1", (JACKET, 2), (SCARF, 1)))
    assert again.replayed and not first.replayed
    assert again.order.plan.shipments == first.order.plan.shipments
    assert again.order.reservation.reservation_id == first.order.reservation.reservation_id
    assert reserved(network_server, JACKET) == 2


def test_a_hold_expires_at_the_time_asked(orders):
    reply = orders.RouteOrder(route_request("o-1", (JACKET, 1), hold_for_s=900))
    reservation = reply.order.reservation
    assert reservation.status == pb.RESERVATION_STATUS_HELD
    held_s = reservation.expires_at.seconds - reservation.created_at.seconds
    assert 899 <= held_s <= 901


def test_an_order_nobody_can_fill_is_unfulfillable_not_an_error(orders, network_server):
    reply = orders.RouteOrder(route_request("o-1", (JACKET, 10_000)))
    assert reply.order.status == pb.ORDER_STATUS_UNFULFILLABLE
    assert reply.order.plan.status == pb.PLAN_STATUS_INFEASIBLE
    assert reserved(network_server, JACKET) == 0


def test_click_and_collect_at_a_store_that_has_everything(orders):
    request = route_request("cc-1", (JACKET, 1), (SCARF, 1), pickup="BER-PRENZLAUER-BERG")
    order = orders.RouteOrder(request).order
    collect = order.click_and_collect
    assert order.pickup_location_id == "BER-PRENZLAUER-BERG"
    assert collect.pickup_has_all and not collect.transfers
    assert collect.HasField("ready_at")


def test_click_and_collect_plans_a_transfer_when_the_store_lacks_units(orders):
    request = route_request("cc-1", (JACKET, 1), (SCARF, 1), pickup="BER-MITTE")
    collect = orders.RouteOrder(request).order.click_and_collect
    assert not collect.pickup_has_all
    assert [(t.sku_id, t.to_location_id) for t in collect.transfers] == [(SCARF, "BER-MITTE")]


def test_shipping_every_shipment_ships_the_order(orders, network_server):
    order = orders.RouteOrder(route_request("o-1", (JACKET, 1))).order
    for shipment in order.plan.shipments:
        reply = orders.ShipOrder(
            pb.ShipOrderRequest(order_id="o-1", shipment_id=shipment.shipment_id)
        )
    assert reply.order.status == pb.ORDER_STATUS_SHIPPED
    assert reply.order.reservation.status == pb.RESERVATION_STATUS_FULFILLED
    assert reserved(network_server, JACKET) == 0 and network_server.app.model.audit().ok


def test_cancelling_releases_the_units_and_a_second_cancel_changes_nothing(orders, network_server):
    orders.RouteOrder(route_request("o-1", (JACKET, 2)))
    reply = orders.CancelOrder(pb.CancelOrderRequest(order_id="o-1", reason="changed mind"))
    assert reply.order.status == pb.ORDER_STATUS_CANCELLED
    assert sum(ln.quantity for ln in reply.released_lines) == 2
    assert reserved(network_server, JACKET) == 0
    again = orders.CancelOrder(pb.CancelOrderRequest(order_id="o-1"))
    assert again.order.status == pb.ORDER_STATUS_CANCELLED and not again.released_lines


def test_a_rejected_shipment_is_routed_elsewhere(orders, network_server):
    order = orders.RouteOrder(route_request("o-1", (JACKET, 1))).order
    rejected = order.plan.shipments[0]
    reply = orders.RejectShipment(
        pb.RejectShipmentRequest(
            order_id="o-1", shipment_id=rejected.shipment_id, reason="not on the shelf"
        )
    )
    assert [s.location_id for s in reply.new_shipments] != [rejected.location_id]
    assert reply.new_shipments
    statuses = {s.shipment_id: s.status for s in reply.order.plan.shipments}
    assert statuses[rejected.shipment_id] == pb.SHIPMENT_STATUS_REJECTED
    assert rejected.location_id in reply.order.excluded_location_ids
    assert reserved(network_server, JACKET) == 1 and network_server.app.model.audit().ok


def test_reservations_are_published_to_stock_watchers(orders, network_server):
    with network_server.channel() as channel:
        stock = inventory_service_pb2_grpc.InventoryServiceStub(channel)
        request = inv.WatchStockRequest(sku_ids=[JACKET], send_initial=True)
        stream = stock.WatchStock(request, timeout=30)
        # The first message says the watch is open: every later change reaches it.
        assert next(stream).cause == inv.STOCK_CHANGE_CAUSE_SNAPSHOT
        order = orders.RouteOrder(route_request("o-1", (JACKET, 1))).order
        change = next(m for m in stream if m.cause != inv.STOCK_CHANGE_CAUSE_SNAPSHOT)
        stream.cancel()
    assert change.cause == inv.STOCK_CHANGE_CAUSE_RESERVE
    assert change.level.location_id == order.plan.shipments[0].location_id
    assert change.available_delta == -1 and change.level.reserved == 1


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (route_request("o-1", (JACKET, 0)), grpc.StatusCode.INVALID_ARGUMENT),
        (route_request("o-1", (JACKET, 1), strategy="psychic"), grpc.StatusCode.INVALID_ARGUMENT),
        (route_request("o-1", (JACKET, 1), key=""), grpc.StatusCode.INVALID_ARGUMENT),
        (route_request("o-1", ("NO-SUCH-SKU", 1)), grpc.StatusCode.NOT_FOUND),
        (route_request("o-1", (JACKET, 1), pickup="NOWHERE"), grpc.StatusCode.NOT_FOUND),
        (priced(route_request("o-1", (JACKET, 1)), 100, 101), grpc.StatusCode.INVALID_ARGUMENT),
        (priced(route_request("o-1", (JACKET, 1)), -1, 0), grpc.StatusCode.INVALID_ARGUMENT),
    ],
    ids=[
        "zero-qty",
        "unknown-strategy",
        "no-key",
        "unknown-sku",
        "unknown-pickup",
        "discount-over-amount",
        "negative-price",
    ],
)
def test_bad_route_requests_get_precise_codes_and_change_nothing(
    orders, network_server, request_, code
):
    with pytest.raises(grpc.RpcError) as raised:
        orders.RouteOrder(request_)
    assert raised.value.code() is code and raised.value.details()
    assert reserved(network_server, JACKET) == 0


def test_unknown_orders_are_not_found(orders):
    for call, request in [
        (orders.GetOrder, pb.GetOrderRequest(order_id="nope")),
        (orders.ShipOrder, pb.ShipOrderRequest(order_id="nope", shipment_id="nope-1")),
        (orders.CancelOrder, pb.CancelOrderRequest(order_id="nope")),
    ]:
        with pytest.raises(grpc.RpcError) as raised:
            call(request)
        assert raised.value.code() is grpc.StatusCode.NOT_FOUND


def test_shipping_a_cancelled_order_is_a_failed_precondition(orders):
    order = orders.RouteOrder(route_request("o-1", (JACKET, 1))).order
    orders.CancelOrder(pb.CancelOrderRequest(order_id="o-1"))
    with pytest.raises(grpc.RpcError) as raised:
        orders.ShipOrder(
            pb.ShipOrderRequest(order_id="o-1", shipment_id=order.plan.shipments[0].shipment_id)
        )
    assert raised.value.code() is grpc.StatusCode.FAILED_PRECONDITION


def test_an_order_id_reused_for_another_order_already_exists(orders, network_server):
    orders.RouteOrder(route_request("o-1", (JACKET, 1), key="k-1"))
    with pytest.raises(grpc.RpcError) as raised:
        orders.RouteOrder(route_request("o-1", (JACKET, 2), key="k-2"))
    assert raised.value.code() is grpc.StatusCode.ALREADY_EXISTS
    assert reserved(network_server, JACKET) == 1


def test_a_read_token_may_quote_but_not_reserve(running_server, database_url):
    server = running_server(database_url, tokens=TOKENS, load_network=SAMPLE_NETWORK)
    with server.channel() as channel:
        stub = order_service_pb2_grpc.OrderServiceStub(channel)
        reader = bearer("reader-token")
        quoted = stub.RouteOrder(route_request("o-1", (JACKET, 1), dry_run=True), metadata=reader)
        assert quoted.order.status == pb.ORDER_STATUS_QUOTED
        with pytest.raises(grpc.RpcError) as raised:
            stub.RouteOrder(route_request("o-1", (JACKET, 1)), metadata=reader)
        assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
        writer = bearer("writer-token")
        assert stub.RouteOrder(route_request("o-1", (JACKET, 1)), metadata=writer).order.plan
    assert reserved(server, JACKET) == 1
