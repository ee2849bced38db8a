"""From the live stock model to the optimiser's input: a numpy snapshot of candidates."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from inventory.snapshot import IntArray, OrderSnapshot
from routing import UNLIMITED, Candidates


def candidates_of(
    snap: OrderSnapshot,
    skus: Sequence[str],
    *,
    exclude: Collection[str] = (),
    always_include: Collection[str] = (),
) -> Candidates:
    """Locations that hold any unit of `skus` (plus `always_include`), minus `exclude`, with
    the dispatch capacity each has left on its dispatch day, from `snap` (whose columns are
    `skus`)."""
    index, stock = snap.index, snap.available
    keep = stock.any(axis=1)
    if always_include:
        keep |= np.isin(index.ids, list(always_include))
    if exclude:
        keep &= ~np.isin(index.ids, list(exclude))
    return _candidates(snap, skus, np.flatnonzero(keep))


def network_of(snap: OrderSnapshot, skus: Sequence[str]) -> Candidates:
    """Every location of `snap`, in its index's order, with `skus` (`snap`'s columns): the
    network `routing.settle_batch` takes."""
    return _candidates(snap, skus, np.arange(len(snap.index.ids)))


def _candidates(snap: OrderSnapshot, skus: Sequence[str], rows: IntArray) -> Candidates:
    index = snap.index
    capacity = snap.capacity_left[rows]
    return Candidates(
        location_ids=tuple(index.ids[rows].tolist()),
        skus=tuple(skus),
        stock=snap.available[rows],
        lat=index.lats[rows],
        lon=index.lons[rows],
        is_store=index.is_store[rows],
        can_ship=index.can_ship[rows],
        can_pickup=index.can_pickup[rows],
        capacity_units=np.where(capacity >= 0, capacity, UNLIMITED),
        handling_cents_per_unit=index.handling_cost_cents[rows],
        cutoff_minute_utc=index.cutoff_minute[rows],
    )
