"""OrderService answers as its contract says, over real gRPC on the sample network: what an
order redeemed, when alternative pickup stores could have it ready, the status codes of
reused ids and unknown coupons and shipments, list prices, and pickup at a warehouse."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, ServerHandle, StartServer
from order_messages import route_request

from omniroute.orders import lifecycle
from omniroute.v1 import common_pb2 as cmn
from omniroute.v1 import customer_service_pb2 as cpb
from omniroute.v1 import (
    customer_service_pb2_grpc,
    inventory_service_pb2_grpc,
    order_service_pb2_grpc,
    promotion_service_pb2_grpc,
)
from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import order_service_pb2 as pb
from omniroute.v1 import promotion_service_pb2 as ppb

JACKET, SCARF = "JACKET-LEATHER-M", "SCARF-WOOL-RED"
JACKET_LIST_PRICE = 29_900
SINGLE = ppb.COUPON_USAGE_SINGLE_USE
TEN_OFF = ppb.Promotion(
    promotion_id="ten-off",
    name="10 EUR off with a coupon",
    kind=ppb.DISCOUNT_KIND_FIXED_AMOUNT,
    amount_off_cents=1_000,
    stacking=ppb.STACKING_STACKABLE,
    requires_coupon=True,
)


@pytest.fixture
def server(running_server: StartServer, database_url: str) -> ServerHandle:
    return running_server(database_url, load_network=SAMPLE_NETWORK)


@pytest.fixture
def stubs(server: ServerHandle) -> Iterator[dict[str, Any]]:
    with server.channel() as channel:
        yield {
            "orders": order_service_pb2_grpc.OrderServiceStub(channel),
            "customers": customer_service_pb2_grpc.CustomerServiceStub(channel),
            "promotions": promotion_service_pb2_grpc.PromotionServiceStub(channel),
            "inventory": inventory_service_pb2_grpc.InventoryServiceStub(channel),
        }


@pytest.fixture
def orders(stubs: dict[str, Any]) -> Any:
    return stubs["orders"]


def reserved(server: ServerHandle, sku_id: str) -> int:
    return sum(level.reserved for level in server.app.model.availability(sku_id))


def refused(call: Any, request: Any, code: grpc.StatusCode) -> str:
    with pytest.raises(grpc.RpcError) as raised:
        call(request)
    assert raised.value.code() is code, raised.value.details()
    return str(raised.value.details())


def customer_with_points(stubs: dict[str, Any], customer_id: str) -> int:
    """A customer who earned points on a store purchase; their balance."""
    customers = stubs["customers"]
    customers.UpsertCustomer(
        cpb.UpsertCustomerRequest(customer=cpb.Customer(customer_id=customer_id, name="Ada"))
    )
    bought = customers.RecordStorePurchase(
        cpb.RecordStorePurchaseRequest(
            customer_id=customer_id,
            location_id="BER-KREUZBERG",
            receipt_id="R-1",
            lines=[cpb.PurchaseLine(sku_id=JACKET, quantity=1, unit_price_cents=29_900)],
        )
    )
    return int(bought.points_balance)


# 1. What an order redeemed


def test_the_coupons_and_points_an_order_redeemed_are_on_it_in_route_order_and_get_order(
    stubs, orders
):
    balance = customer_with_points(stubs, "ada")
    assert balance >= 20
    stubs["promotions"].UpsertPromotion(ppb.UpsertPromotionRequest(promotion=TEN_OFF))
    stubs["promotions"].IssueCoupon(
        ppb.IssueCouponRequest(
            idempotency_key="c-1", promotion_id="ten-off", code="TENOFF-ADA", usage=SINGLE
        )
    )
    request = route_request("o-1", (JACKET, 1))
    request.customer_id = "ada"
    request.coupon_codes.append("TENOFF-ADA")
    request.redeem_points = 20

    routed = orders.RouteOrder(request).order
    stored = orders.GetOrder(pb.GetOrderRequest(order_id="o-1")).order

    for order in (routed, stored):
        assert list(order.coupon_codes) == ["TENOFF-ADA"]
        assert order.points_redeemed == 20
    loyalty = stubs["customers"].GetLoyalty(cpb.GetLoyaltyRequest(customer_id="ada"))
    assert loyalty.points_balance == balance - 20, "the points shown were really redeemed"


def test_an_order_without_coupons_or_points_shows_none(orders):
    order = orders.RouteOrder(route_request("o-1", (JACKET, 1))).order
    assert not order.coupon_codes and order.points_redeemed == 0


# 2. Alternative pickup stores


def test_alternative_pickup_stores_are_ready_when_the_order_is_placed(orders):
    # Mitte has the jacket but no red scarf: the scarf comes by transfer, later.
    collect = orders.RouteOrder(
        route_request("cc-1", (JACKET, 1), (SCARF, 1), pickup="BER-MITTE")
    ).order.click_and_collect
    placed = orders.GetOrder(pb.GetOrderRequest(order_id="cc-1")).order.placed_at
    assert collect.alternative_stores, "nearby stores have both"
    for store in collect.alternative_stores:
        assert store.HasField("ready_at") and store.ready_at == placed
        assert store.ready_at.ToDatetime() < collect.ready_at.ToDatetime()


def test_an_alternative_store_is_ready_when_a_pickup_store_that_has_everything_is(orders):
    collect = orders.RouteOrder(
        route_request("cc-1", (JACKET, 1), (SCARF, 1), pickup="BER-PRENZLAUER-BERG")
    ).order.click_and_collect
    assert collect.pickup_has_all and collect.alternative_stores
    assert all(s.ready_at == collect.ready_at for s in collect.alternative_stores)


# 4. Status codes


def test_the_same_order_under_a_new_idempotency_key_already_exists(orders, server):
    orders.RouteOrder(route_request("o-1", (JACKET, 1), key="k-1"))
    first = orders.GetOrder(pb.GetOrderRequest(order_id="o-1"))
    refused(
        orders.RouteOrder,
        route_request("o-1", (JACKET, 1), key="k-2"),
        grpc.StatusCode.ALREADY_EXISTS,
    )
    again = orders.RouteOrder(route_request("o-1", (JACKET, 1), key="k-1"))
    assert again.replayed and again.order.plan == first.order.plan
    assert reserved(server, JACKET) == 1 and server.app.model.audit().ok


def test_an_unknown_coupon_code_is_not_found_and_reserves_nothing(orders, server):
    request = route_request("o-1", (JACKET, 1))
    request.coupon_codes.append("NO-SUCH-CODE")
    assert "NO-SUCH-CODE" in refused(orders.RouteOrder, request, grpc.StatusCode.NOT_FOUND)
    assert reserved(server, JACKET) == 0


def test_an_unknown_shipment_is_not_found_and_changes_nothing(orders, server):
    orders.RouteOrder(route_request("o-1", (JACKET, 1)))
    order = orders.GetOrder(pb.GetOrderRequest(order_id="o-1")).order
    for call, request in [
        (orders.ShipOrder, pb.ShipOrderRequest(order_id="o-1", shipment_id="o-1-99")),
        (orders.RejectShipment, pb.RejectShipmentRequest(order_id="o-1", shipment_id="o-1-99")),
    ]:
        assert "o-1-99" in refused(call, request, grpc.StatusCode.NOT_FOUND)
    assert orders.GetOrder(pb.GetOrderRequest(order_id="o-1")).order == order
    assert reserved(server, JACKET) == 1


# 5. Prices


def test_a_line_priced_0_costs_the_list_price_as_in_quote_basket(stubs, orders):
    basket = stubs["promotions"].QuoteBasket(
        ppb.QuoteBasketRequest(lines=[ppb.BasketLine(line_id="1", sku_id=JACKET, quantity=2)])
    )
    request = route_request("o-1", (JACKET, 2))
    request.lines[0].discount_cents = 900
    routed = orders.RouteOrder(request).order
    stored = orders.GetOrder(pb.GetOrderRequest(order_id="o-1")).order
    assert basket.lines[0].unit_price_cents == JACKET_LIST_PRICE
    for order in (routed, stored):
        assert order.lines[0].unit_price_cents == JACKET_LIST_PRICE
        assert order.lines[0].discount_cents == 900


def test_a_retry_is_replayed_even_when_the_list_price_changed_meanwhile(stubs, orders):
    orders.RouteOrder(route_request("o-1", (JACKET, 1)))
    first = orders.GetOrder(pb.GetOrderRequest(order_id="o-1")).order
    stubs["inventory"].UpsertSkus(
        inv.UpsertSkusRequest(
            skus=[
                cmn.Sku(
                    sku_id=JACKET,
                    name="Leather jacket (M)",
                    category="outerwear",
                    weight_grams=1800,
                    unit_price_cents=24_900,
                )
            ]
        )
    )
    again = orders.RouteOrder(route_request("o-1", (JACKET, 1)))
    assert again.replayed and again.order.lines[0].unit_price_cents == JACKET_LIST_PRICE
    assert again.order.plan == first.plan and again.order.lines == first.lines
    later = orders.RouteOrder(route_request("o-2", (JACKET, 1))).order
    assert later.lines[0].unit_price_cents == 24_900


def test_discount_cents_together_with_coupon_codes_is_invalid(stubs, orders, server):
    stubs["promotions"].UpsertPromotion(ppb.UpsertPromotionRequest(promotion=TEN_OFF))
    stubs["promotions"].IssueCoupon(
        ppb.IssueCouponRequest(
            idempotency_key="c-1", promotion_id="ten-off", code="TENOFF", usage=SINGLE
        )
    )
    request = route_request("o-1", (JACKET, 1))
    request.coupon_codes.append("TENOFF")
    request.lines[0].discount_cents = 1_000
    assert "discount_cents" in refused(orders.RouteOrder, request, grpc.StatusCode.INVALID_ARGUMENT)
    assert reserved(server, JACKET) == 0


# 6. Pickup at a warehouse


def test_a_warehouse_as_pickup_location_is_invalid_argument_naming_the_field(orders, server):
    request = route_request("cc-1", (JACKET, 1), pickup="WH-GROSSBEEREN")
    message = refused(orders.RouteOrder, request, grpc.StatusCode.INVALID_ARGUMENT)
    assert "pickup_location_id" in message and "WH-GROSSBEEREN" in message
    assert reserved(server, JACKET) == 0


# 7. RejectShipment under the caller's deadline


def test_a_rejection_that_misses_its_deadline_is_rolled_back_with_its_write_off(
    orders, server, monkeypatch
):
    orders.RouteOrder(route_request("o-1", (JACKET, 1)))
    order = orders.GetOrder(pb.GetOrderRequest(order_id="o-1")).order
    rejected = order.plan.shipments[0]
    before = server.app.model.get_stock(rejected.location_id, JACKET)
    done = threading.Event()
    raised: list[BaseException] = []
    save, check = lifecycle.save_order, lifecycle.require_before

    def slow_save(conn: Any, record: Any) -> None:
        save(conn, record)
        threading.Event().wait(1.5)  # the caller's deadline passes meanwhile

    def checked(deadline: float | None, what: str) -> None:
        try:
            check(deadline, what)
        except BaseException as error:
            raised.append(error)
            raise
        finally:
            done.set()

    monkeypatch.setattr(lifecycle, "save_order", slow_save)
    monkeypatch.setattr(lifecycle, "require_before", checked)
    request = pb.RejectShipmentRequest(
        order_id="o-1", shipment_id=rejected.shipment_id, reason="lost", write_off_stock=True
    )
    with pytest.raises(grpc.RpcError) as late:
        orders.RejectShipment(request, timeout=1.0)
    assert late.value.code() is grpc.StatusCode.DEADLINE_EXCEEDED
    assert done.wait(10) and [type(e).__name__ for e in raised] == ["DeadlineExceeded"]

    after = orders.GetOrder(pb.GetOrderRequest(order_id="o-1")).order
    assert after == order, "the rejection, its re-route and its new reservation are gone"
    assert server.app.model.get_stock(rejected.location_id, JACKET) == before
    assert reserved(server, JACKET) == 1 and server.app.model.audit().ok
    monkeypatch.undo()
    kept = orders.RejectShipment(request, timeout=30)
    assert kept.new_shipments and reserved(server, JACKET) == 1
    written_off = server.app.model.get_stock(rejected.location_id, JACKET)
    assert written_off.on_hand == before.on_hand - 1 and written_off.reserved == 0
