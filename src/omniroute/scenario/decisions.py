"""Every decision of a replay, one row per order and one per shipped line.

The cost charged for an order is its plan's cost terms; an order the strategy could
not route is charged the unfilled penalty for all its units.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from omniroute.scenario.network import Network
from routing import TERMS, CostModel, FulfilmentMode, Order, Plan, PlanStatus, ShipmentKind

_UNFILLED = TERMS.index("unfilled")


class DecisionLog:
    """Rows of decisions and shipment lines, collected as a replay goes."""

    def __init__(self, strategy: str, network: Network, cost_model: CostModel) -> None:
        self.strategy = strategy
        self._unfilled_cents = cost_model.unfilled_cents_per_unit
        self._orders: list[tuple[Any, ...]] = []
        self._lines: list[tuple[Any, ...]] = []
        self._days: dict[date, str] = {}

    def add(self, order: Order, plan: Plan) -> None:
        """Record the plan chosen for `order`."""
        ordered = sum([line.qty for line in order.lines])
        feasible = plan.status is PlanStatus.ROUTED
        if feasible:
            get = plan.cost_terms.get
            terms = [int(get(t, 0)) for t in TERMS]
            unfilled = sum([line.qty for line in plan.unfilled])
        else:
            terms = [0] * len(TERMS)
            terms[_UNFILLED] = ordered * self._unfilled_cents
            unfilled = ordered
        shipments = plan.shipments if feasible else ()
        ready: date | None
        if order.mode is FulfilmentMode.COLLECT and plan.collect and plan.collect.ready_at:
            ready = plan.collect.ready_at.date()
        else:
            ready = max([s.arrive_on for s in shipments], default=None)
        served = ordered - unfilled
        kept = None
        promised = order.promised_on
        if promised is not None:
            kept = served == ordered and ready is not None and ready <= promised
        iso = self._iso
        self._orders.append(
            (
                order.order_id,
                order.created_at.isoformat(),
                order.mode.value,
                plan.status.value,
                ordered,
                served,
                len(shipments),
                "|".join([s.location_id for s in shipments]),
                sum(terms),
                *terms,
                plan.shadow_cents if feasible else 0,
                None if ready is None else iso(ready),
                None if promised is None else iso(promised),
                kept,
                plan.solve_ms,
                plan.reason,
            )
        )
        for s in shipments:
            dispatched = s.kind is not ShipmentKind.PICKUP
            dispatch_on, arrive_on = iso(s.dispatch_on), iso(s.arrive_on)
            for line in s.lines:
                self._lines.append(
                    (order.order_id, s.location_id, s.kind.value, line.sku, line.qty,
                     s.distance_km, dispatched, dispatch_on, arrive_on)
                )  # fmt: skip

    def _iso(self, day: date) -> str:
        """`day.isoformat()`, computed once per day (a replay spans a few days)."""
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = day.isoformat()
        return text

    def orders(self) -> pd.DataFrame:
        """One row per order."""
        columns = [
            "order_id", "created_at", "mode", "status", "units_ordered", "units_served",
            "shipments", "locations", "total_cents", *(f"{t}_cents" for t in TERMS),
            "shadow_cents", "ready_on", "promised_on", "promise_kept", "solve_ms", "reason",
        ]  # fmt: skip
        frame = pd.DataFrame(self._orders, columns=columns)
        frame.insert(0, "strategy", self.strategy)
        return frame

    def lines(self) -> pd.DataFrame:
        """One row per (order, shipment, SKU)."""
        columns = [
            "order_id", "location_id", "kind", "sku_id", "qty", "distance_km", "dispatched",
            "dispatch_on", "arrive_on",
        ]  # fmt: skip
        frame = pd.DataFrame(self._lines, columns=columns)
        frame.insert(0, "strategy", self.strategy)
        return frame
