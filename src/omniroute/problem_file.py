"""Read one self-contained routing problem from JSON, and write plans as JSON.

The schema is documented in docs/problem-file.md. Every error names the field that is
wrong (``locations[3].stock.SKU-1``) so planners and support can fix files themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from routing import (
    Candidates,
    Constraints,
    CostModel,
    FulfilmentMode,
    LocationKind,
    Order,
    OrderLine,
    Plan,
    Zone,
)

T = TypeVar("T")
_MISSING: Any = object()


class ProblemFileError(ValueError):
    """A problem file is unreadable or a field in it is missing or wrong."""


@dataclass(frozen=True)
class Problem:
    """Everything `routing.route` needs, as read from a file."""

    order: Order
    candidates: Candidates
    cost_model: CostModel
    constraints: Constraints
    strategy: str = "optimal"
    time_limit_s: float = 1.0


def _get(obj: dict[str, Any], key: str, kind: type[T], where: str, default: Any = _MISSING) -> T:
    path = f"{where}.{key}" if where else key
    if key not in obj or obj[key] is None:
        if default is _MISSING:
            raise ProblemFileError(f"{path}: required field is missing")
        return default  # type: ignore[no-any-return]
    value = obj[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ProblemFileError(f"{path}: expected {kind.__name__}, got {value!r}")
    return value


def _parse(path: str, text: str, parse: Any) -> Any:
    try:
        return parse(text)
    except ValueError as exc:
        raise ProblemFileError(f"{path}: {exc}") from exc


def _order(raw: dict[str, Any]) -> Order:
    lines = []
    for k, line in enumerate(_get(raw, "lines", list, "order")):
        where = f"order.lines[{k}]"
        if not isinstance(line, dict):
            raise ProblemFileError(f"{where}: expected an object")
        lines.append(
            OrderLine(
                sku=_get(line, "sku", str, where),
                qty=_get(line, "qty", int, where),
                unit_weight_g=_get(line, "unit_weight_g", int, where, 500),
                splittable=_get(line, "splittable", bool, where, True),
            )
        )
    created = _parse(
        "order.created_at", _get(raw, "created_at", str, "order"), datetime.fromisoformat
    )
    if created.tzinfo is None:
        raise ProblemFileError("order.created_at: must carry a UTC offset, e.g. ...T09:00:00Z")
    promised = _get(raw, "promised_on", str, "order", None)
    mode = _parse("order.mode", _get(raw, "mode", str, "order", "ship"), FulfilmentMode)
    dest = _get(raw, "destination", dict, "order", {"lat": 0.0, "lon": 0.0})
    return Order(
        order_id=_get(raw, "id", str, "order"),
        lines=tuple(lines),
        destination=(
            _get(dest, "lat", float, "order.destination"),
            _get(dest, "lon", float, "order.destination"),
        ),
        created_at=created.astimezone(UTC),
        promised_on=None
        if promised is None
        else _parse("order.promised_on", promised, date.fromisoformat),
        mode=mode,
        pickup_location_id=_get(raw, "pickup_location_id", str, "order", None),
    )


def _candidates(raw: list[Any], skus: tuple[str, ...], cm: CostModel) -> Candidates:
    rows = []
    for k, loc in enumerate(raw):
        where = f"locations[{k}]"
        if not isinstance(loc, dict):
            raise ProblemFileError(f"{where}: expected an object")
        stock = _get(loc, "stock", dict, where)
        unit = _get(loc, "unit_cost_cents", dict, where, {})
        for name, table in (("stock", stock), ("unit_cost_cents", unit)):
            for sku, qty in table.items():
                if not isinstance(qty, int) or isinstance(qty, bool):
                    raise ProblemFileError(f"{where}.{name}.{sku}: expected int, got {qty!r}")
        cutoff = _parse(
            f"{where}.cutoff_utc", _get(loc, "cutoff_utc", str, where, "23:59"), time.fromisoformat
        )
        kind = _parse(f"{where}.kind", _get(loc, "kind", str, where, "store"), LocationKind)
        rows.append(
            (
                _get(loc, "id", str, where),
                [stock.get(s, 0) for s in skus],
                [unit.get(s, 0) for s in skus],
                _get(loc, "lat", float, where),
                _get(loc, "lon", float, where),
                kind is LocationKind.STORE,
                _get(loc, "can_ship", bool, where, True),
                _get(loc, "can_pickup", bool, where, kind is LocationKind.STORE),
                _get(loc, "capacity_units", int, where, 10**9),
                _get(loc, "base_cost_cents", int, where, cm.base_cents_per_shipment),
                _get(loc, "handling_cents_per_unit", int, where, cm.handling_cents_per_unit),
                cutoff.hour * 60 + cutoff.minute,
                _get(loc, "ship_lead_days", int, where, 1),
                _get(loc, "transfer_lead_days", int, where, 1),
                _get(loc, "priority", int, where, k),
            )
        )
    cols = list(zip(*rows, strict=True)) if rows else [()] * 15
    ints = np.int64
    n, m = len(rows), len(skus)
    return Candidates(
        location_ids=tuple(cols[0]),
        skus=skus,
        stock=np.array(cols[1], dtype=ints).reshape(n, m),
        unit_cost_cents=np.array(cols[2], dtype=ints).reshape(n, m),
        lat=np.array(cols[3], dtype=np.float64),
        lon=np.array(cols[4], dtype=np.float64),
        is_store=np.array(cols[5], dtype=bool),
        can_ship=np.array(cols[6], dtype=bool),
        can_pickup=np.array(cols[7], dtype=bool),
        capacity_units=np.array(cols[8], dtype=ints),
        base_cost_cents=np.array(cols[9], dtype=ints),
        handling_cents_per_unit=np.array(cols[10], dtype=ints),
        cutoff_minute_utc=np.array(cols[11], dtype=ints),
        ship_lead_days=np.array(cols[12], dtype=ints),
        transfer_lead_days=np.array(cols[13], dtype=ints),
        priority=np.array(cols[14], dtype=ints),
    )


def _cost_model(raw: dict[str, Any]) -> CostModel:
    known = {f.name for f in fields(CostModel)}
    values: dict[str, Any] = {}
    for key in raw:
        if key not in known:
            raise ProblemFileError(f"cost_model.{key}: unknown field (known: {sorted(known)})")
    for name in known - {"zones"}:
        values[name] = _get(raw, name, int, "cost_model", getattr(CostModel(), name))
    zones = []
    for k, zone in enumerate(_get(raw, "zones", list, "cost_model", [])):
        where = f"cost_model.zones[{k}]"
        if not isinstance(zone, dict):
            raise ProblemFileError(f"{where}: expected an object")
        zones.append(
            Zone(_get(zone, "max_km", float, where), _get(zone, "cents_per_kg", int, where))
        )
    return CostModel(zones=tuple(zones), **values)


def _constraints(raw: dict[str, Any]) -> Constraints:
    where = "constraints"
    kinds = _get(raw, "allowed_kinds", list, where, ["store", "warehouse"])
    ready = _get(raw, "collect_ready_time_utc", str, where, "10:00")
    return Constraints(
        ship_complete=_get(raw, "ship_complete", bool, where, True),
        max_shipments=_get(raw, "max_shipments", int, where, None),
        max_radius_km=_get(raw, "max_radius_km", float, where, None),
        allowed_kinds=frozenset(
            _parse(f"{where}.allowed_kinds", str(k), LocationKind) for k in kinds
        ),
        collect_radius_km=_get(raw, "collect_radius_km", float, where, 15.0),
        collect_ready_time_utc=_parse(f"{where}.collect_ready_time_utc", ready, time.fromisoformat),
    )


def load_problem(path: Path) -> Problem:
    """Read and check a problem file; raises `ProblemFileError` naming the bad field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProblemFileError(f"{path}: cannot read: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise ProblemFileError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise ProblemFileError("top level: expected an object")
    order = _order(_get(raw, "order", dict, ""))
    cost_model = _cost_model(_get(raw, "cost_model", dict, "", {}))
    skus = tuple(dict.fromkeys(line.sku for line in order.lines))
    return Problem(
        order=order,
        candidates=_candidates(_get(raw, "locations", list, ""), skus, cost_model),
        cost_model=cost_model,
        constraints=_constraints(_get(raw, "constraints", dict, "", {})),
        strategy=_get(raw, "strategy", str, "", "optimal"),
        time_limit_s=_get(raw, "time_limit_s", float, "", 1.0),
    )


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """A JSON-ready view of a plan (dates as ISO strings, money as int cents)."""
    collect = plan.collect
    return {
        "order_id": plan.order_id,
        "strategy": plan.strategy,
        "status": plan.status.value,
        "reason": plan.reason,
        "total_cents": plan.total_cents,
        "cost_terms": dict(plan.cost_terms),
        "shadow_cents": plan.shadow_cents,
        "proven_optimal": plan.proven_optimal,
        "lower_bound_cents": plan.lower_bound_cents,
        "solve_ms": plan.solve_ms,
        "shipments": [
            {
                "location_id": s.location_id,
                "kind": s.kind.value,
                "lines": [{"sku": line.sku, "qty": line.qty} for line in s.lines],
                "cost_cents": s.cost_cents,
                "distance_km": s.distance_km,
                "dispatch_on": s.dispatch_on.isoformat(),
                "arrive_on": s.arrive_on.isoformat(),
            }
            for s in plan.shipments
        ],
        "unfilled": [{"sku": line.sku, "qty": line.qty} for line in plan.unfilled],
        "runners_up": [
            {
                "chosen_id": r.chosen_id,
                "runner_up_id": r.runner_up_id,
                "loses_by_cents": r.loses_by_cents,
                "note": r.note,
            }
            for r in plan.runners_up
        ],
        "collect": None
        if collect is None
        else {
            "pickup_location_id": collect.pickup_location_id,
            "reserve_at_pickup": [{"sku": x.sku, "qty": x.qty} for x in collect.reserve_at_pickup],
            "ready_at": None if collect.ready_at is None else collect.ready_at.isoformat(),
            "alternatives": [
                {"location_id": a.location_id, "distance_km": a.distance_km}
                for a in collect.alternatives
            ],
        },
    }
