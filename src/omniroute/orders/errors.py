"""The exception tree of the orders workflow (drawn in the package docstring)."""


class OrderError(Exception):
    """Base of every error raised by `omniroute.orders`."""


class UnknownOrder(OrderError):
    """No order has this id."""


class OrderConflict(OrderError):
    """An order id or idempotency key was reused for a different request."""


class OrderStateError(OrderError):
    """The order's state forbids this step."""
