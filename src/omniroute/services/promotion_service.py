"""`PromotionServicer`: proto -> promotions port -> proto, nothing else.

Loyalty points in QuoteBasket are priced through a `LoyaltyBalances` (the customers
package's ledger) when the server has one; without it, redeem_points is rejected.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc

from omniroute.convert import promotions as convert
from omniroute.convert.common import optional_timestamp
from omniroute.convert.paging import page_request
from omniroute.errors import InvalidRequest, MissingField
from omniroute.promotions import LoyaltyBalances, LoyaltyOffer, PromotionsPort
from omniroute.v1 import promotion_service_pb2 as pb
from omniroute.v1 import promotion_service_pb2_grpc as pb_grpc

SERVICE_NAME = "omniroute.v1.PromotionService"


class PromotionServicer(pb_grpc.PromotionServiceServicer):  # type: ignore[misc]
    """The PromotionService of the contract, on one promotions port."""

    def __init__(self, promotions: PromotionsPort, loyalty: LoyaltyBalances | None = None):
        self.promotions = promotions
        self.loyalty = loyalty

    def UpsertPromotion(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.HasField("promotion"):
            raise InvalidRequest("promotion is required")
        promotion = convert.promotion_from_proto(request.promotion)
        created = self.promotions.upsert_promotion(promotion)
        return pb.UpsertPromotionResponse(
            promotion=convert.promotion_to_proto(promotion), created=created
        )

    def IssueCoupon(self, request: Any, context: grpc.ServicerContext) -> Any:
        coupon = self.promotions.issue_coupon(convert.issue_command(request, _now()))
        return pb.IssueCouponResponse(coupon=convert.coupon_to_proto(coupon))

    def QuoteBasket(self, request: Any, context: grpc.ServicerContext) -> Any:
        customer_id = request.customer_id or None
        offer, balance = self._loyalty_offer(customer_id, request.redeem_points)
        quote = self.promotions.quote(
            convert.basket_lines(request.lines),
            optional_timestamp(request, "priced_at") or _now(),
            coupon_codes=list(request.coupon_codes),
            customer_id=customer_id,
            loyalty=offer,
        )
        used = quote.loyalty.points if quote.loyalty else 0
        earn = self.loyalty.points_for(quote.total_cents) if self.loyalty and customer_id else 0
        return convert.quote_to_proto(quote, balance_after=balance - used, points_to_earn=earn)

    def GetPromotion(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.promotion_id:
            raise MissingField("promotion_id is required", field="promotion_id")
        promotion = self.promotions.get_promotion(request.promotion_id)
        return pb.GetPromotionResponse(promotion=convert.promotion_to_proto(promotion))

    def ListPromotions(self, request: Any, context: grpc.ServicerContext) -> Any:
        active_at = optional_timestamp(request, "active_at")
        filters = active_at.isoformat() if active_at else ""
        page = page_request(request, "ListPromotions", filters)
        found = self.promotions.list_promotions(
            after=page.after, limit=page.limit, active_at=active_at
        )
        return pb.ListPromotionsResponse(
            promotions=[convert.promotion_to_proto(p) for p in found[: page.size]],
            next_page_token=page.next_token([p.promotion_id for p in found]),
        )

    def _loyalty_offer(
        self, customer_id: str | None, points: int
    ) -> tuple[LoyaltyOffer | None, int]:
        if points == 0:
            return None, 0
        if points < 0:
            raise InvalidRequest("redeem_points must not be negative")
        if customer_id is None:
            raise InvalidRequest("redeem_points needs customer_id")
        if self.loyalty is None:
            raise InvalidRequest("redeem_points: loyalty points are not available on this server")
        balance = self.loyalty.points_balance(customer_id)
        return LoyaltyOffer(min(points, balance), self.loyalty.cents_per_point), balance


def _now() -> datetime:
    return datetime.now(UTC)
