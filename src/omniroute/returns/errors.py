"""Errors of the returns workflow (the tree is in the package docstring)."""

from __future__ import annotations

from inventory.errors import InvalidInput, NotFound


class ReturnError(Exception):
    """Base of the returns workflow's errors."""


class UnknownReturn(ReturnError, NotFound):
    """No return has this id."""

    reason = "RETURN_NOT_FOUND"


class ReturnExceedsPurchase(ReturnError, InvalidInput):
    """A line asks to return more units than were bought (or a line that was not bought)."""

    reason = "RETURN_EXCEEDS_PURCHASE"


class ReturnStateError(ReturnError):
    """The step does not follow from the return's (or the order's) current state:
    units already returned, a refund before receipt, a step out of order."""

    reason = "RETURN_STATE_INVALID"


class ReturnConflict(ReturnError):
    """The idempotency key was used before for a different return."""

    reason = "RETURN_CONFLICT"
