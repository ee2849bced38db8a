"""Lagrangian relaxation of one order: unit prices that bound multi-shipment plans.

Relax "every unit of line i is served (or left unfilled)" with a price lam[i] per unit.
For any prices, every plan that ships from a set U of at least `s` locations costs at
least

    L_s(lam) = sum_i lam[i] q[i]  +  sum_i q[i] min(0, unfilled - lam[i])   (partial only)
               - split  +  min over U, s <= |U| <= max_shipments, of sum_{l in U} r[l]

where r[l] = base + late + split of l plus the cheapest way l could take units at prices
`cost - lam` (its *reduced cost*). Each location's own rules stay inside r[l]: stock,
protected "last units" priced higher, capacity (relaxed to fractional) and, for complete
orders, an unsplittable line taken whole or not at all. Only cross-location rules
(demand, single source) are relaxed, so L_s(lam) is valid for every lam. The min over U
is the s smallest r plus any further negative ones.

`ascend` maximises L_s by subgradient steps (Polyak steps towards the incumbent's cost),
from each line's marginal unit price. A step only looks at the rows that may matter:
those whose r at a screening price `screen` >= lam is at most a threshold (r is
non-increasing in lam); the screen is redone over all rows when a step leaves it. This is
a speed-up only: the bound returned is always re-evaluated over all rows. The cheapest
set of each step is also tried as a plan (a Lagrangian heuristic).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.fill import assign_to_open
from routing.instance import Instance, IntArray
from routing.pricing import total_cost, violation

FloatArray = NDArray[np.float64]
SCREEN_MARGIN_CENTS = 40.0
MAX_STEPS = 60
PATIENCE = 4
MIN_STEP = 0.02


class Tiers:
    """Per location, up to two price tiers per line, flattened to the nonzero ones."""

    def __init__(self, inst: Instance) -> None:
        q, m = inst.qty, inst.qty.size
        protect = inst.cost_model.protect_cents_per_unit
        stock, price = inst.stock, inst.price.astype(np.float64)
        free = np.minimum(inst.free, stock)
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
        self.m, self.n = m, inst.n
        self.opening = (inst.fixed + inst.cost_model.split_penalty_cents).astype(np.float64)
        cap = np.minimum(inst.capacity, q.sum()).astype(np.float64)
        capped = count.sum(axis=1) > cap
        # np.flatnonzero on a flat mask is ~10x faster than np.nonzero on a 2-D array.
        cell = np.flatnonzero(((count > 0.0) & ~capped[:, None]).ravel())
        row, col = cell // (2 * m), cell % (2 * m)
        self.row, self.line = row, col % m
        self.cost, self.count = cost.ravel()[cell], count.ravel()[cell]
        # Rows whose capacity may bind stay dense: (rows, 2m), sorted per row at each step.
        self.capped = np.flatnonzero(capped)
        self.cap_cost, self.cap_count = cost[self.capped], count[self.capped]
        self.cap_line = np.concatenate((np.arange(m), np.arange(m)))
        self.cap = cap[self.capped]

    def subset(self, rows: IntArray) -> Tiers:
        """The same tiers for the given rows only, renumbered 0..len(rows)-1."""
        sub = object.__new__(Tiers)
        position = np.full(self.n, -1)
        position[rows] = np.arange(rows.size)
        keep = position[self.row] >= 0
        sub.m, sub.n, sub.opening = self.m, int(rows.size), self.opening[rows]
        sub.row, sub.line = position[self.row[keep]], self.line[keep]
        sub.cost, sub.count = self.cost[keep], self.count[keep]
        keep_capped = position[self.capped] >= 0
        sub.capped = position[self.capped[keep_capped]]
        sub.cap_cost, sub.cap_count = self.cap_cost[keep_capped], self.cap_count[keep_capped]
        sub.cap_line, sub.cap = self.cap_line, self.cap[keep_capped]
        return sub

    def reduced(self, lam: FloatArray) -> FloatArray:
        """r at prices lam, one per row."""
        return self._reduced(lam, with_units=False)[0]

    def reduced_and_units(self, lam: FloatArray) -> tuple[FloatArray, FloatArray]:
        """r at prices lam, and the units of each line each row's best choice takes."""
        return self._reduced(lam, with_units=True)

    def _reduced(self, lam: FloatArray, *, with_units: bool) -> tuple[FloatArray, FloatArray]:
        m = self.m
        value = self.cost - lam[self.line]
        neg = value < 0.0
        r = self.opening + np.bincount(self.row[neg], value[neg] * self.count[neg], self.n)
        units = np.zeros((0, m))
        if with_units:
            cell = self.row[neg] * m + self.line[neg]
            units = np.bincount(cell, self.count[neg], self.n * m).astype(np.float64)
            units = units.reshape(self.n, m)
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
            if with_units:
                units[self.capped] = take[:, :m] + take[:, m:]
        return r, units


@dataclass(frozen=True)
class Dual:
    """L_s(lam) and its parts."""

    value: float
    base: float  # prices x demand, unfilled part and -split: L_s without the set part
    chosen: IntArray  # rows of the best set U


def _best_set(r: FloatArray, at_least: int, limit: int) -> IntArray:
    """The `at_least` smallest r, then further negative ones, at most `limit` in all."""
    if r.size <= at_least:
        return np.arange(r.size)
    size = min(max(int((r < 0.0).sum()), at_least), limit)
    return np.argpartition(r, size - 1)[:size]


def dual(inst: Instance, lam: FloatArray, r: FloatArray, at_least: int) -> Dual:
    """L_s(lam) given reduced costs r of every row (+inf if no set is large enough)."""
    q = inst.qty
    base = float(lam @ q) - inst.cost_model.split_penalty_cents
    if not inst.constraints.ship_complete:
        penalty = inst.cost_model.unfilled_cents_per_unit
        base += float((q * np.minimum(0.0, penalty - lam)).sum())
    chosen = _best_set(r, at_least, inst.max_shipments)
    value = base + float(r[chosen].sum()) if chosen.size >= at_least else math.inf
    return Dual(value, base, chosen)


def _gradient(inst: Instance, lam: FloatArray, units: FloatArray, d: Dual) -> FloatArray:
    q = inst.qty.astype(np.float64)
    grad = q - units[d.chosen].sum(axis=0)
    if not inst.constraints.ship_complete:
        grad -= np.where(lam > inst.cost_model.unfilled_cents_per_unit, q, 0.0)
    return np.asarray(grad, dtype=np.float64)


def marginal_prices(inst: Instance) -> FloatArray:
    """Each line's q-th cheapest unit price over all locations (0 if it has no q units)."""
    q, n = inst.qty, inst.n
    price = np.where(inst.stock > 0, inst.price, np.iinfo(np.int64).max)
    # The q-th cheapest unit lies among the q cheapest locations that hold any.
    few = min(int(q.max()), n)
    rows = (
        np.argpartition(price, few - 1, axis=0)[:few]
        if few < n
        else np.tile(np.arange(n)[:, None], (1, q.size))
    )
    rows = np.take_along_axis(rows, np.argsort(np.take_along_axis(price, rows, 0), 0), 0)
    held = np.cumsum(np.minimum(np.take_along_axis(inst.stock, rows, 0), q), axis=0)
    j = np.minimum((held < q).sum(axis=0), few - 1)
    lines = np.arange(q.size)
    lam = np.where(held[-1] >= q, price[rows[j, lines], lines], 0).astype(np.float64)
    if not inst.constraints.ship_complete:
        lam = np.minimum(lam, float(inst.cost_model.unfilled_cents_per_unit))
    return np.asarray(lam, dtype=np.float64)


class _Screen:
    """The rows that may be in the best set while lam stays below `screen`."""

    def __init__(self, tiers: Tiers, lam: FloatArray, at_least: int) -> None:
        r_now = tiers.reduced(lam)
        # Rows at or below the (s+1)-th smallest r now, and all negative ones, may matter.
        cut = float(np.partition(r_now, at_least)[at_least]) if r_now.size > at_least else 0.0
        self.threshold, self.at_least = max(cut, 0.0), at_least
        self.screen = lam + SCREEN_MARGIN_CENTS
        self.active = np.flatnonzero(tiers.reduced(self.screen) <= self.threshold)
        self.tiers = tiers.subset(self.active)

    def covers(self, lam: FloatArray, r: FloatArray) -> bool:
        """True while r of the active rows decides the best set exactly."""
        enough = int((r <= self.threshold).sum()) >= self.at_least
        return enough and bool((lam <= self.screen).all())


@dataclass(frozen=True)
class Ascent:
    """The best prices found, L_s there (over all rows), and the best plan seen."""

    prices: FloatArray
    dual: Dual
    reduced: FloatArray
    incumbent: IntArray | None


def ascend(
    inst: Instance, tiers: Tiers, at_least: int, incumbent: IntArray | None, deadline: float
) -> Ascent:
    """Maximise L_s until it reaches the incumbent's cost, stalls, or time runs out."""
    ub = math.inf if incumbent is None else float(total_cost(inst, incumbent))
    lam = marginal_prices(inst)
    best, best_lam = -math.inf, lam.copy()
    screen = _Screen(tiers, lam, at_least)
    step, stall, tried = 1.0, 0, set()
    for _ in range(MAX_STEPS):
        if best >= ub - 1e-6 or step < MIN_STEP or time.perf_counter() > deadline:
            break
        r, units = screen.tiers.reduced_and_units(lam)
        if not screen.covers(lam, r):
            screen = _Screen(tiers, lam, at_least)
            r, units = screen.tiers.reduced_and_units(lam)
        d = dual(inst, lam, r, at_least)
        if not math.isfinite(d.value):
            break
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
    r = tiers.reduced(best_lam)
    return Ascent(best_lam, dual(inst, best_lam, r, at_least), r, incumbent)
