"""Opportunity prices: what a unit of stock and of dispatch capacity is worth later.

The remaining-horizon LP routes the *forecast* demand, from now to the horizon's end,
over the stock available now plus what is expected to arrive, and each location's
remaining dispatch capacity; its duals price the rows (Acimovic & Graves, 2015):

- x[e, l] (units of forecast entry e served from location l) pays the unit's price there:
  shipping by distance and weight, handling, and the shipment's base cost spread over
  an average order's units; a unit not served pays the unfilled penalty (folded into
  the objective as a constant, so x pays price - unfilled);
- entries: shipped demand per (time slice, region, SKU), served from the `neighbours`
  nearest shipping locations of the region and every warehouse; click & collect demand
  per (pickup store, SKU), kept from the store's shelf or else brought by a transfer (at
  the price of the nearest other location, outside the rows);
- stock: units taken from (location, SKU) <= available now + arriving;
- capacity: units dispatched by a location on each dispatch day <= what it has left
  (today, tomorrow, and the days after as one pool); a time slice ends at each cut-off,
  so demand placed after a location's cut-off counts on its next day.

A row's dual (<= 0 in this minimisation) is minus the cents one more unit there would
save: `OpportunityPrices` keeps it as a price >= 0 (`routing.sparse_lp` solves it).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sparse
from numpy.typing import NDArray

from routing.cost_model import CostModel
from routing.forecast import DAY_NS, DemandForecast
from routing.geo import haversine_km
from routing.problem import UNLIMITED
from routing.sparse_lp import solve_sparse_lp

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Dispatch-day buckets of the capacity rows: today, tomorrow, the days after.
BUCKETS = 3
GLOP_MAX_VARIABLES = 60_000
PDLP_PARAMETERS = (
    "num_threads: 2 termination_criteria "
    "{ simple_optimality_criteria { eps_optimal_relative: 1e-4 } }"
)
# Forecast entries expecting fewer units than this are left out (they move no dual).
MIN_UNITS = 1e-3


@dataclass(frozen=True, eq=False)
class HorizonState:
    """The network as the look-ahead sees it now: rows are locations, columns SKUs.

    `capacity[l, b]` is what location l may still dispatch today (b=0), tomorrow (b=1)
    and on the days after until the horizon ends (b=2, summed); a location without a
    cap holds `routing.UNLIMITED`.
    """

    lat: FloatArray
    lon: FloatArray
    is_store: BoolArray
    can_ship: BoolArray
    can_pickup: BoolArray
    handling: IntArray
    base: IntArray
    cutoff_minute: IntArray
    weight_g: IntArray
    available: IntArray
    arriving: IntArray
    capacity: IntArray


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


@dataclass
class _Columns:
    """The LP's variables, column by column."""

    entry: list[IntArray]
    location: list[IntArray]
    sku: list[IntArray]
    bucket: list[IntArray]
    cost: list[FloatArray]
    upper: list[FloatArray]

    def add(
        self, entry: int, loc: IntArray, sku: IntArray, bucket: IntArray, cost: Any, up: Any
    ) -> None:
        self.entry.append(np.full(loc.size, entry, dtype=np.int64))
        self.location.append(loc)
        self.sku.append(sku)
        self.bucket.append(bucket)
        self.cost.append(np.asarray(cost, dtype=np.float64))
        self.upper.append(np.asarray(up, dtype=np.float64))


def solve_opportunity(
    state: HorizonState,
    forecast: DemandForecast,
    now_ns: int,
    end_ns: int,
    cost_model: CostModel,
    *,
    neighbours: int = 8,
    time_limit_s: float = 30.0,
) -> OpportunityPrices:
    """Solve the remaining-horizon LP and price its stock and capacity rows."""
    started = time.perf_counter()
    n_loc, n_sku = state.available.shape
    supply = np.maximum(state.available, 0) + np.maximum(state.arriving, 0)
    unfilled = float(cost_model.unfilled_cents_per_unit)
    spread = state.base / max(forecast.units_per_order, 1.0)
    cols = _Columns([], [], [], [], [], [])
    demand: list[float] = []

    # Data: shipped demand per (slice, region, SKU), from the region's nearest locations.
    km = haversine_km_matrix(forecast.region_lat, forecast.region_lon, state.lat, state.lon)
    options = _options(km, state, neighbours)
    for start, end, offset, minute in _slices(now_ns, end_ns, state.cutoff_minute):
        ship, _ = forecast.expected(start, end)
        bucket = (
            np.full(n_loc, BUCKETS - 1)
            if offset == BUCKETS - 1
            else np.minimum(offset + (minute >= state.cutoff_minute), BUCKETS - 1)
        )
        for r, locs in enumerate(options):
            price = (
                cost_model.distance_cents_per_unit(km[r, locs], state.weight_g)
                + (state.handling[locs] + spread[locs])[:, None]
            )  # (options, SKUs)
            for s in np.flatnonzero(ship[r] >= MIN_UNITS).tolist():
                ok = (supply[locs, s] > 0) & (price[:, s] < unfilled)
                if ok.any():
                    d = float(ship[r, s])
                    loc = locs[ok]
                    cols.add(len(demand), loc, np.full(loc.size, s), bucket[loc],
                             price[ok, s] - unfilled, np.full(loc.size, d))  # fmt: skip
                    demand.append(d)

    # Data: click & collect demand per (store, SKU): kept from the shelf saves a transfer.
    _, collect = forecast.expected(now_ns, end_ns)
    stores = np.flatnonzero(state.can_pickup & (collect.sum(axis=1) > 0))
    for p in stores.tolist():
        others = np.flatnonzero(state.can_ship & (np.arange(n_loc) != p))
        if not others.size:
            continue
        near = others[
            np.argmin(
                haversine_km(state.lat[others], state.lon[others], state.lat[p], state.lon[p])
            )
        ]
        transfer = (
            cost_model.distance_cents_per_unit(
                haversine_km(
                    state.lat[near : near + 1],
                    state.lon[near : near + 1],
                    state.lat[p],
                    state.lon[p],
                ),
                state.weight_g,
            )[0]
            + state.handling[near]
            + spread[near]
        )
        alternative = np.minimum(transfer, unfilled)
        for s in np.flatnonzero((collect[p] >= MIN_UNITS) & (supply[p] > 0)).tolist():
            saving = float(state.handling[p]) - float(alternative[s])
            if saving < 0:
                d = float(collect[p, s])
                cols.add(len(demand), np.array([p]), np.array([s]), np.array([-1]), [saving], [d])
                demand.append(d)
    return _solve(state, cols, demand, now_ns, started, time_limit_s)


def _solve(
    state: HorizonState,
    cols: _Columns,
    demand: list[float],
    now_ns: int,
    started: float,
    time_limit_s: float,
) -> OpportunityPrices:
    n_loc, n_sku = state.available.shape
    day = now_ns // DAY_NS
    if not demand:
        return OpportunityPrices(
            np.zeros((n_loc, n_sku)), np.zeros((n_loc, BUCKETS)), day, now_ns, "empty", 0, 0,
            round(time.perf_counter() - started, 3), 0.0,
        )  # fmt: skip
    entry = np.concatenate(cols.entry)
    loc = np.concatenate(cols.location)
    sku = np.concatenate(cols.sku)
    bucket = np.concatenate(cols.bucket)
    n_var = entry.size
    var = np.arange(n_var)
    # Constraints: each entry serves at most its demand (rows 0..E-1).
    row_parts, col_parts, ub_parts = [entry], [var], [np.array(demand)]
    n_rows = len(demand)
    # Constraints: units taken from a (location, SKU) are at most what it has and gets.
    pair = loc * n_sku + sku
    pairs, pair_row = np.unique(pair, return_inverse=True)
    supply = (np.maximum(state.available, 0) + np.maximum(state.arriving, 0)).reshape(-1)
    row_parts.append(n_rows + pair_row)
    col_parts.append(var)
    ub_parts.append(supply[pairs].astype(np.float64))
    stock_rows = n_rows
    n_rows += pairs.size
    # Constraints: units a location dispatches per day bucket are at most what it has left.
    dispatched = bucket >= 0
    slot = loc[dispatched] * BUCKETS + bucket[dispatched]
    slots, slot_row = np.unique(slot, return_inverse=True)
    cap = state.capacity.reshape(-1)[slots].astype(np.float64)
    row_parts.append(n_rows + slot_row)
    col_parts.append(var[dispatched])
    ub_parts.append(np.where(cap >= UNLIMITED, math.inf, cap))
    cap_rows = n_rows
    n_rows += slots.size
    rows = np.concatenate(row_parts)
    matrix = sparse.csr_matrix(
        (np.ones(rows.size), (rows, np.concatenate(col_parts))), shape=(n_rows, n_var)
    )
    row_ub = np.concatenate(ub_parts)
    objective = np.concatenate(cols.cost)
    build_s = time.perf_counter() - started

    # Solve
    lp = solve_sparse_lp(
        np.zeros(n_var), np.concatenate(cols.upper), objective, np.full(n_rows, -math.inf),
        row_ub, matrix, time_limit_s=time_limit_s, glop_max_variables=GLOP_MAX_VARIABLES,
        pdlp_parameters=PDLP_PARAMETERS,
    )  # fmt: skip
    stock = np.zeros(n_loc * n_sku)
    capacity = np.zeros(n_loc * BUCKETS)
    if lp.duals is not None:
        stock[pairs] = -lp.duals[stock_rows:cap_rows]
        capacity[slots] = -lp.duals[cap_rows:]
    return OpportunityPrices(
        stock.reshape(n_loc, n_sku), capacity.reshape(n_loc, BUCKETS), day, now_ns,
        lp.status, n_var, n_rows, round(build_s, 3), round(lp.solve_s, 3),
    )  # fmt: skip


def haversine_km_matrix(
    lat: FloatArray, lon: FloatArray, to_lat: FloatArray, to_lon: FloatArray
) -> FloatArray:
    """Great-circle km from each (lat, lon) (rows) to each (to_lat, to_lon) (columns)."""
    return np.stack([haversine_km(to_lat, to_lon, a, b) for a, b in zip(lat, lon, strict=True)])


def _options(km: FloatArray, state: HorizonState, neighbours: int) -> list[IntArray]:
    """Per region: its `neighbours` nearest shipping locations and every shipping warehouse."""
    ships = np.flatnonzero(state.can_ship)
    warehouses = ships[~state.is_store[ships]]
    result = []
    for r in range(km.shape[0]):
        nearest = ships[np.argsort(km[r, ships], kind="stable")[:neighbours]]
        result.append(np.union1d(nearest, warehouses).astype(np.int64))
    return result


def _slices(now_ns: int, end_ns: int, cutoff: IntArray) -> list[tuple[int, int, int, int]]:
    """(start, end, day offset, start minute) of each time slice of the horizon.

    Today and tomorrow are cut at every cut-off time; the days after are one slice
    (offset `BUCKETS - 1`).
    """
    day = now_ns // DAY_NS
    cuts = sorted({int(c) for c in cutoff.tolist() if 0 < c < 24 * 60})
    result = []
    for offset in (0, 1):
        edges = [(day + offset) * DAY_NS + m * 60 * 10**9 for m in [0, *cuts, 24 * 60]]
        for a, b, m in zip(edges[:-1], edges[1:], [0, *cuts], strict=True):
            lo, hi = max(a, now_ns), min(b, end_ns)
            if hi > lo:
                result.append((lo, hi, offset, m))
    later = max((day + 2) * DAY_NS, now_ns)
    if end_ns > later:
        result.append((later, end_ns, BUCKETS - 1, 0))
    return result
