"""The pricing engine: a basket, the promotions and the entered coupons in, a `Quote` out.

Pure: no database, no clock. The rules, in the order they are applied:

1. **Coupons.** Each entered code (any case; entered twice counts once) must exist, be
   inside its own window and its promotion's, be bound to nobody or to this customer, have
   a redemption left, and unlock a promotion that `requires_coupon`; one coupon per
   promotion. A code failing any of this is refused
   with its reason and the basket is priced without it.
2. **Candidates.** Every automatic promotion running at that instant, plus every promotion a
   valid coupon unlocked.
3. **Qualification.** A line qualifies when it matches the promotion's category and SKU list.
   Thresholds are checked on list value (before any discount), so that whether a promotion
   qualifies never depends on the order of application: the qualifying lines must reach
   `min_spend_cents` and the whole basket `min_basket_cents`.
4. **Stacking.** Stackable promotions apply together, in priority order (lower first, then by
   id); each one is computed on what the earlier ones left of each line. An exclusive
   promotion applies alone, on list prices. The basket gets the best single exclusive
   promotion if it gives strictly more than all stackable ones together, else the stackable
   ones; the promotions that lose are not applied (their coupons are refused and not
   consumed).
5. **Amounts.** A percent discount is the percentage of the qualifying lines' remaining
   value, rounded down to the cent; a fixed amount is capped at that value. Either is
   apportioned over the qualifying lines by their remaining value with
   `omniroute.money.apportion`, so no line is ever discounted below zero.
6. **Loyalty** comes last: whole points, capped by what is left to pay, apportioned over
   the lines by what is left of each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from omniroute.money import apportion
from omniroute.promotions.basket import LineItem, LoyaltyOffer
from omniroute.promotions.domain import (
    MAX_BASIS_POINTS,
    Coupon,
    DiscountKind,
    Promotion,
    Stacking,
    normalize_code,
)
from omniroute.promotions.errors import InvalidPromotionInput
from omniroute.promotions.quote import (
    AppliedPromotion,
    LineShare,
    LoyaltyUse,
    Quote,
    QuotedLine,
    Refusal,
    RefusedCoupon,
)


@dataclass(frozen=True)
class _Applied:
    promotion: Promotion
    shares: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.shares.values())


def price_basket(
    items: Sequence[LineItem],
    promotions: Iterable[Promotion],
    coupons: Mapping[str, Coupon],
    *,
    at: datetime,
    entered_codes: Sequence[str] = (),
    customer_id: str | None = None,
    loyalty: LoyaltyOffer | None = None,
) -> Quote:
    """Price `items` at `at`. `promotions` must hold every automatic promotion and the
    promotions of the entered coupons; `coupons` the entered codes' coupons by code (an
    entered code missing from it is unknown)."""
    by_id = {p.promotion_id: p for p in promotions}
    refused: dict[str, Refusal] = {}
    unlocked = _unlock(entered_codes, by_id, coupons, customer_id, at, refused)
    code_of = {pid: code for code, pid in unlocked.items()}
    candidates = [p for p in by_id.values() if not p.requires_coupon and p.valid_at(at)]
    candidates += [by_id[pid] for pid in code_of]
    qualifying: dict[str, list[int]] = {}
    for promotion in sorted(candidates, key=_order):
        reason = _qualification(promotion, items)
        if reason is None:
            qualifying[promotion.promotion_id] = [
                i for i, item in enumerate(items) if _matches(promotion, item)
            ]
        elif promotion.promotion_id in code_of:
            refused[code_of[promotion.promotion_id]] = reason
    chosen = _choose(items, [by_id[pid] for pid in qualifying], qualifying)
    applied_ids = {a.promotion.promotion_id for a in chosen}
    for pid in qualifying:
        if pid in code_of and pid not in applied_ids:
            refused[code_of[pid]] = Refusal.NOT_COMBINABLE
    lines = _quoted_lines(items, chosen, code_of)
    lines, used = _redeem_loyalty(lines, loyalty)
    return Quote(
        priced_at=at,
        customer_id=customer_id,
        lines=lines,
        applied=tuple(
            AppliedPromotion(
                a.promotion.promotion_id,
                a.promotion.name,
                code_of.get(a.promotion.promotion_id),
                a.total,
            )
            for a in chosen
        ),
        refused=tuple(RefusedCoupon(code, reason) for code, reason in refused.items()),
        loyalty=used,
    )


def coupon_refusal(
    coupon: Coupon | None, promotion: Promotion | None, customer_id: str | None, at: datetime
) -> Refusal | None:
    """Why `coupon` cannot be used by `customer_id` at `at`, or None when it can."""
    if coupon is None or promotion is None:
        return Refusal.UNKNOWN
    if not promotion.requires_coupon:
        return Refusal.NOT_NEEDED
    if coupon.valid_from is not None and at < coupon.valid_from:
        return Refusal.NOT_YET_VALID
    if coupon.valid_until is not None and at >= coupon.valid_until:
        return Refusal.EXPIRED
    if not promotion.valid_at(at):
        return Refusal.PROMOTION_NOT_RUNNING
    if coupon.customer_id is not None and customer_id is None:
        return Refusal.NEEDS_CUSTOMER
    if coupon.customer_id is not None and coupon.customer_id != customer_id:
        return Refusal.OTHER_CUSTOMER
    if coupon.used_up:
        return Refusal.USED_UP
    return None


def _unlock(
    entered: Sequence[str],
    by_id: Mapping[str, Promotion],
    coupons: Mapping[str, Coupon],
    customer_id: str | None,
    at: datetime,
    refused: dict[str, Refusal],
) -> dict[str, str]:
    """Valid codes -> the promotion each unlocks; refusals go to `refused`."""
    unlocked: dict[str, str] = {}
    for raw in entered:
        try:
            code = normalize_code(raw)
        except InvalidPromotionInput:
            refused[raw] = Refusal.UNKNOWN
            continue
        if code in unlocked or code in refused:
            continue  # entered twice: one entry is enough
        coupon = coupons.get(code)
        promotion = by_id.get(coupon.promotion_id) if coupon else None
        reason = coupon_refusal(coupon, promotion, customer_id, at)
        if reason is None and coupon is not None and coupon.promotion_id in unlocked.values():
            reason = Refusal.SAME_PROMOTION
        if reason is not None:
            refused[code] = reason
        elif coupon is not None:
            unlocked[code] = coupon.promotion_id
    return unlocked


def _order(promotion: Promotion) -> tuple[int, str]:
    return (promotion.priority, promotion.promotion_id)


def _matches(promotion: Promotion, item: LineItem) -> bool:
    return item.gross_cents > 0 and promotion.matches(item.sku_id, item.category)


def _qualification(promotion: Promotion, items: Sequence[LineItem]) -> Refusal | None:
    spend = sum(item.gross_cents for item in items if _matches(promotion, item))
    if spend == 0:
        return Refusal.NO_QUALIFYING_LINES
    if spend < promotion.min_spend_cents:
        return Refusal.MIN_SPEND_NOT_REACHED
    if sum(item.gross_cents for item in items) < promotion.min_basket_cents:
        return Refusal.MIN_BASKET_NOT_REACHED
    return None


def _choose(
    items: Sequence[LineItem], promotions: list[Promotion], qualifying: dict[str, list[int]]
) -> list[_Applied]:
    """The stackable promotions together, or the best exclusive one if it gives more."""
    gross = [item.gross_cents for item in items]
    stack = _apply_in_order(
        [p for p in promotions if p.stacking is Stacking.STACKABLE], gross, qualifying
    )
    best = stack
    for promotion in promotions:
        if promotion.stacking is Stacking.EXCLUSIVE:
            alone = _apply_in_order([promotion], gross, qualifying)
            if sum(a.total for a in alone) > sum(a.total for a in best):
                best = alone
    return best


def _apply_in_order(
    promotions: list[Promotion], gross: list[int], qualifying: dict[str, list[int]]
) -> list[_Applied]:
    remaining = list(gross)
    applied = []
    for promotion in sorted(promotions, key=_order):
        lines = [i for i in qualifying[promotion.promotion_id] if remaining[i] > 0]
        base = sum(remaining[i] for i in lines)
        if promotion.kind is DiscountKind.PERCENT:
            amount = base * promotion.percent_basis_points // MAX_BASIS_POINTS
        else:
            amount = min(promotion.amount_off_cents, base)
        if amount == 0:
            continue
        shares = apportion(amount, [remaining[i] for i in lines])
        for i, share in zip(lines, shares, strict=True):
            remaining[i] -= share
        applied.append(_Applied(promotion, {i: s for i, s in zip(lines, shares, strict=True) if s}))
    return applied


def _quoted_lines(
    items: Sequence[LineItem], chosen: list[_Applied], code_of: Mapping[str, str]
) -> tuple[QuotedLine, ...]:
    return tuple(
        QuotedLine(
            line_id=item.line_id,
            sku_id=item.sku_id,
            quantity=item.quantity,
            unit_price_cents=item.unit_price_cents,
            category=item.category,
            shares=tuple(
                LineShare(
                    a.promotion.promotion_id,
                    code_of.get(a.promotion.promotion_id),
                    a.shares[i],
                )
                for a in chosen
                if i in a.shares
            ),
        )
        for i, item in enumerate(items)
    )


def _redeem_loyalty(
    lines: tuple[QuotedLine, ...], offer: LoyaltyOffer | None
) -> tuple[tuple[QuotedLine, ...], LoyaltyUse | None]:
    if offer is None or offer.points == 0:
        return lines, None
    left = [line.net_cents for line in lines]
    points = min(offer.points, sum(left) // offer.cents_per_point)
    amount = points * offer.cents_per_point
    shares = apportion(amount, left)
    lines = tuple(
        replace(line, loyalty_cents=share) for line, share in zip(lines, shares, strict=True)
    )
    return lines, LoyaltyUse(points, amount)
