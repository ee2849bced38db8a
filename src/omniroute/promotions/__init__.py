"""Promotions and coupons: define discount rules, issue coupon codes, price baskets and
redeem coupons with orders.

- `domain`: `Promotion`, `Coupon`, `IssueCoupon` (validated value objects).
- `basket`: `BasketLine` (what the caller gives), `LineItem` (what the engine prices).
- `engine.price_basket`: the pure pricing rules (stacking, thresholds, apportionment).
- `quote`: the priced basket (`Quote`), with refused codes and their `Refusal`.
- `port`: `PromotionsPort` (what the service and the orders workflow call),
  `BirthdayCalendar` and `LoyaltyBalances` (what the customers package provides).
- `store.PromotionStore`: the port on the service's database; `fake.FakePromotions`:
  in memory, for tests.
- `birthday`: issue birthday coupons before customers' birthdays (idempotent per year).

Exception tree (every error this package raises)::

    PromotionError
    ├── InvalidPromotionInput   malformed promotion, coupon or basket (names the field)
    ├── UnknownPromotion        no promotion with this id
    ├── UnknownCoupon           no coupon with this code
    ├── CouponCodeTaken         the code belongs to another coupon
    ├── CouponConflict          an idempotency key reused for a different coupon
    └── CouponUnavailable       a quoted coupon can no longer be redeemed (roll back)

Refused coupon codes in a quote are not errors: they come back in `Quote.refused`.
"""

from omniroute.promotions.basket import BasketLine, LineItem, LoyaltyOffer
from omniroute.promotions.domain import (
    Coupon,
    CouponUsage,
    DiscountKind,
    IssueCoupon,
    Promotion,
    Stacking,
)
from omniroute.promotions.errors import (
    CouponCodeTaken,
    CouponConflict,
    CouponUnavailable,
    InvalidPromotionInput,
    PromotionError,
    UnknownCoupon,
    UnknownPromotion,
)
from omniroute.promotions.port import (
    BirthdayCalendar,
    BirthdayCustomer,
    LoyaltyBalances,
    PromotionsPort,
    Redemption,
)
from omniroute.promotions.quote import (
    AppliedPromotion,
    LineShare,
    LoyaltyUse,
    Quote,
    QuotedLine,
    Refusal,
    RefusedCoupon,
)

__all__ = [
    "AppliedPromotion",
    "BasketLine",
    "BirthdayCalendar",
    "BirthdayCustomer",
    "Coupon",
    "CouponCodeTaken",
    "CouponConflict",
    "CouponUnavailable",
    "CouponUsage",
    "DiscountKind",
    "InvalidPromotionInput",
    "IssueCoupon",
    "LineItem",
    "LineShare",
    "LoyaltyBalances",
    "LoyaltyOffer",
    "LoyaltyUse",
    "Promotion",
    "PromotionError",
    "PromotionsPort",
    "Quote",
    "QuotedLine",
    "Redemption",
    "RefusedCoupon",
    "Refusal",
    "Stacking",
    "UnknownCoupon",
    "UnknownPromotion",
]
