"""Price an assignment (units per location and line) and turn it into a `Plan`.

Every strategy produces an integer matrix `x[location, line]` over an `Instance`;
this module is the only place that turns it into cents, so all strategies are priced
alike and each plan's terms sum exactly to its total.
"""

from __future__ import annotations

import numpy as np

from routing.cost_model import TERMS
from routing.explanation import runners_up
from routing.instance import Instance, IntArray
from routing.plan import Plan, PlanLine, PlanStatus, Shipment, ShipmentKind


def cost_terms(inst: Instance, x: IntArray) -> dict[str, int]:
    """The plan-wide cost of assignment `x`, term by term, in cents."""
    cm = inst.cost_model
    # Only the rows that ship count; slicing them first keeps this fast at 2,000 rows.
    rows = np.flatnonzero(x.any(axis=1))
    xs = x[rows]
    shipments = int(rows.size)
    protected = np.maximum(xs - inst.free[rows], 0)
    terms = {
        "base": int(inst.base[rows].sum()),
        "late": int(inst.late[rows].sum()),
        "split": cm.split_penalty_cents * max(shipments - 1, 0),
        "distance": int((xs * inst.distance[rows]).sum()),
        "handling": int((xs * inst.handling[rows]).sum()),
        "unit_cost": int((xs * inst.unit_cost[rows]).sum()),
        "protect_last_units": int(protected.sum()) * cm.protect_cents_per_unit,
        "unfilled": int((inst.qty - xs.sum(axis=0)).sum()) * cm.unfilled_cents_per_unit,
    }
    assert tuple(terms) == TERMS
    return terms


def shadow_cost(inst: Instance, x: IntArray) -> int:
    """Opportunity cents of assignment `x`: steers the choice, never charged."""
    return int((x * inst.shadow).sum())


def total_cost(inst: Instance, x: IntArray) -> int:
    """What strategies minimise: the sum of `cost_terms`, plus the opportunity cents."""
    return sum(cost_terms(inst, x).values()) + shadow_cost(inst, x)


def location_cost(inst: Instance, x: IntArray, k: int) -> int:
    """Cents that row k's shipment adds, all terms but the plan-wide split and unfilled."""
    row = x[k]
    protected = int(np.maximum(row - inst.free[k], 0).sum())
    variable = int((row * (inst.distance[k] + inst.handling[k] + inst.unit_cost[k])).sum())
    return int(inst.fixed[k]) + variable + protected * inst.cost_model.protect_cents_per_unit


def violation(inst: Instance, x: IntArray) -> str | None:
    """Why `x` breaks a rule of the instance, or None when it is feasible."""
    served = x.sum(axis=0)
    used = x.sum(axis=1) > 0
    if (x < 0).any() or (x > inst.stock).any():
        return "takes more than a location's stock"
    if (served > inst.qty).any():
        return "serves more than ordered"
    if inst.constraints.ship_complete and (served < inst.qty).any():
        return "leaves units unserved although the order must ship complete"
    if (x.sum(axis=1) > inst.capacity).any():
        return "exceeds a location's remaining capacity"
    if int(used.sum()) > inst.max_shipments:
        return "uses more shipments than allowed"
    if ((x > 0).sum(axis=0)[~inst.splittable] > 1).any():
        return "splits a line that must come from one location"
    return None


def build_plan(
    inst: Instance,
    x: IntArray,
    strategy: str,
    *,
    proven_optimal: bool = False,
    lower_bound: int | None = None,
    kind: ShipmentKind = ShipmentKind.SHIP,
    explain: bool = True,
) -> Plan:
    """Turn a feasible assignment into a priced, explained `Plan`."""
    skus = [line.sku for line in inst.order.lines]
    shipments = []
    for k in np.flatnonzero(x.sum(axis=1) > 0).tolist():
        lines = tuple(PlanLine(skus[i], int(q)) for i, q in enumerate(x[k]) if q > 0)
        shipments.append(
            Shipment(
                location_id=inst.location_id(k),
                kind=kind,
                lines=lines,
                cost_cents=location_cost(inst, x, k),
                distance_km=round(float(inst.km[k]), 3),
                dispatch_on=inst.dispatch_on(k),
                arrive_on=inst.arrive_on(k),
            )
        )
    missing = inst.qty - x.sum(axis=0)
    terms = cost_terms(inst, x)
    return Plan(
        order_id=inst.order.order_id,
        strategy=strategy,
        status=PlanStatus.ROUTED,
        shipments=tuple(shipments),
        unfilled=tuple(PlanLine(skus[i], int(q)) for i, q in enumerate(missing) if q > 0),
        cost_terms=terms,
        total_cents=sum(terms.values()),
        shadow_cents=shadow_cost(inst, x),
        proven_optimal=proven_optimal,
        lower_bound_cents=lower_bound,
        runners_up=runners_up(inst, x) if explain else (),
    )
