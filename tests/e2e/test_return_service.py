"""ReturnService over real gRPC on the sample network: DESIGN.md journey 5, every RPC and
every error, with nothing changed by a refused step."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, ServerHandle, StartServer
from order_messages import route_request

from omniroute.v1 import (
    common_pb2,
    customer_service_pb2_grpc,
    order_service_pb2_grpc,
    return_service_pb2_grpc,
)
from omniroute.v1 import customer_service_pb2 as cpb
from omniroute.v1 import order_service_pb2 as opb
from omniroute.v1 import return_service_pb2 as pb

JACKET, SCARF = "JACKET-LEATHER-M", "SCARF-WOOL-RED"
#: A customer in Spandau, at the western end of Berlin.
SPANDAU = (52.5380, 13.2050)
JACKET_PAID, SCARF_PAID = 19_900 - 2_985, 2 * 3_995 - 600  # after apportioned discounts


@pytest.fixture
def server(running_server: StartServer, database_url: str) -> ServerHandle:
    return running_server(database_url, load_network=SAMPLE_NETWORK)


@pytest.fixture
def stubs(server: ServerHandle) -> Iterator[tuple[Any, Any]]:
    with server.channel() as channel:
        yield (
            order_service_pb2_grpc.OrderServiceStub(channel),
            return_service_pb2_grpc.ReturnServiceStub(channel),
        )


@pytest.fixture
def returns(stubs: tuple[Any, Any]) -> Any:
    return stubs[1]


@pytest.fixture
def shipped_order(stubs: tuple[Any, Any]) -> Any:
    """Order o-1: a jacket and two red scarves bought with discounts, shipped to Spandau."""
    orders = stubs[0]
    request = route_request("o-1", (JACKET, 1), (SCARF, 2), destination=SPANDAU)
    request.customer_id = "c-1"
    request.lines[0].unit_price_cents, request.lines[0].discount_cents = 19_900, 2_985
    request.lines[1].unit_price_cents, request.lines[1].discount_cents = 3_995, 600
    order = orders.RouteOrder(request).order
    for shipment in order.plan.shipments:
        orders.ShipOrder(opb.ShipOrderRequest(order_id="o-1", shipment_id=shipment.shipment_id))
    return order


def line(line_id: str, qty: int, condition: int = pb.ITEM_CONDITION_NEW) -> Any:
    return pb.ReturnLine(
        order_line_id=line_id,
        quantity=qty,
        condition=condition,
        reason=pb.RETURN_REASON_WRONG_SIZE,
    )


def arrived(line_id: str, qty: int, condition: int = pb.ITEM_CONDITION_NEW) -> Any:
    return pb.ReceivedLine(order_line_id=line_id, quantity=qty, condition=condition)


def by_post(*lines: Any, strategy: str = "") -> dict[str, Any]:
    return {
        "order_id": "o-1",
        "lines": list(lines),
        "channel": pb.RETURN_CHANNEL_POST,
        "ship_from": common_pb2.GeoPoint(latitude=SPANDAU[0], longitude=SPANDAU[1]),
        "strategy": strategy,
    }


def in_store(store: str, *lines: Any) -> dict[str, Any]:
    return {
        "order_id": "o-1",
        "lines": list(lines),
        "channel": pb.RETURN_CHANNEL_STORE_DROP_OFF,
        "drop_off_location_id": store,
    }


def on_hand(server: ServerHandle, location: str, sku: str) -> int:
    return server.app.model.get_stock(location, sku).on_hand


def test_a_scarf_sent_by_post_goes_to_a_store_that_ran_out_of_it(server, returns, shipped_order):
    quote = returns.QuoteReturn(pb.QuoteReturnRequest(**by_post(line("2", 1))))
    destination = quote.destination
    stock = server.app.model.get_stock(destination.location_id, SCARF)
    assert stock.available == 0, "the scarf goes where it is missing"
    assert server.app.model.get_location(destination.location_id).kind.value == "store"
    assert destination.address.line1 and destination.address.postal_code
    assert destination.address.point.latitude, "the label needs the address"
    assert destination.reason and destination.cost_terms
    assert all(a.cost_cents >= destination.cost_cents for a in quote.alternatives)
    nearest = returns.QuoteReturn(
        pb.QuoteReturnRequest(**by_post(line("2", 1), strategy="nearest"))
    )
    assert nearest.destination.location_id != destination.location_id
    assert quote.refund_cents == SCARF_PAID // 2

    registered = returns.RegisterReturn(
        pb.RegisterReturnRequest(idempotency_key="r-1", **by_post(line("2", 1)))
    ).product_return
    assert registered.status == pb.RETURN_STATUS_REGISTERED
    assert registered.destination.location_id == destination.location_id
    handed = returns.MarkHandedToCarrier(
        pb.MarkHandedToCarrierRequest(
            return_id=registered.return_id, carrier="DHL", tracking_number="JJD000123"
        )
    ).product_return
    assert handed.status == pb.RETURN_STATUS_HANDED_TO_CARRIER and handed.carrier == "DHL"
    before = on_hand(server, destination.location_id, SCARF)
    received = returns.ReceiveReturn(
        pb.ReceiveReturnRequest(
            return_id=registered.return_id,
            location_id=destination.location_id,
            lines=[arrived("2", 1)],
        )
    )
    assert received.product_return.status == pb.RETURN_STATUS_RECEIVED
    assert received.product_return.lines[0].disposition == pb.DISPOSITION_RESTOCK
    assert [(r.location_id, r.sku_id) for r in received.restocked] == [
        (destination.location_id, SCARF)
    ]
    assert on_hand(server, destination.location_id, SCARF) == before + 1
    assert server.app.model.audit().ok, "the restock has its ledger row"
    refunded = returns.RefundReturn(
        pb.RefundReturnRequest(
            return_id=registered.return_id, idempotency_key="pay-1", refund_reference="PSP-9"
        )
    )
    assert refunded.refunded_cents == SCARF_PAID // 2
    got = returns.GetReturn(pb.GetReturnRequest(return_id=registered.return_id)).product_return
    assert got.status == pb.RETURN_STATUS_REFUNDED and got.refund_reference == "PSP-9"
    stamps = [got.registered_at, got.handed_to_carrier_at, got.received_at, got.refunded_at]
    assert all(s.seconds for s in stamps)
    assert [s.ToDatetime() for s in stamps] == sorted(s.ToDatetime() for s in stamps)


def test_an_in_store_return_refunds_exactly_what_was_paid(server, returns, shipped_order):
    request = in_store("BER-MITTE", line("1", 1), line("2", 2))
    quote = returns.QuoteReturn(pb.QuoteReturnRequest(**request))
    assert quote.refund_cents == JACKET_PAID + SCARF_PAID
    registered = returns.RegisterReturn(
        pb.RegisterReturnRequest(idempotency_key="r-1", **request)
    ).product_return
    # Mitte sold out of red scarves: it keeps them; the jacket goes where the model says.
    assert {ln.order_line_id: ln.kept_at_drop_off for ln in registered.lines}["2"]
    scarves = on_hand(server, "BER-MITTE", SCARF)
    received = returns.ReceiveReturn(
        pb.ReceiveReturnRequest(
            return_id=registered.return_id,
            location_id="BER-MITTE",
            lines=[arrived("1", 1), arrived("2", 2)],
        )
    ).product_return
    assert on_hand(server, "BER-MITTE", SCARF) == scarves + 2
    refund = returns.RefundReturn(
        pb.RefundReturnRequest(return_id=received.return_id, idempotency_key="pay-1")
    )
    assert refund.refunded_cents == JACKET_PAID + SCARF_PAID
    again = returns.RefundReturn(
        pb.RefundReturnRequest(return_id=received.return_id, idempotency_key="pay-1")
    )
    assert again.refunded_cents == refund.refunded_cents, "a retried refund pays nothing more"
    assert server.app.model.audit().ok


def test_a_damaged_unit_is_refunded_but_not_restocked(server, returns, shipped_order):
    registered = returns.RegisterReturn(
        pb.RegisterReturnRequest(idempotency_key="r-1", **by_post(line("2", 1)))
    ).product_return
    returns.MarkHandedToCarrier(pb.MarkHandedToCarrierRequest(return_id=registered.return_id))
    where = registered.destination.location_id
    before = on_hand(server, where, SCARF)
    received = returns.ReceiveReturn(
        pb.ReceiveReturnRequest(
            return_id=registered.return_id,
            location_id=where,
            lines=[
                pb.ReceivedLine(order_line_id="2", quantity=1, condition=pb.ITEM_CONDITION_DAMAGED)
            ],
        )
    )
    assert received.product_return.lines[0].disposition == pb.DISPOSITION_LIQUIDATE
    assert not received.restocked and on_hand(server, where, SCARF) == before


def test_registering_twice_with_one_key_replays_and_another_request_conflicts(
    returns, shipped_order
):
    request = pb.RegisterReturnRequest(idempotency_key="r-1", **by_post(line("2", 1)))
    first = returns.RegisterReturn(request)
    again = returns.RegisterReturn(request)
    assert again.replayed and again.product_return.return_id == first.product_return.return_id
    other = pb.RegisterReturnRequest(idempotency_key="r-1", **by_post(line("1", 1)))
    with pytest.raises(grpc.RpcError) as raised:
        returns.RegisterReturn(other)
    assert raised.value.code() is grpc.StatusCode.ALREADY_EXISTS


def expect(code: grpc.StatusCode, call: Any, request: Any) -> str:
    with pytest.raises(grpc.RpcError) as raised:
        call(request)
    assert raised.value.code() is code, raised.value.details()
    return str(raised.value.details())


def test_bad_returns_get_clear_errors_and_change_nothing(server, returns, shipped_order):
    invalid, precondition = grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION
    register = returns.RegisterReturn
    assert "2 bought" in expect(
        invalid, register, pb.RegisterReturnRequest(idempotency_key="a", **by_post(line("2", 3)))
    )
    expect(
        invalid, register, pb.RegisterReturnRequest(idempotency_key="b", **by_post(line("9", 1)))
    )
    expect(invalid, register, pb.RegisterReturnRequest(**by_post(line("2", 1))))
    expect(
        grpc.StatusCode.NOT_FOUND,
        register,
        pb.RegisterReturnRequest(idempotency_key="c", **{**by_post(line("2", 1)), "order_id": "x"}),
    )
    first = register(pb.RegisterReturnRequest(idempotency_key="d", **by_post(line("2", 2))))
    assert "returned already" in expect(
        precondition,
        register,
        pb.RegisterReturnRequest(idempotency_key="e", **by_post(line("2", 1))),
    )
    return_id = first.product_return.return_id
    expect(
        precondition,
        returns.RefundReturn,
        pb.RefundReturnRequest(return_id=return_id, idempotency_key="p"),
    )
    expect(
        precondition,
        returns.ReceiveReturn,
        pb.ReceiveReturnRequest(
            return_id=return_id,
            location_id=first.product_return.destination.location_id,
            lines=[arrived("2", 2)],
        ),
    )
    returns.MarkHandedToCarrier(pb.MarkHandedToCarrierRequest(return_id=return_id))
    expect(
        precondition,
        returns.MarkHandedToCarrier,
        pb.MarkHandedToCarrierRequest(return_id=return_id),
    )
    wrong = (
        "WH-ERFURT" if first.product_return.destination.location_id != "WH-ERFURT" else "BER-MITTE"
    )
    expect(
        precondition,
        returns.ReceiveReturn,
        pb.ReceiveReturnRequest(return_id=return_id, location_id=wrong, lines=[arrived("2", 2)]),
    )
    expect(grpc.StatusCode.NOT_FOUND, returns.GetReturn, pb.GetReturnRequest(return_id="RET-NOPE"))
    got = returns.GetReturn(pb.GetReturnRequest(return_id=return_id)).product_return
    assert got.status == pb.RETURN_STATUS_HANDED_TO_CARRIER and not got.HasField("received_at")
    assert server.app.model.audit().ok


def test_units_not_yet_shipped_cannot_be_returned(stubs):
    orders, returns = stubs
    orders.RouteOrder(route_request("o-1", (JACKET, 1), destination=SPANDAU))
    message = expect(
        grpc.StatusCode.FAILED_PRECONDITION,
        returns.QuoteReturn,
        pb.QuoteReturnRequest(**by_post(line("1", 1))),
    )
    assert "delivered" in message


def test_a_store_purchase_comes_back_at_another_store_with_its_points(server, returns):
    with server.channel() as channel:
        customers = customer_service_pb2_grpc.CustomerServiceStub(channel)
        customers.UpsertCustomer(
            cpb.UpsertCustomerRequest(customer=cpb.Customer(customer_id="c-9", name="Cleo"))
        )
        bought = customers.RecordStorePurchase(
            cpb.RecordStorePurchaseRequest(
                customer_id="c-9",
                location_id="BER-KREUZBERG",
                receipt_id="R-1",
                lines=[cpb.PurchaseLine(sku_id=SCARF, quantity=2, unit_price_cents=3_995)],
            )
        )
        purchase = bought.purchase
        request = {
            "order_id": purchase.purchase_id,
            "lines": [line(purchase.lines[0].line_id, 1)],
            "channel": pb.RETURN_CHANNEL_STORE_DROP_OFF,
            "drop_off_location_id": "BER-MITTE",
        }
        registered = returns.RegisterReturn(
            pb.RegisterReturnRequest(idempotency_key="r-9", **request)
        ).product_return
        assert registered.customer_id == "c-9" and registered.refund_cents == 3_995
        returns.ReceiveReturn(
            pb.ReceiveReturnRequest(
                return_id=registered.return_id,
                location_id="BER-MITTE",
                lines=[arrived(purchase.lines[0].line_id, 1)],
            )
        )
        refund = returns.RefundReturn(
            pb.RefundReturnRequest(return_id=registered.return_id, idempotency_key="pay-9")
        )
        assert refund.refunded_cents == 3_995
        loyalty = customers.GetLoyalty(cpb.GetLoyaltyRequest(customer_id="c-9"))
        assert loyalty.points_balance == bought.points_balance - bought.points_balance // 2


def test_a_receipt_without_a_location_is_taken_where_the_return_is_expected(
    server, returns, shipped_order
):
    registered = returns.RegisterReturn(
        pb.RegisterReturnRequest(idempotency_key="r-1", **by_post(line("2", 1)))
    ).product_return
    returns.MarkHandedToCarrier(pb.MarkHandedToCarrierRequest(return_id=registered.return_id))
    where = registered.destination.location_id
    before = on_hand(server, where, SCARF)
    received = returns.ReceiveReturn(
        pb.ReceiveReturnRequest(return_id=registered.return_id, lines=[arrived("2", 1)])
    )
    assert received.product_return.received_location_id == where
    assert received.product_return.lines[0].received_location_id == where
    assert [(r.location_id, r.sku_id) for r in received.restocked] == [(where, SCARF)]
    assert on_hand(server, where, SCARF) == before + 1


def test_units_not_listed_on_receipt_are_not_received_nor_refunded(server, returns, shipped_order):
    registered = returns.RegisterReturn(
        pb.RegisterReturnRequest(
            idempotency_key="r-1", **in_store("BER-MITTE", line("1", 1), line("2", 2))
        )
    ).product_return
    received = returns.ReceiveReturn(
        pb.ReceiveReturnRequest(
            return_id=registered.return_id, location_id="BER-MITTE", lines=[arrived("2", 1)]
        )
    ).product_return
    got = {ln.order_line_id: ln.received_quantity for ln in received.lines}
    assert got == {"1": 0, "2": 1}
    assert received.refund_cents == SCARF_PAID // 2
    refunded = returns.RefundReturn(
        pb.RefundReturnRequest(return_id=registered.return_id, idempotency_key="pay-1")
    )
    assert refunded.refunded_cents == SCARF_PAID // 2
    assert server.app.model.audit().ok


def test_a_receipt_that_lists_no_line_is_invalid_and_changes_nothing(
    server, returns, shipped_order
):
    registered = returns.RegisterReturn(
        pb.RegisterReturnRequest(idempotency_key="r-1", **in_store("BER-MITTE", line("2", 2)))
    ).product_return
    scarves = on_hand(server, "BER-MITTE", SCARF)
    message = expect(
        grpc.StatusCode.INVALID_ARGUMENT,
        returns.ReceiveReturn,
        pb.ReceiveReturnRequest(return_id=registered.return_id, location_id="BER-MITTE"),
    )
    assert "lines" in message
    got = returns.GetReturn(pb.GetReturnRequest(return_id=registered.return_id)).product_return
    assert got.status == pb.RETURN_STATUS_REGISTERED
    assert on_hand(server, "BER-MITTE", SCARF) == scarves


def test_every_step_of_a_return_reaches_the_order_watchers(stubs, returns, shipped_order):
    orders = stubs[0]
    registered = returns.RegisterReturn(
        pb.RegisterReturnRequest(idempotency_key="r-1", **by_post(line("2", 1)))
    ).product_return
    return_id, where = registered.return_id, registered.destination.location_id
    returns.MarkHandedToCarrier(pb.MarkHandedToCarrierRequest(return_id=return_id))
    returns.ReceiveReturn(
        pb.ReceiveReturnRequest(return_id=return_id, location_id=where, lines=[arrived("2", 1)])
    )
    returns.RefundReturn(pb.RefundReturnRequest(return_id=return_id, idempotency_key="pay-1"))
    stream = orders.WatchOrders(opb.WatchOrdersRequest(after_cursor="0", order_ids=["o-1"]))
    steps = []
    for event in stream:
        if event.subject == opb.ORDER_EVENT_SUBJECT_RETURN:
            assert (event.return_id, event.location_id) == (return_id, where)
            steps.append(event.return_status)
        if len(steps) == 4:
            break
    stream.cancel()
    assert steps == [
        pb.RETURN_STATUS_REGISTERED,
        pb.RETURN_STATUS_HANDED_TO_CARRIER,
        pb.RETURN_STATUS_RECEIVED,
        pb.RETURN_STATUS_REFUNDED,
    ]
