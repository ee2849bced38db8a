"""Click & collect: serve the order at the pickup store, topping it up by transfers.

The pickup store keeps what it has for the customer. Missing units are routed to the
store as an ordinary order (same cost model and strategy, destination = the store,
transfer lead times), and the plan says when everything is ready: the latest transfer
arrival day at `constraints.collect_ready_time_utc`. The plan also lists nearby stores
that could hand over the whole order right now.

With look-ahead prices (`Candidates.opportunity_cents`, not all zero), keeping is a choice when a
transfer comes anyway: the plans that keep only the store's unprotected units, or none,
are priced too, and the cheapest wins (keeping everything on a tie), so units travel on
a transfer already paid when that is cheaper than taking a store's last units or units
the look-ahead prices dear there. Without prices the store keeps what it has: a myopic
choice would put units on transfers that use dispatch capacity later orders need (on
the capacity-bound peak-day sample that cost 6.7 % more in total). When no
transfer can bring the missing units and the order need not ship complete, the store
hands over what it has and the rest is unfilled.
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
    best = _topped_up(part, c, cost_model, constraints, strategy, deadline, explain)
    if not part.pickup.lines or c.opportunity_cents is None or not np.any(c.opportunity_cents):
        return best
    columns = [c.skus.index(line.sku) for line in order.lines]
    on_shelf = np.asarray(c.stock, dtype=np.int64)[p, columns].tolist()
    floor = cost_model.protect_below_units if c.is_store[p] else 0
    kept = _kept_units(order, on_shelf)
    # The store's unprotected units; a line that must not be split is kept whole or not.
    free = [min(k, max(held - floor, 0)) for k, held in zip(kept, on_shelf, strict=True)]
    unprotected = [
        f if line.splittable or f == k else 0
        for f, k, line in zip(free, kept, order.lines, strict=True)
    ]
    tried = [kept]
    for keep in (unprotected, [0] * len(kept)):
        if keep in tried:
            continue
        tried.append(keep)
        lean = pickup_part(order, c, cost_model, constraints, p, explain=explain, keep=keep)
        plan = _topped_up(lean, c, cost_model, constraints, strategy, deadline, explain)
        if plan.is_feasible and (not best.is_feasible or _objective(plan) < _objective(best)):
            best = plan
    return best


def _objective(plan: Plan) -> int:
    return plan.total_cents + plan.shadow_cents


def _topped_up(
    part: PickupPart,
    c: Candidates,
    cost_model: CostModel,
    constraints: Constraints,
    strategy: str,
    deadline: float,
    explain: bool,
) -> Plan:
    """The pickup part plus the transfers that bring the units it lacks."""
    if part.transfer_order is None:
        return part.alone(strategy)
    # Missing units travel to the store like an order shipped there.
    inst = compile_instance(
        part.transfer_order,
        c,
        cost_model,
        constraints,
        exclude=frozenset({part.info.pickup_location_id}),
        use_transfer_lead=True,
    )
    transfers = solve_instance(inst, strategy, deadline, ShipmentKind.TRANSFER, explain=explain)
    return part.with_transfers(transfers, constraints, cost_model)


@dataclass(frozen=True)
class PickupPart:
    """What the pickup store keeps, its cost, and the order for the units it lacks."""

    order: Order
    pickup: Shipment
    terms: dict[str, int]
    info: CollectInfo
    transfer_order: Order | None  # None when the store has everything
    shadow: int = 0  # opportunity cents of the kept units

    def alone(self, strategy: str, solve_ms: float = 0.0) -> Plan:
        """The plan when the store keeps the whole order."""
        total = sum(self.terms.values())
        return Plan(
            self.order.order_id,
            strategy,
            PlanStatus.ROUTED,
            shipments=(self.pickup,),
            cost_terms=self.terms,
            total_cents=total,
            shadow_cents=self.shadow,
            proven_optimal=True,
            lower_bound_cents=total,
            collect=self.info,
            solve_ms=solve_ms,
        )

    def with_transfers(
        self, transfers: Plan, constraints: Constraints, cost_model: CostModel | None = None
    ) -> Plan:
        """The plan that adds `transfers` (the transfer order's plan) to the kept units.

        With `cost_model` given and partial fulfilment allowed, a store that keeps some
        units hands them over even when no transfer can bring the rest (unfilled).
        """
        info, terms = self.info, self.terms
        if transfers.status is PlanStatus.INFEASIBLE:
            if cost_model is not None and not constraints.ship_complete and self.pickup.lines:
                return self._shelf_only(transfers, cost_model)
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
            shadow_cents=transfers.shadow_cents + self.shadow,
            lower_bound_cents=None if bound is None else bound + sum(terms.values()) + self.shadow,
            collect=replace(info, ready_at=ready_at),
        )

    def _shelf_only(self, transfers: Plan, cost_model: CostModel) -> Plan:
        """What the store has, handed over; the units no transfer can bring are unfilled."""
        assert self.transfer_order is not None
        missing = tuple(PlanLine(line.sku, line.qty) for line in self.transfer_order.lines)
        terms = dict(self.terms)
        terms["unfilled"] += sum(line.qty for line in missing) * cost_model.unfilled_cents_per_unit
        total = sum(terms.values())
        return Plan(
            self.order.order_id,
            transfers.strategy,
            PlanStatus.ROUTED,
            shipments=(self.pickup,),
            unfilled=missing,
            cost_terms=terms,
            total_cents=total,
            shadow_cents=self.shadow,
            reason=f"no transfer can bring the missing units: {transfers.reason}",
            collect=self.info,
        )


def pickup_part(
    order: Order,
    c: Candidates,
    cost_model: CostModel,
    constraints: Constraints,
    p: int,
    *,
    explain: bool = True,
    keep: list[int] | None = None,
) -> PickupPart:
    """What store row p keeps of `order` now, and the transfer order for the rest.

    `keep` (units per line) overrides the default: all the store has of each line.
    """
    columns = [c.skus.index(line.sku) for line in order.lines]
    on_shelf = np.asarray(c.stock, dtype=np.int64)[p, columns].tolist()
    if keep is None:
        keep = _kept_units(order, on_shelf)
    unit = (
        0
        if c.unit_cost_cents is None
        else int((np.asarray(c.unit_cost_cents)[p, columns] * np.array(keep)).sum())
    )
    qty = np.array([line.qty for line in order.lines], dtype=np.int64)
    alternatives = _alternatives(order, c, constraints, p, qty, columns) if explain else ()
    part = _part(order, c, cost_model, p, on_shelf, keep, unit, alternatives)
    if c.opportunity_cents is None:
        return part
    # As for shipped units: a kept unit is never priced above leaving it unserved.
    handling = int(part.terms["handling"]) // max(sum(keep), 1)
    room = max(cost_model.unfilled_cents_per_unit - 1 - handling, 0)
    opportunity = np.minimum(np.asarray(c.opportunity_cents, dtype=np.int64)[p, columns], room)
    return replace(part, shadow=int((opportunity * np.array(keep)).sum()))


def pickup_part_on_shelf(
    order: Order, c: Candidates, cost_model: CostModel, p: int, on_shelf: list[int]
) -> PickupPart:
    """`pickup_part` with ``explain=False``, given what store row p has of each line.

    `c.stock` is not read (nor copied): ``on_shelf[i]`` is the store's stock of
    ``order.lines[i]``. Per-SKU unit costs are not supported (`c.unit_cost_cents` must be
    None).
    """
    if c.unit_cost_cents is not None:
        raise ValueError("pickup_part_on_shelf does not take per-SKU unit costs")
    return _part(order, c, cost_model, p, on_shelf, _kept_units(order, on_shelf), 0, ())


def _kept_units(order: Order, on_shelf: list[int]) -> list[int]:
    """Per line, what the store keeps: a line that must not be split only if it has all."""
    return [
        min(held, line.qty) if line.splittable or held >= line.qty else 0
        for line, held in zip(order.lines, on_shelf, strict=True)
    ]


def _part(
    order: Order,
    c: Candidates,
    cm: CostModel,
    p: int,
    on_shelf: list[int],
    keep: list[int],
    unit: int,
    alternatives: tuple[CollectAlternative, ...],
) -> PickupPart:
    """The pickup part for the units `keep` of each line, from `on_shelf`."""
    kept = tuple(PlanLine(line.sku, k) for line, k in zip(order.lines, keep, strict=True) if k)
    handling = (
        cm.handling_cents_per_unit
        if c.handling_cents_per_unit is None
        else int(c.handling_cents_per_unit[p])
    )
    floor = cm.protect_below_units if c.is_store[p] else 0
    protected = sum(
        max(k - max(held - floor, 0), 0) for k, held in zip(keep, on_shelf, strict=True)
    )
    terms = dict.fromkeys(TERMS, 0)
    terms.update(
        handling=handling * sum(keep),
        unit_cost=unit,
        protect_last_units=protected * cm.protect_cents_per_unit,
    )
    now = order.created_at.astimezone(UTC)
    today = now.date()
    pickup = Shipment(
        c.location_ids[p], ShipmentKind.PICKUP, kept, sum(terms.values()), 0.0, today, today
    )
    missing = [
        replace(line, qty=line.qty - k)
        for line, k in zip(order.lines, keep, strict=True)
        if line.qty > k
    ]
    info = CollectInfo(c.location_ids[p], kept, now, alternatives)
    store = (float(c.lat[p]), float(c.lon[p]))
    transfer = replace(order, lines=tuple(missing), destination=store) if missing else None
    return PickupPart(order, pickup, terms, info, transfer)


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
