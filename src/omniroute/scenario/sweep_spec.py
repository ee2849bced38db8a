"""The sweep file: a base scenario, the axes to vary, and how to compare the runs (YAML).

::

    name: Germany what-ifs
    base: germany/scenario.yaml          # relative to this file
    set: {strategies: [optimal, greedy_cost]}       # every run
    axes:
      cost_model.split_penalty_cents: [0, 250, 500]   # a list: the values of one field
      location.W02: [open, closed]
      scenario:                          # a mapping: each value sets several fields
        germany: {}
        de-100k: {generator.orders: 100000, hindsight: false}
    exclude: [{scenario: de-100k, location.W02: closed}]
    report: {kpi: total_cents, panels: scenario}

Runs are the cartesian product of the axes, less the excluded combinations. Field paths
(`FIELD_PATHS`) are checked here; their values are checked by each run, as in a scenario
file, so a bad value fails that run only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from omniroute.scenario.errors import InvalidSweep
from omniroute.scenario.sweep_fields import KPIS, SECTIONS, check_field, label_text

TOP_LEVEL = {
    "name", "description", "base", "set", "axes", "exclude", "generator", "new_locations",
    "max_runs", "hindsight_time_limit_s", "report",
}  # fmt: skip
MAX_RUNS = 500

Value = tuple[Any, dict[str, Any]]  # (label, field path -> value)


@dataclass(frozen=True)
class SweepRun:
    """One run: its position, each axis's value label, and every field it sets."""

    index: int
    labels: dict[str, Any]
    overrides: dict[str, Any]


@dataclass(frozen=True)
class SweepSpec:
    """A parsed sweep file; `base` is the resolved path of the base scenario file."""

    path: Path
    name: str
    base: Path
    fixed: dict[str, Any]
    axes: dict[str, tuple[Value, ...]]
    exclude: tuple[dict[str, Any], ...]
    generator: dict[str, Any]
    new_locations: tuple[dict[str, Any], ...]
    max_runs: int
    hindsight_time_limit_s: float
    kpi: str
    panels: str | None

    def runs(self) -> list[SweepRun]:
        """The cartesian product of the axes, less the excluded combinations, in order."""
        names = list(self.axes)
        runs: list[SweepRun] = []
        for combo in itertools.product(*(self.axes[n] for n in names)):
            labels = {n: label for n, (label, _) in zip(names, combo, strict=True)}
            if any(all(labels[k] == v for k, v in ex.items()) for ex in self.exclude):
                continue
            overrides = dict(self.fixed)
            for _, values in combo:
                overrides.update(values)
            runs.append(SweepRun(len(runs), labels, overrides))
        return runs


def load_sweep(path: Path | str, max_runs: int | None = None) -> SweepSpec:
    """Read and check a sweep file; raises `InvalidSweep` naming the file and field."""
    path = Path(path)
    raw = _read(path)
    unknown = sorted(set(raw) - TOP_LEVEL)
    if unknown:
        raise InvalidSweep(f"{path}: field {unknown[0]}: unknown (known: {sorted(TOP_LEVEL)})")
    if not isinstance(raw.get("base"), str):
        raise InvalidSweep(f"{path}: field base: the path of a scenario file is required")
    base = (path.parent / raw["base"]).resolve()
    if not base.exists():
        raise InvalidSweep(f"{path}: field base: {base} does not exist")
    new_locations = tuple(_list(path, raw, "new_locations"))
    ids = _location_ids(path, base, new_locations)
    fixed = _overrides(path, "set", _mapping(path, raw, "set"), ids)
    axes = _axes(path, _mapping(path, raw, "axes"), ids)
    exclude = tuple(
        _exclusion(path, k, ex, axes) for k, ex in enumerate(_list(path, raw, "exclude"))
    )
    generator = _mapping(path, raw, "generator")
    for key in generator:
        if key not in SECTIONS["generator"]:
            raise InvalidSweep(f"{path}: field generator.{key}: unknown")
    report = _mapping(path, raw, "report")
    kpi, panels = report.get("kpi", "total_cents"), report.get("panels")
    if kpi not in KPIS:
        raise InvalidSweep(f"{path}: field report.kpi: unknown KPI {kpi!r} (known: {sorted(KPIS)})")
    if panels is not None and panels not in axes:
        raise InvalidSweep(f"{path}: field report.panels: {panels!r} is not an axis")
    spec = SweepSpec(
        path=path,
        name=str(raw.get("name") or path.stem),
        base=base,
        fixed=fixed,
        axes=axes,
        exclude=exclude,
        generator=generator,
        new_locations=new_locations,
        max_runs=max_runs or _positive(path, raw, "max_runs", MAX_RUNS),
        hindsight_time_limit_s=float(_positive(path, raw, "hindsight_time_limit_s", 300.0)),
        kpi=kpi,
        panels=panels,
    )
    count = len(spec.runs())
    if count > spec.max_runs:
        raise InvalidSweep(f"{path}: {count} runs, more than max_runs ({spec.max_runs})")
    return spec


def _axes(path: Path, raw: dict[str, Any], ids: set[str]) -> dict[str, tuple[Value, ...]]:
    if not raw:
        raise InvalidSweep(f"{path}: field axes: at least one axis is required")
    axes: dict[str, tuple[Value, ...]] = {}
    for name, values in raw.items():
        where = f"axes.{name}"
        if isinstance(values, list) and values:
            check_field(path, where, name, ids)
            axes[name] = tuple((v, {name: v}) for v in values)
        elif isinstance(values, dict) and values:
            axes[name] = tuple(
                (label, _overrides(path, f"{where}.{label}", fields or {}, ids))
                for label, fields in values.items()
            )
        else:
            raise InvalidSweep(f"{path}: field {where}: a non-empty list or mapping is required")
        labels = [label_text(label) for label, _ in axes[name]]
        if len(set(labels)) != len(labels):
            raise InvalidSweep(f"{path}: field {where}: a value is named twice")
    return axes


def _overrides(path: Path, where: str, raw: Any, ids: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidSweep(f"{path}: field {where}: a mapping of field paths is required")
    for field in raw:
        check_field(path, f"{where}.{field}", str(field), ids)
    return dict(raw)


def _exclusion(path: Path, k: int, raw: Any, axes: dict[str, tuple[Value, ...]]) -> dict[str, Any]:
    if not isinstance(raw, dict) or not raw:
        raise InvalidSweep(f"{path}: field exclude[{k}]: a mapping of axis values is required")
    for axis, label in raw.items():
        if axis not in axes or label not in [v for v, _ in axes[axis]]:
            raise InvalidSweep(f"{path}: field exclude[{k}].{axis}: no such axis value {label!r}")
    return dict(raw)


def _location_ids(path: Path, base: Path, new: tuple[dict[str, Any], ...]) -> set[str]:
    ids = {str(row.get("id")) for row in new if isinstance(row, dict)}
    if len(ids) != len(new):
        raise InvalidSweep(f"{path}: field new_locations: each needs a distinct id")
    tables = _read(base).get("tables") or {}
    locations = base.parent / str(tables.get("locations", "locations.csv"))
    if locations.suffix == ".parquet":
        return ids | set(pd.read_parquet(locations, columns=["id"])["id"].astype(str))
    return ids | set(pd.read_csv(locations, dtype=str, usecols=["id"])["id"].str.strip())


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidSweep(f"{path}: cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise InvalidSweep(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise InvalidSweep(f"{path}: the top level must be a mapping")
    return raw


def _mapping(path: Path, raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise InvalidSweep(f"{path}: field {key}: a mapping is required, got {value!r}")
    return value


def _list(path: Path, raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list):
        raise InvalidSweep(f"{path}: field {key}: a list is required, got {value!r}")
    return value


def _positive(path: Path, raw: dict[str, Any], key: str, default: Any) -> Any:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise InvalidSweep(f"{path}: field {key}: a positive number is required, got {value!r}")
    return value
