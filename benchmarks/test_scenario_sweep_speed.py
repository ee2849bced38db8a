"""Throughput of `scenario sweep` on a local Ray instance: runs per minute, 1 and 2 workers.

A tiny sweep (8 runs of a small generated network, `optimal` and `nearest`, no bound)
with a fresh cache each round, so every run executes; Ray's start and its workers' first
imports are kept out of the measure by a warm-up sweep.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from omniroute.scenario import GeneratorSettings, generate
from omniroute.scenario.sweep_run import run_sweep, start_ray
from omniroute.scenario.sweep_spec import SweepSpec, load_sweep

RUNS = 8


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> SweepSpec:
    folder = tmp_path_factory.mktemp("sweep")
    settings = GeneratorSettings(stores=20, warehouses=2, orders=300, skus=100, days=1, seed=7)
    base = generate(settings, folder / "base")
    raw = {
        "base": str(base),
        "set": {"strategies": ["optimal", "nearest"], "hindsight": False},
        "axes": {"cost_model.split_penalty_cents": [0, 100, 250, 500], "stock.scale": [0.8, 1]},
    }
    (folder / "sweep.yaml").write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return load_sweep(folder / "sweep.yaml")


@pytest.fixture(params=[1, 2], ids=["1-worker", "2-workers"])
def workers(request: pytest.FixtureRequest, sweep: SweepSpec) -> Iterator[int]:
    import ray

    logs = tempfile.mkdtemp(prefix="ray-")
    start_ray(request.param, temp_dir=logs)
    run_sweep(sweep, Path(tempfile.mkdtemp(dir=logs)))  # warm-up: start the workers
    yield request.param
    ray.shutdown()
    shutil.rmtree(logs, ignore_errors=True)


def test_sweep_runs_per_minute(benchmark, sweep: SweepSpec, workers: int) -> None:
    caches: list[str] = []

    def fresh_sweep() -> int:
        caches.append(tempfile.mkdtemp(prefix="sweep-cache-"))
        return run_sweep(sweep, Path(caches[-1])).executed

    executed = benchmark.pedantic(fresh_sweep, rounds=2, iterations=1)
    for cache in caches:
        shutil.rmtree(cache, ignore_errors=True)
    assert executed == RUNS
    seconds = benchmark.stats.stats.mean if benchmark.stats else None
    if seconds:
        benchmark.extra_info["runs_per_min"] = round(RUNS * 60.0 / seconds, 1)
    benchmark.extra_info["workers"] = workers
    benchmark.extra_info["runs"] = RUNS
