"""Checks shared by the routing tests: one feasibility checker and a brute force.

Both read the raw problem (not the solver's internal arrays) where they can, so a bug
in how the engine compiles a problem shows up here.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict

import numpy as np

from routing import Candidates, Constraints, LocationKind, Order, Plan, PlanStatus
from routing.instance import Instance


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def assert_feasible(plan: Plan, order: Order, candidates: Candidates, constraints: Constraints):
    """Fail unless `plan` respects stock, capacity and every constraint of the problem."""
    if plan.status is PlanStatus.INFEASIBLE:
        assert plan.reason, "an infeasible plan must say why"
        return
    assert sum(plan.cost_terms.values()) == plan.total_cents
    assert (
        plan.total_cents
        == sum(s.cost_cents for s in plan.shipments)
        + plan.cost_terms["split"]
        + plan.cost_terms["unfilled"]
    )
    index = {loc: k for k, loc in enumerate(candidates.location_ids)}
    ordered = {line.sku: line.qty for line in order.lines}
    served: Counter[str] = Counter()
    sources: defaultdict[str, set[str]] = defaultdict(set)
    locations = [s.location_id for s in plan.shipments]
    assert len(locations) == len(set(locations)), "one shipment per location"
    if constraints.max_shipments is not None:
        assert len(plan.shipments) <= constraints.max_shipments
    for shipment in plan.shipments:
        k = index[shipment.location_id]
        kind = LocationKind.STORE if candidates.is_store[k] else LocationKind.WAREHOUSE
        assert kind in constraints.allowed_kinds
        assert candidates.can_ship[k]
        if constraints.max_radius_km is not None:
            dest = order.destination
            km = _km(candidates.lat[k], candidates.lon[k], dest[0], dest[1])
            assert km <= constraints.max_radius_km + 1e-6
        units = 0
        for line in shipment.lines:
            assert line.qty > 0
            assert line.qty <= candidates.stock[k, candidates.skus.index(line.sku)]
            served[line.sku] += line.qty
            sources[line.sku].add(shipment.location_id)
            units += line.qty
        if candidates.capacity_units is not None:
            assert units <= candidates.capacity_units[k]
    unfilled = {line.sku: line.qty for line in plan.unfilled}
    for sku, qty in ordered.items():
        assert served[sku] + unfilled.get(sku, 0) == qty
    if constraints.ship_complete:
        assert not plan.unfilled
    for line in order.lines:
        if not line.splittable:
            assert len(sources[line.sku]) <= 1


def search_space(order: Order, candidates: Candidates) -> int:
    """How many assignments a brute force over `order` and `candidates` tries, at most."""
    size = 1
    for i, line in enumerate(order.lines):
        size *= math.prod(min(int(s), line.qty) + 1 for s in candidates.stock[:, i])
    return size


def real_cost(inst: Instance, x: np.ndarray) -> int:
    """What assignment `x` costs, from the cost model's rules (no opportunity cents)."""
    cm = inst.cost_model
    used = x.sum(axis=1) > 0
    cost = int(inst.fixed[used].sum()) + cm.split_penalty_cents * max(int(used.sum()) - 1, 0)
    cost += int((x * (inst.distance + inst.handling + inst.unit_cost)).sum())
    cost += int(np.maximum(x - inst.free, 0).sum()) * cm.protect_cents_per_unit
    cost += int((inst.qty - x.sum(axis=0)).sum()) * cm.unfilled_cents_per_unit
    return cost


def brute_force_cost(inst: Instance, shadow: np.ndarray | None = None) -> int | None:
    """The cheapest feasible plan's cost by trying every assignment; None if none exists.

    With `shadow` (opportunity cents per (row, line)), the least real + opportunity cents.
    """
    cm, n, m = inst.cost_model, inst.n, inst.qty.size
    if n == 0:
        return (
            None
            if inst.constraints.ship_complete
            else int(inst.qty.sum()) * (cm.unfilled_cents_per_unit)
        )
    complete = inst.constraints.ship_complete
    limit = inst.constraints.max_shipments or n
    per_line = []
    for i in range(m):
        q = int(inst.qty[i])
        ranges = [range(min(int(inst.stock[k, i]), q) + 1) for k in range(n)]
        options = []
        for combo in itertools.product(*ranges):
            total = sum(combo)
            if total > q or (complete and total < q):
                continue
            if not inst.splittable[i] and sum(1 for v in combo if v) > 1:
                continue
            options.append(combo)
        per_line.append(options)
    best: int | None = None
    for choice in itertools.product(*per_line):
        x = np.array(choice, dtype=np.int64).T.reshape(n, m)
        units = x.sum(axis=1)
        if (units > inst.capacity).any():
            continue
        if (units > 0).sum() > limit:
            continue
        cost = real_cost(inst, x) + (0 if shadow is None else int((x * shadow).sum()))
        if best is None or cost < best:
            best = cost
    return best


def candidates_from(skus: tuple[str, ...], rows: list[dict[str, object]]) -> Candidates:
    """Candidates from readable rows: id, lat, lon, stock (dict sku -> qty) and options."""
    n = len(rows)

    def column(key: str, default: object) -> np.ndarray:
        return np.array([row.get(key, default) for row in rows])

    stock = np.array(
        [[dict(row["stock"]).get(sku, 0) for sku in skus] for row in rows],  # type: ignore[call-overload]
        dtype=np.int64,
    ).reshape(n, len(skus))
    unit_cost = np.array(
        [[dict(row.get("unit_cost", {})).get(sku, 0) for sku in skus] for row in rows],  # type: ignore[call-overload]
        dtype=np.int64,
    ).reshape(n, len(skus))
    return Candidates(
        location_ids=tuple(str(row["id"]) for row in rows),
        skus=skus,
        stock=stock,
        lat=column("lat", 52.5).astype(np.float64),
        lon=column("lon", 13.4).astype(np.float64),
        is_store=column("store", True).astype(bool),
        can_ship=column("ship", True).astype(bool),
        can_pickup=column("pickup", True).astype(bool),
        capacity_units=column("capacity", 1000).astype(np.int64),
        unit_cost_cents=unit_cost,
        cutoff_minute_utc=column("cutoff", 24 * 60).astype(np.int64),
        ship_lead_days=column("lead", 1).astype(np.int64),
        transfer_lead_days=column("transfer", 1).astype(np.int64),
    )
