"""The exception tree of promotions and coupons (drawn in the package docstring)."""

from __future__ import annotations


class PromotionError(Exception):
    """Base of every error raised by `omniroute.promotions`."""


class InvalidPromotionInput(PromotionError):
    """A promotion, coupon or basket is malformed (the message names the field); nothing
    was changed."""

    reason = "FIELD_INVALID"


class UnknownPromotion(PromotionError):
    """No promotion has this id; `ids` name it (``promotion_id=...``)."""

    reason = "PROMOTION_NOT_FOUND"

    def __init__(self, message: str, **ids: str) -> None:
        super().__init__(message)
        self.ids = ids


class UnknownCoupon(PromotionError):
    """No coupon has this code; `ids` name it (``coupon_code=...``)."""

    reason = "COUPON_NOT_FOUND"

    def __init__(self, message: str, **ids: str) -> None:
        super().__init__(message)
        self.ids = ids


class CouponCodeTaken(PromotionError):
    """The coupon code is already used by another coupon."""

    reason = "COUPON_CODE_TAKEN"


class CouponConflict(PromotionError):
    """An idempotency key was reused to issue a different coupon."""

    reason = "COUPON_CONFLICT"


class CouponUnavailable(PromotionError):
    """A quoted coupon could not be redeemed any more (used up, expired, withdrawn since the
    quote); the caller's transaction must roll back. `code` names the coupon."""

    reason = "COUPON_UNAVAILABLE"

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code
