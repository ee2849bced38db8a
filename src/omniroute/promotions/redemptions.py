"""Redeeming coupons with an order, and giving them back, inside the caller's transaction.

A redemption is one conditional update of the coupon's counter (``... WHERE
redemption_count < max_redemptions AND <still valid for this customer now>``) plus a row in
`coupon_redemptions`, unique per (coupon, order). Two orders racing for the last use of a
coupon: on PostgreSQL the second update waits for the first and re-checks the condition; on
SQLite writers are serialised (``BEGIN IMMEDIATE``). Either way exactly one wins; the loser
gets `CouponUnavailable` and its whole transaction (stock reservation included) rolls back.
Coupons are taken in code order, a fixed lock order.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection, insert, or_, select, update

from omniroute.promotions import schema
from omniroute.promotions.engine import coupon_refusal
from omniroute.promotions.errors import CouponUnavailable
from omniroute.promotions.port import Redemption
from omniroute.promotions.quote import Quote, Refusal
from omniroute.promotions.rows import coupon_from_row, promotion_from_row, redemption_from_row

C = schema.coupons.c
R = schema.coupon_redemptions.c


def redeem(conn: Connection, quote: Quote, order_id: str, at: datetime) -> tuple[Redemption, ...]:
    """Consume the quote's coupons for `order_id`; idempotent per (coupon, order)."""
    existing = {r.code: r for r in order_redemptions(conn, order_id)}
    promotion_of = {p.coupon_code: p.promotion_id for p in quote.applied if p.coupon_code}
    for code in sorted(promotion_of):
        earlier = existing.get(code)
        if earlier is not None and earlier.released_at is None:
            continue
        _take_one_use(conn, code, quote.customer_id, at)
        if earlier is None:
            conn.execute(
                insert(schema.coupon_redemptions).values(
                    code=code,
                    promotion_id=promotion_of[code],
                    order_id=order_id,
                    customer_id=quote.customer_id,
                    redeemed_at=at,
                    released_at=None,
                )
            )
        else:
            conn.execute(
                update(schema.coupon_redemptions)
                .where(R.code == code, R.order_id == order_id)
                .values(redeemed_at=at, released_at=None)
            )
    return tuple(r for r in order_redemptions(conn, order_id) if r.code in promotion_of)


def release(conn: Connection, order_id: str, at: datetime) -> tuple[Redemption, ...]:
    """Give back the order's unreleased redemptions; returns those this call released."""
    released = []
    for redemption in sorted(order_redemptions(conn, order_id), key=lambda r: r.code):
        if redemption.released_at is not None:
            continue
        marked = conn.execute(
            update(schema.coupon_redemptions)
            .where(R.code == redemption.code, R.order_id == order_id, R.released_at.is_(None))
            .values(released_at=at)
        )
        if marked.rowcount == 1:
            conn.execute(
                update(schema.coupons)
                .where(C.code == redemption.code, C.redemption_count > 0)
                .values(redemption_count=C.redemption_count - 1)
            )
            released.append(replace(redemption, released_at=at))
    return tuple(released)


def order_redemptions(conn: Connection, order_id: str) -> list[Redemption]:
    """The order's redemptions, released ones included, by code."""
    rows = conn.execute(
        select(schema.coupon_redemptions).where(R.order_id == order_id).order_by(R.code)
    )
    return [redemption_from_row(row) for row in rows]


def _take_one_use(conn: Connection, code: str, customer_id: str | None, at: datetime) -> None:
    taken = conn.execute(
        update(schema.coupons)
        .where(
            C.code == code,
            or_(C.max_redemptions == 0, C.redemption_count < C.max_redemptions),
            or_(C.customer_id.is_(None), C.customer_id == customer_id),
            or_(C.valid_from.is_(None), C.valid_from <= at),
            or_(C.valid_until.is_(None), C.valid_until > at),
        )
        .values(redemption_count=C.redemption_count + 1)
    )
    if taken.rowcount != 1:
        raise CouponUnavailable(
            f"coupon {code} cannot be redeemed: {_why_not(conn, code, customer_id, at)}",
            code=code,
        )


def _why_not(conn: Connection, code: str, customer_id: str | None, at: datetime) -> str:
    row = conn.execute(select(schema.coupons).where(C.code == code)).one_or_none()
    if row is None:
        return Refusal.UNKNOWN.value
    coupon = coupon_from_row(row)
    promotion_row = conn.execute(
        select(schema.promotions).where(schema.promotions.c.id == coupon.promotion_id)
    ).one()
    reason = coupon_refusal(coupon, promotion_from_row(promotion_row), customer_id, at)
    return (reason or Refusal.USED_UP).value
