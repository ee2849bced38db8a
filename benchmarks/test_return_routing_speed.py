"""Return routing over a 200-location network: latency of one `route_return` call.

The network is seeded: stores and a few warehouses clustered around German cities, each
SKU held with a skewed level against a target (some stores sold out, some overstocked),
nine in ten locations accepting returns. Returns have 1 or 5 lines, by post from a
random customer or dropped off at a random store. Reported: p50/p90/max per call (all of
`route_return`: validation, menu, explanation) and each baseline's cost above `optimal`.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from routing import (
    RETURN_STRATEGIES,
    ReturnChannel,
    ReturnCondition,
    ReturnDestinations,
    ReturnLine,
    ReturnRequest,
    route_return,
)
from routing.synthetic import CITIES

LOCATIONS = 200
SKUS = 50
RETURNS_PER_CASE = 40
CONDITIONS = [ReturnCondition.NEW] * 6 + list(ReturnCondition)


def network(rng: np.random.Generator) -> ReturnDestinations:
    n = LOCATIONS
    city = rng.integers(0, len(CITIES), size=n)
    is_store = np.arange(n) >= 6
    target = np.where(is_store[:, None], rng.integers(0, 6, (n, SKUS)), 200)
    stock = np.maximum(target + rng.integers(-6, 8, (n, SKUS)), 0)
    return ReturnDestinations(
        location_ids=tuple(f"L{k:03d}" for k in range(n)),
        skus=tuple(f"SKU-{j:03d}" for j in range(SKUS)),
        is_store=is_store,
        lat=CITIES[city, 0] + rng.normal(0.0, 0.25, n),
        lon=CITIES[city, 1] + rng.normal(0.0, 0.35, n),
        accepts_returns=rng.random(n) < 0.9,
        stock=stock.astype(np.int64),
        target=target.astype(np.int64),
        handling_cents_per_unit=np.where(is_store, 90, 45).astype(np.int64),
    )


def returns(
    rng: np.random.Generator, d: ReturnDestinations, lines: int, channel: ReturnChannel
) -> list[ReturnRequest]:
    stores = [k for k in range(d.size) if d.is_store[k] and d.accepts_returns[k]]
    result = []
    for r in range(RETURNS_PER_CASE):
        skus = rng.choice(SKUS, size=lines, replace=False)
        request_lines = tuple(
            ReturnLine(
                d.skus[int(j)],
                int(rng.choice([1, 1, 1, 2])),
                CONDITIONS[int(rng.integers(len(CONDITIONS)))],
                int(rng.integers(500, 15_000)),
                int(rng.integers(100, 2_500)),
                origin_location_id=d.location_ids[int(rng.integers(d.size))],
            )
            for j in skus
        )
        city = CITIES[rng.integers(len(CITIES))]
        point = (float(city[0] + rng.normal(0, 0.2)), float(city[1] + rng.normal(0, 0.3)))
        store = d.location_ids[int(rng.choice(stores))]
        result.append(
            ReturnRequest(
                f"r-{r}",
                request_lines,
                channel,
                customer_point=point,
                drop_off_location_id=store if channel is ReturnChannel.STORE_DROP_OFF else None,
            )
        )
    return result


CASES = [(lines, channel) for lines in (1, 5) for channel in ReturnChannel]


@pytest.mark.parametrize(("lines", "channel"), CASES, ids=[f"{m}-lines-{c}" for m, c in CASES])
def test_return_routing_latency(benchmark, lines: int, channel: ReturnChannel) -> None:
    """p50/p90/max of one `optimal` return routing over 200 locations."""
    rng = np.random.default_rng(5 * 100 + lines)
    destinations = network(rng)
    cases = returns(rng, destinations, lines, channel)
    seconds: list[float] = []

    def solve_all() -> None:
        for request in cases:
            started = time.perf_counter()
            route_return(request, destinations)
            seconds.append(time.perf_counter() - started)

    benchmark.pedantic(solve_all, rounds=1, iterations=1)
    ms = np.array(seconds) * 1000.0
    benchmark.extra_info["locations"] = LOCATIONS
    benchmark.extra_info["returns"] = len(cases)
    benchmark.extra_info["p50_ms"] = round(float(np.percentile(ms, 50)), 3)
    benchmark.extra_info["p90_ms"] = round(float(np.percentile(ms, 90)), 3)
    benchmark.extra_info["max_ms"] = round(float(ms.max()), 3)


@pytest.mark.parametrize("strategy", sorted(RETURN_STRATEGIES))
def test_return_strategies_cost_above_optimal(benchmark, strategy: str) -> None:
    """Each strategy's cost above `optimal` on 5-line returns by post, in cents per return."""
    rng = np.random.default_rng(55)
    destinations = network(rng)
    cases = returns(rng, destinations, 5, ReturnChannel.POST)
    fixed = destinations.location_ids[0]
    best = [route_return(r, destinations).total_cents for r in cases]

    def solve_all() -> list[int | None]:
        plans = [
            route_return(r, destinations, strategy=strategy, returns_location_id=fixed)
            for r in cases
        ]
        return [p.total_cents if p.is_feasible else None for p in plans]

    totals = benchmark.pedantic(solve_all, rounds=1, iterations=1)
    gaps = [t - b for t, b in zip(totals, best, strict=True) if t is not None]
    assert all(gap >= 0 for gap in gaps)
    benchmark.extra_info["routed_pct"] = round(100.0 * len(gaps) / len(cases), 1)
    benchmark.extra_info["mean_cents_above_optimal"] = round(float(np.mean(gaps)), 1)
