"""The exception tree of the stock model (drawn in the package docstring)."""

from __future__ import annotations


class InventoryError(Exception):
    """Base of every error raised by `inventory`."""


class InvalidInput(InventoryError):
    """A request or a data row is malformed; nothing was changed."""

    reason = "FIELD_INVALID"


class DuplicateId(InvalidInput):
    """The same id appears twice where ids must be unique."""

    reason = "ID_DUPLICATE"


class NotFound(InventoryError):
    """A referenced entity does not exist; `ids` name it (``sku_id="X"``)."""

    reason = "ENTITY_NOT_FOUND"

    def __init__(self, message: str, **ids: str) -> None:
        super().__init__(message)
        self.ids = ids


class UnknownLocation(NotFound):
    """No location has this id."""

    reason = "LOCATION_NOT_FOUND"


class UnknownSku(NotFound):
    """No SKU has this id."""

    reason = "SKU_NOT_FOUND"


class UnknownReservation(NotFound):
    """No reservation has this id."""

    reason = "RESERVATION_NOT_FOUND"


class InsufficientStock(InventoryError):
    """Not enough units are available to promise; nothing was changed."""

    reason = "STOCK_INSUFFICIENT"

    def __init__(self, message: str, *, location_id: str = "", sku_id: str = "") -> None:
        super().__init__(message)
        self.location_id = location_id
        self.sku_id = sku_id


class NoDispatchCapacity(InsufficientStock):
    """A location's dispatch capacity for the day is used up; nothing was changed."""

    reason = "DISPATCH_CAPACITY_EXHAUSTED"


class InvalidTransition(InventoryError):
    """A reservation or stock step was asked for out of order."""

    reason = "TRANSITION_INVALID"


class IdempotencyConflict(InventoryError):
    """An idempotency key was reused with a different request."""

    reason = "IDEMPOTENCY_KEY_REUSED"
