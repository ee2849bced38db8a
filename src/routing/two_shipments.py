"""Exact search over the plans that ship from exactly two of the kept locations.

For each pair (a, b) of rows that survived pruning, every line is served as cheaply as
a and b allow: a splittable line from the cheapest of their four price tiers (free and
protected units of each, plus "unfilled" when partial is allowed), an unsplittable line
whole from the cheaper of the two (or, when partial, from one of them and the rest
unfilled). That ignores capacity, so it is a lower bound on every plan shipping from
exactly {a, b}; when the assignment it picks uses both locations within their capacity
it *is* such a plan, and then its cost is exact.

All pairs are priced at once with numpy, (pairs, lines, tiers) arrays. The search is
*resolved* when every pair whose bound is below the best plan found is one of those
exact plans; otherwise the caller falls back to the MIP.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.instance import Instance, IntArray
from routing.pricing import total_cost, violation

MAX_PAIRS = 4000
INF = float(np.iinfo(np.int64).max // 16)


@dataclass(frozen=True)
class PairSearch:
    """The best plan known after the search, and whether every pair is settled.

    `with_location[l]` bounds every two-shipment plan through l (None: not searched, so
    any kept row may be in one).
    """

    incumbent: IntArray | None
    resolved: bool
    with_location: NDArray[np.float64] | None = None


def _cheapest(
    price: NDArray[np.float64], count: NDArray[np.float64], q: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Cost of the q cheapest units over tiers (last axis), and the units each tier gives."""
    order = np.argsort(price, axis=-1, kind="stable")
    p = np.take_along_axis(price, order, axis=-1)
    c = np.take_along_axis(count, order, axis=-1)
    before = np.cumsum(c, axis=-1) - c
    take = np.minimum(c, np.maximum(q[..., None] - before, 0.0))
    cost = (p * take).sum(axis=-1)
    cost = np.where(take.sum(axis=-1) < q, INF, cost)
    units = np.zeros_like(take)
    np.put_along_axis(units, order, take, axis=-1)
    return cost, units


def _tiers(inst: Instance, rows: IntArray) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(rows, lines, 2): free units at the unit price, then protected ones at +protect."""
    q = inst.qty
    stock = inst.stock[rows]
    free = np.minimum(np.minimum(inst.free[rows], stock), q)
    price = inst.price[rows].astype(np.float64)
    protect = float(inst.cost_model.protect_cents_per_unit)
    tier_price = np.stack((price, price + protect), axis=-1)
    tier_count = np.stack((free, np.minimum(stock, q) - free), axis=-1).astype(np.float64)
    return tier_price, tier_count


def search_pairs(inst: Instance, rows: list[int], incumbent: IntArray | None) -> PairSearch:
    """Price every pair of `rows`; adopt the best exact pair plan if it beats `incumbent`."""
    if inst.max_shipments < 2 or len(rows) < 2:
        return PairSearch(incumbent, True, np.full(inst.n, INF))
    kept = np.array(rows, dtype=np.int64)
    first, second = np.triu_indices(kept.size, 1)
    if first.size > MAX_PAIRS:
        return PairSearch(incumbent, False)
    a, b = kept[first], kept[second]
    q = inst.qty.astype(np.float64)
    complete = inst.constraints.ship_complete
    penalty = float(inst.cost_model.unfilled_cents_per_unit)
    tier_price, tier_count = _tiers(inst, kept)
    pa, ca = tier_price[first], tier_count[first]  # (pairs, lines, 2)
    pb, cb = tier_price[second], tier_count[second]
    shape = (a.size, q.size, 1)
    unfilled_p = np.full(shape, penalty if not complete else INF)
    # Up to q units may stay unfilled (a finite count: cumulative sums must stay exact).
    unfilled_c = np.broadcast_to(q[None, :, None], shape) * (0.0 if complete else 1.0)

    # Data: splittable lines from both; unsplittable ones from a or from b only.
    both, both_units = _cheapest(
        np.concatenate((pa, pb, unfilled_p), axis=-1),
        np.concatenate((ca, cb, unfilled_c), axis=-1),
        q,
    )
    units_a, units_b = both_units[..., :2].sum(axis=-1), both_units[..., 2:4].sum(axis=-1)
    single_a, from_a = _cheapest(
        np.concatenate((pa, unfilled_p), -1), np.concatenate((ca, unfilled_c), -1), q
    )
    single_b, from_b = _cheapest(
        np.concatenate((pb, unfilled_p), -1), np.concatenate((cb, unfilled_c), -1), q
    )
    whole = ~inst.splittable
    if complete:
        # A complete order takes an unsplittable line whole: all its units from one place.
        single_a = np.where(from_a[..., :2].sum(axis=-1) >= q, single_a, INF)
        single_b = np.where(from_b[..., :2].sum(axis=-1) >= q, single_b, INF)
    use_a = single_a <= single_b
    line_cost = np.where(whole, np.minimum(single_a, single_b), both)
    units_a = np.where(whole, np.where(use_a, from_a[..., :2].sum(-1), 0.0), units_a)
    units_b = np.where(whole, np.where(use_a, 0.0, from_b[..., :2].sum(-1)), units_b)

    split = float(inst.cost_model.split_penalty_cents)
    cost = inst.fixed[a] + inst.fixed[b] + split + np.minimum(line_cost, INF).sum(axis=1)
    upper = float(total_cost(inst, incumbent)) if incumbent is not None else INF
    exact = (
        (units_a.sum(axis=1) > 0)
        & (units_b.sum(axis=1) > 0)
        & (units_a.sum(axis=1) <= inst.capacity[a])
        & (units_b.sum(axis=1) <= inst.capacity[b])
        & (cost < INF / 2)
    )
    better = np.flatnonzero(exact & (cost < upper))
    if better.size:
        p = int(better[np.argmin(cost[better])])
        x = np.zeros((inst.n, q.size), dtype=np.int64)
        x[a[p]] = np.rint(units_a[p]).astype(np.int64)
        x[b[p]] = np.rint(units_b[p]).astype(np.int64)
        if violation(inst, x) is None and total_cost(inst, x) < upper:
            incumbent, upper = x, float(total_cost(inst, x))
    # Settled when no pair may still beat the best plan (an exact pair below it was adopted).
    resolved = not bool((cost < upper).any())
    through = np.full(inst.n, INF)
    np.minimum.at(through, a, cost)
    np.minimum.at(through, b, cost)
    return PairSearch(incumbent, resolved, through)
