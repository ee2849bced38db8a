"""DESIGN.md journey 4 over real gRPC, through RouteOrder: a birthday coupon issued, used
once and refused the second time; a category promotion only above its threshold; points
credited on shipment, redeemed on a later order and taken back on a return."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, ServerHandle, StartServer
from order_messages import route_request

from omniroute.bootstrap import start_birthday_coupons
from omniroute.customers import loyalty_rules
from omniroute.promotions import UnknownPromotion
from omniroute.promotions.birthday import BirthdayJob, BirthdayPolicy
from omniroute.v1 import (
    common_pb2,
    customer_service_pb2_grpc,
    order_service_pb2_grpc,
    promotion_service_pb2_grpc,
    return_service_pb2_grpc,
)
from omniroute.v1 import customer_service_pb2 as cpb
from omniroute.v1 import order_service_pb2 as opb
from omniroute.v1 import promotion_service_pb2 as ppb
from omniroute.v1 import return_service_pb2 as rpb

JACKET, SCARF = "JACKET-LEATHER-M", "SCARF-WOOL-RED"
JACKET_PRICE, SCARF_PRICE = 29_900, 3_995
OUTERWEAR_15 = ppb.Promotion(
    promotion_id="outer15",
    name="15% off outerwear from 500 EUR",
    kind=ppb.DISCOUNT_KIND_PERCENT,
    percent_basis_points=1500,
    category="outerwear",
    min_spend_cents=50_000,
    stacking=ppb.STACKING_STACKABLE,
)
BIRTHDAY = ppb.Promotion(
    promotion_id="birthday",
    name="10 EUR off for your birthday",
    kind=ppb.DISCOUNT_KIND_FIXED_AMOUNT,
    amount_off_cents=1_000,
    stacking=ppb.STACKING_STACKABLE,
    priority=1,
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
            "returns": return_service_pb2_grpc.ReturnServiceStub(channel),
        }


def customer(customer_id: str, birthday: datetime, consent: bool) -> Any:
    return cpb.Customer(
        customer_id=customer_id,
        name=customer_id.title(),
        email=f"{customer_id}@example.com",
        birthday=common_pb2.CalendarDate(year=1990, month=birthday.month, day=birthday.day),
        marketing_consent=consent,
    )


def order(order_id: str, *lines: tuple[str, int, int], **fields: Any) -> Any:
    request = route_request(order_id, *[(sku, qty) for sku, qty, _ in lines])
    for line, (_, _, price) in zip(request.lines, lines, strict=True):
        line.unit_price_cents = price
    for name, value in fields.items():
        if isinstance(value, list):
            getattr(request, name).extend(value)
        else:
            setattr(request, name, value)
    return request


def ship_all(orders: Any, placed: Any) -> None:
    for shipment in placed.plan.shipments:
        orders.ShipOrder(
            opb.ShipOrderRequest(order_id=placed.order_id, shipment_id=shipment.shipment_id)
        )


def balance(stubs: dict[str, Any], customer_id: str) -> int:
    reply = stubs["customers"].GetLoyalty(cpb.GetLoyaltyRequest(customer_id=customer_id))
    return int(reply.points_balance)


def test_journey_4_coupons_promotions_and_points(server, stubs):
    orders, promotions = stubs["orders"], stubs["promotions"]
    soon = datetime.now(UTC) + timedelta(days=3)
    stubs["customers"].UpsertCustomer(
        cpb.UpsertCustomerRequest(customer=customer("anna", soon, True))
    )
    stubs["customers"].UpsertCustomer(
        cpb.UpsertCustomerRequest(customer=customer("bert", soon, False))
    )
    for promotion in (OUTERWEAR_15, BIRTHDAY):
        promotions.UpsertPromotion(ppb.UpsertPromotionRequest(promotion=promotion))

    # The birthday job reads the customers store: only anna agreed to personal offers.
    job = BirthdayJob(
        server.app.promotions, server.app.customer_links, BirthdayPolicy("birthday", lead_days=7)
    )
    run = job.run_once()
    assert run is not None and [c.customer_id for c in run.issued] == ["anna"]
    assert "bert" in run.without_consent
    code = run.issued[0].code

    # One jacket is below the 500 EUR outerwear threshold: only the coupon applies.
    first = orders.RouteOrder(
        order(
            "o-1",
            (JACKET, 1, JACKET_PRICE),
            (SCARF, 1, SCARF_PRICE),
            customer_id="anna",
            coupon_codes=[code],
        )
    ).order
    discounts = [line.discount_cents for line in first.lines]
    assert sum(discounts) == 1_000 and all(d >= 0 for d in discounts)
    assert first.status == opb.ORDER_STATUS_RESERVED
    assert balance(stubs, "anna") == 0, "points come on shipment, not when the order is placed"
    ship_all(orders, first)
    paid = JACKET_PRICE + SCARF_PRICE - 1_000
    earned = loyalty_rules.points_earned(0, paid)
    assert earned > 0 and balance(stubs, "anna") == earned

    # The coupon was used: a second order with it is refused and reserves nothing.
    reserved_before = sum(level.reserved for level in server.app.model.availability(SCARF))
    with pytest.raises(grpc.RpcError) as refused:
        orders.RouteOrder(
            order("o-2", (SCARF, 1, SCARF_PRICE), customer_id="anna", coupon_codes=[code])
        )
    assert refused.value.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert code in refused.value.details()
    assert sum(level.reserved for level in server.app.model.availability(SCARF)) == reserved_before

    # Two jackets pass the threshold: 15% off the outerwear line (priced by the service
    # because the order spends a point), apportioned per line.
    big = orders.RouteOrder(
        order(
            "o-3",
            (JACKET, 2, JACKET_PRICE),
            (SCARF, 1, SCARF_PRICE),
            customer_id="anna",
            redeem_points=1,
            dry_run=True,
        )
    ).order
    assert big.status == opb.ORDER_STATUS_QUOTED
    assert sum(line.discount_cents for line in big.lines) == 2 * JACKET_PRICE * 15 // 100 + 1
    assert big.lines[0].discount_cents >= 2 * JACKET_PRICE * 15 // 100

    # Points redeemed on a later order: a discount, and the balance goes down.
    spend = 20
    later = orders.RouteOrder(
        order("o-4", (SCARF, 1, SCARF_PRICE), customer_id="anna", redeem_points=spend)
    ).order
    assert later.lines[0].discount_cents == spend * loyalty_rules.POINT_VALUE_CENTS
    assert balance(stubs, "anna") == earned - spend
    with pytest.raises(grpc.RpcError) as too_many:
        orders.RouteOrder(
            order("o-5", (SCARF, 1, SCARF_PRICE), customer_id="anna", redeem_points=10**6)
        )
    assert too_many.value.code() is grpc.StatusCode.FAILED_PRECONDITION

    # The jacket of o-1 comes back: its refund takes back the points it earned.
    returns = stubs["returns"]
    registered = returns.RegisterReturn(
        rpb.RegisterReturnRequest(
            idempotency_key="ret-1",
            order_id="o-1",
            channel=rpb.RETURN_CHANNEL_STORE_DROP_OFF,
            drop_off_location_id="BER-MITTE",
            lines=[rpb.ReturnLine(order_line_id="1", quantity=1, condition=rpb.ITEM_CONDITION_NEW)],
        )
    ).product_return
    returns.ReceiveReturn(
        rpb.ReceiveReturnRequest(
            return_id=registered.return_id,
            location_id="BER-MITTE",
            lines=[
                rpb.ReceivedLine(order_line_id="1", quantity=1, condition=rpb.ITEM_CONDITION_NEW)
            ],
        )
    )
    refund = returns.RefundReturn(
        rpb.RefundReturnRequest(return_id=registered.return_id, idempotency_key="pay-1")
    ).refunded_cents
    assert refund == first.lines[0].quantity * JACKET_PRICE - first.lines[0].discount_cents
    taken_back = earned * refund // paid
    assert earned - spend - balance(stubs, "anna") in (taken_back, taken_back + 1)
    assert server.app.model.audit().ok


def test_the_server_issues_birthday_coupons_itself_and_stops_the_job_on_shutdown(server, stubs):
    soon = datetime.now(UTC) + timedelta(days=2)
    stubs["customers"].UpsertCustomer(
        cpb.UpsertCustomerRequest(customer=customer("anna", soon, True))
    )
    stubs["promotions"].UpsertPromotion(ppb.UpsertPromotionRequest(promotion=BIRTHDAY))
    job = start_birthday_coupons(server.app, "birthday", lead_days=7)
    job.stop()  # waits for the run it made at start-up
    again = job.run_once()
    assert again is not None and again.already_issued == ("anna",) and not again.issued
    assert job.stop in server.app.on_shutdown
    with pytest.raises(UnknownPromotion):
        start_birthday_coupons(server.app, "no-such-promotion", lead_days=7)
