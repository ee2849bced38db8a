"""A cheap proof that the best single location is the optimal plan.

Every plan of two or more shipments pays at least the two smallest fixed costs (base +
late) among the eligible locations, one split penalty, and for every unit the cheapest
price any location holding its SKU asks (or the unfilled penalty, if partial fulfilment
is allowed and that is lower). A plan from one location costs at least `alone` of that
location (`lower_bound.alone_costs`), and shipping nothing costs every unit's penalty.
When the best single-location plan costs no more than all three bounds, it is optimal.

In a dense network most orders are settled here: the base cost and split penalty of a
second parcel outweigh what a cheaper unit elsewhere would save. `optimal` then skips
the greedy search and the Lagrangian ascent, which cost ~30x more.
"""

from __future__ import annotations

import numpy as np

from routing.instance import Instance, IntArray
from routing.lower_bound import alone_costs, alone_units, partial_alone_costs
from routing.pricing import total_cost, violation


def multi_shipment_bound(inst: Instance) -> float:
    """A lower bound on every plan that ships from two or more locations (inf if none may)."""
    if inst.max_shipments < 2 or inst.n < 2:
        return float("inf")
    cm = inst.cost_model
    fixed = np.partition(inst.fixed, 1)[:2].sum()
    cheapest = np.where(inst.stock > 0, inst.price, np.iinfo(np.int64).max // 4).min(axis=0)
    if not inst.constraints.ship_complete:
        cheapest = np.minimum(cheapest, cm.unfilled_cents_per_unit)
    return float(fixed + cm.split_penalty_cents + int(cheapest @ inst.qty))


def settle_single(inst: Instance) -> tuple[IntArray, int] | None:
    """The best single-location plan and its cost, when it is provably optimal; else None."""
    if inst.n == 0:
        return None
    # What each location takes when it serves alone, and what that costs.
    if inst.constraints.ship_complete:
        units = np.broadcast_to(inst.qty, (inst.n, inst.qty.size))
        alone = alone_costs(inst)
    else:
        first, second = alone_units(inst)
        units = first + second
        alone = partial_alone_costs(inst, first, second)
    k = int(np.argmin(alone))
    if alone[k] >= np.iinfo(np.int64).max // 8:
        return None
    x = np.zeros((inst.n, inst.qty.size), dtype=np.int64)
    x[k] = units[k]
    if violation(inst, x) is not None:
        return None
    cost = total_cost(inst, x)
    bound = min(float(alone[k]), multi_shipment_bound(inst))
    if not inst.constraints.ship_complete:
        bound = min(bound, float(inst.qty.sum() * inst.cost_model.unfilled_cents_per_unit))
    if cost > bound:
        return None
    return x, cost
