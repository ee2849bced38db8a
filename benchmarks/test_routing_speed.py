"""Solve time of every routing strategy, and each baseline's cost gap to `optimal`.

Problems come from `routing.synthetic` (seeded): locations spread over a country,
sparse skewed store stock, deep warehouse stock, a few stores with everything.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from routing import STRATEGIES, Candidates, Order, route
from routing.synthetic import random_problem

SIZES = [(1, 20), (3, 200), (8, 2000)]
ORDERS_PER_CASE = 12
TIME_LIMIT_S = 0.2


def problems(
    lines: int, locations: int, count: int, seed: int = 7
) -> list[tuple[Order, Candidates]]:
    rng = np.random.default_rng(seed * 1000 + lines * 10 + locations)
    return [random_problem(rng, lines, locations, order_id=f"o-{k}") for k in range(count)]


@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
@pytest.mark.parametrize(("lines", "locations"), SIZES, ids=[f"{m}x{n}" for m, n in SIZES])
def test_solve_time_and_cost_gap(benchmark, strategy: str, lines: int, locations: int) -> None:
    cases = problems(lines, locations, ORDERS_PER_CASE)
    optimum = [route(o, c, time_limit_s=TIME_LIMIT_S).total_cents for o, c in cases]

    def solve_all() -> list[int]:
        return [
            route(o, c, strategy=strategy, time_limit_s=TIME_LIMIT_S).total_cents for o, c in cases
        ]

    totals = benchmark.pedantic(solve_all, rounds=2, iterations=1)
    gaps = [t / best - 1.0 for t, best in zip(totals, optimum, strict=True) if best > 0]
    benchmark.extra_info["orders_per_round"] = ORDERS_PER_CASE
    benchmark.extra_info["mean_gap_to_optimal_pct"] = round(100 * float(np.mean(gaps)), 2)
    benchmark.extra_info["max_gap_to_optimal_pct"] = round(100 * float(np.max(gaps)), 2)
    assert all(t >= best for t, best in zip(totals, optimum, strict=True))


@pytest.mark.parametrize(("lines", "locations"), SIZES, ids=[f"{m}x{n}" for m, n in SIZES])
def test_optimal_latency_percentiles_and_proven_share(
    benchmark, lines: int, locations: int
) -> None:
    """p50/p90/p99 of one `optimal` call (all of `route`), and the share proven optimal."""
    cases = problems(lines, locations, 200, seed=11)
    seconds: list[float] = []
    proven = 0

    def solve_all() -> None:
        nonlocal proven
        for order, candidates in cases:
            started = time.perf_counter()
            plan = route(order, candidates, time_limit_s=TIME_LIMIT_S)
            seconds.append(time.perf_counter() - started)
            proven += plan.proven_optimal

    benchmark.pedantic(solve_all, rounds=1, iterations=1)
    ms = np.array(seconds) * 1000.0
    benchmark.extra_info["orders"] = len(cases)
    benchmark.extra_info["p50_ms"] = round(float(np.percentile(ms, 50)), 2)
    benchmark.extra_info["p90_ms"] = round(float(np.percentile(ms, 90)), 2)
    benchmark.extra_info["p99_ms"] = round(float(np.percentile(ms, 99)), 2)
    benchmark.extra_info["max_ms"] = round(float(ms.max()), 2)
    benchmark.extra_info["proven_optimal_pct"] = round(100.0 * proven / len(cases), 1)
    benchmark.extra_info["time_limit_s"] = TIME_LIMIT_S
    # The deadline covers everything, model building included: this should stay <= 0.
    benchmark.extra_info["worst_overrun_ms"] = round(float(ms.max()) - TIME_LIMIT_S * 1000.0, 2)
