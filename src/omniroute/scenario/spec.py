"""The scenario file: which tables to read and what to compare (YAML).

::

    name: Germany, 50 stores
    seed: 7
    tables: {locations: locations.csv, skus: skus.csv, stock: stock.csv,
             orders: orders.csv, returns: returns.csv, replenishments: replenishments.csv}
    strategies: [optimal, greedy_cost, priority, nearest, highest_stock]
    cost_model: {split_penalty_cents: 250}     # any `routing.CostModel` field
    constraints: {ship_complete: false}        # any `routing.Constraints` field
    time_limit_s: 1.0
    hindsight: true

Table paths are relative to the scenario file; `returns` and `replenishments` are optional.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from omniroute.problem_file import ProblemFileError, _constraints, _cost_model
from omniroute.scenario.errors import InvalidScenario
from omniroute.scenario.lookahead_settings import LookaheadSettings
from routing import STRATEGIES, Constraints, CostModel, RoutingError

REQUIRED_TABLES = ("locations", "skus", "stock", "orders")
OPTIONAL_TABLES = ("returns", "replenishments", "history", "forecast")
TOP_LEVEL = {
    "name",
    "description",
    "seed",
    "tables",
    "strategies",
    "cost_model",
    "constraints",
    "time_limit_s",
    "hindsight",
    "lookahead",
}


@dataclass(frozen=True)
class ScenarioSpec:
    """A parsed scenario file; `tables` maps a table name to its resolved path."""

    path: Path
    name: str
    seed: int | None
    tables: dict[str, Path]
    strategies: tuple[str, ...]
    cost_model: CostModel
    constraints: Constraints
    time_limit_s: float
    hindsight: bool
    lookahead: LookaheadSettings = LookaheadSettings()


def load_spec(path: Path | str) -> ScenarioSpec:
    """Read and check a scenario file; raises `InvalidScenario` naming the file and field."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidScenario(f"{path}: cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise InvalidScenario(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise InvalidScenario(f"{path}: the top level must be a mapping")
    unknown = sorted(set(raw) - TOP_LEVEL)
    if unknown:
        raise InvalidScenario(f"{path}: field {unknown[0]}: unknown (known: {sorted(TOP_LEVEL)})")
    try:
        cost_model = _cost_model(_mapping(path, raw, "cost_model"))
        constraints = _constraints(_mapping(path, raw, "constraints"))
    except (ProblemFileError, RoutingError) as exc:
        raise InvalidScenario(f"{path}: field {exc}") from exc
    return ScenarioSpec(
        path=path,
        name=str(raw.get("name") or path.parent.name),
        seed=_optional_int(path, raw, "seed"),
        tables=_tables(path, _mapping(path, raw, "tables")),
        strategies=_strategies(path, raw.get("strategies", sorted(STRATEGIES))),
        cost_model=cost_model,
        constraints=constraints,
        time_limit_s=_time_limit(path, raw.get("time_limit_s", 1.0)),
        hindsight=_flag(path, raw, "hindsight", True),
        lookahead=_lookahead(path, _mapping(path, raw, "lookahead")),
    )


def _lookahead(path: Path, raw: dict[str, Any]) -> LookaheadSettings:
    """The `lookahead:` mapping: any `LookaheadSettings` field, each checked."""
    known = {f.name: f.type for f in fields(LookaheadSettings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise InvalidScenario(
                f"{path}: field lookahead.{key}: unknown (known: {sorted(known)})"
            )
        whole = key in ("resolve_every", "sample_days", "nearest")
        number = isinstance(value, int) if whole else isinstance(value, int | float)
        low_ok = value >= 0 if key == "theta" else value > 0 if number else False
        if isinstance(value, bool) or not number or not low_ok:
            kind = (
                "a positive whole number"
                if whole
                else "a number >= 0"
                if key == "theta"
                else "a positive number"
            )
            raise InvalidScenario(
                f"{path}: field lookahead.{key}: {kind} is required, got {value!r}"
            )
        values[key] = value if whole else float(value)
    return LookaheadSettings(**values)


def _mapping(path: Path, raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise InvalidScenario(f"{path}: field {key}: a mapping is required, got {value!r}")
    return value


def _tables(path: Path, raw: dict[str, Any]) -> dict[str, Path]:
    known = REQUIRED_TABLES + OPTIONAL_TABLES
    for name in raw:
        if name not in known:
            raise InvalidScenario(f"{path}: field tables.{name}: unknown table (known: {known})")
    tables: dict[str, Path] = {}
    for name in known:
        if name not in raw:
            if name in REQUIRED_TABLES:
                raise InvalidScenario(f"{path}: field tables.{name}: required")
            continue
        file = raw[name]
        if not isinstance(file, str) or not file.endswith((".csv", ".parquet")):
            raise InvalidScenario(
                f"{path}: field tables.{name}: a .csv or .parquet path is required, got {file!r}"
            )
        tables[name] = (path.parent / file).resolve()
        if not tables[name].exists():
            raise InvalidScenario(f"{path}: field tables.{name}: {tables[name]} does not exist")
    return tables


def _strategies(path: Path, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise InvalidScenario(f"{path}: field strategies: a non-empty list is required")
    for k, name in enumerate(value):
        if name not in STRATEGIES:
            known = ", ".join(sorted(STRATEGIES))
            raise InvalidScenario(
                f"{path}: field strategies[{k}]: unknown strategy {name!r} (known: {known})"
            )
    if len(set(value)) != len(value):
        raise InvalidScenario(f"{path}: field strategies: a strategy is named twice")
    return tuple(value)


def _optional_int(path: Path, raw: dict[str, Any], key: str) -> int | None:
    value = raw.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise InvalidScenario(f"{path}: field {key}: a whole number is required, got {value!r}")
    return value


def _time_limit(path: Path, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise InvalidScenario(f"{path}: field time_limit_s: a positive number is required")
    return float(value)


def _flag(path: Path, raw: dict[str, Any], key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise InvalidScenario(f"{path}: field {key}: true or false is required, got {value!r}")
    return value
