"""`run_scenario`: replay every strategy, bound them in hindsight, write the outputs.

Outputs in the output directory: ``kpis.csv`` (one row per strategy), ``decisions.csv``
(one row per order and strategy), ``shipments.csv`` (one row per shipped or kept line),
``report.html`` and ``hindsight.json`` (the LP's size, status and times).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from omniroute.scenario.hindsight import HindsightBound, hindsight_bound
from omniroute.scenario.kpis import kpi_table
from omniroute.scenario.loading import Scenario, load_scenario
from omniroute.scenario.replay import Replay, replay
from omniroute.scenario.report import write_report

Tick = Callable[[int], None]


@dataclass(frozen=True, eq=False)
class ScenarioRun:
    """A finished run: the scenario, each strategy's replay, the bound and the KPIs."""

    scenario: Scenario
    replays: tuple[Replay, ...]
    bound: HindsightBound | None
    kpis: pd.DataFrame


def run_scenario(
    path: Path | str,
    out: Path | None = None,
    *,
    tick: Tick | None = None,
    hindsight_time_limit_s: float = 300.0,
) -> ScenarioRun:
    """Replay each strategy the scenario names; write the outputs to `out` if given."""
    scenario = load_scenario(path)
    replays = []
    for strategy in scenario.spec.strategies:
        started = time.perf_counter()
        result = replay(scenario, strategy, tick)
        result.wall_s = round(time.perf_counter() - started, 3)
        replays.append(result)
    bound = None
    if scenario.spec.hindsight:
        bound = hindsight_bound(scenario, hindsight_time_limit_s)
    kpis = kpi_table(replays, None if bound is None else bound.bound_cents)
    kpis["orders_per_s"] = [round(len(r.log.orders()) / max(r.wall_s, 1e-9), 1) for r in replays]
    if out is not None:
        write_outputs(out, scenario, tuple(replays), bound, kpis)
    return ScenarioRun(scenario, tuple(replays), bound, kpis)


def write_outputs(
    out: Path,
    scenario: Scenario,
    replays: tuple[Replay, ...],
    bound: HindsightBound | None,
    kpis: pd.DataFrame,
) -> None:
    """Write the KPI table, every decision, the shipped lines and the report."""
    out.mkdir(parents=True, exist_ok=True)
    kpis.to_csv(out / "kpis.csv", index=False)
    pd.concat([r.log.orders() for r in replays]).to_csv(out / "decisions.csv", index=False)
    lines = pd.concat([r.log.lines() for r in replays])
    lines.to_csv(out / "shipments.csv", index=False)
    info = asdict(bound) if bound is not None else {"status": "not requested"}
    (out / "hindsight.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    write_report(out / "report.html", scenario, kpis, lines)
