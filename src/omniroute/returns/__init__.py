"""Returns: where a returned unit goes, what it refunds, and the return's lifecycle.

A return refers to an order's lines. `ReturnDesk` quotes it (destination and refund before
anything is committed), registers it, follows it (handed to carrier -> received, with
resellable units restocked through the stock ledger -> refunded) and reads it back. The
destination comes from `routing`'s return solver on the live stock (`destinations`); the
refund is the price actually paid for the units (`refund`).

Errors::

    ReturnError
     ├── UnknownReturn          (also inventory.NotFound)      NOT_FOUND
     ├── ReturnExceedsPurchase  (also inventory.InvalidInput)  INVALID_ARGUMENT
     ├── ReturnStateError       a step out of order, units already returned: FAILED_PRECONDITION
     └── ReturnConflict         an idempotency key reused for another return: ALREADY_EXISTS
"""

from omniroute.returns.errors import (
    ReturnConflict,
    ReturnError,
    ReturnExceedsPurchase,
    ReturnStateError,
    UnknownReturn,
)

__all__ = [
    "ReturnConflict",
    "ReturnError",
    "ReturnExceedsPurchase",
    "ReturnStateError",
    "UnknownReturn",
]
