"""Lower bounds for one order, and the per-location bounds that prune safely.

Every plan ships from a set U of locations; the cases are bounded apart:

- |U| = 1: `alone[l]`, exactly what l alone costs (fixed cost, its cheapest units with
  protected "last units" priced higher, unfilled units at their penalty when partial is
  allowed), within its capacity.
- |U| >= 2: the Lagrangian bound L_2 (`lagrangian.py`): the two smallest reduced costs
  plus any further negative ones. Requiring two locations is what makes it strong: the
  plain LP relaxation may open "half" of two locations and pay half of each fixed cost,
  which loses ~20 % on orders whose optimum is two warehouses.

**Pruning rule.** A plan that uses location l costs at least
with_location[l] = min(alone[l], L_2 with l forced into U), both valid bounds. If that
is >= UB, the cost of a known feasible plan, no plan strictly cheaper than UB uses l, so
dropping l keeps every strictly better plan; the incumbent's own locations are always
kept for the tie. If the global bound min(alone, L_2, "ship nothing") reaches UB, the
incumbent is optimal. Floats are rounded down by a tolerance before the integer ceiling
(costs are integer cents), so rounding never makes a bound invalid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from routing.greedy import single_location_costs
from routing.instance import Instance, IntArray
from routing.lagrangian import Ascent, FloatArray, Tiers, ascend

BIG = float(np.iinfo(np.int64).max // 8)


@dataclass(frozen=True)
class Bounds:
    """A global lower bound and, per location, a bound on plans that use it (int cents)."""

    global_bound: int
    with_location: IntArray
    alone: IntArray  # per location, a bound on plans that ship from it only
    incumbent: IntArray | None  # the best plan seen, possibly improved on the way


def alone_costs(inst: Instance) -> FloatArray:
    """What each location alone costs (exactly: its best single-location plan)."""
    if inst.constraints.ship_complete:
        return np.asarray(single_location_costs(inst), dtype=np.float64)
    return partial_alone_costs(inst, *alone_units(inst))


def partial_alone_costs(inst: Instance, first: IntArray, second: IntArray) -> FloatArray:
    """Partial orders: each location's cost when it takes `first` free and `second`
    protected units of each line (`alone_units`) and leaves the rest unfilled."""
    q, protect = inst.qty, inst.cost_model.protect_cents_per_unit
    penalty = inst.cost_model.unfilled_cents_per_unit
    rest = q - first - second
    price = inst.price
    variable = (first * price + second * (price + protect) + rest * penalty).sum(axis=1)
    return np.asarray(inst.fixed + variable, dtype=np.float64)


def alone_units(inst: Instance) -> tuple[IntArray, IntArray]:
    """Partial orders: what each location serving alone takes, (free, protected) units.

    Units cheaper than the unfilled penalty, cheapest first: free units at the unit
    price, then protected ones at price + protection, up to the location's capacity.
    Each unit served saves the penalty minus its price, so this is the best plan of a
    single location.
    """
    q, protect = inst.qty, inst.cost_model.protect_cents_per_unit
    penalty = inst.cost_model.unfilled_cents_per_unit
    free, price = np.minimum(inst.free, inst.stock), inst.price
    first = np.where(price < penalty, np.minimum(free, q), 0)
    second = np.where(price + protect < penalty, np.minimum(inst.stock - free, q - first), 0)
    capped = np.flatnonzero((first + second).sum(axis=1) > inst.capacity)
    if capped.size:
        m = q.size
        cost = np.concatenate((price[capped], price[capped] + protect), axis=1)
        count = np.concatenate((first[capped], second[capped]), axis=1)
        order = np.argsort(cost, axis=1, kind="stable")
        sorted_count = np.take_along_axis(count, order, axis=1)
        before = np.cumsum(sorted_count, axis=1) - sorted_count
        room = np.maximum(inst.capacity[capped][:, None] - before, 0)
        take = np.zeros_like(count)
        np.put_along_axis(take, order, np.minimum(sorted_count, room), axis=1)
        first[capped], second[capped] = take[:, :m], take[:, m:]
    return first, second


def _floor_one(value: float) -> int:
    return int(_floor_int(np.array([value]))[0])


def _floor_int(value: FloatArray) -> IntArray:
    tol = 1e-7 * (1.0 + np.abs(value))
    return np.ceil(np.minimum(value, BIG) - tol).astype(np.int64)


def lower_bounds(inst: Instance, incumbent: IntArray | None, deadline: float) -> Bounds:
    """Bounds by one location alone and by L_2, the latter maximised by `ascend`."""
    alone = alone_costs(inst)
    global_bound = float(alone.min()) if inst.n else BIG
    if not inst.constraints.ship_complete:
        nothing = float(inst.qty.sum() * inst.cost_model.unfilled_cents_per_unit)
        global_bound = min(global_bound, nothing)
    if inst.max_shipments < 2 or inst.n < 2:
        return Bounds(_floor_one(global_bound), _floor_int(alone), _floor_int(alone), incumbent)
    ascent = ascend(inst, Tiers(inst), 2, incumbent, deadline)
    global_bound = min(global_bound, ascent.dual.value)
    with_location = np.minimum(alone, _forced(inst, ascent, 2))
    return Bounds(
        _floor_one(global_bound), _floor_int(with_location), _floor_int(alone), ascent.incumbent
    )


def _forced(inst: Instance, ascent: Ascent, at_least: int) -> FloatArray:
    """Per row l, L_s with l forced into U: l plus the best set of the others.

    The others are the s-1 smallest r (mandatory), then negative ones, at most
    max_shipments - 1 in all; by l's rank p in ascending r, with neg = min(0, w).
    """
    r, s, k = ascent.reduced, at_least, inst.max_shipments
    order = np.argsort(r, kind="stable")
    w = r[order]
    neg = np.minimum(w, 0.0)
    mandatory = float(w[: s - 1].sum())
    window = float(neg[s - 1 : k].sum())  # ranks s-1 .. k-1
    others = np.full(r.size, mandatory + window - neg[k - 1])  # p >= k-1
    middle = np.arange(s - 1, k - 1)
    others[order[middle]] = mandatory + window - neg[middle]  # s-1 <= p < k-1
    head = np.arange(s - 1)
    others[order[head]] = mandatory + w[s - 1] - w[head] + float(neg[s:k].sum())  # p < s-1
    return np.asarray(ascent.dual.base + r + others, dtype=np.float64)


@dataclass(frozen=True)
class ThreeOrMore:
    """Bounds on plans with three or more shipments: overall and through each location."""

    global_bound: int
    with_location: IntArray
    incumbent: IntArray | None


def bounds_three_or_more(
    inst: Instance, incumbent: IntArray | None, deadline: float
) -> ThreeOrMore:
    """L_3 overall and with each location forced in; huge where no such plan may exist."""
    if inst.max_shipments < 3 or inst.n < 3:
        return ThreeOrMore(int(BIG), np.full(inst.n, int(BIG), dtype=np.int64), incumbent)
    ascent = ascend(inst, Tiers(inst), 3, incumbent, deadline)
    with_location = _floor_int(_forced(inst, ascent, 3))
    return ThreeOrMore(_floor_one(ascent.dual.value), with_location, ascent.incumbent)


def prune(bounds: Bounds, upper_bound: int) -> list[int]:
    """Rows that may still be in a plan cheaper than `upper_bound`, plus the incumbent's."""
    keep = bounds.with_location < upper_bound
    if bounds.incumbent is not None:
        keep |= bounds.incumbent.sum(axis=1) > 0
    return [int(k) for k in np.flatnonzero(keep)]
