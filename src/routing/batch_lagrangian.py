"""A few Lagrangian steps for the batch orders the cheap bound leaves open.

`batch_arrays` bounds every plan of two or more shipments by the Lagrangian L_2
(`lagrangian.py`) at the cheapest unit prices, where no reduced cost is negative. For
some orders a better price vector proves the best single location optimal where that
bound does not; `route` finds it with its subgradient ascent. This takes the same steps
on all such orders of a batch at once, on a looser relaxation that is cheaper to price:
each location may take its free units of a line at the unit price and its protected
ones at price + protection, with no capacity and no unsplittable rule. Dropping rules a
location must obey only lowers its reduced cost, so the bound stays valid for every
price vector, only weaker than route's. Per order and step:

    L_2(lam) = sum_i lam_i q_i + sum_i q_i min(0, unfilled - lam_i) (partial only) - split
               + the two smallest r[l] + further negative ones, at most max_shipments
    r[l]     = base + late + split of l + sum over its tiers of units x min(0, price - lam_i)

and a Polyak step towards the single location's cost. Costs are integer cents, so a
bound above cost - 1 (less a rounding tolerance, as `lower_bound` floors its bounds)
proves that no plan of two or more shipments is cheaper.

Only the bound is new: the plan is still the best single location's. `route` reaches
the same plan on such an order through greedy's incumbent (the cheapest location that
serves everything, ties to the first), which its later steps replace only by a strictly
cheaper plan, so the caller settles this way only orders whose best single location
serves every unit.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from routing.instance import IntArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
STEPS = 6
# Relative tolerance on float bounds, as `lower_bound` floors its own.
TOLERANCE = 1e-7


def lagrangian_proof(
    *,
    target: IntArray,
    qty: IntArray,
    starts: IntArray,
    price: IntArray,
    free: IntArray,
    stock: IntArray,
    opening: IntArray,
    eligible: BoolArray,
    most: IntArray,
    protect_cents: int,
    unfilled_cents: int | None,
    split_cents: int,
) -> BoolArray:
    """Per order, True where L_2 reaches `target` (the single location's cost).

    The orders' lines are flattened: order j has lines ``starts[j]`` up to the next
    start; `price`, `free` and `stock` are (lines, locations), `opening` (fixed cost of
    each location) and `eligible` (orders, locations), `most` the largest number of
    shipments each order may use (at least 2). `unfilled_cents` is None for orders that
    must ship complete.
    """
    sizes = np.diff(np.append(starts, qty.size))
    owner = np.repeat(np.arange(starts.size), sizes)
    q = qty.astype(np.float64)
    ok = eligible[owner]
    cost = price.astype(np.float64)
    # Free units at the unit price, then protected ones at price + protection.
    first = np.where(ok, np.minimum(np.minimum(free, stock), qty[:, None]), 0).astype(np.float64)
    second = np.where(ok, np.minimum(stock, qty[:, None]), 0) - first
    dear = cost + protect_cents
    fixed = np.where(eligible, opening + split_cents, np.inf)
    # From the cheapest unit prices: the bound `batch_arrays` has already tried.
    held = ok & (stock > 0)
    lam = np.where(held, cost, np.inf).min(axis=1)
    # A line no location holds is priced as the cheap bound prices it: unfilled (or 0 when
    # the order must ship complete, which then has no plan anyway).
    empty = 0.0 if unfilled_cents is None else float(unfilled_cents)
    lam = np.where(np.isfinite(lam), lam, empty)
    if unfilled_cents is not None:
        lam = np.minimum(lam, float(unfilled_cents))
    position = np.arange(eligible.shape[1])[None, :]
    each = np.arange(starts.size)[:, None]  # row index for sorting each order's row
    goal = target.astype(np.float64)
    proven = np.zeros(starts.size, dtype=bool)
    for step in range(STEPS + 1):
        below, below_dear = cost < lam[:, None], dear < lam[:, None]
        value = first * np.minimum(cost - lam[:, None], 0.0)
        value += second * np.minimum(dear - lam[:, None], 0.0)
        r = fixed + np.add.reduceat(value, starts, axis=0)
        rank = np.argsort(r, axis=1, kind="stable")
        ranked = r[each, rank]
        chosen = (position < 2) | ((position < most[:, None]) & (ranked < 0.0))
        base = np.add.reduceat(lam * q, starts) - split_cents
        if unfilled_cents is not None:
            base += np.add.reduceat(q * np.minimum(0.0, unfilled_cents - lam), starts)
        bound = base + np.where(chosen, ranked, 0.0).sum(axis=1)
        proven |= bound - TOLERANCE * (1.0 + np.abs(bound)) > goal - 1.0
        if proven.all() or step == STEPS:
            break
        # Subgradient: units demanded less units the best set takes at these prices.
        in_set = np.zeros_like(chosen)
        in_set[each, rank] = chosen
        taken = np.where(in_set[owner], first * below + second * below_dear, 0.0).sum(axis=1)
        grad = q - taken
        if unfilled_cents is not None:
            grad -= np.where(lam > unfilled_cents, q, 0.0)
        norm = np.add.reduceat(grad * grad, starts)
        move = np.where(norm > 0.0, (goal - bound) / np.where(norm > 0.0, norm, 1.0), 0.0)
        lam = lam + move[owner] * grad
    return proven
