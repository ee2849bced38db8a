"""The whole network as the look-ahead LP takes it, read from the stock model in one
read transaction: locations, SKUs, stock available now, expected arrivals, and the
dispatch capacity each location has used on each day until the horizon ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Connection, select

from inventory import schema
from inventory.availability import LocationIndex
from inventory.snapshot import IntArray
from omniroute.lookahead.order_history import epoch_ns
from routing import UNLIMITED, Candidates, CostModel
from routing.horizon_lp import HorizonSupply

DEFAULT_WEIGHT_G = 500


@dataclass(frozen=True, eq=False)
class NetworkState:
    """Row k is `location_ids[k]`, column s is `sku_ids[s]`."""

    location_ids: tuple[str, ...]
    sku_ids: tuple[str, ...]
    #: Every location, every SKU a column, stock what it could offer until the horizon
    #: ends (available now + arriving): the options of the horizon LP.
    network: Candidates
    #: Stock now, arrivals, capacity used per day from today: the LP's rows.
    supply: HorizonSupply
    #: Units on hand summed over the network.
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
    """The network of `catalogue` at `now`, with arrivals expected before `end` (UTC);
    incoming units without a date are taken to arrive now."""
    index = catalogue.index
    n_loc, n_sku = len(index.ids), len(catalogue.sku_ids)
    column_of_pk = np.full(int(catalogue.sku_pks.max(initial=0)) + 1, -1, dtype=np.int64)
    column_of_pk[catalogue.sku_pks] = np.arange(n_sku)
    start = np.zeros((n_loc, n_sku), dtype=np.int64)
    arrivals: list[tuple[int, int, int, int]] = []
    s = schema.stock.c
    on_hand_units = 0
    now_ns = epoch_ns(now)
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
        loc, col = int(index.row_of_pk[row.location_pk]), int(column_of_pk[row.sku_pk])
        if loc < 0 or col < 0:
            continue
        start[loc, col] = row.on_hand - row.reserved - row.safety_stock
        if row.incoming > 0 and (row.incoming_at is None or row.incoming_at < end):
            at = now_ns if row.incoming_at is None else max(epoch_ns(row.incoming_at), now_ns)
            arrivals.append((at, loc, col, int(row.incoming)))
    arriving = np.array(arrivals, dtype=np.int64).reshape(-1, 4)
    most = np.maximum(start, 0)
    np.add.at(most, (arriving[:, 1], arriving[:, 2]), arriving[:, 3])
    handling = np.where(
        index.handling_cost_cents < 0, cost_model.handling_cents_per_unit, index.handling_cost_cents
    )
    network = Candidates(
        location_ids=tuple(index.ids.tolist()),
        skus=catalogue.sku_ids,
        stock=most,
        lat=index.lats,
        lon=index.lons,
        is_store=index.is_store,
        can_ship=index.can_ship,
        can_pickup=index.can_pickup,
        capacity_units=np.where(index.daily_capacity > 0, index.daily_capacity, UNLIMITED),
        base_cost_cents=np.full(n_loc, cost_model.base_cents_per_shipment, dtype=np.int64),
        handling_cents_per_unit=np.asarray(handling, dtype=np.int64),
        cutoff_minute_utc=index.cutoff_minute,
    )
    supply = HorizonSupply(
        start=start,
        arrival_at_ns=arriving[:, 0].copy(),
        arrival_location=arriving[:, 1].copy(),
        arrival_sku=arriving[:, 2].copy(),
        arrival_qty=arriving[:, 3].copy(),
        daily_capacity=np.maximum(index.daily_capacity, 0),
        used=_used(conn, index, now, end),
        is_store=index.is_store,
    )
    return NetworkState(network.location_ids, catalogue.sku_ids, network, supply, on_hand_units)


def _used(conn: Connection, index: LocationIndex, now: datetime, end: datetime) -> IntArray:
    """Units counted on each location's dispatch capacity per day, today first: (days, L)."""
    today = now.astimezone(UTC).date()
    last = end.astimezone(UTC).date()
    used = np.zeros(((last - today).days + 1, len(index.ids)), dtype=np.int64)
    d = schema.dispatch_capacity.c
    for row in conn.execute(
        select(d.dispatch_on, d.location_pk, d.used).where(
            d.dispatch_on >= today, d.dispatch_on <= last
        )
    ):
        k = index.row_of_pk[row.location_pk] if row.location_pk < len(index.row_of_pk) else -1
        if k >= 0:
            used[(row.dispatch_on - today).days, k] = row.used
    return used
