"""From the live stock model to the optimiser's input: a numpy snapshot of candidates."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from inventory.model import StockModel
from routing import Candidates

#: Daily capacity 0 in the stock model means "no cap".
NO_CAP = np.iinfo(np.int64).max // 4


def load_candidates(
    model: StockModel,
    skus: Sequence[str],
    *,
    exclude: Collection[str] = (),
    always_include: Collection[str] = (),
) -> Candidates:
    """Locations that hold any unit of `skus` (plus `always_include`), minus `exclude`."""
    index, stock = model.stock_snapshot(skus)
    ids = np.array([loc.id for loc in index.locations], dtype=object)
    keep = stock.sum(axis=1) > 0
    if always_include:
        keep |= np.isin(ids, list(always_include))
    if exclude:
        keep &= ~np.isin(ids, list(exclude))
    rows = np.flatnonzero(keep)
    capacity = index.daily_capacity[rows]
    return Candidates(
        location_ids=tuple(str(i) for i in ids[rows]),
        skus=tuple(skus),
        stock=np.ascontiguousarray(stock[rows]),
        lat=index.lats[rows],
        lon=index.lons[rows],
        is_store=index.is_store[rows],
        can_ship=index.can_ship[rows],
        can_pickup=index.can_pickup[rows],
        capacity_units=np.where(capacity > 0, capacity, NO_CAP),
        handling_cents_per_unit=index.handling_cost_cents[rows],
        cutoff_minute_utc=index.cutoff_minute[rows],
    )
