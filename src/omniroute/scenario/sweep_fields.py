"""Which fields a sweep may vary (`FIELD_PATHS`), and the KPIs its report may compare.

A field path is ``strategy`` or ``strategies``, ``time_limit_s``, ``hindsight`` (the
scenario file's fields), ``cost_model.F``, ``constraints.F``, ``lookahead.F`` (a field of
that mapping), ``generator.F`` (a `GeneratorSettings` field: the run replays a generated
scenario), ``stock.scale`` and ``capacity.scale`` (on hand and daily capacity times a
factor), ``location.ID`` (``open`` or ``closed``) or ``location.ID.COLUMN`` (a cell of the
locations table).
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from omniroute.scenario.errors import InvalidSweep
from omniroute.scenario.generator import GeneratorSettings
from omniroute.scenario.lookahead_settings import LookaheadSettings
from routing import TERMS, Constraints, CostModel

SECTIONS = {
    "cost_model": {f.name for f in fields(CostModel)},
    "constraints": {f.name for f in fields(Constraints)},
    "lookahead": {f.name for f in fields(LookaheadSettings)},
    "generator": {f.name for f in fields(GeneratorSettings)} - {"start"},
}
SCENARIO_FIELDS = {"strategy", "strategies", "time_limit_s", "hindsight"}
TABLE_FIELDS = {"stock.scale", "capacity.scale"}
LOCATION_COLUMNS = {
    "name", "kind", "latitude", "longitude", "capabilities", "daily_capacity",
    "handling_cost_cents", "base_cost_cents", "cutoff", "ship_lead_days",
    "transfer_lead_days", "priority",
}  # fmt: skip
FIELD_PATHS = (
    "strategy, strategies, time_limit_s, hindsight, cost_model.F, constraints.F, lookahead.F, "
    "generator.F, stock.scale, capacity.scale, location.ID (open/closed), location.ID.COLUMN"
)
KPIS = {
    "total_cents", *(f"{t}_cents" for t in TERMS), "shipments_per_order", "split_rate",
    "avg_distance_km", "fill_rate", "promises_kept", "capacity_use", "saturated_location_days",
    "solve_ms_p50", "solve_ms_p99", "shadow_cents", "lp_solves", "lp_solve_s",
    "gap_to_bound_pct", "orders_per_s",
}  # fmt: skip


def check_field(path: Path, where: str, field: str, location_ids: set[str]) -> None:
    """Refuse a field path that names no field (see `FIELD_PATHS`)."""
    head, _, rest = field.partition(".")
    if field in SCENARIO_FIELDS or field in TABLE_FIELDS:
        return
    if head in SECTIONS and rest in SECTIONS[head]:
        return
    if head == "location" and rest:
        loc, _, column = rest.partition(".")
        if loc not in location_ids:
            raise InvalidSweep(f"{path}: field {where}: unknown location {loc!r}")
        if not column or column in LOCATION_COLUMNS:
            return
    raise InvalidSweep(f"{path}: field {where}: unknown field {field!r} (known: {FIELD_PATHS})")


def label_text(value: Any) -> str:
    """A value label as text (for file names, tables and plots)."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)
