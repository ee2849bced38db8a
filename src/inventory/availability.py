"""Availability queries: one SKU across the network, one location, and stores near a point.

The nearby query is vectorised: the locations live in numpy arrays, stock for the asked
SKUs is read in one query, and distances and filters are array operations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, select

from inventory import schema
from inventory.catalog import Catalog, location_from_row
from inventory.domain import Capability, IncomingStock, Location, LocationKind, StockLevel
from inventory.driver_sql import driver_cursor, driver_sql
from inventory.errors import InvalidInput

EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lat: float, lon: float, lats: NDArray[np.float64], lons: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Great-circle distances in km from one point to arrays of points (degrees)."""
    lat1, lon1 = np.radians(lat), np.radians(lon)
    lat2, lon2 = np.radians(lats), np.radians(lons)
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    distance: NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return distance


@dataclass(frozen=True)
class NearbyLocation:
    """A location near the asked point, with what it has of the asked SKUs."""

    location: Location
    distance_km: float
    available: Mapping[str, int]
    can_supply_all: bool


class LocationIndex:
    """The active locations as arrays, for vectorised distance and eligibility filters."""

    def __init__(self, locations: Sequence[Location], pks: Sequence[int], version: int = 0) -> None:
        self.locations = list(locations)
        #: The network version the locations were read at (see `inventory.snapshot`).
        self.version = version
        self.ids = np.array([loc.id for loc in locations], dtype=object)
        self.pks = np.asarray(pks, dtype=np.int64)
        self.lats = np.array([loc.latitude for loc in locations], dtype=np.float64)
        self.lons = np.array([loc.longitude for loc in locations], dtype=np.float64)
        self.is_store = np.array([loc.kind is LocationKind.STORE for loc in locations], dtype=bool)
        self.can_ship = self.capable(Capability.SHIP)
        self.can_pickup = self.capable(Capability.PICKUP)
        self.accepts_returns = self.capable(Capability.ACCEPT_RETURNS)
        self.daily_capacity = np.array([loc.daily_capacity for loc in locations], dtype=np.int64)
        self.handling_cost_cents = np.array(
            [loc.handling_cost_cents for loc in locations], dtype=np.int64
        )
        self.cutoff_minute = np.array(
            [loc.cutoff.hour * 60 + loc.cutoff.minute for loc in locations], dtype=np.int64
        )
        self.row_of_pk = np.full(int(self.pks.max(initial=0)) + 1, -1, dtype=np.int64)
        self.row_of_pk[self.pks] = np.arange(len(self.pks))
        #: Location id -> its row.
        self.row_of_id = {loc.id: n for n, loc in enumerate(locations)}

    @classmethod
    def load(cls, conn: Connection) -> LocationIndex:
        """Read every active location."""
        # The version first: a change committed in between makes the next check reload.
        version = conn.execute(select(schema.network_version.c.version)).scalar_one()
        rows = conn.execute(
            select(schema.locations)
            .where(schema.locations.c.active.is_(True))
            .order_by(schema.locations.c.pk)
        ).all()
        return cls([location_from_row(r) for r in rows], [r.pk for r in rows], version)

    def capable(self, capability: Capability) -> NDArray[np.bool_]:
        """A mask of the locations that have `capability`."""
        return np.array([capability in loc.capabilities for loc in self.locations], dtype=bool)


def find_nearby(
    conn: Connection,
    catalog: Catalog,
    index: LocationIndex,
    point: tuple[float, float],
    wanted: Mapping[str, int],
    *,
    radius_km: float | None = None,
    k: int | None = None,
    kinds: frozenset[LocationKind] = frozenset({LocationKind.STORE}),
    capability: Capability | None = None,
    require_all: bool = True,
) -> list[NearbyLocation]:
    """Locations within `radius_km` (or the `k` nearest) that can supply `wanted`, nearest first."""
    lat, lon = point
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(f"({lat}, {lon}) is not a point on Earth")
    if radius_km is None and k is None:
        raise InvalidInput("give a radius in km or a number k of nearest locations")
    if radius_km is not None and radius_km <= 0 or k is not None and k <= 0:
        raise InvalidInput("radius and k must be positive")
    if not wanted or any(q <= 0 for q in wanted.values()):
        raise InvalidInput("ask for at least one SKU, each with a positive quantity")
    sku_ids = list(wanted)
    available = stock_matrix(conn, catalog, index, sku_ids)
    need = np.array([wanted[sid] for sid in sku_ids], dtype=np.int64)
    distance = haversine_km(lat, lon, index.lats, index.lons)
    supplies_all: NDArray[np.bool_] = np.all(available >= need, axis=1)
    mask = np.zeros(len(index.locations), dtype=bool)
    for kind in kinds:
        mask |= index.is_store if kind is LocationKind.STORE else ~index.is_store
    if capability is not None:
        mask &= index.capable(capability)
    mask &= supplies_all if require_all else (available > 0).any(axis=1)
    if radius_km is not None:
        mask &= distance <= radius_km
    candidates = np.flatnonzero(mask)
    order = candidates[np.argsort(distance[candidates], kind="stable")]
    if k is not None:
        order = order[:k]
    return [
        NearbyLocation(
            index.locations[i],
            round(float(distance[i]), 3),
            {sid: int(available[i, j]) for j, sid in enumerate(sku_ids)},
            bool(supplies_all[i]),
        )
        for i in order
    ]


def stock_matrix(
    conn: Connection, catalog: Catalog, index: LocationIndex, sku_ids: Sequence[str]
) -> NDArray[np.int64]:
    """Available to promise, one row per location of `index`, one column per SKU (>= 0)."""
    sku_pks = catalog.sku_pks(sku_ids, conn)
    available = np.zeros((len(index.locations), len(sku_ids)), dtype=np.int64)
    column = {sku_pks[sid]: j for j, sid in enumerate(sku_ids)}
    # On the driver's cursor: every order reads a few hundred rows here, and Core's result
    # rows cost more than the query itself.
    sql = driver_sql(conn)
    query = (
        "SELECT location_pk, sku_pk, on_hand - reserved - safety_stock FROM stock"
        f" WHERE sku_pk IN ({sql.placeholders(len(column))})"
    )
    with driver_cursor(conn) as cursor:
        cursor.execute(query, list(column))
        rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 3)
    rows = rows[rows[:, 0] < len(index.row_of_pk)]
    loc_rows = index.row_of_pk[rows[:, 0]]
    keep = loc_rows >= 0
    column_of_pk = np.zeros(max(column) + 1, dtype=np.int64)
    column_of_pk[list(column)] = list(column.values())
    available[loc_rows[keep], column_of_pk[rows[keep, 1]]] = np.maximum(rows[keep, 2], 0)
    return available


def stock_levels(
    conn: Connection,
    *,
    sku_pk: int | None = None,
    location_pk: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StockLevel]:
    """Stock levels of one SKU across the network, or of every SKU at one location."""
    s, loc, sku = schema.stock, schema.locations, schema.skus
    query = (
        select(
            loc.c.id,
            sku.c.id,
            s.c.on_hand,
            s.c.reserved,
            s.c.safety_stock,
            s.c.incoming,
            s.c.incoming_at,
        )
        .join(loc, loc.c.pk == s.c.location_pk)
        .join(sku, sku.c.pk == s.c.sku_pk)
        .order_by(s.c.location_pk, s.c.sku_pk)
        .offset(offset)
    )
    if sku_pk is not None:
        query = query.where(s.c.sku_pk == sku_pk)
    if location_pk is not None:
        query = query.where(s.c.location_pk == location_pk)
    if limit is not None:
        query = query.limit(limit)
    return [
        StockLevel(
            location_id,
            sku_id,
            on_hand,
            reserved,
            safety,
            IncomingStock(incoming, incoming_at) if incoming and incoming_at else None,
        )
        for location_id, sku_id, on_hand, reserved, safety, incoming, incoming_at in conn.execute(
            query
        )
    ]
