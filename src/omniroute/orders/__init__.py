"""Orders: route an order on the live stock model, reserve its plan, and follow it through.

Exception tree (every error this package raises; stock errors come from `inventory`)::

    OrderError
    ├── UnknownOrder          no order has this id
    ├── UnknownShipment       the order has no shipment with this id (an inventory NotFound)
    ├── OrderConflict         an order id or idempotency key reused for another request
    ├── OrderStateError       a step that the order's state forbids (ship a cancelled order)
    └── LookaheadOff          opportunity prices asked of a server that computes none
"""

from omniroute.orders.errors import (
    LookaheadOff,
    OrderConflict,
    OrderError,
    OrderStateError,
    UnknownOrder,
    UnknownShipment,
)

__all__ = [
    "LookaheadOff",
    "OrderConflict",
    "OrderError",
    "OrderStateError",
    "UnknownOrder",
    "UnknownShipment",
]
