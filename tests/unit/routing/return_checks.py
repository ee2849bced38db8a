"""An exhaustive search for return routing, written independently of the solver.

It prices every feasible way to route a return with plain Python arithmetic: by post,
each accepting location; at a drop-off, "keep everything" and, for every accepting
location D and every count of units kept per line, one parcel to D carrying the rest.
Only the shipping cents per unit come from the shared `CostModel`.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np

from routing import (
    LocationKind,
    ReturnChannel,
    ReturnCostModel,
    ReturnDestinations,
    ReturnRequest,
    disposition,
)
from routing.return_disposition import Disposition

Option = tuple[int | None, tuple[int, ...]]  # (parcel destination row, units kept per line)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _value_at(
    request: ReturnRequest, d: ReturnDestinations, model: ReturnCostModel, row: int, counts
) -> int:
    kind = LocationKind.STORE if d.is_store[row] else LocationKind.WAREHOUSE
    total = 0
    for sku in {line.sku for line in request.lines}:
        j = d.skus.index(sku)
        paid = sorted(
            (
                line.unit_value_cents
                for i, line in enumerate(request.lines)
                for _ in range(counts[i])
                if line.sku == sku and disposition(line.condition, kind) is Disposition.RESTOCK
            ),
            reverse=True,
        )
        stock, target = int(d.stock[row, j]), int(d.target[row, j])
        for n, value in enumerate(paid):
            level = stock + n
            if level < target:
                total += round(Fraction(model.below_target_ratio) * value)
            elif level >= Fraction(model.overstock_ratio) * target:
                total -= model.holding_cents_per_unit
            else:
                total += round(Fraction(model.at_target_ratio) * value)
    return total


def price(
    request: ReturnRequest, d: ReturnDestinations, model: ReturnCostModel, option: Option
) -> int:
    """The cost of one way to route the return."""
    row, kept = option
    qty = [line.qty for line in request.lines]
    handling = (
        [model.shipping.handling_cents_per_unit] * d.size
        if d.handling_cents_per_unit is None
        else [int(h) for h in d.handling_cents_per_unit]
    )
    cost = 0
    if request.channel is ReturnChannel.STORE_DROP_OFF:
        store = d.location_ids.index(str(request.drop_off_location_id))
        cost += sum(kept) * handling[store] - _value_at(request, d, model, store, kept)
        start = (float(d.lat[store]), float(d.lon[store]))
    else:
        assert request.customer_point is not None
        start = request.customer_point
    sent = [q - k for q, k in zip(qty, kept, strict=True)]
    if row is not None:
        km = np.array([_km(float(d.lat[row]), float(d.lon[row]), *start)])
        weight = np.array([line.unit_weight_g for line in request.lines], dtype=np.int64)
        ship = model.shipping.distance_cents_per_unit(km, weight)[0]
        cost += model.shipping.base_cents_per_shipment
        cost += sum(s * (int(c) + handling[row]) for s, c in zip(sent, ship, strict=True))
        cost -= _value_at(request, d, model, row, sent)
    return cost


def feasible_options(request: ReturnRequest, d: ReturnDestinations) -> list[Option]:
    """Every feasible way to route the return."""
    qty = [line.qty for line in request.lines]
    accepting = [k for k in range(d.size) if d.accepts_returns[k]]
    if request.channel is ReturnChannel.POST:
        return [(k, (0,) * len(qty)) for k in accepting]
    store = d.location_ids.index(str(request.drop_off_location_id))
    if not d.accepts_returns[store]:
        return []
    options: list[Option] = [(None, tuple(qty))]
    for k in accepting:
        if k == store:
            continue
        for kept in itertools.product(*(range(q + 1) for q in qty)):
            if sum(kept) < sum(qty):
                options.append((k, kept))
    return options


def best_per_destination(
    request: ReturnRequest, d: ReturnDestinations, model: ReturnCostModel
) -> dict[str | None, int]:
    """Per parcel destination id (None: the drop-off store keeps everything), its best cost."""
    best: dict[str | None, int] = {}
    for option in feasible_options(request, d):
        key = None if option[0] is None else d.location_ids[option[0]]
        cost = price(request, d, model, option)
        best[key] = min(cost, best.get(key, cost))
    return best


def brute_force_cost(
    request: ReturnRequest, d: ReturnDestinations, model: ReturnCostModel
) -> int | None:
    """The cheapest feasible option's cost; None when nothing is feasible."""
    costs = [price(request, d, model, o) for o in feasible_options(request, d)]
    return min(costs) if costs else None
