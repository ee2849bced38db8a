"""Where a return goes: the live stock model as `routing`'s return problem, and back.

A location's need for a SKU is judged against a target level. The stock model has no
planned levels yet, so the target of a store that ranges the SKU (has a stock row for it)
is the median available quantity of that SKU over the stores that range it, and never
below its safety stock: a store that sold out of a scarf its peers hold five of needs
five. A warehouse is the network's buffer, replenished in bulk; its target is its safety
stock, so a returned unit there is worth little unless the buffer ran low. A location
without a row for the SKU has target 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from inventory.model import StockModel
from omniroute.errors import InvalidRequest
from omniroute.returns.commands import RequestReturn
from omniroute.returns.errors import ReturnStateError
from omniroute.returns.records import Channel, DestinationRecord, ReturnLineRecord
from omniroute.returns.sold import Sale
from routing import (
    ReturnChannel,
    ReturnCostModel,
    ReturnDestinations,
    ReturnLine,
    ReturnPlan,
    ReturnRequest,
    route_return,
)
from routing import (
    ReturnCondition as Condition,
)


@dataclass(frozen=True)
class Routed:
    """The chosen destination, the alternatives, and the lines a drop-off store keeps."""

    destination: DestinationRecord
    alternatives: tuple[DestinationRecord, ...]
    kept_line_ids: frozenset[str]
    strategy: str


def choose_destination(
    model: StockModel,
    sale: Sale,
    lines: Sequence[ReturnLineRecord],
    request: RequestReturn,
    *,
    returns_warehouse_id: str | None = None,
    cost_model: ReturnCostModel | None = None,
) -> Routed:
    """Route the return with `request.strategy` on the current stock."""
    if request.drop_off_location_id is not None:
        model.get_location(request.drop_off_location_id)  # NOT_FOUND when unknown
    problem = ReturnRequest(
        return_id=request.order_id,
        lines=tuple(_line(model, sale, ln) for ln in lines),
        channel=ReturnChannel(request.channel.value),
        customer_point=_ship_from(sale, request),
        drop_off_location_id=request.drop_off_location_id,
    )
    plan = route_return(
        problem,
        destinations(model, sorted({ln.sku for ln in lines})),
        cost_model or ReturnCostModel(),
        strategy=request.strategy,
        returns_location_id=returns_warehouse_id,
    )
    if not plan.is_feasible:
        raise ReturnStateError(plan.reason or "no location can take this return")
    return _routed(plan, lines, request)


def destinations(model: StockModel, skus: Sequence[str]) -> ReturnDestinations:
    """Every active location with its available stock of `skus` and its target levels."""
    index = model.location_index()
    row_of = {loc.id: n for n, loc in enumerate(index.locations)}
    stock = np.zeros((len(row_of), len(skus)), dtype=np.int64)
    target = np.zeros_like(stock)
    for j, sku in enumerate(skus):
        ranged = np.zeros(len(row_of), dtype=bool)
        safety = np.zeros(len(row_of), dtype=np.int64)
        for level in model.availability(sku):
            row = row_of.get(level.location_id)
            if row is not None:
                stock[row, j] = level.available
                safety[row] = level.safety_stock
                ranged[row] = True
        stores = ranged & index.is_store
        target[ranged, j] = safety[ranged]
        if stores.any():
            median = int(np.median(stock[stores, j]))
            target[stores, j] = np.maximum(median, safety[stores])
    return ReturnDestinations(
        location_ids=tuple(loc.id for loc in index.locations),
        skus=tuple(skus),
        is_store=index.is_store,
        lat=index.lats,
        lon=index.lons,
        accepts_returns=index.accepts_returns,
        stock=stock,
        target=target,
        handling_cents_per_unit=index.handling_cost_cents,
    )


def _line(model: StockModel, sale: Sale, line: ReturnLineRecord) -> ReturnLine:
    sold = sale.line(line.line_id)
    return ReturnLine(
        sku=line.sku,
        qty=line.qty,
        condition=Condition(line.condition),
        unit_value_cents=line.refund_cents // line.qty,
        unit_weight_g=model.get_sku(line.sku).weight_g or 500,
        reason=line.reason,
        origin_location_id=sold.origin_location_id if sold else None,
    )


def _ship_from(sale: Sale, request: RequestReturn) -> tuple[float, float] | None:
    if request.channel is Channel.STORE_DROP_OFF:
        return None
    point = request.ship_from or sale.ship_to
    if point is None:
        raise InvalidRequest(
            "ship_from is required: the order has no delivery address to send the return from"
        )
    return point


def _routed(plan: ReturnPlan, lines: Sequence[ReturnLineRecord], request: RequestReturn) -> Routed:
    kept_units: dict[int, int] = {}
    for part in plan.kept_lines:
        kept_units[part.line_index] = kept_units.get(part.line_index, 0) + part.qty
    # A line is kept when the plan keeps all its units (a line the plan splits travels on).
    kept = frozenset(ln.line_id for n, ln in enumerate(lines) if kept_units.get(n, 0) == ln.qty)
    here = request.drop_off_location_id
    destination = DestinationRecord(
        location_id=plan.destination_id or here or "",
        cost_cents=plan.total_cents,
        cost_terms=dict(plan.cost_terms),
        reason=plan.reason,
    )
    alternatives = tuple(
        DestinationRecord(
            location_id=alt.destination_id or here or "",
            cost_cents=alt.total_cents,
            cost_terms=dict(alt.cost_terms),
            reason=alt.reason,
        )
        for alt in plan.alternatives
    )
    return Routed(destination, alternatives, kept, plan.strategy)
