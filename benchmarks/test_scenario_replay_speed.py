"""Replay speed of the scenario simulator with `optimal` (orders per second).

The default is a small generated German network so `pytest benchmarks` stays quick;
OMNIROUTE_BENCH_SCALE=full replays the committed sample (scenarios/germany, 3,000 orders).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from omniroute.scenario import GeneratorSettings, generate, load_scenario, replay

FULL = os.environ.get("OMNIROUTE_BENCH_SCALE") == "full"
SAMPLE = Path(__file__).resolve().parents[1] / "scenarios" / "germany" / "scenario.yaml"


@pytest.fixture(scope="module")
def scenario_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if FULL:
        return SAMPLE
    settings = GeneratorSettings(stores=50, warehouses=3, orders=300, skus=300, days=1, seed=7)
    return generate(settings, tmp_path_factory.mktemp("scenario"))


@pytest.mark.parametrize("strategy", ["optimal", "greedy_cost", "nearest"])
def test_replay_orders_per_second(benchmark, scenario_path: Path, strategy: str) -> None:
    scenario = load_scenario(scenario_path)
    orders = len(scenario.stream.orders)
    result = benchmark.pedantic(lambda: replay(scenario, strategy), rounds=1, iterations=1)
    seconds = benchmark.stats.stats.mean if benchmark.stats else None
    if seconds:
        benchmark.extra_info["orders_per_s"] = round(orders / seconds, 1)
    benchmark.extra_info["orders"] = orders
    assert len(result.log.orders()) == orders
