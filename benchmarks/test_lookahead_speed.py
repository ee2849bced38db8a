"""Speed of the look-ahead: the horizon LP's prices at 50 and 500 locations, and a replay.

The LP instances are seeded and synthetic: 300 SKUs, one past day of 300 orders (mostly one
or two lines, 15 % collected at a store) replayed by `expected_orders` over a day and a
half from Monday 09:00 (so today, tomorrow and the days after are all priced), scaled to
a volume forecast of 60 units an hour per 50 locations; stock at about 60 % of the
demand near each location and tight store capacities.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from omniroute.scenario import GeneratorSettings, generate, load_scenario, replay
from routing import Candidates, Constraints, CostModel
from routing.expected_orders import expected_orders
from routing.forecast import DAY_NS, HOUR_NS, DemandForecast
from routing.horizon_entries import DemandSample
from routing.horizon_lp import HorizonSupply
from routing.opportunity import solve_opportunity
from routing.problem import FulfilmentMode, Order, OrderLine

SKUS, PAST_ORDERS = 300, 300
NOW_NS = 20_402 * DAY_NS + 9 * HOUR_NS  # a Monday, 09:00 UTC
END_NS = NOW_NS + 36 * HOUR_NS


def _instance(locations: int) -> tuple[Candidates, DemandSample, HorizonSupply]:
    rng = np.random.default_rng(locations)
    lat, lon = rng.uniform(47.5, 54.5, locations), rng.uniform(6.5, 14.5, locations)
    is_store = np.arange(locations) >= 3
    popularity = 1.0 / np.arange(1, SKUS + 1)
    popularity /= popularity.sum()
    hourly = 60.0 * locations / 50
    demand = hourly * 36 * popularity
    start = rng.poisson(0.6 * demand[None, :] * 3 / locations, (locations, SKUS))
    start[~is_store] *= 10
    network = Candidates(
        location_ids=tuple(f"loc{k}" for k in range(locations)),
        skus=tuple(f"sku{s}" for s in range(SKUS)),
        stock=start.astype(np.int64),
        lat=lat,
        lon=lon,
        is_store=is_store,
        can_ship=np.ones(locations, dtype=bool),
        can_pickup=is_store,
        base_cost_cents=np.where(is_store, 520, 380).astype(np.int64),
        handling_cents_per_unit=np.where(is_store, 90, 45).astype(np.int64),
        cutoff_minute_utc=np.where(is_store, 16 * 60, 14 * 60).astype(np.int64),
    )
    supply = HorizonSupply(
        start=start.astype(np.int64),
        arrival_at_ns=np.zeros(0, dtype=np.int64),
        arrival_location=np.zeros(0, dtype=np.int64),
        arrival_sku=np.zeros(0, dtype=np.int64),
        arrival_qty=np.zeros(0, dtype=np.int64),
        daily_capacity=np.where(is_store, rng.integers(5, 40, locations), 400).astype(np.int64),
        used=np.zeros((0, locations), dtype=np.int64),
        is_store=is_store,
    )
    forecast = DemandForecast(hourly_units=np.full(168, hourly), history_days=7)
    expected = expected_orders(_past_day(rng, network, locations), NOW_NS, END_NS, forecast)
    return network, expected, supply


def _past_day(rng: np.random.Generator, network: Candidates, locations: int) -> DemandSample:
    """One Monday a week before NOW_NS: 300 orders at random times."""
    monday = NOW_NS // DAY_NS * DAY_NS - 7 * DAY_NS
    n = PAST_ORDERS
    at = np.sort(monday + rng.integers(0, DAY_NS, n))
    weights = rng.integers(100, 3000, SKUS)
    popularity = 1.0 / np.arange(1, SKUS + 1)
    popularity /= popularity.sum()
    orders, columns, pickup = [], [], []
    for k in range(n):
        skus = rng.choice(
            SKUS, size=1 + int(rng.random() < 0.4), replace=False, p=popularity / popularity.sum()
        )
        collect = rng.random() < 0.15
        store = int(rng.integers(3, locations))
        orders.append(
            Order(
                order_id=f"past{k}",
                lines=tuple(
                    OrderLine(network.skus[s], 1 + int(rng.random() < 0.2), int(weights[s]))
                    for s in skus
                ),
                destination=(float(rng.uniform(47.5, 54.5)), float(rng.uniform(6.5, 14.5))),
                created_at=datetime.fromtimestamp(int(at[k]) // 10**9, tz=UTC),
                mode=FulfilmentMode.COLLECT if collect else FulfilmentMode.SHIP,
                pickup_location_id=network.location_ids[store] if collect else None,
            )
        )
        columns.append(np.asarray(skus, dtype=np.int64))
        pickup.append(store if collect else -1)
    at_s = np.array([int(o.created_at.timestamp()) * 10**9 for o in orders], dtype=np.int64)
    return DemandSample.unweighted(tuple(orders), at_s, tuple(columns), np.array(pickup))


@pytest.mark.parametrize("locations", [50, 500])
def test_remaining_horizon_lp_solve(benchmark, locations: int) -> None:
    network, expected, supply = _instance(locations)
    prices = benchmark.pedantic(
        lambda: solve_opportunity(
            network, expected, supply, CostModel(), Constraints(), NOW_NS, time_limit_s=120.0
        ),
        rounds=1,
        iterations=1,
    )
    benchmark.extra_info.update(
        variables=prices.variables,
        constraints=prices.constraints,
        status=prices.status,
        expected_orders=prices.expected_orders,
        build_s=prices.build_s,
        solve_s=prices.solve_s,
    )
    assert prices.status == "optimal"
    assert (prices.stock >= 0).all() and prices.stock.max() > 0
    assert prices.capacity.max() > 0


@pytest.fixture(scope="module")
def scenario_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = GeneratorSettings(
        stores=30, warehouses=2, orders=300, skus=100, days=1, seed=7, history_days=1
    )
    return generate(settings, tmp_path_factory.mktemp("scenario"))


def test_replay_with_lookahead(benchmark, scenario_path: Path) -> None:
    scenario = load_scenario(scenario_path)
    result = benchmark.pedantic(lambda: replay(scenario, "lookahead"), rounds=1, iterations=1)
    benchmark.extra_info.update(
        orders=len(scenario.stream.orders), lp_solves=result.extra["lp_solves"]
    )
    assert result.extra["lp_solves"] >= 1
