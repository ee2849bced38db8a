"""`scenario sweep` on a local Ray instance (2 CPUs, one per module): every run equals a
plain `scenario run` of the same settings, the cache executes only what changed, and a
failed run leaves the others complete."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from omniroute.cli.main import main
from omniroute.scenario import GeneratorSettings, generate, run_scenario
from omniroute.scenario.sweep_run import run_sweep, start_ray
from omniroute.scenario.sweep_spec import load_sweep

TIMING = ["solve_ms_p50", "solve_ms_p99", "orders_per_s", "lp_solve_s"]
TINY = {"country": "DE", "stores": 5, "warehouses": 1, "orders": 40, "skus": 15, "days": 2}


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    import ray

    logs = tempfile.mkdtemp(prefix="ray-")  # short: Ray's socket paths are limited
    start_ray(workers=2, temp_dir=logs)
    yield
    ray.shutdown()
    shutil.rmtree(logs, ignore_errors=True)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(GeneratorSettings(**TINY, seed=5), tmp_path_factory.mktemp("base"))


def write_sweep(folder: Path, base: Path, axes: dict[str, Any], **extra: Any) -> Path:
    path = folder / "sweep.yaml"
    raw = {"name": "tiny", "base": str(base), "axes": axes, **extra}
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def plain_run(base: Path, folder: Path, strategy: str, split_penalty: int) -> pd.DataFrame:
    """`scenario run` of the base file with these settings, written by hand."""
    raw = yaml.safe_load(base.read_text(encoding="utf-8"))
    raw["strategies"] = [strategy]
    raw["cost_model"]["split_penalty_cents"] = split_penalty
    raw["tables"] = {name: str(base.parent / file) for name, file in raw["tables"].items()}
    folder.mkdir()
    (folder / "scenario.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    return run_scenario(folder / "scenario.yaml").kpis


def test_each_run_equals_a_plain_scenario_run_with_the_same_settings(
    local_ray: None, base: Path, tmp_path: Path
) -> None:
    axes = {"cost_model.split_penalty_cents": [0, 900], "strategy": ["optimal", "nearest"]}
    spec = load_sweep(write_sweep(tmp_path, base, axes))
    result = run_sweep(spec, tmp_path / "cache")
    assert [o.error for o in result.outcomes] == [None] * 4
    for outcome in result.outcomes:
        labels = outcome.run.labels
        folder = tmp_path / f"plain-{outcome.run.index}"
        plain = plain_run(
            base, folder, labels["strategy"], labels["cost_model.split_penalty_cents"]
        )
        assert outcome.kpis is not None
        assert outcome.kpis["hindsight_bound_cents"].notna().all()
        pd.testing.assert_frame_equal(
            outcome.kpis.drop(columns=TIMING), plain.drop(columns=TIMING), check_dtype=False
        )
    total = {tuple(o.run.labels.values()): o.kpis["total_cents"].item() for o in result.outcomes}  # type: ignore[union-attr]
    assert total[(0, "optimal")] <= total[(0, "nearest")]


def test_a_second_sweep_executes_nothing_and_a_changed_value_only_its_runs(
    local_ray: None, base: Path, tmp_path: Path
) -> None:
    axes = {"generator.seed": [11], "cost_model.split_penalty_cents": [0, 600]}
    fixed = {"strategies": ["optimal"], "hindsight": False}
    sweep = write_sweep(tmp_path, base, axes, generator=TINY, set=fixed)
    first = run_sweep(load_sweep(sweep), tmp_path / "cache")
    assert (first.executed, first.failed) == (2, 0)
    assert len(list((tmp_path / "cache" / "generated").iterdir())) == 1  # generated once
    again = run_sweep(load_sweep(sweep), tmp_path / "cache")
    assert again.executed == 0
    for cached, fresh in zip(again.outcomes, first.outcomes, strict=True):
        assert cached.kpis is not None and cached.kpis.equals(fresh.kpis)
    axes["cost_model.split_penalty_cents"] = [0, 700]
    sweep = write_sweep(tmp_path, base, axes, generator=TINY, set=fixed)
    changed = run_sweep(load_sweep(sweep), tmp_path / "cache")
    assert [o.cached for o in changed.outcomes] == [True, False]
    assert changed.executed == 1


def test_a_failed_run_is_reported_and_the_others_complete(
    local_ray: None, base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    axes = {"cost_model.split_penalty_cents": [0, -5, 300]}
    sweep = write_sweep(tmp_path, base, axes, set={"strategies": ["nearest"], "hindsight": False})
    out = tmp_path / "out"
    assert main(["scenario", "sweep", str(sweep), "--out", str(out)]) == 1
    table = pd.read_parquet(out / "sweep.parquet")
    assert list(table["status"]) == ["ok", "failed", "ok"]
    assert "split_penalty_cents" in table["error"][1]
    assert table["total_cents"].notna().tolist() == [True, False, True]
    assert pd.read_csv(out / "sweep.csv")["status"].tolist() == ["ok", "failed", "ok"]
    report = (out / "report.html").read_text()
    assert report.count("<svg") == 1 and "Failed runs" in report and "<script" not in report
    captured = capsys.readouterr()
    assert "1 failed" in captured.out and "sweep" in captured.err


def test_two_values_that_set_the_same_fields_execute_once(
    local_ray: None, base: Path, tmp_path: Path
) -> None:
    axes = {"scenario": {"a": {"hindsight": False}, "b": {"hindsight": False}}}
    sweep = write_sweep(tmp_path, base, axes, set={"strategies": ["nearest"]})
    twice = run_sweep(load_sweep(sweep), tmp_path / "cache2")
    first, second = twice.outcomes
    assert (twice.executed, twice.tasks) == (2, 1)
    assert first.key == second.key and first.kpis is not None and first.kpis.equals(second.kpis)
    assert len(list((tmp_path / "cache2" / "runs").iterdir())) == 1
