"""The sweep's table: one row per (run, strategy) with the run's axis values and KPIs.

Columns: ``run`` (its position), ``run_key`` (its cache key), one column per axis (the
value's label), ``status`` (ok/failed), ``error``, then the KPI columns of `kpis.kpi_row`
(``strategy`` first). A failed run has one row, its error and no KPIs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from omniroute.scenario.sweep_fields import label_text
from omniroute.scenario.sweep_run import SweepResult
from omniroute.scenario.sweep_spec import SweepSpec


def sweep_table(spec: SweepSpec, result: SweepResult) -> pd.DataFrame:
    """Every run's KPI rows, or its error, in the order of the runs."""
    frames = []
    for outcome in result.outcomes:
        head = {"run": outcome.run.index, "run_key": outcome.key, **outcome.run.labels}
        if outcome.kpis is None:
            frames.append(pd.DataFrame([{**head, "status": "failed", "error": outcome.error}]))
            continue
        kpis = outcome.kpis.drop(columns=[c for c in head if c in outcome.kpis], errors="ignore")
        info = pd.DataFrame([{**head, "status": "ok", "error": None}] * len(kpis))
        frames.append(pd.concat([info, kpis.reset_index(drop=True)], axis=1))
    table = pd.concat(frames, ignore_index=True)
    for axis in spec.axes:
        values = table[axis]
        numbers = values.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
        if not numbers.all():
            table[axis] = values.map(label_text)
    return table


def write_table(out: Path, table: pd.DataFrame) -> None:
    """Write ``sweep.parquet`` and ``sweep.csv``."""
    out.mkdir(parents=True, exist_ok=True)
    table.to_parquet(out / "sweep.parquet", index=False)
    table.to_csv(out / "sweep.csv", index=False)
