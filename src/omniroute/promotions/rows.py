"""Rows of the promotion tables <-> domain objects."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from omniroute.promotions.domain import (
    Coupon,
    CouponUsage,
    DiscountKind,
    IssueCoupon,
    Promotion,
    Stacking,
)
from omniroute.promotions.port import Redemption


def promotion_row(promotion: Promotion, now: datetime) -> dict[str, Any]:
    """The `promotions` row of a promotion."""
    return {
        "id": promotion.promotion_id,
        "name": promotion.name,
        "kind": promotion.kind.value,
        "percent_basis_points": promotion.percent_basis_points,
        "amount_off_cents": promotion.amount_off_cents,
        "category": promotion.category,
        "sku_ids": json.dumps(sorted(promotion.sku_ids)),
        "min_spend_cents": promotion.min_spend_cents,
        "min_basket_cents": promotion.min_basket_cents,
        "valid_from": promotion.valid_from,
        "valid_until": promotion.valid_until,
        "stacking": promotion.stacking.value,
        "priority": promotion.priority,
        "requires_coupon": promotion.requires_coupon,
        "updated_at": now,
    }


def promotion_from_row(row: Any) -> Promotion:
    """The promotion of a `promotions` row."""
    return Promotion(
        promotion_id=row.id,
        name=row.name,
        kind=DiscountKind(row.kind),
        percent_basis_points=row.percent_basis_points,
        amount_off_cents=row.amount_off_cents,
        category=row.category,
        sku_ids=frozenset(json.loads(row.sku_ids)),
        min_spend_cents=row.min_spend_cents,
        min_basket_cents=row.min_basket_cents,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        stacking=Stacking(row.stacking),
        priority=row.priority,
        requires_coupon=bool(row.requires_coupon),
    )


def coupon_row(command: IssueCoupon, code: str, request_hash: str) -> dict[str, Any]:
    """The `coupons` row a command creates."""
    return {
        "code": code,
        "promotion_id": command.promotion_id,
        "idempotency_key": command.idempotency_key,
        "request_hash": request_hash,
        "usage": command.usage.value,
        "max_redemptions": command.redemption_limit,
        "redemption_count": 0,
        "customer_id": command.customer_id,
        "valid_from": command.valid_from,
        "valid_until": command.valid_until,
        "issued_at": command.issued_at,
    }


def coupon_from_row(row: Any) -> Coupon:
    """The coupon of a `coupons` row."""
    return Coupon(
        code=row.code,
        promotion_id=row.promotion_id,
        usage=CouponUsage(row.usage),
        issued_at=row.issued_at,
        max_redemptions=row.max_redemptions,
        redemption_count=row.redemption_count,
        customer_id=row.customer_id,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
    )


def redemption_from_row(row: Any) -> Redemption:
    """The redemption of a `coupon_redemptions` row."""
    return Redemption(
        code=row.code,
        promotion_id=row.promotion_id,
        order_id=row.order_id,
        customer_id=row.customer_id,
        redeemed_at=row.redeemed_at,
        released_at=row.released_at,
    )
