"""The exception tree of customer accounts and loyalty points (drawn in the package
docstring)."""

from __future__ import annotations


class CustomerError(Exception):
    """Base of every error raised by `omniroute.customers`."""


class InvalidCustomerInput(CustomerError):
    """A customer, purchase or points request is malformed (the message names the field);
    nothing was changed."""

    reason = "FIELD_INVALID"


class UnknownCustomer(CustomerError):
    """No customer has this id; `ids` name it (``customer_id="c-1"``)."""

    reason = "CUSTOMER_NOT_FOUND"

    def __init__(self, message: str, **ids: str) -> None:
        super().__init__(message)
        self.ids = ids


class UnknownPurchase(CustomerError):
    """No purchase has this id (or no purchase was recorded for this order); `ids` name
    it (``purchase_id=...`` or ``order_id=...``)."""

    reason = "PURCHASE_NOT_FOUND"

    def __init__(self, message: str, **ids: str) -> None:
        super().__init__(message)
        self.ids = ids


class EmailTaken(CustomerError):
    """The email address belongs to another customer."""

    reason = "EMAIL_TAKEN"


class PurchaseConflict(CustomerError):
    """A receipt or order was recorded before with different lines or customer."""

    reason = "PURCHASE_CONFLICT"


class LoyaltyConflict(CustomerError):
    """A points reference (shipment, order, return) was booked before with other figures."""

    reason = "LOYALTY_CONFLICT"


class InsufficientPoints(CustomerError):
    """The customer has fewer points than asked for (or fewer redeemed points to give back);
    nothing was changed."""

    reason = "POINTS_INSUFFICIENT"

    def __init__(self, message: str, *, balance: int = 0, requested: int = 0) -> None:
        super().__init__(message)
        self.balance = balance
        self.requested = requested
