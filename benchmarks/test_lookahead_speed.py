"""Speed of the look-ahead: the remaining-horizon LP at 50 and 500 locations, and a replay.

The LP instances are seeded and synthetic: 300 SKUs, 10 demand regions, a day and a
half of forecast demand (so today, tomorrow and the pooled days are all priced), stock
at about 60 % of the demand near each location and tight store capacities.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from omniroute.scenario import GeneratorSettings, generate, load_scenario, replay
from routing import UNLIMITED, CostModel
from routing.forecast import DAY_NS, DemandForecast
from routing.opportunity import BUCKETS, HorizonState, solve_opportunity

SKUS, REGIONS = 300, 10
NOW_NS = 20_400 * DAY_NS + 9 * 3_600 * 10**9  # a Monday, 09:00 UTC


def _instance(locations: int) -> tuple[HorizonState, DemandForecast]:
    rng = np.random.default_rng(locations)
    lat, lon = rng.uniform(47.5, 54.5, locations), rng.uniform(6.5, 14.5, locations)
    is_store = np.arange(locations) >= 3
    popularity = 1.0 / np.arange(1, SKUS + 1)
    popularity /= popularity.sum()
    region = rng.integers(0, REGIONS, locations)
    where = np.bincount(region, minlength=REGIONS) + 1.0
    ship = np.outer(where / where.sum(), popularity) * 0.85
    collect = np.outer(np.full(locations, 1.0 / locations), popularity) * 0.15
    forecast = DemandForecast(
        hourly_units=np.full(168, 60.0 * locations / 50),
        region_lat=np.array([lat[region == r].mean() if (region == r).any() else 50.0
                             for r in range(REGIONS)]),
        region_lon=np.array([lon[region == r].mean() if (region == r).any() else 10.0
                             for r in range(REGIONS)]),
        ship_share=ship,
        collect_share=collect,
        units_per_order=1.9,
        history_days=7,
    )  # fmt: skip
    demand = 60.0 * locations / 50 * 36 * popularity
    stock = rng.poisson(0.6 * demand[None, :] * 3 / locations, (locations, SKUS))
    stock[~is_store] *= 10
    cap = np.where(is_store, rng.integers(5, 40, locations), 400)
    capacity = np.repeat(cap[:, None], BUCKETS, axis=1)
    capacity[:, BUCKETS - 1] = UNLIMITED
    state = HorizonState(
        lat=lat,
        lon=lon,
        is_store=is_store,
        can_ship=np.ones(locations, dtype=bool),
        can_pickup=is_store,
        handling=np.where(is_store, 90, 45).astype(np.int64),
        base=np.where(is_store, 520, 380).astype(np.int64),
        cutoff_minute=np.where(is_store, 16 * 60, 14 * 60).astype(np.int64),
        weight_g=rng.integers(100, 3000, SKUS).astype(np.int64),
        available=stock.astype(np.int64),
        arriving=np.zeros((locations, SKUS), dtype=np.int64),
        capacity=capacity.astype(np.int64),
    )
    return state, forecast


@pytest.mark.parametrize("locations", [50, 500])
def test_remaining_horizon_lp_solve(benchmark, locations: int) -> None:
    state, forecast = _instance(locations)
    end = NOW_NS + 36 * 3_600 * 10**9
    prices = benchmark.pedantic(
        lambda: solve_opportunity(state, forecast, NOW_NS, end, CostModel()),
        rounds=1,
        iterations=1,
    )
    benchmark.extra_info.update(
        variables=prices.variables, constraints=prices.constraints, status=prices.status
    )
    assert prices.status == "optimal"
    assert (prices.stock >= 0).all() and prices.stock.max() > 0


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
