"""Structured error details over real gRPC: every failed call carries a `google.rpc.Status`
with an ErrorInfo (a stable reason, the ids it is about) and, for INVALID_ARGUMENT, a
BadRequest naming the offending field, read back as clients do with `rpc_status.from_call`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, TOKENS, ServerHandle, StartServer, bearer
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from order_messages import route_request

from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import inventory_service_pb2_grpc, order_service_pb2_grpc
from omniroute.v1 import order_service_pb2 as pb

JACKET = "JACKET-LEATHER-M"
#: A string field holding invalid UTF-8: no proto3 message parses it.
BAD_UTF8 = b"\x0a\x02\xc3\x28"


@pytest.fixture
def network_server(running_server: StartServer, database_url: str) -> ServerHandle:
    return running_server(database_url, load_network=SAMPLE_NETWORK)


@pytest.fixture
def channel(network_server: ServerHandle) -> Iterator[grpc.Channel]:
    with network_server.channel() as channel:
        yield channel


@pytest.fixture
def orders(channel: grpc.Channel) -> Any:
    return order_service_pb2_grpc.OrderServiceStub(channel)


def failure(call: Callable[[], Any]) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as raised:
        call()
    return raised.value


def error_info(error: grpc.RpcError) -> error_details_pb2.ErrorInfo:
    """The ErrorInfo of `error`'s status details (there must be exactly one)."""
    [info] = [unpacked(d, error_details_pb2.ErrorInfo) for d in details(error) if d.Is(INFO)]
    assert info.domain == "omniroute.v1"
    return info


def field_violations(error: grpc.RpcError) -> list[tuple[str, str]]:
    """(field, description) of every BadRequest field violation in `error`'s details."""
    return [
        (violation.field, violation.description)
        for d in details(error)
        if d.Is(BAD_REQUEST)
        for violation in unpacked(d, error_details_pb2.BadRequest).field_violations
    ]


def details(error: grpc.RpcError) -> list[Any]:
    status = rpc_status.from_call(error)
    assert status is not None, f"{error.code().name} without details"
    assert (status.code, status.message) == (error.code().value[0], error.details())
    return list(status.details)


def unpacked(packed: Any, kind: Any) -> Any:
    message = kind()
    assert packed.Unpack(message)
    return message


INFO = error_details_pb2.ErrorInfo.DESCRIPTOR
BAD_REQUEST = error_details_pb2.BadRequest.DESCRIPTOR


# INVALID_ARGUMENT: the field's path in a BadRequest


def test_a_value_beyond_its_limit_names_its_field_path(orders: Any) -> None:
    request = route_request("o-1", (JACKET, 1), ("SCARF-WOOL-RED", 1))
    request.lines[1].unit_price_cents = 2**62
    error = failure(lambda: orders.RouteOrder(request))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error_info(error).reason == "LIMIT_EXCEEDED"
    assert field_violations(error) == [("lines[1].unit_price_cents", error.details())]
    assert error.details().startswith("lines[1].unit_price_cents: must be between")


def test_a_missing_field_is_field_required_with_its_path(orders: Any) -> None:
    error = failure(lambda: orders.CancelOrder(pb.CancelOrderRequest()))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error_info(error).reason == "FIELD_REQUIRED"
    assert field_violations(error) == [("order_id", "order_id is required")]


def test_a_missing_field_of_a_line_names_the_line_by_its_index(orders: Any) -> None:
    request = route_request("o-1", (JACKET, 1), ("", 1))
    error = failure(lambda: orders.RouteOrder(request))
    assert error_info(error).reason == "FIELD_REQUIRED"
    assert field_violations(error) == [("lines[1].sku_id", "line 2: sku_id is required")]


def test_a_body_that_does_not_parse_has_a_reason_and_no_field(channel: grpc.Channel) -> None:
    error = failure(lambda: channel.unary_unary("/omniroute.v1.OrderService/GetOrder")(BAD_UTF8))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error_info(error).reason == "REQUEST_UNPARSABLE"
    assert field_violations(error) == []


# The other codes: a stable reason, and the ids the error is about


def test_an_unknown_order_is_order_not_found(orders: Any) -> None:
    error = failure(lambda: orders.GetOrder(pb.GetOrderRequest(order_id="nope")))
    assert error.code() is grpc.StatusCode.NOT_FOUND
    info = error_info(error)
    assert (info.reason, dict(info.metadata)) == ("ORDER_NOT_FOUND", {"order_id": "nope"})
    assert field_violations(error) == []


def test_an_unknown_sku_is_sku_not_found(orders: Any) -> None:
    error = failure(lambda: orders.RouteOrder(route_request("o-1", ("NO-SUCH-SKU", 1))))
    assert error.code() is grpc.StatusCode.NOT_FOUND
    info = error_info(error)
    assert (info.reason, dict(info.metadata)) == ("SKU_NOT_FOUND", {"sku_id": "NO-SUCH-SKU"})


def test_selling_more_than_is_there_is_stock_insufficient_naming_location_and_sku(
    channel: grpc.Channel,
) -> None:
    stub = inventory_service_pb2_grpc.InventoryServiceStub(channel)
    sale = inv.StockEvent(
        type=inv.STOCK_EVENT_TYPE_POS_SALE, location_id="BER-MITTE", sku_id=JACKET, quantity=50
    )
    request = inv.ApplyStockEventsRequest(idempotency_key="sale-1", events=[sale])
    error = failure(lambda: stub.ApplyStockEvents(request))
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    info = error_info(error)
    assert info.reason == "STOCK_INSUFFICIENT"
    assert dict(info.metadata) == {"location_id": "BER-MITTE", "sku_id": JACKET}


def test_shipping_a_cancelled_order_is_order_state_invalid(orders: Any) -> None:
    order = orders.RouteOrder(route_request("o-1", (JACKET, 1))).order
    orders.CancelOrder(pb.CancelOrderRequest(order_id="o-1"))
    shipment_id = order.plan.shipments[0].shipment_id
    request = pb.ShipOrderRequest(order_id="o-1", shipment_id=shipment_id)
    error = failure(lambda: orders.ShipOrder(request))
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(error).reason == "ORDER_STATE_INVALID"


def test_an_order_id_reused_for_another_order_is_order_conflict(orders: Any) -> None:
    orders.RouteOrder(route_request("o-1", (JACKET, 1), key="k-1"))
    error = failure(lambda: orders.RouteOrder(route_request("o-1", (JACKET, 2), key="k-2")))
    assert error.code() is grpc.StatusCode.ALREADY_EXISTS
    assert error_info(error).reason == "ORDER_CONFLICT"


def test_auth_failures_have_their_reasons(running_server: StartServer, database_url: str) -> None:
    server = running_server(database_url, tokens=TOKENS)
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        request = pb.CancelOrderRequest(order_id="o-1")
        anonymous = failure(lambda: orders.CancelOrder(request))
        unknown = failure(lambda: orders.CancelOrder(request, metadata=bearer("nope")))
        reader = failure(lambda: orders.CancelOrder(request, metadata=bearer("reader-token")))
    assert anonymous.code() is unknown.code() is grpc.StatusCode.UNAUTHENTICATED
    assert error_info(anonymous).reason == error_info(unknown).reason == "TOKEN_INVALID"
    assert reader.code() is grpc.StatusCode.PERMISSION_DENIED
    assert error_info(reader).reason == "SCOPE_INSUFFICIENT"


def test_watchers_beyond_the_limit_are_stream_limit_reached(
    running_server: StartServer, database_url: str
) -> None:
    server = running_server(database_url, load_network=SAMPLE_NETWORK, max_watchers=1)
    with server.channel() as channel:
        stub = inventory_service_pb2_grpc.InventoryServiceStub(channel)
        request = inv.WatchStockRequest(sku_ids=[JACKET], send_initial=True)
        first = stub.WatchStock(request)
        next(first)
        error = failure(lambda: next(stub.WatchStock(request)))
        first.cancel()
    assert error.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
    assert error_info(error).reason == "STREAM_LIMIT_REACHED"


def test_a_bug_is_internal_with_the_internal_reason(
    network_server: ServerHandle, orders: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(network_server.app.orders, "get", broken)
    error = failure(lambda: orders.GetOrder(pb.GetOrderRequest(order_id="o-1")))
    assert error.code() is grpc.StatusCode.INTERNAL
    info = error_info(error)
    assert (info.reason, dict(info.metadata)) == ("INTERNAL", {})
