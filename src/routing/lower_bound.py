"""Lower bounds on a plan's cost, and the pruning rule they give.

For each location l, `bound_with(l)` is a valid lower bound on the cost of every plan
in which l ships at least one unit; it is the smaller of:

- *l alone*: l's fixed cost plus, for each line, the cheapest way to cover it with l's
  units (and, when partial fulfilment is allowed, unfilled units), ignoring capacity;
- *l and someone else*: l's fixed cost + the cheapest other fixed cost + one split
  penalty + V* + extra(l), where V* is the cost of each line's q cheapest units over all
  locations (protected "last units" priced higher, unfilled units at their penalty) and
  extra(l) is the least that forcing one unit onto l adds: min over lines of
  max(0, l's cheapest unit - the q-th cheapest unit). Impossible when max_shipments = 1.

Both drop capacity, unsplittable lines and the shipment cap (except 1), so they are
relaxations. Hence the **pruning rule**: a location with bound_with(l) >= UB, the cost
of a known feasible plan, can be in no plan cheaper than UB, and removing it keeps at
least one optimal plan (the incumbent's own locations are always kept). The global
lower bound is the minimum of bound_with(l) over l (and of "serve nothing" when
partial is allowed); when it reaches UB, the incumbent is optimal and no MIP runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from routing.instance import Instance, IntArray

BIG = np.iinfo(np.int64).max // 8


@dataclass(frozen=True)
class Bounds:
    """Per-location and global lower bounds, in cents."""

    with_location: IntArray
    global_bound: int


def _cheapest_units(inst: Instance, penalty: int) -> tuple[int, IntArray]:
    """V* and, per line, the price of the q-th cheapest unit."""
    protect = inst.cost_model.protect_cents_per_unit
    free = np.minimum(inst.free, inst.stock)
    price = inst.price
    total, marginal = 0, np.zeros(inst.qty.size, dtype=np.int64)
    for i, q in enumerate(inst.qty):
        prices = np.concatenate((price[:, i], price[:, i] + protect, [penalty]))
        units = np.concatenate(
            (np.minimum(free[:, i], q), np.minimum(inst.stock[:, i] - free[:, i], q), [q])
        )
        order = np.argsort(prices, kind="stable")
        taken = np.cumsum(units[order])
        last = int(np.searchsorted(taken, q))
        before = int(taken[last - 1]) if last else 0
        head = order[:last]
        total += int((prices[head] * units[head]).sum()) + (int(q) - before) * int(
            prices[order[last]]
        )
        marginal[i] = prices[order[last]]
    return total, marginal


def lower_bounds(inst: Instance) -> Bounds:
    """Valid lower bounds: for plans using each location, and for any plan."""
    cm, q = inst.cost_model, inst.qty
    partial = not inst.constraints.ship_complete
    penalty = cm.unfilled_cents_per_unit if partial else BIG
    protect = cm.protect_cents_per_unit
    free = np.minimum(inst.free, inst.stock)
    price = inst.price
    fixed = inst.fixed

    # l alone: its free units, then its protected ones, then unfilled, cheapest first.
    t1 = np.where(price < penalty, np.minimum(free, q), 0)
    t2 = np.where(price + protect < penalty, np.minimum(inst.stock - free, q - t1), 0)
    rest = q - t1 - t2
    if partial:
        alone_var = (t1 * price + t2 * (price + protect) + rest * penalty).sum(axis=1)
    else:
        alone_var = np.where(
            (rest > 0).any(axis=1), BIG, (t1 * price + t2 * (price + protect)).sum(axis=1)
        )
    alone = np.minimum(fixed + alone_var, BIG)

    # l and at least one other location.
    if inst.max_shipments >= 2 and inst.n >= 2:
        v_star, marginal = _cheapest_units(inst, penalty)
        first = np.where(free > 0, price, price + protect)
        extra = np.where(inst.stock > 0, np.maximum(first - marginal, 0), BIG).min(axis=1)
        two = np.partition(fixed, 1)[:2]
        other = np.where(fixed == two[0], two[1], two[0])
        together = fixed + other + cm.split_penalty_cents + v_star + extra
        with_location = np.minimum(alone, together)
    else:
        with_location = alone
    global_bound = int(with_location.min()) if inst.n else int(BIG)
    if partial:
        global_bound = min(global_bound, int(q.sum()) * penalty)
    return Bounds(with_location=with_location, global_bound=global_bound)


def prune(bounds: Bounds, upper_bound: int, incumbent_rows: list[int]) -> list[int]:
    """Rows that may still improve on `upper_bound`, plus the incumbent's own rows."""
    keep = set(np.flatnonzero(bounds.with_location < upper_bound).tolist())
    return sorted(keep.union(incumbent_rows))
