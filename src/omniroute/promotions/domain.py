"""Promotions and coupons: plain, validated value objects (no framework imports).

A promotion says what is discounted (kind and amount), on which lines (category and/or
SKUs), from which spend on (thresholds), when (validity window) and how it combines with
others (stacking and priority). A coupon is a code that unlocks a promotion that
`requires_coupon`; it may be single- or multi-use and bound to one customer.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from omniroute.promotions.errors import InvalidPromotionInput

MAX_BASIS_POINTS = 10_000
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,63}$")


class DiscountKind(enum.StrEnum):
    """How a promotion discounts its qualifying lines."""

    PERCENT = "percent"
    FIXED_AMOUNT = "fixed_amount"


class Stacking(enum.StrEnum):
    """How a promotion combines with others (see `engine` for the full rule)."""

    EXCLUSIVE = "exclusive"
    STACKABLE = "stackable"


class CouponUsage(enum.StrEnum):
    """How often a coupon may be redeemed."""

    SINGLE_USE = "single_use"
    MULTI_USE = "multi_use"


@dataclass(frozen=True)
class Promotion:
    """A discount rule. Thresholds are on list value (before any discount)."""

    promotion_id: str
    name: str
    kind: DiscountKind
    #: For PERCENT: 1 to 10000 (1500 = 15 %).
    percent_basis_points: int = 0
    #: For FIXED_AMOUNT: cents off the qualifying lines together.
    amount_off_cents: int = 0
    #: Only lines of this SKU category qualify; "" means any category.
    category: str = ""
    #: Only lines of these SKUs qualify; empty means any SKU. With a category, a line must
    #: match both.
    sku_ids: frozenset[str] = frozenset()
    #: The qualifying lines together must be worth at least this much (list value).
    min_spend_cents: int = 0
    #: The whole basket must be worth at least this much (list value).
    min_basket_cents: int = 0
    #: Inclusive start; None means already valid.
    valid_from: datetime | None = None
    #: Exclusive end; None means no end.
    valid_until: datetime | None = None
    stacking: Stacking = Stacking.STACKABLE
    #: Order of application among stackable promotions: lower first.
    priority: int = 0
    #: True: applies only with a coupon issued for it; False: applies automatically.
    requires_coupon: bool = False

    def __post_init__(self) -> None:
        _require_id(self.promotion_id, "promotion_id")
        if not self.name.strip():
            raise InvalidPromotionInput("name must not be empty")
        if self.kind is DiscountKind.PERCENT:
            if not 1 <= self.percent_basis_points <= MAX_BASIS_POINTS:
                raise InvalidPromotionInput(
                    "percent_basis_points must be between 1 and 10000 for a percent discount,"
                    f" got {self.percent_basis_points}"
                )
            if self.amount_off_cents:
                raise InvalidPromotionInput("amount_off_cents must be 0 for a percent discount")
        else:
            if self.amount_off_cents <= 0:
                raise InvalidPromotionInput(
                    "amount_off_cents must be positive for a fixed-amount discount,"
                    f" got {self.amount_off_cents}"
                )
            if self.percent_basis_points:
                raise InvalidPromotionInput(
                    "percent_basis_points must be 0 for a fixed-amount discount"
                )
        for name in ("min_spend_cents", "min_basket_cents"):
            if getattr(self, name) < 0:
                raise InvalidPromotionInput(f"{name} must not be negative")
        for sku in self.sku_ids:
            _require_id(sku, "sku_ids")
        require_window(self.valid_from, self.valid_until)

    def matches(self, sku_id: str, category: str) -> bool:
        """Whether a line of `sku_id` in `category` qualifies."""
        return (not self.category or self.category == category) and (
            not self.sku_ids or sku_id in self.sku_ids
        )

    def valid_at(self, at: datetime) -> bool:
        """Whether `at` is inside the validity window."""
        return in_window(at, self.valid_from, self.valid_until)


@dataclass(frozen=True)
class Coupon:
    """A code unlocking a promotion. `max_redemptions` 0 means unlimited (multi-use only)."""

    code: str
    promotion_id: str
    usage: CouponUsage
    issued_at: datetime
    max_redemptions: int = 1
    redemption_count: int = 0
    #: Only this customer may redeem it; None means anyone.
    customer_id: str | None = None
    #: Narrows the promotion's window; None means the promotion's.
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    def valid_at(self, at: datetime) -> bool:
        """Whether `at` is inside the coupon's own window."""
        return in_window(at, self.valid_from, self.valid_until)

    @property
    def used_up(self) -> bool:
        """Whether no redemption is left."""
        return self.max_redemptions > 0 and self.redemption_count >= self.max_redemptions


@dataclass(frozen=True)
class IssueCoupon:
    """Issue a coupon for a promotion; the same `idempotency_key` returns the same coupon."""

    idempotency_key: str
    promotion_id: str
    usage: CouponUsage
    #: The code; generated when empty.
    code: str = ""
    max_redemptions: int = 0
    customer_id: str | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    issued_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        if not self.idempotency_key.strip() or len(self.idempotency_key) > 200:
            raise InvalidPromotionInput("idempotency_key must be 1 to 200 characters")
        _require_id(self.promotion_id, "promotion_id")
        if self.code:
            object.__setattr__(self, "code", normalize_code(self.code))
        if self.customer_id is not None:
            _require_id(self.customer_id, "customer_id")
        if self.max_redemptions < 0:
            raise InvalidPromotionInput("max_redemptions must not be negative")
        if self.usage is CouponUsage.SINGLE_USE and self.max_redemptions not in (0, 1):
            raise InvalidPromotionInput("max_redemptions must be 0 or 1 for a single-use coupon")
        require_window(self.valid_from, self.valid_until)
        _require_utc(self.issued_at, "issued_at")

    @property
    def redemption_limit(self) -> int:
        """The stored limit: 1 for single use, else `max_redemptions` (0 = unlimited)."""
        return 1 if self.usage is CouponUsage.SINGLE_USE else self.max_redemptions

    def coupon(self, code: str) -> Coupon:
        """The coupon this command creates, under `code`."""
        return Coupon(
            code=code,
            promotion_id=self.promotion_id,
            usage=self.usage,
            issued_at=self.issued_at,
            max_redemptions=self.redemption_limit,
            customer_id=self.customer_id,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )


def normalize_code(code: str) -> str:
    """A coupon code as stored: stripped and upper case; 3-64 of A-Z, 0-9, '-' and '_'."""
    normal = code.strip().upper()
    if not _CODE.match(normal):
        raise InvalidPromotionInput(
            f"code {code!r} must be 3 to 64 letters, digits, '-' or '_' (starting with a"
            " letter or digit)"
        )
    return normal


def in_window(at: datetime, start: datetime | None, end: datetime | None) -> bool:
    """Whether `start <= at < end` (a missing bound is open)."""
    return (start is None or start <= at) and (end is None or at < end)


def require_window(start: datetime | None, end: datetime | None) -> None:
    """Both bounds timezone-aware and the window not empty, else `InvalidPromotionInput`."""
    if start is not None:
        _require_utc(start, "valid_from")
    if end is not None:
        _require_utc(end, "valid_until")
    if start is not None and end is not None and end <= start:
        raise InvalidPromotionInput("valid_until must be after valid_from")


def _require_utc(moment: datetime, what: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidPromotionInput(f"{what} must be timezone-aware")


def _require_id(value: str, what: str) -> None:
    if not value.strip() or len(value) > 64:
        raise InvalidPromotionInput(f"{what} must be 1 to 64 characters, got {value!r}")
