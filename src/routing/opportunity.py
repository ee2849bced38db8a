"""Opportunity prices: what a unit of stock and of dispatch capacity is worth later.

The horizon LP (`routing.horizon_lp`) routes the orders expected from now until the
horizon ends (`routing.expected_orders`) over the stock available now plus what is
expected to arrive, and each location's remaining dispatch capacity per day, with every
option priced as routing prices it (`routing.horizon_entries`). Its duals price the rows
(Acimovic & Graves, 2015): a stock row's dual is minus the cents one more unit of that
(location, SKU) now would save the expected orders; a capacity row's, one more unit of a
location's dispatch on a day. `OpportunityPrices` keeps them as prices >= 0, capacity
per location for today, tomorrow and the days after (the largest of those days).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.cost_model import CostModel
from routing.forecast import DAY_NS
from routing.horizon_entries import DemandSample, build_entries
from routing.horizon_lp import HorizonSupply, build_horizon_lp
from routing.problem import Candidates, Constraints
from routing.sparse_lp import solve_sparse_lp

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Dispatch-day buckets of the capacity prices: today, tomorrow, the days after.
BUCKETS = 3
GLOP_MAX_VARIABLES = 60_000
#: Locations with stock nearest to an expected order that may serve it (plus warehouses).
NEAREST = 8
PDLP_PARAMETERS = (
    "num_threads: 2 termination_criteria "
    "{ simple_optimality_criteria { eps_optimal_relative: 1e-4 } }"
)


@dataclass(frozen=True, eq=False)
class OpportunityPrices:
    """Cents per unit of stock (locations, SKUs) and of capacity (locations, buckets)."""

    stock: FloatArray
    capacity: FloatArray
    day: int  # UTC day index (days since 1970-01-01) of bucket 0
    computed_at_ns: int
    status: str
    variables: int
    constraints: int
    build_s: float
    solve_s: float
    #: Expected orders and units the prices were solved for.
    expected_orders: int = 0
    expected_units: float = 0.0

    def unit_cents(
        self, theta: float, rows: IntArray, columns: IntArray, dispatch_day: IntArray
    ) -> IntArray:
        """theta x (stock + capacity price) per (row, column), for units leaving rows on
        their `dispatch_day` (a UTC day index per row), rounded to whole cents."""
        bucket = np.clip(dispatch_day - self.day, 0, BUCKETS - 1)
        price = self.stock[np.ix_(rows, columns)] + self.capacity[rows, bucket][:, None]
        return np.asarray(np.rint(theta * price), dtype=np.int64)

    def kept_cents(self, theta: float, row: int, columns: IntArray) -> IntArray:
        """theta x the stock price of units kept at `row` (click & collect, no dispatch)."""
        return np.asarray(np.rint(theta * self.stock[row, columns]), dtype=np.int64)


def solve_opportunity(
    network: Candidates,
    expected: DemandSample,
    supply: HorizonSupply,
    cost_model: CostModel,
    constraints: Constraints,
    now_ns: int,
    *,
    nearest: int | None = NEAREST,
    time_limit_s: float = 30.0,
) -> OpportunityPrices:
    """Price stock and capacity for the `expected` orders from `now_ns` on.

    `network` holds every location, its columns every SKU, its stock what each location
    could offer over the horizon (available now + arriving); `supply` what it has now, what
    arrives when, and the capacity used per day from today on (day 0). Each order may be
    served by its `nearest` locations with stock and every warehouse (None: by any)."""
    started = time.perf_counter()
    day = now_ns // DAY_NS
    n_loc, n_sku = supply.start.shape
    entries = build_entries(network, expected, cost_model, constraints, day, nearest=nearest)
    lp = build_horizon_lp(entries, supply, cost_model, constraints)
    build_s = round(time.perf_counter() - started, 3)
    n_rows, n_vars = lp.matrix.shape
    units = float(
        sum(
            sum(ln.qty for ln in o.lines) * w
            for o, w in zip(expected.orders, expected.weight.tolist(), strict=True)
        )
    )
    stock, capacity = np.zeros((n_loc, n_sku)), np.zeros((n_loc, BUCKETS))
    status, solve_s = "empty", 0.0
    if n_rows:
        result = solve_sparse_lp(
            lp.lower, lp.upper, lp.objective, lp.row_lb, lp.row_ub, lp.matrix,
            time_limit_s=time_limit_s, glop_max_variables=GLOP_MAX_VARIABLES,
            pdlp_parameters=PDLP_PARAMETERS,
        )  # fmt: skip
        status, solve_s = result.status, round(result.solve_s, 3)
        if result.duals is not None:
            stock = lp.stock_prices(result.duals, n_loc)
            for (loc, d), cents in lp.capacity_prices(result.duals).items():
                b = min(max(d, 0), BUCKETS - 1)
                capacity[loc, b] = max(capacity[loc, b], cents)
    return OpportunityPrices(
        stock, capacity, day, now_ns, status, n_vars, n_rows, build_s, solve_s,
        expected_orders=len(expected.orders), expected_units=units,
    )  # fmt: skip
