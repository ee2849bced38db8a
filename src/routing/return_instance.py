"""A return problem compiled to arrays, and what one way to route it is (a `Choice`).

A `Choice` is the parcel's destination row (or None: no parcel, the drop-off store
keeps everything) and, per request line, how many units the drop-off store keeps (all
zero by post). `routing.return_pricing.terms_of` prices it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.geo import haversine_km
from routing.problem import LocationKind
from routing.return_cost_model import ReturnCostModel
from routing.return_disposition import resellable
from routing.return_problem import ReturnChannel, ReturnDestinations, ReturnRequest

IntArray = NDArray[np.int64]
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
