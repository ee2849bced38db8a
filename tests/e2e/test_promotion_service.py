"""PromotionService over a real gRPC server: journey 4's coupons and promotions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from e2e_server import TOKENS, ServerHandle, StartServer, bearer

from omniroute.promotions import BasketLine
from omniroute.promotions.birthday import BirthdayJob, BirthdayPolicy
from omniroute.promotions.fake import FakeBirthdayCalendar
from omniroute.v1 import common_pb2
from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import inventory_service_pb2_grpc as inv_grpc
from omniroute.v1 import promotion_service_pb2 as pb
from omniroute.v1 import promotion_service_pb2_grpc as pb_grpc

SKUS = {
    "JKT-LEATHER": ("outerwear", 8000),
    "COAT-RAIN": ("outerwear", 3000),
    "SCARF": ("accessories", 1500),
}
OUTERWEAR_15 = pb.Promotion(
    promotion_id="outer15",
    name="15% off outerwear from 100 EUR",
    kind=pb.DISCOUNT_KIND_PERCENT,
    percent_basis_points=1500,
    category="outerwear",
    min_spend_cents=10000,
    stacking=pb.STACKING_STACKABLE,
)
BIRTHDAY = pb.Promotion(
    promotion_id="birthday",
    name="10 EUR off for your birthday",
    kind=pb.DISCOUNT_KIND_FIXED_AMOUNT,
    amount_off_cents=1000,
    stacking=pb.STACKING_STACKABLE,
    priority=1,
    requires_coupon=True,
)


@pytest.fixture
def promotions(server: ServerHandle) -> Iterator[Any]:
    """A PromotionService stub on a server that knows three SKUs and two promotions."""
    with server.channel() as channel:
        inv_grpc.InventoryServiceStub(channel).UpsertSkus(
            inv.UpsertSkusRequest(
                skus=[
                    common_pb2.Sku(sku_id=s, name=s, category=c, unit_price_cents=p)
                    for s, (c, p) in SKUS.items()
                ]
            )
        )
        stub = pb_grpc.PromotionServiceStub(channel)
        for promotion in (OUTERWEAR_15, BIRTHDAY):
            stub.UpsertPromotion(pb.UpsertPromotionRequest(promotion=promotion))
        yield stub


def basket(*lines: tuple[str, int], **kw: Any) -> Any:
    return pb.QuoteBasketRequest(
        lines=[
            pb.BasketLine(line_id=str(n), sku_id=s, quantity=q) for n, (s, q) in enumerate(lines, 1)
        ],
        **kw,
    )


def test_the_category_promotion_applies_only_when_its_threshold_is_met(promotions: Any):
    met = promotions.QuoteBasket(basket(("JKT-LEATHER", 1), ("COAT-RAIN", 1), ("SCARF", 1)))
    assert [(a.promotion_id, a.discount_cents) for a in met.applied_promotions] == [
        ("outer15", 1650)
    ]
    assert [line.discount_cents for line in met.lines] == [1200, 450, 0]
    assert [line.category for line in met.lines] == ["outerwear", "outerwear", "accessories"]
    assert met.total_cents == 12500 - 1650
    not_met = promotions.QuoteBasket(basket(("JKT-LEATHER", 1), ("SCARF", 2)))
    assert list(not_met.applied_promotions) == []
    assert not_met.total_cents == not_met.subtotal_cents == 11000


def test_a_birthday_coupon_is_issued_used_once_and_refused_the_second_time(
    server: ServerHandle, promotions: Any
):
    now = datetime.now(UTC)
    calendar = FakeBirthdayCalendar()
    calendar.add("anna", (now + timedelta(days=3)).date().replace(year=1992))
    calendar.add("bert", (now + timedelta(days=2)).date().replace(year=1988), False)
    job = BirthdayJob(server.app.promotions, calendar, BirthdayPolicy("birthday", lead_days=7))
    run = job.run_once()
    assert run is not None and [c.customer_id for c in run.issued] == ["anna"]
    code = run.issued[0].code
    request = basket(("SCARF", 2), customer_id="anna", coupon_codes=[code.lower()])

    first = promotions.QuoteBasket(request)
    assert [(a.coupon_code, a.discount_cents) for a in first.applied_promotions] == [(code, 1000)]
    assert first.total_cents == 2000
    other = promotions.QuoteBasket(basket(("SCARF", 2), customer_id="bert", coupon_codes=[code]))
    assert [r.reason for r in other.rejected_coupons] == ["the coupon is bound to another customer"]

    # What OrderService.RouteOrder does when it reserves the order: redeem in its transaction.
    app = server.app
    priced = app.promotions.quote(
        [BasketLine("1", "SCARF", 2)], now, coupon_codes=[code], customer_id="anna"
    )
    with app.model.write() as conn:
        app.promotions.redeem(conn, priced, order_id="order-1", at=now)

    second = promotions.QuoteBasket(request)
    assert list(second.applied_promotions) == []
    assert second.total_cents == 3000
    assert [(r.code, r.reason) for r in second.rejected_coupons] == [
        (code, "the coupon has already been used")
    ]
    again = job.run_once()
    assert again is not None and again.issued == () and again.already_issued == ("anna",)


def test_issue_coupon_is_idempotent_and_codes_are_unique(promotions: Any):
    request = pb.IssueCouponRequest(
        idempotency_key="welcome-1",
        promotion_id="birthday",
        code="welcome10",
        usage=pb.COUPON_USAGE_MULTI_USE,
        max_redemptions=100,
    )
    first = promotions.IssueCoupon(request).coupon
    assert (first.code, first.max_redemptions, first.redemption_count) == ("WELCOME10", 100, 0)
    assert promotions.IssueCoupon(request).coupon == first
    with pytest.raises(grpc.RpcError) as taken:
        promotions.IssueCoupon(
            pb.IssueCouponRequest(
                idempotency_key="welcome-2",
                promotion_id="birthday",
                code="WELCOME10",
                usage=pb.COUPON_USAGE_SINGLE_USE,
            )
        )
    assert taken.value.code() is grpc.StatusCode.ALREADY_EXISTS


@pytest.mark.parametrize(
    ("call", "request_", "code", "mentions"),
    [
        (
            "UpsertPromotion",
            pb.UpsertPromotionRequest(promotion=pb.Promotion(promotion_id="x", name="x")),
            grpc.StatusCode.INVALID_ARGUMENT,
            "promotion.kind",
        ),
        (
            "UpsertPromotion",
            pb.UpsertPromotionRequest(
                promotion=pb.Promotion(
                    promotion_id="x",
                    name="x",
                    kind=pb.DISCOUNT_KIND_PERCENT,
                    percent_basis_points=20000,
                    stacking=pb.STACKING_STACKABLE,
                )
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
            "percent_basis_points",
        ),
        (
            "IssueCoupon",
            pb.IssueCouponRequest(
                idempotency_key="k", promotion_id="nope", usage=pb.COUPON_USAGE_SINGLE_USE
            ),
            grpc.StatusCode.NOT_FOUND,
            "nope",
        ),
        (
            "IssueCoupon",
            pb.IssueCouponRequest(idempotency_key="k", promotion_id="birthday"),
            grpc.StatusCode.INVALID_ARGUMENT,
            "usage",
        ),
        ("QuoteBasket", basket(("NOPE", 1)), grpc.StatusCode.NOT_FOUND, "NOPE"),
        ("QuoteBasket", pb.QuoteBasketRequest(), grpc.StatusCode.INVALID_ARGUMENT, "lines"),
        ("QuoteBasket", basket(("SCARF", 0)), grpc.StatusCode.INVALID_ARGUMENT, "quantity"),
        (
            "QuoteBasket",
            basket(("SCARF", 1), redeem_points=10),
            grpc.StatusCode.INVALID_ARGUMENT,
            "customer_id",
        ),
    ],
)
def test_bad_requests_get_a_clear_error(
    promotions: Any, call: str, request_: Any, code: Any, mentions: str
):
    with pytest.raises(grpc.RpcError) as raised:
        getattr(promotions, call)(request_)
    assert raised.value.code() is code
    assert mentions in (raised.value.details() or "")


def test_scopes_read_quotes_write_issues_admin_defines(
    running_server: StartServer, sqlite_url: str
):
    handle = running_server(sqlite_url, tokens=TOKENS)
    with handle.channel() as channel:
        stub = pb_grpc.PromotionServiceStub(channel)
        upsert = pb.UpsertPromotionRequest(promotion=BIRTHDAY)
        issue = pb.IssueCouponRequest(
            idempotency_key="k", promotion_id="birthday", usage=pb.COUPON_USAGE_SINGLE_USE
        )
        for call, request, token in [
            ("UpsertPromotion", upsert, "writer-token"),
            ("IssueCoupon", issue, "reader-token"),
        ]:
            with pytest.raises(grpc.RpcError) as denied:
                getattr(stub, call)(request, metadata=bearer(token))
            assert denied.value.code() is grpc.StatusCode.PERMISSION_DENIED
        assert stub.UpsertPromotion(upsert, metadata=bearer("admin-token")).created
        assert stub.IssueCoupon(issue, metadata=bearer("writer-token")).coupon.code
        with pytest.raises(grpc.RpcError) as unknown_sku:
            stub.QuoteBasket(basket(("SCARF", 1)), metadata=bearer("reader-token"))
        assert unknown_sku.value.code() is grpc.StatusCode.NOT_FOUND
