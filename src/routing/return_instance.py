"""A return problem compiled to arrays, and the exact price of one way to route it.

A `Choice` is one way to route a return: the parcel's destination row (or None: no
parcel, the drop-off store keeps everything) and, per request line, how many units the
drop-off store keeps (all zero by post). `price` is the one definition of what a choice
costs; every strategy's answer and every explanation goes through it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.geo import haversine_km
from routing.problem import LocationKind
from routing.return_cost_model import RETURN_TERMS, ReturnCostModel, slot_tier
from routing.return_disposition import resellable
from routing.return_problem import ReturnChannel, ReturnDestinations, ReturnRequest

IntArray = NDArray[np.int64]
NOT_RESOLD = 3  # tier of a unit that is not restocked where it lands
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Choice:
    """Parcel destination row (None: no parcel) and units kept at the drop-off, per line."""

    row: int | None
    kept: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class ReturnInstance:
    """Arrays a strategy needs: row k is destination k, column i is request line i."""

    request: ReturnRequest
    destinations: ReturnDestinations
    model: ReturnCostModel
    columns: IntArray  # (lines,) SKU column of each line
    qty: IntArray  # (lines,)
    km: NDArray[np.float64]  # (rows,) from where the parcel starts
    ship: IntArray  # (rows, lines) distance cents per unit
    handling: IntArray  # (rows,) cents per unit received
    resell: BoolArray  # (rows, lines) the line's condition is restocked there
    drop: int | None  # drop-off row
    eligible: BoolArray  # (rows,) may receive the parcel
    by_sku: dict[int, list[int]]  # SKU column -> its line indices
    worth: IntArray  # (lines, 3) a unit's value below target, at target, overstocked
    restock_lines: dict[tuple[int, bool], list[int]]  # (SKU column, is store) -> lines

    def kind(self, row: int) -> LocationKind:
        """The kind of location `row`."""
        return LocationKind.STORE if self.destinations.is_store[row] else LocationKind.WAREHOUSE

    def location_id(self, row: int) -> str:
        """The id of location `row`."""
        return self.destinations.location_ids[row]


def compile_return(
    request: ReturnRequest, destinations: ReturnDestinations, model: ReturnCostModel
) -> ReturnInstance:
    """Compile a validated problem; distances start at the customer or the drop-off store."""
    d, lines = destinations, request.lines
    drop = None
    if request.channel is ReturnChannel.STORE_DROP_OFF:
        drop = d.location_ids.index(str(request.drop_off_location_id))
        start = (float(d.lat[drop]), float(d.lon[drop]))
    else:
        assert request.customer_point is not None
        start = request.customer_point
    km = haversine_km(np.asarray(d.lat), np.asarray(d.lon), start[0], start[1])
    weight = np.array([line.unit_weight_g for line in lines], dtype=np.int64)
    ship = model.shipping.distance_cents_per_unit(km, weight)
    handling = (
        np.full(d.size, model.shipping.handling_cents_per_unit, dtype=np.int64)
        if d.handling_cents_per_unit is None
        else np.asarray(d.handling_cents_per_unit, dtype=np.int64)
    )
    store = np.asarray(d.is_store, dtype=bool)
    resell = np.array(
        [
            np.where(
                store,
                resellable(line.condition, LocationKind.STORE),
                resellable(line.condition, LocationKind.WAREHOUSE),
            )
            for line in lines
        ],
        dtype=bool,
    ).T.reshape(d.size, len(lines))
    eligible = np.asarray(d.accepts_returns, dtype=bool).copy()
    if drop is not None:
        eligible[drop] = False  # the store keeps units; an onward parcel goes elsewhere
    by_sku: defaultdict[int, list[int]] = defaultdict(list)
    columns = np.array([d.skus.index(line.sku) for line in lines], dtype=np.int64)
    for i, column in enumerate(columns):
        by_sku[int(column)].append(i)
    restock_lines = {
        (column, is_store): [
            i
            for i in lines_of
            if resellable(
                request.lines[i].condition,
                LocationKind.STORE if is_store else LocationKind.WAREHOUSE,
            )
        ]
        for column, lines_of in by_sku.items()
        for is_store in (True, False)
    }
    return ReturnInstance(
        request=request,
        destinations=d,
        model=model,
        columns=columns,
        qty=np.array([line.qty for line in lines], dtype=np.int64),
        km=km,
        ship=ship,
        handling=handling,
        resell=resell,
        drop=drop,
        eligible=eligible,
        by_sku=dict(by_sku),
        worth=np.array(
            [model.unit_worth(line.unit_value_cents) for line in lines], dtype=np.int64
        ).reshape(len(lines), 3),
        restock_lines=restock_lines,
    )


def sorted_units(inst: ReturnInstance, lines: list[int], counts: IntArray) -> list[int]:
    """Line index of each unit placed, dearest first (then by line), `counts[i]` of line i."""
    paid = [inst.request.lines[i].unit_value_cents for i in lines]
    order = sorted(range(len(lines)), key=lambda k: (-paid[k], lines[k]))
    return [lines[k] for k in order for _ in range(int(counts[lines[k]]))]


def value_at(inst: ReturnInstance, rows: IntArray, counts: IntArray) -> IntArray:
    """Value of placing `counts[i]` units of each line i at each of `rows`."""
    d, model = inst.destinations, inst.model
    total = np.zeros(len(rows), dtype=np.int64)
    store = np.asarray(d.is_store, dtype=bool)[rows]
    for column, lines in inst.by_sku.items():
        if not counts[lines].any():
            continue
        for is_store in (True, False):
            units = sorted_units(inst, inst.restock_lines[column, is_store], counts)
            if not units:
                continue
            mask = store == is_store
            if not mask.any():
                continue
            at = rows[mask]
            below, over = model.slot_bounds(d.stock[at, column], d.target[at, column])
            total[mask] += model.placed_value(inst.worth[units], below, over)
    return total


def unit_values(inst: ReturnInstance, row: int, counts: IntArray) -> tuple[list[int], Counter[int]]:
    """Value per line of placing `counts` at `row`, and how many units fall in each tier."""
    d, model, kind = inst.destinations, inst.model, inst.kind(row)
    values = [0] * len(inst.request.lines)
    tiers: Counter[int] = Counter()
    for column, lines in inst.by_sku.items():
        live = inst.restock_lines[column, kind is LocationKind.STORE]
        tiers[NOT_RESOLD] += sum(int(counts[i]) for i in lines if i not in live)
        units = sorted_units(inst, live, counts)
        below, over = model.slot_bounds_at(int(d.stock[row, column]), int(d.target[row, column]))
        for j, i in enumerate(units):
            tier = slot_tier(j, below, over)
            values[i] += int(inst.worth[i, tier])
            tiers[tier] += 1
    return values, tiers


def terms_of(inst: ReturnInstance, choice: Choice) -> dict[str, int]:
    """The cost terms of `choice` (see `routing.return_cost_model`)."""
    kept = np.array(choice.kept, dtype=np.int64)
    sent = inst.qty - kept
    terms = dict.fromkeys(RETURN_TERMS, 0)
    if inst.drop is not None and kept.any():
        terms["handling"] += int(kept.sum() * inst.handling[inst.drop])
        terms["value"] -= sum(unit_values(inst, inst.drop, kept)[0])
    if choice.row is not None and sent.any():
        row = choice.row
        terms["base"] = inst.model.shipping.base_cents_per_shipment
        terms["distance"] = int((sent * inst.ship[row]).sum())
        terms["handling"] += int(sent.sum() * inst.handling[row])
        terms["value"] -= sum(unit_values(inst, row, sent)[0])
    return terms
