"""Write one sweep run as a plain scenario file: `omniroute scenario run` replays it as is.

The base scenario file's fields, with the run's overrides (`sweep_fields.FIELD_PATHS`);
tables by absolute path: the base's, or a generated scenario's, or edited copies
(locations opened, closed or changed, stock and capacity scaled) written beside the file.
A closed location keeps its row (orders and returns may name it) but ships nothing, hands
nothing over and holds no stock; a location of the sweep's `new_locations` is closed
unless a run opens it, with the stock of its `stock_like` location, if named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from omniroute.scenario.errors import InvalidScenario
from omniroute.scenario.spec import load_spec


def write_variant(
    base: Path,
    overrides: dict[str, Any],
    out: Path,
    *,
    generated: Path | None = None,
    new_locations: tuple[dict[str, Any], ...] = (),
) -> Path:
    """Write `out/scenario.yaml` for one run; returns its path."""
    raw = yaml.safe_load(base.read_text(encoding="utf-8"))
    tables = load_spec(generated or base).tables
    spec_fields = {k: v for k, v in overrides.items() if not _is_table_edit(k)}
    for field, value in spec_fields.items():
        if field.startswith("generator."):
            continue
        if field == "strategy":
            raw["strategies"] = [value]
        elif "." in field:
            section, _, key = field.partition(".")
            raw[section] = {**(raw.get(section) or {}), key: value}
        else:
            raw[field] = value
    out.mkdir(parents=True, exist_ok=True)
    edits = {k: v for k, v in overrides.items() if _is_table_edit(k)}
    if edits:
        locations, stock = _edit_tables(tables, edits, new_locations)
        for name, frame in (("locations", locations), ("stock", stock)):
            frame.to_csv(out / f"{name}.csv", index=False)
            tables[name] = out / f"{name}.csv"
    raw["tables"] = {name: str(path) for name, path in tables.items()}
    path = out / "scenario.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def _is_table_edit(field: str) -> bool:
    return field.startswith(("location.", "stock.", "capacity."))


def _edit_tables(
    tables: dict[str, Path], edits: dict[str, Any], new_locations: tuple[dict[str, Any], ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    locations, stock = _read(tables["locations"]), _read(tables["stock"])
    extra = {str(row["id"]): row for row in new_locations}
    for field, value in edits.items():
        parts = field.split(".", 2)
        if parts[0] != "location" or len(parts) != 2:
            continue
        loc = parts[1]
        if value not in ("open", "closed"):
            raise InvalidScenario(f"{field}: open or closed is required, got {value!r}")
        present = bool((locations["id"] == loc).any())
        if value == "open" and not present and loc in extra:
            locations, stock = _open(locations, stock, extra[loc])
        elif value == "closed" and present:
            locations, stock = _close(locations, stock, loc)
        elif not present and loc not in extra:
            raise InvalidScenario(f"{field}: the scenario has no location {loc!r}")
    for field, value in edits.items():
        parts = field.split(".", 2)
        if parts[0] == "location" and len(parts) == 3:
            rows = locations["id"] == parts[1]
            if rows.any():
                locations.loc[rows, parts[2]] = str(value)
            elif parts[1] not in extra:
                raise InvalidScenario(f"{field}: the scenario has no location {parts[1]!r}")
    if "stock.scale" in edits:
        stock["on_hand"] = _scaled(stock["on_hand"], edits["stock.scale"], "stock.scale", 0)
    if "capacity.scale" in edits and "daily_capacity" in locations:
        capped = pd.to_numeric(locations["daily_capacity"], errors="coerce").fillna(0) > 0
        locations.loc[capped, "daily_capacity"] = _scaled(
            locations.loc[capped, "daily_capacity"], edits["capacity.scale"], "capacity.scale", 1
        )
    return locations, stock


def _open(
    locations: pd.DataFrame, stock: pd.DataFrame, row: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add a location of the sweep's `new_locations`, with its `stock_like` location's stock."""
    cells = {k: "" if v is None else str(v) for k, v in row.items() if k != "stock_like"}
    locations = pd.concat([locations, pd.DataFrame([cells])], ignore_index=True).fillna("")
    like = row.get("stock_like")
    if like is not None:
        copied = stock[stock["location_id"] == str(like)].assign(location_id=str(row["id"]))
        stock = pd.concat([stock, copied], ignore_index=True).fillna("")
    return locations, stock


def _close(
    locations: pd.DataFrame, stock: pd.DataFrame, loc: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = locations["id"] == loc
    if "capabilities" not in locations:
        locations["capabilities"] = "ship|pickup|accept_returns"
    # Returns named in the returns table still arrive there; nothing leaves.
    keeps_returns = locations.loc[rows, "capabilities"].str.contains("accept_returns")
    locations.loc[rows, "capabilities"] = keeps_returns.map({True: "accept_returns", False: ""})
    return locations, stock[stock["location_id"] != loc]


def _scaled(column: pd.Series, factor: Any, field: str, minimum: int) -> pd.Series:
    if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 0:
        raise InvalidScenario(f"{field}: a positive number is required, got {factor!r}")
    values = pd.to_numeric(column, errors="raise")
    return (values * factor).round().astype("int64").clip(lower=minimum).astype(str)


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
        return frame.astype(str).where(frame.notna(), "")
    return pd.read_csv(path, dtype=str, keep_default_na=False)
