"""The solver's time limit, and the order's write deadline, under the caller's deadline.

The optimiser gets what is left of the call minus a margin for what follows it (the
reservation transaction and the reply), never more than the configured limit. A call near
its deadline still gets a plan: the best found in time, not proven optimal. The reservation
is not committed after the caller's deadline less `COMMIT_MARGIN_S` (`write_deadline`).
"""

from __future__ import annotations

import time

import grpc

from omniroute.errors import DeadlineExceeded

#: Kept back for the reservation, the reply and the solver's overshoot of its limit (up to
#: ~20 ms on a busy machine): a fixed part plus a share of what is left.
MARGIN_S = 0.02
MARGIN_SHARE = 0.25
#: The least time the solver is given: a hard order needs milliseconds for a first plan.
MIN_SOLVE_S = 0.01
#: With less than this left the call is refused before any work: nothing could be reserved
#: and answered in time.
TOO_LATE_S = 0.005
#: An order is not committed later than this before the caller's deadline: what follows the
#: last check (the commit, the reply, the caller's clock running ahead of the server's) must
#: fit in it, or the caller sees DEADLINE_EXCEEDED for an order that was reserved. 10 ms
#: left one such order in ~400 calls on a busy 2-core machine (workers wait for the GIL).
COMMIT_MARGIN_S = 0.02


def solver_time_limit(context: grpc.ServicerContext, configured_s: float) -> float:
    """`min(configured, time remaining - margin)`, at least `MIN_SOLVE_S`; raises
    `DeadlineExceeded` when the call is all but over."""
    remaining = context.time_remaining()
    if remaining is None:
        return configured_s
    if remaining < TOO_LATE_S:
        raise DeadlineExceeded("too little of the call's deadline is left to route the order")
    budget = remaining * (1 - MARGIN_SHARE) - MARGIN_S
    return max(MIN_SOLVE_S, min(configured_s, budget))


def write_deadline(context: grpc.ServicerContext) -> float | None:
    """The `time.monotonic()` instant after which the call's order must not be committed:
    the caller's deadline less `COMMIT_MARGIN_S`; None when the call has no deadline."""
    remaining = context.time_remaining()
    if remaining is None:
        return None
    return time.monotonic() + remaining - COMMIT_MARGIN_S
