"""What a Ray worker does for a sweep: generate a scenario, or execute one run.

Plain functions (the driver wraps them with `ray.remote`): a run writes its scenario file
(`sweep_variant`) and replays it with `run_scenario`, exactly as `omniroute scenario run`
would, and keeps its KPI rows in the cache.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd

from omniroute.scenario.errors import InvalidScenario
from omniroute.scenario.generator import GeneratorSettings, generate
from omniroute.scenario.run import run_scenario
from omniroute.scenario.sweep_cache import store_kpis
from omniroute.scenario.sweep_variant import write_variant


@dataclass(frozen=True)
class RunJob:
    """Everything a worker needs to execute one run."""

    index: int
    key: str
    base: Path
    overrides: dict[str, Any]
    new_locations: tuple[dict[str, Any], ...]
    hindsight_time_limit_s: float
    run_dir: Path


def execute_run(job: RunJob, generated: Path | None = None) -> pd.DataFrame:
    """Replay the run's scenario; keep and return its KPI rows (one per strategy)."""
    path = write_variant(
        job.base,
        job.overrides,
        job.run_dir,
        generated=generated,
        new_locations=job.new_locations,
    )
    result = run_scenario(path, hindsight_time_limit_s=job.hindsight_time_limit_s)
    store_kpis(job.run_dir, result.kpis)
    return result.kpis


def generator_settings(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any] | None:
    """The generator settings of a run (the sweep's, then the run's), or None if it sets none."""
    prefix = "generator."
    own = {k.removeprefix(prefix): v for k, v in overrides.items() if k.startswith(prefix)}
    return {**base, **own} if own else None


def generate_scenario(settings: dict[str, Any], out: Path) -> Path:
    """Generate the scenario into `out` (whole or not at all); returns its scenario file."""
    known = {f.name for f in fields(GeneratorSettings)} - {"start"}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise InvalidScenario(f"generator.{unknown[0]}: unknown field")
    if (out / "scenario.yaml").exists():
        return out / "scenario.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        generate(GeneratorSettings(**settings), partial)
        partial.rename(out)
    except OSError:
        # Another worker finished the same scenario first.
        if not (out / "scenario.yaml").exists():
            raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return out / "scenario.yaml"
