"""PromotionService messages <-> `omniroute.promotions` (promotions, coupons, quotes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omniroute.convert.common import optional_timestamp, to_timestamp
from omniroute.errors import InvalidRequest, MissingField
from omniroute.promotions import (
    BasketLine,
    Coupon,
    CouponUsage,
    DiscountKind,
    IssueCoupon,
    Promotion,
    Quote,
    Stacking,
)
from omniroute.v1 import promotion_service_pb2 as pb

KINDS: dict[Any, DiscountKind] = {
    pb.DISCOUNT_KIND_PERCENT: DiscountKind.PERCENT,
    pb.DISCOUNT_KIND_FIXED_AMOUNT: DiscountKind.FIXED_AMOUNT,
}
STACKINGS: dict[Any, Stacking] = {
    pb.STACKING_EXCLUSIVE: Stacking.EXCLUSIVE,
    pb.STACKING_STACKABLE: Stacking.STACKABLE,
}
USAGES: dict[Any, CouponUsage] = {
    pb.COUPON_USAGE_SINGLE_USE: CouponUsage.SINGLE_USE,
    pb.COUPON_USAGE_MULTI_USE: CouponUsage.MULTI_USE,
}


def promotion_from_proto(message: Any) -> Promotion:
    """A domain Promotion; unset enums are rejected naming the field."""
    return Promotion(
        promotion_id=message.promotion_id,
        name=message.name,
        kind=_enum(KINDS, message.kind, "promotion.kind"),
        percent_basis_points=message.percent_basis_points,
        amount_off_cents=message.amount_off_cents,
        category=message.category,
        sku_ids=frozenset(message.sku_ids),
        min_spend_cents=message.min_spend_cents,
        min_basket_cents=message.min_basket_cents,
        valid_from=optional_timestamp(message, "valid_from"),
        valid_until=optional_timestamp(message, "valid_until"),
        stacking=_enum(STACKINGS, message.stacking, "promotion.stacking"),
        priority=message.priority,
        requires_coupon=message.requires_coupon,
    )


def promotion_to_proto(promotion: Promotion) -> Any:
    """The proto Promotion."""
    message = pb.Promotion(
        promotion_id=promotion.promotion_id,
        name=promotion.name,
        kind=_back(KINDS, promotion.kind),
        percent_basis_points=promotion.percent_basis_points,
        amount_off_cents=promotion.amount_off_cents,
        category=promotion.category,
        sku_ids=sorted(promotion.sku_ids),
        min_spend_cents=promotion.min_spend_cents,
        min_basket_cents=promotion.min_basket_cents,
        stacking=_back(STACKINGS, promotion.stacking),
        priority=promotion.priority,
        requires_coupon=promotion.requires_coupon,
    )
    _set_window(message, promotion.valid_from, promotion.valid_until)
    return message


def issue_command(request: Any, now: datetime) -> IssueCoupon:
    """The IssueCoupon command of an IssueCouponRequest."""
    if not request.idempotency_key:
        raise MissingField("idempotency_key is required", field="idempotency_key")
    if not request.promotion_id:
        raise MissingField("promotion_id is required", field="promotion_id")
    return IssueCoupon(
        idempotency_key=request.idempotency_key,
        promotion_id=request.promotion_id,
        usage=_enum(USAGES, request.usage, "usage"),
        code=request.code,
        max_redemptions=request.max_redemptions,
        customer_id=request.customer_id or None,
        valid_from=optional_timestamp(request, "valid_from"),
        valid_until=optional_timestamp(request, "valid_until"),
        issued_at=now,
    )


def coupon_to_proto(coupon: Coupon) -> Any:
    """The proto Coupon."""
    message = pb.Coupon(
        code=coupon.code,
        promotion_id=coupon.promotion_id,
        usage=_back(USAGES, coupon.usage),
        max_redemptions=coupon.max_redemptions,
        redemption_count=coupon.redemption_count,
        customer_id=coupon.customer_id or "",
        issued_at=to_timestamp(coupon.issued_at),
    )
    _set_window(message, coupon.valid_from, coupon.valid_until)
    return message


def basket_lines(messages: Any) -> list[BasketLine]:
    """The basket's lines (at least one)."""
    if not messages:
        raise InvalidRequest("lines: a basket needs at least one line")
    return [
        BasketLine(
            line_id=m.line_id,
            sku_id=m.sku_id,
            quantity=m.quantity,
            unit_price_cents=m.unit_price_cents,
        )
        for m in messages
    ]


def quote_to_proto(quote: Quote, *, balance_after: int = 0, points_to_earn: int = 0) -> Any:
    """The QuoteBasketResponse of a quote."""
    response = pb.QuoteBasketResponse(
        lines=[
            pb.QuotedLine(
                line_id=line.line_id,
                sku_id=line.sku_id,
                quantity=line.quantity,
                unit_price_cents=line.unit_price_cents,
                gross_cents=line.gross_cents,
                discount_cents=line.discount_cents,
                loyalty_cents=line.loyalty_cents,
                net_cents=line.net_cents,
                category=line.category,
                discounts=[
                    pb.LineDiscount(
                        promotion_id=share.promotion_id,
                        coupon_code=share.coupon_code or "",
                        amount_cents=share.amount_cents,
                    )
                    for share in line.shares
                ],
            )
            for line in quote.lines
        ],
        applied_promotions=[
            pb.AppliedPromotion(
                promotion_id=a.promotion_id,
                name=a.name,
                coupon_code=a.coupon_code or "",
                discount_cents=a.discount_cents,
            )
            for a in quote.applied
        ],
        rejected_coupons=[
            pb.RejectedCoupon(code=r.code, reason=r.reason.value) for r in quote.refused
        ],
        subtotal_cents=quote.subtotal_cents,
        discount_cents=quote.discount_cents,
        loyalty_cents=quote.loyalty_cents,
        total_cents=quote.total_cents,
        points_to_earn=points_to_earn,
    )
    if quote.loyalty is not None:
        response.loyalty.CopyFrom(
            pb.LoyaltyRedemption(
                points=quote.loyalty.points,
                amount_cents=quote.loyalty.amount_cents,
                balance_after=balance_after,
            )
        )
    return response


def _set_window(message: Any, start: datetime | None, end: datetime | None) -> None:
    if start is not None:
        message.valid_from.CopyFrom(to_timestamp(start))
    if end is not None:
        message.valid_until.CopyFrom(to_timestamp(end))


def _enum(table: dict[Any, Any], value: int, where: str) -> Any:
    try:
        return table[value]
    except KeyError:
        raise InvalidRequest(f"{where}: value {value} is unset or unknown") from None


def _back(table: dict[Any, Any], value: Any) -> Any:
    return next(k for k, v in table.items() if v == value)
