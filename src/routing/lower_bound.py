"""Lower bounds for one order, and the per-location bounds that prune safely.

Every plan ships from a set U of locations. We bound the two cases apart:

*One location* (|U| = 1): `alone[l]` is exactly what l alone costs (its fixed cost and
its cheapest units, protected "last units" priced higher, unfilled units at their
penalty when partial is allowed); capacity is kept for complete orders, dropped
(a relaxation) for partial ones.

*Two or more* (|U| >= 2): relax "every unit of line i is served (or left unfilled)"
with a price lam[i] per unit (Lagrangian relaxation). For any prices,

    L2(lam) = sum_i lam[i] q[i]  +  sum_i q[i] min(0, unfilled - lam[i])   (partial only)
              - split  +  min over U, 2 <= |U| <= max_shipments, of sum_{l in U} r[l]

where r[l] = base + late + split of l plus the cheapest way l could take units at prices
`cost - lam` (its *reduced cost*). Each location's own rules stay inside r[l]: stock,
protected units, capacity (relaxed to fractional) and, for complete orders, an
unsplittable line taken whole or not at all. Only cross-location rules are relaxed, so
L2(lam) bounds every plan with two or more shipments, for every lam. The min over U is
the two smallest r plus any further negative ones. Splitting on |U| is what makes the
bound strong: the plain LP relaxation lets a plan open "half" of two locations and pay
half of each fixed cost, which loses ~20 % on orders whose optimum is two warehouses.

**Pruning rule.** A plan that uses location l costs at least
with_location[l] = min(alone[l], L2 with l forced into U), both valid bounds. If that is
>= UB, the cost of a known feasible plan, no plan strictly cheaper than UB uses l, so
dropping l keeps every strictly better plan; the incumbent's own locations are always
kept for the tie. If the global bound min(alone, L2, "ship nothing") reaches UB, the
incumbent is optimal and no solver runs.

The prices come from subgradient ascent (Polyak steps towards UB), started at each
line's marginal unit price. A step only looks at the rows that may matter: those whose
r at a screening price `screen` >= lam is below a threshold (r is non-increasing in
lam); the screen is redone over all rows whenever a step leaves it. The cheapest set
of each step is also tried as a plan (a Lagrangian heuristic), which often improves
the incumbent. Float error is absorbed by rounding bounds down by a tolerance before
the integer ceiling (costs are integer cents).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.fill import assign_to_open
from routing.greedy import single_location_costs
from routing.instance import Instance, IntArray
from routing.pricing import total_cost, violation

FloatArray = NDArray[np.float64]
BIG = float(np.iinfo(np.int64).max // 8)
SCREEN_MARGIN_CENTS = 40.0
MAX_STEPS = 150
PATIENCE = 5


@dataclass(frozen=True)
class Bounds:
    """A global lower bound and, per location, a bound on plans that use it (int cents)."""

    global_bound: int
    with_location: IntArray
    incumbent: IntArray | None  # the best plan seen, possibly improved on the way


class _Tiers:
    """Per location, up to two price tiers per line, flattened to the nonzero ones."""

    def __init__(self, inst: Instance, rows: IntArray | None = None) -> None:
        q, m = inst.qty, inst.qty.size
        protect = inst.cost_model.protect_cents_per_unit
        pick = np.arange(inst.n) if rows is None else rows
        stock, price = inst.stock[pick], inst.price[pick].astype(np.float64)
        free = np.minimum(inst.free[pick], stock)
        first = np.minimum(free, q)
        cost = np.concatenate((price, price + protect), axis=1)
        count = np.concatenate((first, np.minimum(stock, q) - first), axis=1).astype(np.float64)
        whole = np.flatnonzero(~inst.splittable) if inst.constraints.ship_complete else ()
        for i in whole:
            # A complete order takes an unsplittable line whole from one location, or not.
            able = stock[:, i] >= q[i]
            cost[:, i] = price[:, i] + protect * np.maximum(q[i] - free[:, i], 0) / q[i]
            count[:, i] = np.where(able, float(q[i]), 0.0)
            count[:, m + i] = 0.0
        self.rows, self.n = pick, int(pick.size)
        split = inst.cost_model.split_penalty_cents
        self.opening = (inst.fixed[pick] + split).astype(np.float64)
        cap = np.minimum(inst.capacity[pick], q.sum()).astype(np.float64)
        capped = count.sum(axis=1) > cap
        row, col = np.nonzero(count * ~capped[:, None])
        self.row, self.line = row, col % m
        self.cost, self.count = cost[row, col], count[row, col]
        # Rows whose capacity may bind stay dense: (rows, 2m) sorted per row at each step.
        self.capped = np.flatnonzero(capped)
        self.cap_cost, self.cap_count = cost[self.capped], count[self.capped]
        self.cap_line = np.concatenate((np.arange(m), np.arange(m)))
        self.cap = cap[self.capped]

    def reduced(self, lam: FloatArray) -> tuple[FloatArray, FloatArray]:
        """r at prices lam (one per row), and the units of each line the best choice takes."""
        value = self.cost - lam[self.line]
        gain = np.minimum(value, 0.0) * self.count
        r = self.opening + np.bincount(self.row, gain, self.n)
        units = np.zeros((self.n, lam.size))
        neg = value < 0.0
        np.add.at(units, (self.row[neg], self.line[neg]), self.count[neg])
        if self.capped.size:
            # Capacity binds: the most negative tiers first, up to the capacity.
            value = self.cap_cost - lam[self.cap_line]
            take = np.where(value < 0.0, self.cap_count, 0.0)
            order = np.argsort(value, axis=1, kind="stable")
            sorted_take = np.take_along_axis(take, order, axis=1)
            before = np.cumsum(sorted_take, axis=1) - sorted_take
            room = np.maximum(self.cap[:, None] - before, 0.0)
            np.put_along_axis(take, order, np.minimum(sorted_take, room), axis=1)
            r[self.capped] += (value * take).sum(axis=1)
            m = lam.size
            units[self.capped] = take[:, :m] + take[:, m:]
        return r, units


def _alone(inst: Instance) -> FloatArray:
    """What each location alone costs at least (exactly, for complete orders)."""
    if inst.constraints.ship_complete:
        return np.asarray(single_location_costs(inst), dtype=np.float64)
    q, protect = inst.qty, inst.cost_model.protect_cents_per_unit
    penalty = inst.cost_model.unfilled_cents_per_unit
    free, price = np.minimum(inst.free, inst.stock), inst.price
    # Its free units, then its protected ones, then unfilled: cheapest first, no capacity.
    first = np.where(price < penalty, np.minimum(free, q), 0)
    second = np.where(price + protect < penalty, np.minimum(inst.stock - free, q - first), 0)
    rest = q - first - second
    variable = (first * price + second * (price + protect) + rest * penalty).sum(axis=1)
    return np.asarray(inst.fixed + variable, dtype=np.float64)


@dataclass(frozen=True)
class _Dual:
    value: float  # L2(lam)
    base: float  # prices x demand, unfilled part and -split: L2 without the set part
    chosen: IntArray  # rows of the best set U (|U| >= 2)


def _best_set(r: FloatArray, limit: int) -> IntArray:
    """The two smallest r, then further negative ones, at most `limit` in all."""
    if r.size <= 2:
        return np.arange(r.size)
    neg = int((r < 0.0).sum())
    size = min(max(neg, 2), limit)
    return np.argpartition(r, size - 1)[:size] if size < r.size else np.arange(r.size)


def _dual(inst: Instance, lam: FloatArray, r: FloatArray) -> _Dual:
    q = inst.qty
    base = float(lam @ q) - inst.cost_model.split_penalty_cents
    if not inst.constraints.ship_complete:
        penalty = inst.cost_model.unfilled_cents_per_unit
        base += float((q * np.minimum(0.0, penalty - lam)).sum())
    chosen = _best_set(r, inst.max_shipments)
    value = base + float(r[chosen].sum()) if chosen.size >= 2 else BIG
    return _Dual(value, base, chosen)


def _gradient(inst: Instance, lam: FloatArray, units: FloatArray, d: _Dual) -> FloatArray:
    q = inst.qty.astype(np.float64)
    grad = q - units[d.chosen].sum(axis=0)
    if not inst.constraints.ship_complete:
        grad -= np.where(lam > inst.cost_model.unfilled_cents_per_unit, q, 0.0)
    return np.asarray(grad, dtype=np.float64)


def _marginal_prices(inst: Instance) -> FloatArray:
    """Each line's q-th cheapest unit price over all locations."""
    q = inst.qty
    lam = np.zeros(q.size)
    for i in range(q.size):
        order = np.argsort(np.where(inst.stock[:, i] > 0, inst.price[:, i], BIG), kind="stable")
        held = np.cumsum(np.minimum(inst.stock[order, i], q[i]))
        j = min(int(np.searchsorted(held, q[i])), order.size - 1)
        lam[i] = float(inst.price[order[j], i])
    return lam


def _floor_int(value: FloatArray) -> IntArray:
    tol = 1e-7 * (1.0 + np.abs(value))
    return np.ceil(np.minimum(value, BIG) - tol).astype(np.int64)


class _Screen:
    """The rows that may be among the best set while lam stays below `screen`."""

    def __init__(self, inst: Instance, tiers: _Tiers, lam: FloatArray) -> None:
        r_now, _ = tiers.reduced(lam)
        # Rows at or below the third smallest r now (and all negative ones) may matter.
        third = float(np.partition(r_now, 2)[2]) if r_now.size > 2 else math.inf
        self.threshold = max(third, 0.0)
        self.screen = lam + SCREEN_MARGIN_CENTS
        r_screen, _ = tiers.reduced(self.screen)
        self.active = np.flatnonzero(r_screen <= self.threshold)
        self.tiers = _Tiers(inst, self.active)

    def covers(self, lam: FloatArray, r: FloatArray) -> bool:
        """True while r of active rows decides the best set exactly."""
        return bool((lam <= self.screen).all()) and int((r <= self.threshold).sum()) >= 2


def lower_bounds(inst: Instance, incumbent: IntArray | None, deadline: float) -> Bounds:
    """Bounds by one location alone and by L2, maximised until it reaches UB or stalls."""
    tiers = _Tiers(inst)
    alone = _alone(inst)
    ub = math.inf if incumbent is None else float(total_cost(inst, incumbent))
    lam = _marginal_prices(inst)
    best, best_lam = -math.inf, lam.copy()
    if inst.max_shipments >= 2 and inst.n >= 2:
        screen = _Screen(inst, tiers, lam)
        step, stall, tried = 1.0, 0, set()
        for _ in range(MAX_STEPS):
            if best >= ub - 1e-6 or step < 1e-3 or time.perf_counter() > deadline:
                break
            r, units = screen.tiers.reduced(lam)
            if not screen.covers(lam, r):
                screen = _Screen(inst, tiers, lam)
                r, units = screen.tiers.reduced(lam)
            d = _dual(inst, lam, r)
            if d.value > best + 1e-9:
                best, best_lam, stall = d.value, lam.copy(), 0
            else:
                stall += 1
                if stall >= PATIENCE:
                    step, stall = step / 2.0, 0
            opened = tuple(sorted(screen.active[d.chosen].tolist()))
            if opened not in tried:
                tried.add(opened)
                x = assign_to_open(inst, list(opened))
                if x is not None and violation(inst, x) is None and total_cost(inst, x) < ub:
                    incumbent, ub = x, float(total_cost(inst, x))
            grad = _gradient(inst, lam, units, d)
            norm = float(grad @ grad)
            if norm == 0.0:
                break
            target = ub if math.isfinite(ub) else abs(d.value) * 1.1 + 1000.0
            lam = lam + step * (target - d.value) / norm * grad
    return _finish(inst, tiers, alone, best_lam, incumbent)


def _finish(
    inst: Instance, tiers: _Tiers, alone: FloatArray, lam: FloatArray, incumbent: IntArray | None
) -> Bounds:
    global_bound = float(alone.min()) if inst.n else BIG
    if not inst.constraints.ship_complete:
        global_bound = min(
            global_bound, float(inst.qty.sum() * inst.cost_model.unfilled_cents_per_unit)
        )
    if inst.max_shipments < 2 or inst.n < 2:
        return Bounds(int(_floor_int(np.array([global_bound]))[0]), _floor_int(alone), incumbent)
    r, _ = tiers.reduced(lam)
    d = _dual(inst, lam, r)
    global_bound = min(global_bound, d.value)
    # l forced into U: l plus the best nonempty set of at most max_shipments - 1 others
    # (the smallest one, then negative ones), by l's rank p in ascending r.
    order = np.argsort(r, kind="stable")
    w, limit = r[order], inst.max_shipments - 1
    negative = np.minimum(w[: limit + 1], 0.0)
    upto_limit = float(negative[1:].sum())  # ranks 1..limit
    others = np.full(inst.n, w[0] + upto_limit - negative[limit])  # p >= limit
    ranks = np.arange(1, limit)
    others[order[ranks]] = w[0] + upto_limit - negative[ranks]  # 1 <= p < limit
    others[order[0]] = w[1] + upto_limit - negative[1]
    with_l = others
    bound_l = np.minimum(alone, d.base + r + with_l)
    return Bounds(int(_floor_int(np.array([global_bound]))[0]), _floor_int(bound_l), incumbent)


def prune(bounds: Bounds, upper_bound: int) -> list[int]:
    """Rows that may still be in a plan cheaper than `upper_bound`, plus the incumbent's."""
    keep = bounds.with_location < upper_bound
    if bounds.incumbent is not None:
        keep |= bounds.incumbent.sum(axis=1) > 0
    return [int(k) for k in np.flatnonzero(keep)]
