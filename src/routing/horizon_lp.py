"""The horizon LP: orders over a horizon routed at once, as an LP relaxation.

Used twice: the hindsight bound (every order of a replay, known in advance) and the
look-ahead's opportunity prices (the orders expected until the horizon ends, from now).
Variables and rows, on the options of `routing.horizon_entries`:

- x[e] (units of option e) pays the unit price; a line's units not served pay the
  unfilled penalty (folded into the objective as a constant, so x pays price - unfilled);
- a shipment's base + late cost: for one-line orders x/qty of it (exact), for longer
  orders a y[order, location] in [0, 1] with x <= qty * y; the split penalty is paid on
  sum(y) - 1, and at most `max_shipments` locations open;
- stock: units taken from (location, SKU) before each arrival there <= what was there
  (at most `MAX_STOCK_ROWS` such cuts per pair; fewer cuts only loosen it) and overall
  <= start + arrivals;
- capacity: units dispatched per (location, day) <= what the location has left that day;
- last-units protection: a store pays at least (units taken - (supply - N)) protected
  units on a pair over the whole horizon.

An order of weight w counts w times (its units, shipments and splits): an expected order
stands for a share of one. Every stock row holds the pair's start stock on its right-hand
side, so one more unit there now is worth minus the sum of their duals; a capacity row's
dual prices one more unit of that day's capacity.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse
from numpy.typing import NDArray

from routing.cost_model import CostModel
from routing.horizon_entries import Entries
from routing.problem import Constraints

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
MAX_STOCK_ROWS = 24


@dataclass(frozen=True, eq=False)
class HorizonSupply:
    """What the locations can give over the horizon, rows are locations, columns SKUs."""

    #: Units free at the start, after safety stock (may be below 0: nothing to give).
    start: IntArray
    #: Units arriving: when (UTC ns), where, which SKU column, how many.
    arrival_at_ns: IntArray
    arrival_location: IntArray
    arrival_sku: IntArray
    arrival_qty: IntArray
    #: Units a day each location may dispatch; 0: no cap.
    daily_capacity: IntArray
    #: Units already counted on day d (from the entries' day 0) per location: (days, L).
    used: IntArray
    is_store: NDArray[np.bool_]

    def room(self, location: int, day: int) -> int:
        """Units `location` may still dispatch on `day` (only for capped locations)."""
        used = int(self.used[day, location]) if 0 <= day < len(self.used) else 0
        return max(int(self.daily_capacity[location]) - used, 0)


@dataclass(frozen=True, eq=False)
class HorizonLP:
    """min objective.x, lower <= x <= upper, row_lb <= matrix.x <= row_ub."""

    lower: FloatArray
    upper: FloatArray
    objective: FloatArray
    row_lb: FloatArray
    row_ub: FloatArray
    matrix: sparse.csr_matrix
    #: The unfilled penalty of every unit, the constant taken out of the objective.
    unfilled_cents: float
    #: (location * skus + sku) -> the rows whose right-hand side holds its start stock.
    stock_rows: dict[int, list[int]]
    #: row -> (location, day) of each capacity row.
    capacity_rows: dict[int, tuple[int, int]]
    n_skus: int

    def lagrangian_bound(self, duals: FloatArray) -> float:
        """A lower bound on the optimum from any duals <= 0 of the <= rows (weak duality,
        every variable boxed): valid whether the duals are exact or approximate."""
        reduced = self.objective - self.matrix.T @ duals
        dual = float(self.row_ub @ duals)
        dual += float(np.where(reduced >= 0, self.lower, self.upper) @ reduced)
        return dual + self.unfilled_cents

    def stock_prices(self, duals: FloatArray, n_locations: int) -> FloatArray:
        """Cents one more unit at (location, SKU) now would save, >= 0."""
        prices = np.zeros((n_locations, self.n_skus))
        for key, rows in self.stock_rows.items():
            loc, sku = divmod(key, self.n_skus)
            prices[loc, sku] = max(-float(duals[rows].sum()), 0.0)
        return prices

    def capacity_prices(self, duals: FloatArray) -> dict[tuple[int, int], float]:
        """Cents one more unit of (location, day) capacity would save, >= 0."""
        return {key: max(-float(duals[row]), 0.0) for row, key in self.capacity_rows.items()}


class _Rows:
    """A sparse constraint matrix built row by row: lb <= sum(coef * var) <= ub."""

    def __init__(self) -> None:
        self.row: list[IntArray] = []
        self.col: list[IntArray] = []
        self.val: list[FloatArray] = []
        self.lb: list[float] = []
        self.ub: list[float] = []

    def add(self, cols: IntArray, vals: FloatArray, ub: float, lb: float = -math.inf) -> int:
        self.row.append(np.full(cols.size, len(self.ub)))
        self.col.append(cols)
        self.val.append(np.asarray(vals, dtype=np.float64))
        self.lb.append(lb)
        self.ub.append(ub)
        return len(self.ub) - 1


class _Columns:
    """Variables after the x: bounds and costs, appended one by one."""

    def __init__(self, lower: FloatArray, upper: FloatArray, cost: FloatArray) -> None:
        self.lower, self.upper, self.cost = [lower], [upper], [cost]
        self.count = int(lower.size)

    def add(self, upper: float, cost: float) -> int:
        self.lower.append(np.zeros(1))
        self.upper.append(np.full(1, upper))
        self.cost.append(np.full(1, cost))
        self.count += 1
        return self.count - 1


def build_horizon_lp(
    entries: Entries,
    supply: HorizonSupply,
    cost_model: CostModel,
    constraints: Constraints,
) -> HorizonLP:
    """The LP of `entries` on `supply`; see the module docstring."""
    cm, unfilled = cost_model, cost_model.unfilled_cents_per_unit
    n_orders = entries.order_weight.size
    lines_per_order = np.bincount(entries.line_order, minlength=n_orders)
    single = lines_per_order[entries.order] == 1
    units = entries.line_qty[entries.line]
    # Data: an option is worth keeping only if it beats leaving the unit unfilled.
    price = entries.price + np.where(single & entries.dispatched, entries.fixed / units, 0.0)
    keep = price < unfilled
    e = entries.subset(keep)
    price, single, units = price[keep], single[keep], units[keep]
    weight = e.order_weight[e.order]
    demand = units * weight  # units of the option's line, as the order counts

    # Variables: x (one per option), then y (per order-location), s (per order), p (pairs).
    rows = _Rows()
    cols = _Columns(
        np.zeros(e.order.size),
        demand.astype(np.float64),
        np.asarray(price - unfilled, dtype=np.float64),
    )

    # Each line serves at most its units; the rest is unfilled.
    by_line: dict[int, list[int]] = defaultdict(list)
    for k, line in enumerate(e.line.tolist()):
        by_line[line].append(k)
    for members in by_line.values():
        rows.add(np.array(members), np.ones(len(members)), float(demand[members[0]]))

    # A multi-line order pays a shipment's fixed cost per location it opens, and the split.
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k in np.flatnonzero(~single & e.dispatched).tolist():
        groups[(int(e.order[k]), int(e.location[k]))].append(k)
    opened: dict[int, list[int]] = defaultdict(list)
    for (o, _loc), members in groups.items():
        w = float(e.order_weight[o])
        y = cols.add(1.0, float(e.fixed[members[0]]) * w)
        opened[o].append(y)
        for k in members:
            # Units from a location need that location's shipment opened.
            rows.add(np.array([k, y]), np.array([1.0, -float(demand[k])]), 0.0)
    limit = constraints.max_shipments
    for o, ys in opened.items():
        s = cols.add(float(max(len(ys) - 1, 0)), float(cm.split_penalty_cents * e.order_weight[o]))
        # Every shipment beyond the first pays the split penalty.
        rows.add(np.array([*ys, s]), np.array([1.0] * len(ys) + [-1.0]), 1.0)
        if limit is not None:
            rows.add(np.array(ys), np.ones(len(ys)), float(limit))

    # A location dispatches at most what it has left each day.
    capacity_rows: dict[int, tuple[int, int]] = {}
    capped = np.flatnonzero(e.dispatched & (supply.daily_capacity[e.location] > 0))
    by_day: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k in capped.tolist():
        by_day[(int(e.location[k]), int(e.day[k]))].append(k)
    for (loc, day), members in by_day.items():
        room = supply.room(loc, day)
        if demand[members].sum() > room:
            row = rows.add(np.array(members), np.ones(len(members)), float(room))
            capacity_rows[row] = (loc, day)

    stock_rows = _stock_rows(e, demand, supply, cm, rows, cols)
    matrix = sparse.csr_matrix(
        (
            np.concatenate(rows.val) if rows.val else np.zeros(0),
            (
                np.concatenate(rows.row) if rows.row else np.zeros(0, dtype=np.int64),
                np.concatenate(rows.col) if rows.col else np.zeros(0, dtype=np.int64),
            ),
        ),
        shape=(len(rows.ub), cols.count),
    )
    total_demand = float((entries.line_qty * entries.order_weight[entries.line_order]).sum())
    return HorizonLP(
        lower=np.concatenate(cols.lower),
        upper=np.concatenate(cols.upper),
        objective=np.concatenate(cols.cost).astype(np.float64),
        row_lb=np.array(rows.lb, dtype=np.float64),
        row_ub=np.array(rows.ub, dtype=np.float64),
        matrix=matrix,
        unfilled_cents=total_demand * unfilled,
        stock_rows=stock_rows,
        capacity_rows=capacity_rows,
        n_skus=supply.start.shape[1],
    )


def _stock_rows(
    e: Entries,
    demand: FloatArray,
    supply: HorizonSupply,
    cm: CostModel,
    rows: _Rows,
    cols: _Columns,
) -> dict[int, list[int]]:
    """Stock before each arrival, overall stock, and last-units protection per pair."""
    n_skus = supply.start.shape[1]
    pair = e.location * n_skus + e.sku
    arrivals: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for at, loc, sku, q in zip(
        supply.arrival_at_ns.tolist(), supply.arrival_location.tolist(),
        supply.arrival_sku.tolist(), supply.arrival_qty.tolist(), strict=True,
    ):  # fmt: skip
        arrivals[loc * n_skus + sku].append((at, q))
    result: dict[int, list[int]] = defaultdict(list)
    if not pair.size:
        return {}
    order = np.lexsort((e.at_ns, pair))
    starts = np.flatnonzero(np.r_[True, pair[order][1:] != pair[order][:-1]])
    ends = np.r_[starts[1:], order.size]
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        members = order[lo:hi]
        key = int(pair[members[0]])
        loc, sku = divmod(key, n_skus)
        start = int(supply.start[loc, sku])
        events = sorted(arrivals.get(key, []))
        total = start + sum(q for _, q in events)
        times = e.at_ns[members]
        # Units taken before an arrival cannot exceed what was there before it.
        cuts = [(t, start + sum(q for t2, q in events if t2 < t)) for t, _ in events]
        step = max(1, math.ceil(len(cuts) / MAX_STOCK_ROWS))
        for t, available in cuts[::step]:
            before = members[: int(np.searchsorted(times, t, side="left"))]
            if before.size and demand[before].sum() > max(available, 0):
                row = rows.add(before, np.ones(before.size), float(max(available, 0)))
                result[key].append(row)
        if demand[members].sum() > max(total, 0):
            result[key].append(rows.add(members, np.ones(members.size), float(max(total, 0))))
        # A store pays protection on every unit beyond supply - N it gives away.
        floor = cm.protect_below_units if supply.is_store[loc] else 0
        free = max(total - floor, 0)
        if floor and cm.protect_cents_per_unit and demand[members].sum() > free:
            p = cols.add(float(demand[members].sum()), float(cm.protect_cents_per_unit))
            row = rows.add(np.r_[members, p], np.r_[np.ones(members.size), -1.0], float(free))
            result[key].append(row)
    return dict(result)
