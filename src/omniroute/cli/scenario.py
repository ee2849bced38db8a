"""`omniroute scenario generate|run|sweep`: write a planner scenario, replay one or many.

``generate --country DE --stores 50 --warehouses 3 --orders 100000 --seed 7 --out DIR``
writes a scenario from real cities; ``run FILE [--out DIR]`` replays it for each strategy
with a progress bar (stderr), prints the KPI table and writes the outputs; ``sweep FILE``
replays many variants on Ray (`scenario_sweep`).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from omniroute.cli import scenario_sweep as sweep
from omniroute.scenario import (
    GeneratorSettings,
    ScenarioError,
    generate,
    load_scenario,
    run_scenario,
)

EXIT_BAD_INPUT = 2
PRINTED = [
    "strategy", "total_cents", "gap_to_bound_pct", "base_cents", "late_cents", "split_cents",
    "distance_cents", "handling_cents", "protect_last_units_cents", "unfilled_cents",
    "shipments_per_order", "split_rate", "avg_distance_km", "fill_rate", "promises_kept",
    "capacity_use", "solve_ms_p50", "solve_ms_p99", "orders_per_s",
]  # fmt: skip


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `scenario generate`, `scenario run` and `scenario sweep`."""
    parser = subparsers.add_parser("scenario", help="generate or replay planner scenarios")
    commands = parser.add_subparsers(dest="scenario_command", required=True, metavar="COMMAND")
    gen = commands.add_parser("generate", help="write a scenario from real geography")
    defaults = GeneratorSettings()
    gen.add_argument("--country", default=defaults.country, help="ISO 3166 alpha-2 (DE)")
    for field in fields(GeneratorSettings):
        if field.name in ("country", "start", "name"):
            continue
        flag = "--" + field.name.replace("_", "-")
        kind = type(getattr(defaults, field.name))
        gen.add_argument(
            flag,
            type=kind,
            default=getattr(defaults, field.name),
            help=f"default {getattr(defaults, field.name)}",
        )
    gen.add_argument("--name", default="", help="scenario name")
    gen.add_argument("--out", type=Path, required=True, help="directory to write")
    gen.set_defaults(func=run_generate)
    run = commands.add_parser("run", help="replay a scenario for each of its strategies")
    run.add_argument("scenario", type=Path, help="path to scenario.yaml")
    run.add_argument("--out", type=Path, help="directory for kpis.csv, decisions.csv, report.html")
    run.add_argument("--hindsight-time-limit", type=float, default=300.0, help="LP seconds (300)")
    run.set_defaults(func=run_replay)
    sweep.register(commands)


def run_generate(args: argparse.Namespace) -> int:
    """Write the scenario; print its path."""
    values = {f.name: getattr(args, f.name) for f in fields(GeneratorSettings) if f.name != "start"}
    try:
        path = generate(GeneratorSettings(**values), args.out)
    except ScenarioError as exc:
        print(f"omniroute scenario generate: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(path)
    return 0


def run_replay(args: argparse.Namespace) -> int:
    """Replay every strategy; print the KPI table; write outputs when --out is given."""
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"omniroute scenario run: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    total = len(scenario.stream.orders) * len(scenario.spec.strategies)
    with tqdm(total=total, unit="order", file=sys.stderr, desc="replay") as bar:
        result = run_scenario(
            args.scenario,
            args.out,
            tick=bar.update,  # type: ignore[arg-type]
            hindsight_time_limit_s=args.hindsight_time_limit,
        )
    shown = result.kpis[[c for c in PRINTED if c in result.kpis.columns]]
    with pd.option_context("display.width", 250, "display.max_columns", 40):
        print(shown.set_index("strategy").astype(object).T.to_string())
    if result.bound is not None:
        b = result.bound
        print(
            f"hindsight bound: {b.bound_cents} cents ({b.status}; {b.variables} variables, "
            f"{b.constraints} rows; built in {b.build_s} s, solved in {b.solve_s} s)"
        )
    if args.out is not None:
        print(f"wrote {args.out}/kpis.csv, decisions.csv, shipments.csv, report.html")
    return 0
