"""The hindsight bound: the whole stream solved offline as one LP relaxation (OR-Tools).

All orders are known in advance; stock, arrivals, daily capacity and the cost model are
the replay's. Every plan the replay can make is a feasible point of this LP at no lower
cost, so its optimum is a lower bound on every strategy's total cost:

- x[e] (units of option e, see `hindsight_entries`) pays the unit price; a line's units
  not served pay the unfilled penalty (folded into the objective as a constant);
- a shipment's base + late cost: for one-line orders x/qty of it (exact, y = x/qty), for
  longer orders a y[order, location] in [0, 1] with x <= qty * y; the split penalty is
  paid on sum(y) - 1;
- stock: units taken from (location, SKU) before each arrival there <= what was there
  (at most `MAX_STOCK_ROWS` such cuts per pair; fewer cuts only loosen the bound);
- capacity: units dispatched per (location, day) <= daily capacity;
- last-units protection: a store pays at least (units taken - (supply - N)) protected
  units on a pair over the whole horizon.

GLOP solves small LPs, PDLP (first order, both cores) large ones. The bound is not the
solver's objective but the Lagrangian value of its duals (weak duality, every variable
boxed), rounded up to whole cents (every replay's cost is whole cents): valid even
when PDLP stops early or inexactly.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse

from omniroute.scenario.hindsight_entries import Entries, build_entries
from omniroute.scenario.loading import Scenario
from omniroute.scenario.replay import scenario_days
from routing.sparse_lp import solve_sparse_lp

MAX_STOCK_ROWS = 24
GLOP_MAX_VARIABLES = 20_000
PDLP_PARAMETERS = (
    "num_threads: 2 termination_criteria "
    "{ simple_optimality_criteria { eps_optimal_relative: 1e-5 } }"
)


@dataclass(frozen=True)
class HindsightBound:
    """The LP bound in whole cents (None unless solved to optimality)."""

    bound_cents: int | None
    status: str
    variables: int
    constraints: int
    build_s: float
    solve_s: float


class _Rows:
    """A sparse constraint matrix built row by row: lb <= sum(coef * var) <= ub."""

    def __init__(self) -> None:
        self.row: list[np.ndarray] = []
        self.col: list[np.ndarray] = []
        self.val: list[np.ndarray] = []
        self.lb: list[float] = []
        self.ub: list[float] = []

    def add(self, cols: np.ndarray, vals: np.ndarray, ub: float, lb: float = -math.inf) -> None:
        self.row.append(np.full(cols.size, len(self.ub)))
        self.col.append(cols)
        self.val.append(vals.astype(np.float64))
        self.lb.append(lb)
        self.ub.append(ub)


def hindsight_bound(scenario: Scenario, time_limit_s: float = 600.0) -> HindsightBound:
    """Solve the LP relaxation of the whole stream; see the module docstring."""
    started = time.perf_counter()
    first, _ = scenario_days(scenario)
    e = build_entries(scenario, first.toordinal() - 719163)
    cm, net = scenario.spec.cost_model, scenario.network
    unfilled = cm.unfilled_cents_per_unit
    lines_per_order = np.bincount(e.line_order, minlength=len(scenario.stream.orders))
    single = lines_per_order[e.order] == 1
    qty = e.line_qty[e.line]
    # Data: an option is worth keeping only if it beats leaving the unit unfilled.
    price = e.price + np.where(single & e.dispatched, e.fixed / qty, 0.0)
    keep = price < unfilled
    e = e.subset(keep)
    price, single, qty = price[keep], single[keep], qty[keep]

    # Variables: x (one per option), then y (per order-location), s (per order), p (pairs).
    rows = _Rows()
    n_x = e.order.size
    lb = [np.zeros(n_x)]
    ub = [np.minimum(qty, 1e18).astype(np.float64)]
    cost = [price - unfilled]
    next_var = n_x

    # Each line serves at most its quantity; the rest is unfilled.
    by_line = defaultdict(list)
    for k, line in enumerate(e.line.tolist()):
        by_line[line].append(k)
    for members in by_line.values():
        cols = np.array(members)
        rows.add(cols, np.ones(cols.size), float(e.line_qty[e.line[cols[0]]]))

    # A multi-line order pays a shipment's fixed cost per location it opens, and the split.
    multi = np.flatnonzero(~single & e.dispatched)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k in multi.tolist():
        groups[(int(e.order[k]), int(e.location[k]))].append(k)
    opened: dict[int, list[int]] = defaultdict(list)
    for (o, _loc), members in groups.items():
        y = next_var
        next_var += 1
        lb.append(np.zeros(1))
        ub.append(np.ones(1))
        cost.append(np.array([float(e.fixed[members[0]])]))
        opened[o].append(y)
        for k in members:
            # Units from a location need that location's shipment opened.
            rows.add(np.array([k, y]), np.array([1.0, -float(qty[k])]), 0.0)
    limit = scenario.spec.constraints.max_shipments
    for ys in opened.values():
        s = next_var
        next_var += 1
        lb.append(np.zeros(1))
        ub.append(np.full(1, float(max(len(ys) - 1, 0))))
        cost.append(np.array([float(cm.split_penalty_cents)]))
        # Every shipment beyond the first pays the split penalty.
        rows.add(np.array([*ys, s]), np.array([1.0] * len(ys) + [-1.0]), 1.0)
        if limit is not None:
            rows.add(np.array(ys), np.ones(len(ys)), float(limit))

    # A location dispatches at most its daily capacity each day.
    cap = net.daily_capacity
    capped = np.flatnonzero(e.dispatched & (cap[e.location] > 0))
    by_day: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k in capped.tolist():
        by_day[(int(e.location[k]), int(e.day[k]))].append(k)
    for (loc, _day), members in by_day.items():
        if qty[members].sum() > cap[loc]:
            rows.add(np.array(members), np.ones(len(members)), float(cap[loc]))

    next_var = _stock_rows(scenario, e, qty, rows, next_var, lb, ub, cost)
    build_s = time.perf_counter() - started

    # Solve
    matrix = sparse.csr_matrix(
        (np.concatenate(rows.val), (np.concatenate(rows.row), np.concatenate(rows.col))),
        shape=(len(rows.ub), next_var),
    )
    lower, upper = np.concatenate(lb), np.concatenate(ub)
    objective = np.concatenate(cost).astype(np.float64)
    row_ub = np.array(rows.ub)
    lp = solve_sparse_lp(
        lower, upper, objective, np.array(rows.lb), row_ub, matrix,
        time_limit_s=time_limit_s, glop_max_variables=GLOP_MAX_VARIABLES,
        pdlp_parameters=PDLP_PARAMETERS,
    )  # fmt: skip
    bound: int | None = None
    if lp.duals is not None:
        # Weak duality: any duals y <= 0 of the <= rows bound the optimum from below, so an
        # approximate dual (PDLP) or a slightly off one (GLOP) still gives a true bound.
        duals = lp.duals
        reduced = objective - matrix.T @ duals
        dual = float(row_ub @ duals) + float(np.where(reduced >= 0, lower, upper) @ reduced)
        value = dual + float(e.line_qty.sum()) * unfilled
        # Every replay's cost is whole cents, so the bound rounds up (after float slack).
        bound = math.ceil(value - 1e-9 * abs(value) - 1e-6)
    return HindsightBound(
        bound, lp.status, next_var, len(rows.ub), round(build_s, 3), round(lp.solve_s, 3)
    )


def _stock_rows(
    scenario: Scenario,
    e: Entries,
    qty: np.ndarray,
    rows: _Rows,
    next_var: int,
    lb: list[np.ndarray],
    ub: list[np.ndarray],
    cost: list[np.ndarray],
) -> int:
    """Stock before each arrival, overall stock, and last-units protection per pair."""
    net, stream, cm = scenario.network, scenario.stream, scenario.spec.cost_model
    n_skus = len(net.sku_ids)
    pair = e.location * n_skus + e.sku
    arrivals: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a in (stream.replenishments, stream.returns):
        for at, loc, sku, q in zip(
            a.at_ns.tolist(), a.location.tolist(), a.sku.tolist(), a.qty.tolist(), strict=True
        ):
            arrivals[loc * n_skus + sku].append((at, q))
    order = np.lexsort((e.at_ns, pair))
    starts = np.flatnonzero(np.r_[True, pair[order][1:] != pair[order][:-1]])
    ends = np.r_[starts[1:], order.size]
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        members = order[lo:hi]
        key = int(pair[members[0]])
        loc, sku = divmod(key, n_skus)
        start = int(net.on_hand[loc, sku]) - int(net.safety[loc, sku])
        events = sorted(arrivals.get(key, []))
        total = start + sum(q for _, q in events)
        times = e.at_ns[members]
        # Units taken before an arrival cannot exceed what was there before it.
        cuts = [(t, start + sum(q for t2, q in events if t2 < t)) for t, _ in events]
        step = max(1, math.ceil(len(cuts) / MAX_STOCK_ROWS))
        for t, available in cuts[::step]:
            before = members[: int(np.searchsorted(times, t, side="left"))]
            if before.size and qty[before].sum() > max(available, 0):
                rows.add(before, np.ones(before.size), float(max(available, 0)))
        if qty[members].sum() > max(total, 0):
            rows.add(members, np.ones(members.size), float(max(total, 0)))
        # A store pays protection on every unit beyond supply - N it gives away.
        floor = cm.protect_below_units if net.is_store[loc] else 0
        free = max(total - floor, 0)
        if floor and cm.protect_cents_per_unit and qty[members].sum() > free:
            p = next_var
            next_var += 1
            lb.append(np.zeros(1))
            ub.append(np.full(1, float(qty[members].sum())))
            cost.append(np.array([float(cm.protect_cents_per_unit)]))
            rows.add(np.r_[members, p], np.r_[np.ones(members.size), -1.0], float(free))
    return next_var
