"""Run a strategy on a compiled instance and turn its answer into a typed `Plan`."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from routing.instance import Instance
from routing.plan import Plan, PlanStatus, ShipmentKind, infeasible
from routing.pricing import build_plan
from routing.strategies import get_strategy


def solve_instance(
    inst: Instance, strategy: str, deadline: float, kind: ShipmentKind, *, explain: bool = True
) -> Plan:
    """Run a strategy on a compiled instance and price its answer (`explain`: runners-up)."""
    order_id = inst.order.order_id
    reason = diagnose(inst)
    if reason:
        return infeasible(order_id, strategy, reason)
    solution = get_strategy(strategy)(inst, deadline)
    if solution.x is None:
        why = (
            "no plan satisfies the constraints (max shipments, unsplittable lines, capacity)"
            if solution.proven_optimal
            else f"strategy {strategy!r} found no feasible plan"
        )
        return infeasible(order_id, strategy, why)
    plan = build_plan(
        inst,
        solution.x,
        strategy,
        proven_optimal=solution.proven_optimal,
        lower_bound=solution.lower_bound,
        kind=kind,
        explain=explain,
    )
    if not plan.shipments:
        reason = "no unit can be served for less than the unfilled penalty"
        return replace(plan, status=PlanStatus.INFEASIBLE, reason=reason)
    return plan


def diagnose(inst: Instance) -> str:
    """A reason the order obviously cannot be routed, or "" when it may be."""
    c, order = inst.candidates, inst.order
    columns = [c.skus.index(line.sku) for line in order.lines]
    anywhere = np.asarray(c.stock)[:, columns].sum(axis=0) if c.size else np.zeros(len(columns))
    if not np.any(anywhere):
        return "no location has any of the ordered SKUs in stock"
    if inst.n == 0:
        return (
            "no eligible location has stock: all are excluded by radius, location kind, "
            "shipping capability or exhausted capacity"
        )
    if inst.constraints.ship_complete:
        held = inst.stock.sum(axis=0)
        for i, line in enumerate(order.lines):
            if held[i] < line.qty:
                return (
                    f"only {int(held[i])} of {line.qty} units of SKU {line.sku!r} are available "
                    "at eligible locations, and the order must ship complete"
                )
    return ""
