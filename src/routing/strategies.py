"""One interface, many strategies: `route(...)` and the registry of strategy names."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from routing.baselines import highest_stock_plan, nearest_plan, priority_plan
from routing.errors import UnknownStrategy
from routing.greedy import greedy_cost_plan
from routing.instance import Instance, IntArray
from routing.lower_bound import lower_bounds, prune
from routing.optimal import solve_exact
from routing.pricing import total_cost


@dataclass(frozen=True)
class Solution:
    """A strategy's answer on an instance: an assignment (or None) and its proof status."""

    x: IntArray | None
    proven_optimal: bool = False
    lower_bound: int | None = None


Strategy = Callable[[Instance, float], Solution]


def _baseline(fill: Callable[[Instance], IntArray | None]) -> Strategy:
    def strategy(inst: Instance, deadline: float) -> Solution:
        return Solution(fill(inst))

    strategy.__doc__ = fill.__doc__
    return strategy


def optimal(inst: Instance, deadline: float) -> Solution:
    """Greedy incumbent, lower bound, safe pruning, then CP-SAT if still needed."""
    incumbent = greedy_cost_plan(inst)
    bounds = lower_bounds(inst)
    upper = total_cost(inst, incumbent) if incumbent is not None else np.iinfo(np.int64).max
    if incumbent is not None and bounds.global_bound >= upper:
        return Solution(incumbent, True, int(upper))
    own = [] if incumbent is None else [int(k) for k in np.flatnonzero(incumbent.sum(axis=1))]
    rows = prune(bounds, int(upper), own)
    left = deadline - time.perf_counter()
    if left <= 0:
        return Solution(incumbent, False, bounds.global_bound)
    # Building the model costs ~40 us per (location, line) cell and is not covered by the
    # solver's time limit: past what the deadline allows, keep the most promising rows
    # only, which is a heuristic — the answer is then not claimed optimal.
    affordable = max(int(left * 0.5 / (40e-6 * inst.qty.size)), len(own))
    complete = len(rows) <= affordable
    if not complete:
        by_bound = sorted(rows, key=lambda k: int(bounds.with_location[k]))
        rows = sorted(set(own).union(by_bound[: affordable - len(own)]))
        left = deadline - time.perf_counter()
    exact = solve_exact(inst, rows, incumbent, left)
    if exact.x is None and not complete:
        return Solution(incumbent, False, bounds.global_bound)
    if exact.x is None:
        # CP-SAT proved that no plan satisfies the constraints.
        return Solution(None, exact.proven_optimal)
    if exact.proven_optimal and complete:
        return Solution(exact.x, True, total_cost(inst, exact.x))
    return Solution(exact.x, False, max(bounds.global_bound, exact.bound))


STRATEGIES: dict[str, Strategy] = {
    "optimal": optimal,
    "greedy_cost": _baseline(greedy_cost_plan),
    "priority": _baseline(priority_plan),
    "nearest": _baseline(nearest_plan),
    "highest_stock": _baseline(highest_stock_plan),
}


def get_strategy(name: str) -> Strategy:
    """The strategy registered under `name`; raises `UnknownStrategy` otherwise."""
    try:
        return STRATEGIES[name]
    except KeyError:
        known = ", ".join(sorted(STRATEGIES))
        raise UnknownStrategy(f"unknown strategy {name!r} (known: {known})") from None
