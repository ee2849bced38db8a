"""Locations and SKUs: upserts, look-ups, and the id <-> surrogate-key maps.

Surrogate keys never change once given, so the maps are cached per process and refreshed
only on a miss; several service processes on one database stay correct.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import time
from typing import Any

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from inventory import schema
from inventory.domain import Capability, Location, LocationKind, PostalAddress, Sku
from inventory.errors import DuplicateId, UnknownLocation, UnknownSku


def upsert_statement(engine_or_conn: Engine | Connection, table: Table) -> Any:
    """A dialect-specific INSERT that supports ``on_conflict_do_update``."""
    name = engine_or_conn.dialect.name
    return postgresql.insert(table) if name == "postgresql" else sqlite.insert(table)


def location_row(location: Location) -> dict[str, Any]:
    """The `locations` row of a domain `Location`."""
    return {
        "id": location.id,
        "name": location.name,
        "kind": location.kind.value,
        "latitude": float(location.latitude),
        "longitude": float(location.longitude),
        "can_ship": Capability.SHIP in location.capabilities,
        "can_pickup": Capability.PICKUP in location.capabilities,
        "accepts_returns": Capability.ACCEPT_RETURNS in location.capabilities,
        "daily_capacity": location.daily_capacity,
        "handling_cost_cents": location.handling_cost_cents,
        "cutoff": location.cutoff.strftime("%H:%M"),
        "active": location.active,
        "address": (
            None if location.address == PostalAddress() else json.dumps(asdict(location.address))
        ),
    }


def location_from_row(row: Any) -> Location:
    """The domain `Location` of a `locations` row."""
    capabilities = {
        capability
        for capability, flag in (
            (Capability.SHIP, row.can_ship),
            (Capability.PICKUP, row.can_pickup),
            (Capability.ACCEPT_RETURNS, row.accepts_returns),
        )
        if flag
    }
    return Location(
        id=row.id,
        name=row.name,
        kind=LocationKind(row.kind),
        latitude=row.latitude,
        longitude=row.longitude,
        capabilities=frozenset(capabilities),
        daily_capacity=row.daily_capacity,
        handling_cost_cents=row.handling_cost_cents,
        cutoff=time.fromisoformat(row.cutoff),
        active=bool(row.active),
        address=PostalAddress(**json.loads(row.address)) if row.address else PostalAddress(),
    )


def sku_row(sku: Sku) -> dict[str, Any]:
    """The `skus` row of a domain `Sku`."""
    return {
        "id": sku.id,
        "name": sku.name,
        "category": sku.category,
        "weight_g": sku.weight_g,
        "price_cents": sku.price_cents,
    }


def sku_from_row(row: Any) -> Sku:
    """The domain `Sku` of a `skus` row."""
    return Sku(row.id, row.name, row.category, row.weight_g, row.price_cents)


def require_unique(ids: Iterable[str], what: str) -> None:
    """Raise `DuplicateId` naming the first id that appears twice."""
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise DuplicateId(f"{what} {item!r} appears more than once in the request")
        seen.add(item)


def upsert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows, updating every column but the keys of those whose id exists."""
    if not rows:
        return
    statement = upsert_statement(conn, table)
    columns = [c for c in rows[0] if c != "id"]
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_={c: statement.excluded[c] for c in columns}
    )
    conn.execute(statement, list(rows))


class Catalog:
    """Caches the surrogate keys of locations and SKUs for one engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._location_pks: dict[str, int] = {}
        self._sku_pks: dict[str, int] = {}

    def location_pks(self, ids: Iterable[str], conn: Connection | None = None) -> dict[str, int]:
        """Map location ids to keys; raise `UnknownLocation` naming the first unknown id."""
        return self._resolve(
            ids,
            schema.locations,
            self._location_pks,
            conn,
            lambda missing: UnknownLocation(f"unknown location {missing!r}", location_id=missing),
        )

    def remember_locations(self, ids: Iterable[str], pks: Iterable[int]) -> None:
        """Seed the location map with keys read elsewhere (e.g. with the location arrays)."""
        with self._lock:
            self._location_pks.update(zip(ids, (int(pk) for pk in pks), strict=True))

    def sku_pks(self, ids: Iterable[str], conn: Connection | None = None) -> dict[str, int]:
        """Map SKU ids to keys; raise `UnknownSku` naming the first unknown id."""
        return self._resolve(
            ids,
            schema.skus,
            self._sku_pks,
            conn,
            lambda missing: UnknownSku(f"unknown SKU {missing!r}", sku_id=missing),
        )

    def _resolve(
        self,
        ids: Iterable[str],
        table: Table,
        cache: dict[str, int],
        conn: Connection | None,
        error: Any,
    ) -> dict[str, int]:
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in cache]
        if missing:
            query = select(table.c.id, table.c.pk).where(table.c.id.in_(missing))
            if conn is not None:
                found = conn.execute(query).all()
            else:
                with self._engine.connect() as own:
                    found = own.execute(query).all()
            with self._lock:
                for item, pk in found:
                    cache[item] = pk
            for item in missing:
                if item not in cache:
                    raise error(item)
        return {i: cache[i] for i in wanted}
