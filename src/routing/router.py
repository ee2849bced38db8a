"""`route`: the one entry point that validates a problem and runs a strategy on it."""

from __future__ import annotations

import time
from dataclasses import replace

from routing.click_collect import route_collect
from routing.cost_model import CostModel
from routing.instance import compile_instance
from routing.plan import Plan, ShipmentKind
from routing.problem import Candidates, Constraints, FulfilmentMode, Order
from routing.solving import solve_instance
from routing.strategies import get_strategy
from routing.validation import validate_candidates, validate_constraints, validate_order

DEFAULT_TIME_LIMIT_S = 1.0


def route(
    order: Order,
    candidates: Candidates,
    cost_model: CostModel | None = None,
    constraints: Constraints | None = None,
    *,
    strategy: str = "optimal",
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    explain: bool = True,
) -> Plan:
    """Plan where to fulfil `order` from `candidates`; never raises on infeasible orders.

    `explain=False` leaves out the runners-up (`Plan.runners_up` is empty) and, for click
    & collect, the nearby alternatives, which saves passes over the candidates when
    nobody reads them, e.g. in a scenario replay.

    Raises `InvalidProblem` on malformed input and `UnknownStrategy` on a bad name.
    """
    started = time.perf_counter()
    cost_model = cost_model or CostModel()
    constraints = constraints or Constraints()
    get_strategy(strategy)  # fail fast on an unknown name, before any work
    validate_order(order)
    validate_candidates(candidates, order)
    validate_constraints(constraints)
    deadline = started + time_limit_s
    if order.mode is FulfilmentMode.COLLECT:
        plan = route_collect(
            order, candidates, cost_model, constraints, strategy, deadline, explain=explain
        )
    else:
        inst = compile_instance(order, candidates, cost_model, constraints)
        plan = solve_instance(inst, strategy, deadline, ShipmentKind.SHIP, explain=explain)
    elapsed_ms = (time.perf_counter() - started) * 1000.0
    return replace(plan, solve_ms=round(elapsed_ms, 3))
