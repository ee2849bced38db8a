"""One interface, many strategies: `route(...)` and the registry of strategy names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from routing.baselines import highest_stock_plan, nearest_plan, priority_plan
from routing.errors import UnknownStrategy
from routing.exact_mip import solve_mip
from routing.greedy import greedy_cost_plan
from routing.instance import Instance, IntArray
from routing.lower_bound import bounds_three_or_more, lower_bounds, prune
from routing.optimal import solve_exact
from routing.order_shape import prefers_mip
from routing.pricing import total_cost
from routing.single_source import settle_single
from routing.two_shipments import search_pairs


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
    """Exact plan: bounds by number of shipments, safe pruning, CP-SAT only if needed.

    A plan cheaper than the incumbent ships from one location (bounded by `alone`), two
    (searched exactly among the rows L_2 keeps) or three or more (bounded by L_3). When
    all three fail to beat the incumbent it is optimal; otherwise CP-SAT searches only
    the rows some case still allows, and only the cases still open. Most orders never
    get that far: `settle_single` proves the best single location optimal first. Large
    orders whose optimum splits into many parcels (`order_shape.prefers_mip`) skip the
    bounds and go to one MIP in the strong formulation (`exact_mip.py`) instead.
    """
    single = settle_single(inst)
    if single is not None:
        return Solution(single[0], True, single[1])
    if prefers_mip(inst):
        return _optimal_by_mip(inst, deadline)
    bounds = lower_bounds(inst, greedy_cost_plan(inst), deadline)
    incumbent = bounds.incumbent
    if incumbent is not None and bounds.global_bound >= total_cost(inst, incumbent):
        return Solution(incumbent, True, total_cost(inst, incumbent))
    kept = prune(bounds, _cost(inst, incumbent))
    pairs = search_pairs(inst, kept, incumbent)
    three = bounds_three_or_more(inst, pairs.incumbent, deadline)
    incumbent = three.incumbent
    upper = _cost(inst, incumbent)
    singles_done = bool((bounds.alone >= upper).all())
    if incumbent is not None and singles_done and pairs.resolved:
        if three.global_bound >= upper:
            return Solution(incumbent, True, upper)
    # Rows that may still be in a cheaper plan of one, two, or three or more shipments.
    may = (bounds.alone < upper) | (three.with_location < upper)
    if pairs.with_location is None:
        may[kept] = True
    else:
        may |= pairs.with_location < upper
    if incumbent is not None:
        may |= incumbent.any(axis=1)
    rows = [int(k) for k in np.flatnonzero(may)]
    settled = incumbent is not None and singles_done and pairs.resolved
    exact = solve_exact(inst, rows, incumbent, deadline, min_shipments=3 if settled else 1)
    if exact.x is None and exact.proven_optimal:
        # CP-SAT proved that no plan satisfies the constraints.
        return Solution(None, True)
    if exact.x is None:
        return Solution(incumbent, False, bounds.global_bound)
    if exact.proven_optimal:
        return Solution(exact.x, True, total_cost(inst, exact.x))
    return Solution(exact.x, False, max(bounds.global_bound, exact.bound))


def _optimal_by_mip(inst: Instance, deadline: float) -> Solution:
    """Large orders: one MIP over all rows, the greedy plan kept should it find nothing."""
    exact = solve_mip(inst, greedy_cost_plan(inst), deadline)
    if exact.x is None:
        return Solution(None, exact.proven_optimal, None if exact.proven_optimal else exact.bound)
    if exact.proven_optimal:
        return Solution(exact.x, True, total_cost(inst, exact.x))
    return Solution(exact.x, False, exact.bound)


def _cost(inst: Instance, x: IntArray | None) -> int:
    return total_cost(inst, x) if x is not None else int(np.iinfo(np.int64).max)


STRATEGIES: dict[str, Strategy] = {
    "optimal": optimal,
    # `optimal` on candidates that carry look-ahead prices (`opportunity_cents`).
    "lookahead": optimal,
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
