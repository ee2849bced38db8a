"""`StockModel`: the stock model's public face, one transaction per call."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from inventory import (
    availability,
    reservation_lifecycle,
    reservations,
    schema,
    snapshot,
    stock_events,
)
from inventory.availability import LocationIndex, NearbyLocation
from inventory.catalog import (
    Catalog,
    location_from_row,
    location_row,
    require_unique,
    sku_from_row,
    sku_row,
    upsert_rows,
)
from inventory.database import create_database_engine, is_sqlite, migrate, reader
from inventory.domain import (
    Capability,
    Location,
    LocationKind,
    Reservation,
    ReservationStatus,
    Sku,
    StockEvent,
    StockLevel,
    require_utc,
)
from inventory.errors import InvalidTransition, UnknownLocation, UnknownSku
from inventory.id_pages import id_page
from inventory.ledger import AuditReport, audit
from inventory.reservation_store import load_reservation
from inventory.reservations import Reserve
from inventory.snapshot import OrderSnapshot
from inventory.writer_lock import WriterLock

#: How long a process trusts its in-memory copy of the locations.
LOCATION_INDEX_TTL_S = 30.0


def utc_now() -> datetime:
    """The current moment, timezone-aware UTC."""
    return datetime.now(UTC)


class StockModel:
    """The live stock model on one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._reader = reader(engine)
        self.catalog = Catalog(engine)
        self._index: LocationIndex | None = None
        self._index_loaded_at = 0.0
        # SQLite has one writer: writers of every thread and process queue on a lock that
        # wakes the next at once, not in SQLite's busy handler (`writer_lock`).
        self._writer_lock = (
            WriterLock(Path(str(engine.url.database))) if is_sqlite(engine) else None
        )
        self._write_lock: AbstractContextManager[Any] = self._writer_lock or nullcontext()

    @classmethod
    def open(cls, url: str, *, pool_size: int = 8) -> StockModel:
        """Connect to `url`, bring its schema up to date, and return the model."""
        engine = create_database_engine(url, pool_size=pool_size)
        migrate(engine)
        return cls(engine)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self._writer_lock is not None:
            self._writer_lock.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that commits when the block ends without error."""
        with self._write_lock, self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot."""
        with self._reader.connect() as conn:
            yield conn

    # Locations and SKUs

    def upsert_locations(self, locations: Sequence[Location]) -> None:
        """Create or update locations (by id)."""
        require_unique((loc.id for loc in locations), "location")
        with self.write() as conn:
            upsert_rows(conn, schema.locations, [location_row(loc) for loc in locations])
        self._index = None

    def upsert_skus(self, skus: Sequence[Sku]) -> None:
        """Create or update SKUs (by id)."""
        require_unique((sku.id for sku in skus), "SKU")
        with self.write() as conn:
            upsert_rows(conn, schema.skus, [sku_row(sku) for sku in skus])

    def get_location(self, location_id: str) -> Location:
        """One location, or `UnknownLocation`."""
        with self.read() as conn:
            row = conn.execute(
                select(schema.locations).where(schema.locations.c.id == location_id)
            ).one_or_none()
        if row is None:
            raise UnknownLocation(f"unknown location {location_id!r}", location_id=location_id)
        return location_from_row(row)

    def get_sku(self, sku_id: str) -> Sku:
        """One SKU, or `UnknownSku`."""
        with self.read() as conn:
            row = conn.execute(select(schema.skus).where(schema.skus.c.id == sku_id)).one_or_none()
        if row is None:
            raise UnknownSku(f"unknown SKU {sku_id!r}", sku_id=sku_id)
        return sku_from_row(row)

    def list_locations(
        self, *, after: str | None, limit: int, kinds: Collection[LocationKind] = ()
    ) -> list[Location]:
        """At most `limit` locations of `kinds` (empty: any), by id, after the id `after`."""
        query = select(schema.locations)
        if kinds:
            query = query.where(schema.locations.c.kind.in_(sorted(k.value for k in kinds)))
        with self.read() as conn:
            rows = id_page(conn, schema.locations, query, after, limit)
        return [location_from_row(row) for row in rows]

    def list_skus(self, *, after: str | None, limit: int, category: str = "") -> list[Sku]:
        """At most `limit` SKUs of `category` (empty: any), by id, after the id `after`."""
        query = select(schema.skus)
        if category:
            query = query.where(schema.skus.c.category == category)
        with self.read() as conn:
            rows = id_page(conn, schema.skus, query, after, limit)
        return [sku_from_row(row) for row in rows]

    def location_index(self) -> LocationIndex:
        """The active locations as arrays (cached for a few seconds; `order_snapshot` checks
        the network version instead)."""
        if self._index is None or time.monotonic() - self._index_loaded_at > LOCATION_INDEX_TTL_S:
            with self.read() as conn:
                return self._load_index(conn)
        return self._index

    def _load_index(self, conn: Connection) -> LocationIndex:
        index = self._index = LocationIndex.load(conn)
        self._index_loaded_at = time.monotonic()
        self.catalog.remember_locations(index.ids, index.pks)
        return index

    # Stock movements and queries

    def apply_events(
        self,
        events: Sequence[StockEvent],
        *,
        idempotency_key: str | None = None,
        now: datetime | None = None,
    ) -> bool:
        """Apply a batch of feed events, all or none; False if the batch was seen before."""
        moment = require_utc(now or utc_now(), "event time")
        with self.write() as conn:
            return stock_events.apply_events(conn, self.catalog, events, moment, idempotency_key)

    def set_planning(
        self,
        location_id: str,
        sku_id: str,
        *,
        safety_stock: int | None = None,
        incoming: int | None = None,
        incoming_at: datetime | None = None,
    ) -> None:
        """Set safety stock and/or incoming units of one (location, SKU)."""
        with self.write() as conn:
            stock_events.set_planning(
                conn,
                self.catalog,
                location_id,
                sku_id,
                safety_stock=safety_stock,
                incoming=incoming,
                incoming_at=incoming_at,
            )

    def get_stock(self, location_id: str, sku_id: str) -> StockLevel:
        """The counters of one (location, SKU); zeros if it was never stocked."""
        location_pk = self.catalog.location_pks([location_id])[location_id]
        sku_pk = self.catalog.sku_pks([sku_id])[sku_id]
        with self.read() as conn:
            levels = availability.stock_levels(conn, sku_pk=sku_pk, location_pk=location_pk)
        return levels[0] if levels else StockLevel(location_id, sku_id, 0, 0, 0)

    def availability(self, sku_id: str) -> list[StockLevel]:
        """Stock of one SKU at every location that has a row for it."""
        sku_pk = self.catalog.sku_pks([sku_id])[sku_id]
        with self.read() as conn:
            return availability.stock_levels(conn, sku_pk=sku_pk)

    def stock_at(self, location_id: str, *, limit: int = 1000, offset: int = 0) -> list[StockLevel]:
        """Stock of every SKU at one location, a page at a time."""
        location_pk = self.catalog.location_pks([location_id])[location_id]
        with self.read() as conn:
            return availability.stock_levels(
                conn, location_pk=location_pk, limit=limit, offset=offset
            )

    def nearby(
        self,
        point: tuple[float, float],
        wanted: Mapping[str, int],
        *,
        radius_km: float | None = None,
        k: int | None = None,
        kinds: frozenset[LocationKind] = frozenset({LocationKind.STORE}),
        capability: Capability | None = None,
        require_all: bool = True,
    ) -> list[NearbyLocation]:
        """Locations near `point` that can supply `wanted`, nearest first."""
        index = self.location_index()
        with self.read() as conn:
            return availability.find_nearby(
                conn,
                self.catalog,
                index,
                point,
                wanted,
                radius_km=radius_km,
                k=k,
                kinds=kinds,
                capability=capability,
                require_all=require_all,
            )

    def order_snapshot(self, sku_ids: Sequence[str], placed_at: datetime) -> OrderSnapshot:
        """Every active location with its available units of `sku_ids` (one column each) and
        the dispatch capacity it has left on the day an order placed at `placed_at` leaves."""
        pks = self.catalog.sku_pks(sku_ids)
        sku_pks = [pks[sku_id] for sku_id in sku_ids]
        with self.read() as conn:
            rows = snapshot.read_rows(conn, sku_pks, placed_at)
            index = self._index
            if index is None or index.version != rows.network_version:
                index = self._load_index(conn)
        return snapshot.lay_out(index, sku_pks, rows, placed_at)

    # Reservations

    def reserve(
        self, command: Reserve, *, also: Callable[[Connection, Reservation], None] | None = None
    ) -> Reservation:
        """Hold every line or none; a retried idempotency key returns the first result.

        `also` runs inside the same transaction once the lines are held (e.g. to write the
        order that owns the reservation): if it raises, nothing is held.
        """
        try:
            with self.write() as conn:
                reservation, is_new = reservations.reserve(conn, self.catalog, command)
                if also is not None and is_new:
                    also(conn, reservation)
                return reservation
        except IntegrityError as error:
            with self.read() as conn:
                return reservations.retry_after_conflict(conn, command, error)

    def get_reservation(self, reservation_id: str) -> Reservation:
        """One reservation with its lines and history."""
        with self.read() as conn:
            return load_reservation(conn, reservation_id)

    def commit(self, reservation_id: str, *, now: datetime | None = None) -> Reservation:
        """Turn a hold into a firm reservation."""
        with self.write() as conn:
            return reservation_lifecycle.commit(conn, reservation_id, now or utc_now())

    def ship(
        self, reservation_id: str, location_id: str | None = None, *, now: datetime | None = None
    ) -> Reservation:
        """Record that the units at `location_id` (or everywhere) left: on hand goes down."""
        with self.write() as conn:
            pk = self._location_pk(location_id, conn)
            return reservation_lifecycle.ship(conn, reservation_id, pk, now or utc_now())

    def release(
        self, reservation_id: str, location_id: str | None = None, *, now: datetime | None = None
    ) -> Reservation:
        """Give back the units held at `location_id` (or everywhere)."""
        with self.write() as conn:
            pk = self._location_pk(location_id, conn)
            return reservation_lifecycle.release(
                conn, reservation_id, now or utc_now(), location_pk=pk
            )

    def expire_due(self, *, now: datetime | None = None, limit: int = 1000) -> list[str]:
        """Release every held reservation whose expiry has passed; return their ids."""
        moment = now or utc_now()
        with self.read() as conn:
            due = reservation_lifecycle.due_for_expiry(conn, moment, limit)
        expired: list[str] = []
        for reservation_id in due:
            try:
                with self.write() as conn:
                    reservation_lifecycle.release(
                        conn, reservation_id, moment, target=ReservationStatus.EXPIRED
                    )
                expired.append(reservation_id)
            except InvalidTransition:
                continue  # committed or released meanwhile: nothing to expire
        return expired

    def audit(self) -> AuditReport:
        """Prove counters == ledger == open reservations."""
        with self.read() as conn:
            return audit(conn)

    def _location_pk(self, location_id: str | None, conn: Connection) -> int | None:
        if location_id is None:
            return None
        return self.catalog.location_pks([location_id], conn)[location_id]
