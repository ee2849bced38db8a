"""The exception tree of the orders workflow (drawn in the package docstring)."""

from inventory.errors import NotFound


class OrderError(Exception):
    """Base of every error raised by `omniroute.orders`."""


class UnknownOrder(OrderError):
    """No order has this id; `ids` name it (``order_id="o-1"``)."""

    reason = "ORDER_NOT_FOUND"

    def __init__(self, message: str, **ids: str) -> None:
        super().__init__(message)
        self.ids = ids


class OrderConflict(OrderError):
    """An order id or idempotency key was reused for a different request."""

    reason = "ORDER_CONFLICT"


class OrderStateError(OrderError):
    """The order's state forbids this step."""

    reason = "ORDER_STATE_INVALID"


class UnknownShipment(OrderError, NotFound):
    """The order has no shipment with this id."""

    reason = "SHIPMENT_NOT_FOUND"


class LookaheadOff(OrderError):
    """The server computes no opportunity prices (started without --lookahead)."""

    reason = "LOOKAHEAD_OFF"
