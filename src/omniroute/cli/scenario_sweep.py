"""`omniroute scenario sweep SWEEP.yaml`: many variants of a scenario on Ray, one table.

Progress (runs done / total, failures, ETA) goes to stderr; the KPI table (``sweep.parquet``,
``sweep.csv``) and ``report.html`` to ``--out``; finished runs stay in ``--cache`` so a
re-run executes only what changed. Exit status 1 when a run failed (the others still ran).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from omniroute.scenario import ScenarioError
from omniroute.scenario.sweep_report import write_sweep_report
from omniroute.scenario.sweep_run import RunOutcome, run_sweep
from omniroute.scenario.sweep_spec import load_sweep
from omniroute.scenario.sweep_table import sweep_table, write_table

EXIT_BAD_INPUT = 2


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `scenario sweep`."""
    sweep = commands.add_parser("sweep", help="run many variants of a scenario on Ray")
    sweep.add_argument("sweep", type=Path, help="path to the sweep file (YAML)")
    sweep.add_argument(
        "--out", type=Path, help="for sweep.parquet/.csv, report.html (default out/STEM)"
    )
    sweep.add_argument("--cache", type=Path, help="cache directory (default OUT/cache)")
    sweep.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="CPUs of the local Ray instance (default: all)",
    )
    sweep.add_argument("--address", help="join this Ray cluster instead of starting one")
    sweep.add_argument("--max-runs", type=int, help="refuse more runs (default: the file's)")
    sweep.set_defaults(func=run_sweep_command)


def run_sweep_command(args: argparse.Namespace) -> int:
    """Expand the sweep, execute what the cache lacks, write the table and the report."""
    try:
        spec = load_sweep(args.sweep, args.max_runs)
    except ScenarioError as exc:
        print(f"omniroute scenario sweep: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = args.out or Path("out") / args.sweep.stem
    total = len(spec.runs())
    failed = 0
    with tqdm(total=total, unit="run", file=sys.stderr, desc="sweep") as bar:

        def progress(outcome: RunOutcome) -> None:
            nonlocal failed
            failed += outcome.error is not None
            bar.set_postfix(failed=failed, refresh=False)
            bar.update(1)

        cache = args.cache or out / "cache"
        result = run_sweep(spec, cache, progress, workers=args.workers, address=args.address)
    table = sweep_table(spec, result)
    write_table(out, table)
    write_sweep_report(out / "report.html", spec, table)
    columns = dict.fromkeys(["run", *spec.axes, "strategy", spec.kpi, "status"])
    shown = table[[c for c in columns if c in table]]
    with pd.option_context("display.width", 250, "display.max_rows", 500):
        print(shown.to_string(index=False))
    for outcome in result.outcomes:
        if outcome.error is not None:
            print(f"run {outcome.run.index} {outcome.run.labels}: {outcome.error}")
    print(
        f"{total} runs: {result.executed} executed, {total - result.executed} from the cache, "
        f"{result.failed} failed; wrote {out}/sweep.parquet, sweep.csv, report.html"
    )
    return 1 if result.failed else 0
