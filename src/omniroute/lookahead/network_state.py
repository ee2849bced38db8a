"""The whole network as the look-ahead LP takes it, read from the stock model in one
read transaction: locations, SKUs, stock available now, expected arrivals, and the
dispatch capacity each location has left today, tomorrow and until the horizon ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import Connection, select

from inventory import schema
from inventory.availability import LocationIndex
from inventory.snapshot import IntArray
from routing import UNLIMITED, CostModel
from routing.opportunity import BUCKETS, HorizonState

DEFAULT_WEIGHT_G = 500


@dataclass(frozen=True, eq=False)
class NetworkState:
    """Row k is `location_ids[k]`, column s is `sku_ids[s]`."""

    location_ids: tuple[str, ...]
    sku_ids: tuple[str, ...]
    horizon: HorizonState
    #: Units on hand summed over the network (what a large stock change is measured by).
    on_hand_units: int


@dataclass(frozen=True, eq=False)
class Catalogue:
    """The active locations and every SKU: what the history and the stock are laid on."""

    index: LocationIndex
    sku_pks: IntArray
    sku_ids: tuple[str, ...]
    weight_g: IntArray

    @property
    def location_row(self) -> dict[str, int]:
        """Location id -> row."""
        return self.index.row_of_id

    @property
    def sku_column(self) -> dict[str, int]:
        """SKU id -> column."""
        return {sku: s for s, sku in enumerate(self.sku_ids)}


def read_catalogue(conn: Connection) -> Catalogue:
    """The active locations and the SKUs, in key order."""
    rows = conn.execute(
        select(schema.skus.c.pk, schema.skus.c.id, schema.skus.c.weight_g).order_by(
            schema.skus.c.pk
        )
    ).all()
    return Catalogue(
        LocationIndex.load(conn),
        np.array([r.pk for r in rows], dtype=np.int64),
        tuple(r.id for r in rows),
        np.array([r.weight_g or DEFAULT_WEIGHT_G for r in rows], dtype=np.int64),
    )


def read_network_state(
    conn: Connection, catalogue: Catalogue, cost_model: CostModel, now: datetime, end: datetime
) -> NetworkState:
    """The network of `catalogue` at `now`, with arrivals expected before `end` (UTC)."""
    index = catalogue.index
    n_loc, n_sku = len(index.ids), len(catalogue.sku_ids)
    column_of_pk = np.full(int(catalogue.sku_pks.max(initial=0)) + 1, -1, dtype=np.int64)
    column_of_pk[catalogue.sku_pks] = np.arange(n_sku)
    available = np.zeros((n_loc, n_sku), dtype=np.int64)
    arriving = np.zeros((n_loc, n_sku), dtype=np.int64)
    s = schema.stock.c
    on_hand_units = 0
    for row in conn.execute(
        select(
            s.location_pk,
            s.sku_pk,
            s.on_hand,
            s.reserved,
            s.safety_stock,
            s.incoming,
            s.incoming_at,
        )  # fmt: skip
    ):
        on_hand_units += row.on_hand
        if row.location_pk >= len(index.row_of_pk) or row.sku_pk >= len(column_of_pk):
            continue
        loc, col = index.row_of_pk[row.location_pk], column_of_pk[row.sku_pk]
        if loc < 0 or col < 0:
            continue
        available[loc, col] = max(row.on_hand - row.reserved - row.safety_stock, 0)
        if row.incoming > 0 and (row.incoming_at is None or row.incoming_at < end):
            arriving[loc, col] = row.incoming
    handling = np.where(
        index.handling_cost_cents < 0, cost_model.handling_cents_per_unit, index.handling_cost_cents
    )
    horizon = HorizonState(
        lat=index.lats,
        lon=index.lons,
        is_store=index.is_store,
        can_ship=index.can_ship,
        can_pickup=index.can_pickup,
        handling=np.asarray(handling, dtype=np.int64),
        base=np.full(n_loc, cost_model.base_cents_per_shipment, dtype=np.int64),
        cutoff_minute=index.cutoff_minute,
        weight_g=catalogue.weight_g,
        available=available,
        arriving=arriving,
        capacity=_capacity_left(conn, index, now, end),
    )
    return NetworkState(tuple(index.ids.tolist()), catalogue.sku_ids, horizon, on_hand_units)


def _capacity_left(
    conn: Connection, index: LocationIndex, now: datetime, end: datetime
) -> IntArray:
    """Units each location may still dispatch today, tomorrow, and on the days after
    until `end` (summed); `routing.UNLIMITED` where it has no cap."""
    today = now.astimezone(UTC).date()
    last = end.astimezone(UTC).date()
    days = [today + timedelta(days=d) for d in range((last - today).days + 1)]
    used = np.zeros((len(days), len(index.ids)), dtype=np.int64)
    d = schema.dispatch_capacity.c
    for row in conn.execute(
        select(d.dispatch_on, d.location_pk, d.used).where(
            d.dispatch_on >= today, d.dispatch_on <= last
        )
    ):
        k = index.row_of_pk[row.location_pk] if row.location_pk < len(index.row_of_pk) else -1
        if k >= 0:
            used[(row.dispatch_on - today).days, k] = row.used
    cap = index.daily_capacity
    left = np.maximum(cap[None, :] - used, 0)
    buckets = np.zeros((len(index.ids), BUCKETS), dtype=np.int64)
    for day in range(len(days)):
        buckets[:, min(day, BUCKETS - 1)] += left[day]
    return np.where(cap[:, None] > 0, buckets, UNLIMITED)
