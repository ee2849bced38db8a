"""Key figures of a replay, one row per strategy.

- ``total_cents`` and one ``<term>_cents`` column per cost term (what the replay charged);
- ``shipments_per_order`` and ``split_rate``: over orders served at least in part,
  counting every location that hands over units (a pickup store included);
- ``avg_distance_km``: mean distance of dispatched shipments (to the customer or,
  for click & collect transfers, to the pickup store);
- ``fill_rate``: units served / units ordered;
- ``promises_kept``: share of orders with a promised date that were served in full and
  ready (delivered, or ready to collect) on or before it;
- ``capacity_use``: units dispatched by capacity-capped locations / their daily capacity
  x the days on which anything was dispatched;
  ``saturated_location_days``: (location, day) pairs at cap;
- ``solve_ms_p50``/``p99``: `routing.route` time per order;
- ``gap_to_bound_pct``: (total - hindsight bound) / bound, in percent;
- ``shadow_cents``: the look-ahead's opportunity cents of the plans chosen (steering
  only, not in ``total_cents``); ``lp_solves`` and ``lp_solve_s``: its remaining-horizon
  LPs and their time (0 for other strategies).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from omniroute.scenario.replay import Replay
from routing import TERMS


def kpi_row(run: Replay, bound_cents: int | None = None) -> dict[str, Any]:
    """The KPIs of one strategy's replay."""
    orders = run.log.orders()
    served = orders[orders["units_served"] > 0]
    total = int(orders["total_cents"].sum())
    dispatched = run.log.lines()
    dispatched = dispatched[dispatched["dispatched"]].drop_duplicates(["order_id", "location_id"])
    promised = orders["promise_kept"].dropna()
    cap = run.state.daily_capacity
    capped = cap > 0
    used = run.state.used[:, capped]
    # Days on which anything was dispatched: orders past the cut-off dispatch a day later.
    days = int((run.state.used.sum(axis=1) > 0).sum())
    offered = int(cap[capped].sum()) * days
    row: dict[str, Any] = {
        "strategy": run.strategy,
        "orders": len(orders),
        "total_cents": total,
        **{f"{t}_cents": int(orders[f"{t}_cents"].sum()) for t in TERMS},
        "shipments_per_order": _ratio(served["shipments"].sum(), len(served)),
        "split_rate": _ratio((served["shipments"] > 1).sum(), len(served)),
        "avg_distance_km": round(float(dispatched["distance_km"].mean()), 2)
        if len(dispatched)
        else 0.0,
        "fill_rate": _ratio(orders["units_served"].sum(), orders["units_ordered"].sum()),
        "promises_kept": _ratio(promised.astype(bool).sum(), len(promised)),
        "capacity_use": _ratio(used.sum(), offered),
        "saturated_location_days": int((used >= cap[capped][None, :]).sum()),
        "solve_ms_p50": round(float(np.percentile(orders["solve_ms"], 50)), 3),
        "solve_ms_p99": round(float(np.percentile(orders["solve_ms"], 99)), 3),
        "shadow_cents": int(orders["shadow_cents"].sum()),
        "lp_solves": int(run.extra.get("lp_solves", 0)),
        "lp_solve_s": float(run.extra.get("lp_solve_s", 0.0)),
        "hindsight_bound_cents": bound_cents,
        "gap_to_bound_pct": None
        if not bound_cents
        else round(100.0 * (total - bound_cents) / bound_cents, 2),
    }
    return row


def kpi_table(runs: list[Replay], bound_cents: int | None = None) -> pd.DataFrame:
    """One KPI row per strategy, in the order the strategies ran."""
    return pd.DataFrame([kpi_row(run, bound_cents) for run in runs])


def _ratio(numerator: Any, denominator: Any) -> float:
    return round(float(numerator) / float(denominator), 4) if denominator else 0.0
