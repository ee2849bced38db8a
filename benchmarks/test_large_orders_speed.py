"""`optimal` on large orders: 25 and 50 lines over 50 and 100 locations with their own prices.

Problems come from `routing.large_orders` (seeded): every location asks its own unit
price per SKU (uniform or gaussian around the SKU's list price) and its own shipment
cost, splitting is free. Reports p50/p90/p99 of one `route` call and the share proven
optimal within the service's default deadline; OMNIROUTE_BENCH_SCALE=full runs 100
orders per size and price spread instead of 10.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from routing import DEFAULT_TIME_LIMIT_S, route
from routing.large_orders import PriceSpread, large_orders

SIZES = [(25, 50), (50, 100)]
FULL = os.environ.get("OMNIROUTE_BENCH_SCALE") == "full"
ORDERS_PER_SPREAD = 100 if FULL else 10


@pytest.mark.parametrize("spread", list(PriceSpread), ids=[s.value for s in PriceSpread])
@pytest.mark.parametrize(("lines", "locations"), SIZES, ids=[f"{m}x{n}" for m, n in SIZES])
def test_large_order_latency_percentiles_and_proven_share(
    benchmark, lines: int, locations: int, spread: PriceSpread
) -> None:
    """p50/p90/p99 of one `optimal` call (all of `route`), and the share proven optimal."""
    cases = large_orders(lines, locations, spread, ORDERS_PER_SPREAD, seed=7)
    seconds: list[float] = []
    proven = 0
    shipments: list[int] = []

    def solve_all() -> None:
        nonlocal proven
        for p in cases:
            started = time.perf_counter()
            plan = route(p.order, p.candidates, p.cost_model, p.constraints)
            seconds.append(time.perf_counter() - started)
            proven += plan.proven_optimal
            shipments.append(len(plan.shipments))

    benchmark.pedantic(solve_all, rounds=1, iterations=1)
    ms = np.array(seconds) * 1000.0
    benchmark.extra_info["orders"] = len(cases)
    benchmark.extra_info["p50_ms"] = round(float(np.percentile(ms, 50)), 2)
    benchmark.extra_info["p90_ms"] = round(float(np.percentile(ms, 90)), 2)
    benchmark.extra_info["p99_ms"] = round(float(np.percentile(ms, 99)), 2)
    benchmark.extra_info["max_ms"] = round(float(ms.max()), 2)
    benchmark.extra_info["proven_optimal_pct"] = round(100.0 * proven / len(cases), 1)
    benchmark.extra_info["median_shipments"] = float(np.median(shipments))
    benchmark.extra_info["time_limit_s"] = DEFAULT_TIME_LIMIT_S
