"""Checks shared by the horizon LP tests: a Berlin store and a Munich warehouse, orders
as a `DemandSample`, and the LP solved a second, independent way (HiGHS, through scipy)
for its primal solution and optimum.

The tariff is zone-only (100 c/kg within 50 km, 500 c/kg beyond), handling 60 c, base
200 c at the store and 600 c at the warehouse, 1 kg units, no late cost (no promised
day) and no last-units protection. A one-unit order shipped to Berlin costs
100 + 60 + 200 = 360 c from the store and 500 + 60 + 600 = 1,160 c from the warehouse:
each unit the store serves saves 800 c.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from scipy.optimize import linprog

from routing import Candidates, Constraints, CostModel, Zone
from routing.forecast import DAY_NS, HOUR_NS
from routing.horizon_entries import DemandSample, build_entries
from routing.horizon_lp import HorizonLP, HorizonSupply, build_horizon_lp
from routing.problem import FulfilmentMode, Order, OrderLine

MODEL = CostModel(
    cents_per_tonne_km=0,
    zones=(Zone(50.0, 100), Zone(2_000.0, 500)),
    protect_below_units=0,
    protect_cents_per_unit=0,
)
CONSTRAINTS = Constraints(ship_complete=False)
STORE, WAREHOUSE = 0, 1
BERLIN, MUNICH = (52.52, 13.405), (48.137, 11.575)
MIDNIGHT_NS = int(datetime(2025, 11, 3, tzinfo=UTC).timestamp()) * 10**9  # a Monday
TODAY = MIDNIGHT_NS // DAY_NS
UNFILLED = MODEL.unfilled_cents_per_unit


def network(
    stock: list[list[int]], *, store_cutoff: int = 24 * 60, skus: tuple[str, ...] = ("A",)
) -> Candidates:
    """The store and the warehouse, `stock` what each could ever offer per SKU."""
    return Candidates(
        location_ids=("berlin", "munich"),
        skus=skus,
        stock=np.array(stock, dtype=np.int64),
        lat=np.array([BERLIN[0], MUNICH[0]]),
        lon=np.array([BERLIN[1], MUNICH[1]]),
        is_store=np.array([True, False]),
        can_ship=np.array([True, True]),
        can_pickup=np.array([True, False]),
        base_cost_cents=np.array([200, 600], dtype=np.int64),
        handling_cents_per_unit=np.array([60, 60], dtype=np.int64),
        cutoff_minute_utc=np.array([store_cutoff, 24 * 60], dtype=np.int64),
        ship_lead_days=np.array([1, 1], dtype=np.int64),
        transfer_lead_days=np.array([1, 1], dtype=np.int64),
    )


def order(
    hour: float, lines: dict[str, int] | None = None, *, collect: bool = False, day: int = 0
) -> Order:
    """An order placed at `hour` UTC on Monday + `day`, shipped to Berlin or collected at
    the store; one unit of SKU A unless `lines` says otherwise."""
    at = datetime.fromtimestamp((MIDNIGHT_NS + day * DAY_NS + hour * HOUR_NS) / 1e9, tz=UTC)
    return Order(
        order_id=f"o{day}-{hour}-{collect}",
        lines=tuple(
            OrderLine(sku, q, unit_weight_g=1_000) for sku, q in (lines or {"A": 1}).items()
        ),
        destination=BERLIN,
        created_at=at,
        mode=FulfilmentMode.COLLECT if collect else FulfilmentMode.SHIP,
        pickup_location_id="berlin" if collect else None,
    )


def sample(
    net: Candidates, orders: list[Order], weights: list[float] | None = None
) -> DemandSample:
    """`orders` (collect orders at the store) with `weights` (1 each unless given)."""
    return DemandSample(
        orders=tuple(orders),
        at_ns=np.array([int(o.created_at.timestamp()) * 10**9 for o in orders], dtype=np.int64),
        columns=tuple(np.array([net.skus.index(ln.sku) for ln in o.lines]) for o in orders),
        pickup_row=np.array(
            [STORE if o.mode is FulfilmentMode.COLLECT else -1 for o in orders], dtype=np.int64
        ),
        weight=np.array(weights or [1.0] * len(orders), dtype=np.float64),
    )


def supply(
    start: list[list[int]],
    *,
    capacity: tuple[int, int] = (0, 0),
    used: list[list[int]] | None = None,
    arrival: tuple[float, int, int] | None = None,
) -> HorizonSupply:
    """`start` units now, daily `capacity` (0: none), `used` per (day, location), and one
    optional `arrival` (hour today, location, units) of SKU A."""
    at, loc, qty = arrival or (0.0, 0, 0)
    some = arrival is not None
    return HorizonSupply(
        start=np.array(start, dtype=np.int64),
        arrival_at_ns=np.array([MIDNIGHT_NS + int(at * HOUR_NS)] * some, dtype=np.int64),
        arrival_location=np.array([loc] * some, dtype=np.int64),
        arrival_sku=np.zeros(int(some), dtype=np.int64),
        arrival_qty=np.array([qty] * some, dtype=np.int64),
        daily_capacity=np.array(capacity, dtype=np.int64),
        used=np.array(used if used is not None else np.zeros((0, 2)), dtype=np.int64),
        is_store=np.array([True, False]),
    )


def horizon_lp(
    net: Candidates,
    demand: DemandSample,
    have: HorizonSupply,
    cost_model: CostModel = MODEL,
    constraints: Constraints = CONSTRAINTS,
) -> HorizonLP:
    """The horizon LP of `demand` on `net` and `have`, days counted from Monday."""
    entries = build_entries(net, demand, cost_model, constraints, TODAY)
    return build_horizon_lp(entries, have, cost_model, constraints)


@dataclass(frozen=True)
class Optimum:
    """An optimal primal solution, its cost (unfilled units included) and row activity."""

    x: np.ndarray
    cost: float
    activity: np.ndarray


def solve_primal(lp: HorizonLP) -> Optimum:
    """Solve `lp` with HiGHS (every row is `<= row_ub`; the LP has no other kind)."""
    assert np.isneginf(lp.row_lb).all()
    bounds = list(zip(lp.lower.tolist(), lp.upper.tolist(), strict=True))
    if lp.matrix.shape[0]:
        res = linprog(lp.objective, A_ub=lp.matrix, b_ub=lp.row_ub, bounds=bounds, method="highs")
    else:
        res = linprog(lp.objective, bounds=bounds, method="highs")
    assert res.status == 0, res.message
    return Optimum(res.x, float(res.fun) + lp.unfilled_cents, lp.matrix @ res.x)


def optimum(
    net: Candidates,
    demand: DemandSample,
    have: HorizonSupply,
    cost_model: CostModel = MODEL,
    constraints: Constraints = CONSTRAINTS,
) -> float:
    """The horizon LP's optimal cost in cents."""
    return solve_primal(horizon_lp(net, demand, have, cost_model, constraints)).cost
