"""Click & collect: serve the order at the pickup store, topping it up by transfers.

The pickup store keeps what it has for the customer. Missing units are routed to the
store as an ordinary order (same cost model and strategy, destination = the store,
transfer lead times), and the plan says when everything is ready: the latest transfer
arrival day at `constraints.collect_ready_time_utc`. The plan also lists nearby stores
that could hand over the whole order right now.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import numpy as np

from routing.cost_model import TERMS, CostModel
from routing.geo import haversine_km
from routing.instance import compile_instance
from routing.plan import (
    CollectAlternative,
    CollectInfo,
    Plan,
    PlanLine,
    PlanStatus,
    Shipment,
    ShipmentKind,
    infeasible,
)
from routing.problem import Candidates, Constraints, Order
from routing.solving import solve_instance


def route_collect(
    order: Order,
    candidates: Candidates,
    cost_model: CostModel,
    constraints: Constraints,
    strategy: str,
    deadline: float,
    *,
    explain: bool = True,
) -> Plan:
    """Plan a click & collect order (see module docstring)."""
    c = candidates
    p = c.location_ids.index(str(order.pickup_location_id))
    if not c.can_pickup[p]:
        return infeasible(order.order_id, strategy, f"{c.location_ids[p]} does not offer pickup")
    part = pickup_part(order, c, cost_model, constraints, p, explain=explain)
    if part.transfer_order is None:
        return part.alone(strategy)
    # Missing units travel to the store like an order shipped there.
    inst = compile_instance(
        part.transfer_order,
        c,
        cost_model,
        constraints,
        exclude=frozenset({c.location_ids[p]}),
        use_transfer_lead=True,
    )
    transfers = solve_instance(inst, strategy, deadline, ShipmentKind.TRANSFER, explain=explain)
    return part.with_transfers(transfers, constraints)


@dataclass(frozen=True)
class PickupPart:
    """What the pickup store keeps, its cost, and the order for the units it lacks."""

    order: Order
    pickup: Shipment
    terms: dict[str, int]
    info: CollectInfo
    transfer_order: Order | None  # None when the store has everything

    def alone(self, strategy: str) -> Plan:
        """The plan when the store keeps the whole order."""
        total = sum(self.terms.values())
        return Plan(
            self.order.order_id,
            strategy,
            PlanStatus.ROUTED,
            shipments=(self.pickup,),
            cost_terms=self.terms,
            total_cents=total,
            proven_optimal=True,
            lower_bound_cents=total,
            collect=self.info,
        )

    def with_transfers(self, transfers: Plan, constraints: Constraints) -> Plan:
        """The plan that adds `transfers` (the transfer order's plan) to the kept units."""
        info, terms = self.info, self.terms
        if transfers.status is PlanStatus.INFEASIBLE:
            why = f"the pickup store lacks units and no transfer can bring them: {transfers.reason}"
            return replace(transfers, reason=why, collect=replace(info, ready_at=None))
        total_terms = {t: terms[t] + transfers.cost_terms[t] for t in TERMS}
        ready_day = max(s.arrive_on for s in transfers.shipments)
        ready_at = datetime.combine(ready_day, constraints.collect_ready_time_utc, tzinfo=UTC)
        shipments = ((self.pickup,) if self.pickup.lines else ()) + transfers.shipments
        bound = transfers.lower_bound_cents
        return replace(
            transfers,
            order_id=self.order.order_id,
            shipments=shipments,
            cost_terms=total_terms,
            total_cents=sum(total_terms.values()),
            lower_bound_cents=None if bound is None else bound + sum(terms.values()),
            collect=replace(info, ready_at=ready_at),
        )


def pickup_part(
    order: Order,
    c: Candidates,
    cost_model: CostModel,
    constraints: Constraints,
    p: int,
    *,
    explain: bool = True,
) -> PickupPart:
    """What store row p keeps of `order` now, and the transfer order for the rest."""
    columns = [c.skus.index(line.sku) for line in order.lines]
    on_shelf = np.asarray(c.stock, dtype=np.int64)[p, columns]
    qty = np.array([line.qty for line in order.lines], dtype=np.int64)
    # A line that must not be split is kept at the store only if the store has all of it.
    whole = np.array([line.splittable for line in order.lines]) | (on_shelf >= qty)
    keep = np.where(whole, np.minimum(on_shelf, qty), 0)
    kept = tuple(PlanLine(line.sku, int(k)) for line, k in zip(order.lines, keep, strict=True) if k)
    terms = dict.fromkeys(TERMS, 0)
    terms.update(_pickup_terms(order, c, cost_model, p, keep))
    alternatives = _alternatives(order, c, constraints, p, qty, columns) if explain else ()
    now = order.created_at.astimezone(UTC)
    pickup = Shipment(
        c.location_ids[p],
        ShipmentKind.PICKUP,
        kept,
        sum(terms.values()),
        0.0,
        now.date(),
        now.date(),
    )
    missing = [
        replace(line, qty=int(line.qty - k))
        for line, k in zip(order.lines, keep, strict=True)
        if line.qty > k
    ]
    info = CollectInfo(c.location_ids[p], kept, now, alternatives)
    store = (float(c.lat[p]), float(c.lon[p]))
    transfer = replace(order, lines=tuple(missing), destination=store) if missing else None
    return PickupPart(order, pickup, terms, info, transfer)


def _pickup_terms(
    order: Order, c: Candidates, cm: CostModel, p: int, keep: np.ndarray
) -> dict[str, int]:
    """Handling, unit cost and last-units protection of the units kept at the store."""
    columns = [c.skus.index(line.sku) for line in order.lines]
    handling = (
        cm.handling_cents_per_unit
        if c.handling_cents_per_unit is None
        else int(c.handling_cents_per_unit[p])
    )
    unit = (
        0
        if c.unit_cost_cents is None
        else int((np.asarray(c.unit_cost_cents)[p, columns] * keep).sum())
    )
    stock = np.asarray(c.stock, dtype=np.int64)[p, columns]
    floor = cm.protect_below_units if c.is_store[p] else 0
    protected = int(np.maximum(keep - np.maximum(stock - floor, 0), 0).sum())
    return {
        "handling": handling * int(keep.sum()),
        "unit_cost": unit,
        "protect_last_units": protected * cm.protect_cents_per_unit,
    }


def _alternatives(
    order: Order,
    c: Candidates,
    constraints: Constraints,
    p: int,
    qty: np.ndarray,
    columns: list[int],
) -> tuple[CollectAlternative, ...]:
    """Other pickup stores within the collect radius that have the whole order now."""
    km = haversine_km(c.lat, c.lon, float(c.lat[p]), float(c.lon[p]))
    has_all = (np.asarray(c.stock)[:, columns] >= qty).all(axis=1)
    ok = c.is_store & c.can_pickup & has_all & (km <= constraints.collect_radius_km)
    ok[p] = False
    rows = sorted(np.flatnonzero(ok).tolist(), key=lambda k: (km[k], c.location_ids[k]))
    return tuple(CollectAlternative(c.location_ids[k], round(float(km[k]), 3)) for k in rows)
