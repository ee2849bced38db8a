"""No order is committed after its caller's deadline.

A RouteOrder call carries `RouteOrder.deadline`, a `time.monotonic()` instant: the caller's
deadline less a safety margin (`services.deadlines.write_deadline`). The check is the last
step inside the write transaction, right before its commit, so an order found late is
rolled back with everything it wrote and its caller gets `DEADLINE_EXCEEDED`; an order
committed in time is answered as written, even if the reply then reaches the caller late.
The margin covers that last stretch: the commit, the reply's way back and the caller's own
clock, which runs a little ahead of the server's. `RejectShipment` re-routes and reserves
too, and is held to its caller's deadline the same way (`require_before`).
"""

from __future__ import annotations

import time

from omniroute.errors import DeadlineExceeded
from omniroute.orders.commands import RouteOrder


def is_late(command: RouteOrder) -> bool:
    """Whether `command`'s deadline has passed (never, without one)."""
    return command.deadline is not None and time.monotonic() >= command.deadline


def require_in_time(command: RouteOrder) -> None:
    """Raise `DeadlineExceeded` when `command`'s deadline has passed: called inside its write
    transaction, the raise rolls the order back."""
    if is_late(command):
        raise DeadlineExceeded(
            f"the deadline of order {command.order_id!r} passed before its reservation was"
            " committed; nothing was reserved"
        )


def require_before(deadline: float | None, what: str) -> None:
    """Raise `DeadlineExceeded` when `deadline` (a `time.monotonic()` instant) has passed;
    the last step of another write (`RejectShipment`), so that `what` is rolled back."""
    if deadline is not None and time.monotonic() >= deadline:
        raise DeadlineExceeded(
            f"the deadline passed before {what} was committed; nothing was changed"
        )
