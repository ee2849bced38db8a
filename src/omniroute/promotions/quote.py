"""The result of pricing a basket: per-line shares in cents, promotions applied, codes
refused with their reason, and the loyalty redemption."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Refusal(enum.StrEnum):
    """Why a coupon code does not apply; the value is the sentence shown to customers."""

    UNKNOWN = "unknown coupon code"
    NOT_YET_VALID = "the coupon is not valid yet"
    EXPIRED = "the coupon has expired"
    PROMOTION_NOT_RUNNING = "the promotion is not running at this time"
    NEEDS_CUSTOMER = "the coupon is personal: the customer must be known"
    OTHER_CUSTOMER = "the coupon is bound to another customer"
    USED_UP = "the coupon has already been used"
    NOT_NEEDED = "the promotion applies without a coupon"
    SAME_PROMOTION = "another coupon for the same promotion is already applied"
    NO_QUALIFYING_LINES = "no line of the basket qualifies"
    MIN_SPEND_NOT_REACHED = "minimum spend on the qualifying lines not reached"
    MIN_BASKET_NOT_REACHED = "minimum basket value not reached"
    NO_DISCOUNT_LEFT = "earlier discounts leave nothing to discount"
    NOT_COMBINABLE = "it does not combine with a better promotion that applies"


@dataclass(frozen=True)
class LineShare:
    """One promotion's share of the discount on one line."""

    promotion_id: str
    coupon_code: str | None
    amount_cents: int


@dataclass(frozen=True)
class QuotedLine:
    """A priced line: gross, the promotion shares, the loyalty share, and what is paid."""

    line_id: str
    sku_id: str
    quantity: int
    unit_price_cents: int
    category: str
    shares: tuple[LineShare, ...] = ()
    loyalty_cents: int = 0

    @property
    def gross_cents(self) -> int:
        return self.quantity * self.unit_price_cents

    @property
    def discount_cents(self) -> int:
        """Promotion discounts on the line (loyalty not included)."""
        return sum(share.amount_cents for share in self.shares)

    @property
    def net_cents(self) -> int:
        """What the customer pays for the line: gross - discounts - loyalty."""
        return self.gross_cents - self.discount_cents - self.loyalty_cents


@dataclass(frozen=True)
class AppliedPromotion:
    """A promotion that applies, with the coupon that unlocked it and its total discount."""

    promotion_id: str
    name: str
    coupon_code: str | None
    discount_cents: int


@dataclass(frozen=True)
class RefusedCoupon:
    """A code that does not apply, and why."""

    code: str
    reason: Refusal


@dataclass(frozen=True)
class LoyaltyUse:
    """Points redeemed on the basket and their value."""

    points: int
    amount_cents: int


@dataclass(frozen=True)
class Quote:
    """A priced basket. `redeem` consumes exactly the coupons in `applied`."""

    priced_at: datetime
    customer_id: str | None
    lines: tuple[QuotedLine, ...]
    applied: tuple[AppliedPromotion, ...] = ()
    refused: tuple[RefusedCoupon, ...] = ()
    loyalty: LoyaltyUse | None = None

    @property
    def subtotal_cents(self) -> int:
        return sum(line.gross_cents for line in self.lines)

    @property
    def discount_cents(self) -> int:
        return sum(line.discount_cents for line in self.lines)

    @property
    def loyalty_cents(self) -> int:
        return sum(line.loyalty_cents for line in self.lines)

    @property
    def total_cents(self) -> int:
        """What the customer pays."""
        return sum(line.net_cents for line in self.lines)

    @property
    def coupon_codes(self) -> tuple[str, ...]:
        """The codes that apply (and that `redeem` consumes)."""
        return tuple(p.coupon_code for p in self.applied if p.coupon_code is not None)

    def line(self, line_id: str) -> QuotedLine:
        """The quoted line with this id."""
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise KeyError(line_id)
