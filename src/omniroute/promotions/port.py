"""The ports: what the service (and the orders workflow) calls, and what it needs from the
customers package. `omniroute.promotions.store.PromotionStore` is the built-in
implementation on the service's database; `omniroute.promotions.fake.FakePromotions` is an
in-memory one for tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from omniroute.promotions.basket import BasketLine, LoyaltyOffer
from omniroute.promotions.domain import Coupon, IssueCoupon, Promotion
from omniroute.promotions.quote import Quote


@dataclass(frozen=True)
class Redemption:
    """One coupon redeemed with one order; `released_at` is set when the order was cancelled
    and the redemption given back."""

    code: str
    promotion_id: str
    order_id: str
    customer_id: str | None
    redeemed_at: datetime
    released_at: datetime | None = None


class PromotionsPort(Protocol):
    """Promotions, coupons, basket pricing and coupon redemption."""

    def upsert_promotion(self, promotion: Promotion) -> bool:
        """Create or replace a promotion by id; True when it did not exist before."""
        ...

    def get_promotion(self, promotion_id: str) -> Promotion:
        """One promotion, or `UnknownPromotion`."""
        ...

    def list_promotions(
        self, *, after: str | None, limit: int, active_at: datetime | None = None
    ) -> list[Promotion]:
        """At most `limit` promotions, by id (byte-wise), after the id `after`; with
        `active_at`, only those whose validity window contains it."""
        ...

    def issue_coupon(self, command: IssueCoupon) -> Coupon:
        """Issue a coupon (idempotent by key). `UnknownPromotion`, `CouponCodeTaken`,
        `CouponConflict` (key reused for a different coupon)."""
        ...

    def get_coupon(self, code: str) -> Coupon:
        """One coupon by code (any case), or `UnknownCoupon`."""
        ...

    def quote(
        self,
        lines: Sequence[BasketLine],
        at: datetime,
        *,
        coupon_codes: Sequence[str] = (),
        customer_id: str | None = None,
        loyalty: LoyaltyOffer | None = None,
        conn: Any = None,
    ) -> Quote:
        """Price a basket at `at`; stores nothing. Categories and list prices come from the
        SKU catalog (unknown SKU: `inventory.UnknownSku`). Refused codes are in the quote,
        not raised. Pass `conn` to read inside the caller's transaction."""
        ...

    def redeem(
        self, conn: Any, quote: Quote, *, order_id: str, at: datetime
    ) -> tuple[Redemption, ...]:
        """Consume the quote's applied coupons for `order_id` inside the caller's
        transaction `conn` (a SQLAlchemy Connection; ignored by the fake). Raises
        `CouponUnavailable` when one cannot be redeemed any more; the caller must then roll
        back. Redeeming the same order again changes nothing and returns its redemptions."""
        ...

    def release(self, conn: Any, order_id: str, *, at: datetime) -> tuple[Redemption, ...]:
        """Give back the coupons redeemed by `order_id` (cancelled order), inside `conn`.
        Idempotent; returns the redemptions released by this call."""
        ...

    def redemptions(self, order_id: str) -> tuple[Redemption, ...]:
        """The coupons redeemed by `order_id`, released ones included."""
        ...


@dataclass(frozen=True)
class BirthdayCustomer:
    """A customer whose birthday falls in the asked range. `birthday` is the date of that
    birthday inside the range (year included), not the date of birth."""

    customer_id: str
    birthday: date
    marketing_consent: bool


class BirthdayCalendar(Protocol):
    """Implemented by the customers store: who has a birthday soon."""

    def customers_with_birthday_between(self, start: date, end: date) -> Iterable[BirthdayCustomer]:
        """Customers whose birthday falls between `start` and `end` inclusive (the range may
        span New Year; a 29 February birthday falls on 28 February in common years), each
        with that birthday's date. Customers with and without consent may be returned."""
        ...


class LoyaltyBalances(Protocol):
    """Implemented by the loyalty ledger: what QuoteBasket needs to price points."""

    #: What one point is worth when redeemed, in cents.
    cents_per_point: int

    def points_balance(self, customer_id: str) -> int:
        """Points the customer may redeem now (unknown customer: NotFound of its package)."""
        ...

    def points_for(self, paid_cents: int) -> int:
        """Points a purchase of `paid_cents` earns."""
        ...
