"""The `greedy_cost` strategy: fast, cost-aware, usually within ~1 % of optimum.

Best of (a) the cheapest single location that has everything and (b) a cost-per-unit
greedy that opens the location with the lowest cost per newly served unit, followed by
an improvement pass that re-serves lines from the cheapest open units and closes any
location whose closing lowers the cost. All steps are vectorised over locations.
"""

from __future__ import annotations

import numpy as np

from routing.fill import assign_to_open
from routing.instance import Instance, IntArray
from routing.pricing import total_cost, violation


def single_location_costs(inst: Instance) -> IntArray:
    """Cost of serving the whole order from each location alone; a huge value if it can't."""
    q = inst.qty
    able = (inst.stock >= q).all(axis=1) & (inst.capacity >= q.sum())
    protect = inst.cost_model.protect_cents_per_unit
    cost = (
        inst.fixed
        + (inst.price * q).sum(axis=1)
        + np.maximum(q - inst.free, 0).sum(axis=1) * protect
    )
    return np.where(able, cost, np.iinfo(np.int64).max // 4)


def best_single_location(inst: Instance) -> IntArray | None:
    """The assignment that ships everything from the cheapest self-sufficient location."""
    if inst.n == 0:
        return None
    cost = single_location_costs(inst)
    k = int(np.argmin(cost))
    if cost[k] >= np.iinfo(np.int64).max // 4:
        return None
    x = np.zeros((inst.n, inst.qty.size), dtype=np.int64)
    x[k] = inst.qty
    return x


def _cost_per_unit_open_set(inst: Instance) -> list[int]:
    remaining = inst.qty.copy()
    opened: list[int] = []
    closed = np.ones(inst.n, dtype=bool)
    penalty = inst.cost_model.unfilled_cents_per_unit
    while remaining.any() and len(opened) < inst.max_shipments and closed.any():
        take = np.minimum(inst.stock, remaining)
        # An unsplittable line counts only where it can come whole.
        whole = inst.splittable | (inst.stock >= remaining)
        take = np.where(whole, take, 0)
        units = take.sum(axis=1)
        scale = np.minimum(units, inst.capacity) / np.maximum(units, 1)
        cost = inst.fixed + (take * inst.price).sum(axis=1) * scale
        served = np.minimum(units, inst.capacity)
        score = np.where(closed & (served > 0), cost / np.maximum(served, 1), np.inf)
        k = int(np.argmin(score))
        if not np.isfinite(score[k]):
            break
        # With partial fulfilment, opening a location must beat leaving units unserved.
        if not inst.constraints.ship_complete and score[k] >= penalty:
            break
        opened.append(k)
        closed[k] = False
        x = assign_to_open(inst, opened)
        if x is None:
            break
        remaining = inst.qty - x.sum(axis=0)
    return opened


def _improve(inst: Instance, opened: list[int]) -> IntArray | None:
    best = assign_to_open(inst, opened)
    if best is None or violation(inst, best) is not None:
        return None
    best_cost = total_cost(inst, best)
    improved = True
    while improved and len(opened) > 1:
        improved = False
        for k in list(opened):
            trial_rows = [j for j in opened if j != k]
            trial = assign_to_open(inst, trial_rows)
            if trial is None or violation(inst, trial) is not None:
                continue
            cost = total_cost(inst, trial)
            if cost < best_cost:
                best, best_cost, opened, improved = trial, cost, trial_rows, True
                break
    return best


def greedy_cost_plan(inst: Instance) -> IntArray | None:
    """The cheaper of the best single location and the improved cost-per-unit greedy."""
    options = [best_single_location(inst)]
    if inst.n:
        options.append(_improve(inst, _cost_per_unit_open_set(inst)))
    feasible = [x for x in options if x is not None and violation(inst, x) is None]
    if not inst.constraints.ship_complete:
        # Serving nothing is always allowed when partial fulfilment is.
        feasible.append(np.zeros((inst.n, inst.qty.size), dtype=np.int64))
    if not feasible:
        return None
    return min(feasible, key=lambda x: total_cost(inst, x))
