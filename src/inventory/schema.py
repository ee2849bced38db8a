"""The tables of the stock model, as SQLAlchemy Core (the hot path stays on Core).

Locations and SKUs get small integer surrogate keys so that the stock and ledger tables,
which hold millions of rows, stay narrow. The stock table's primary key starts with the SKU
because routing and availability read "these SKUs everywhere". The stock table has no
foreign keys on purpose: its keys only ever come from the catalog's maps, and two foreign-key
checks per row made a ten-million-row load several times slower on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.engine import Dialect


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()} cannot be stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        moment: datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


metadata = MetaData()

#: The largest value of a stock counter (on hand, reserved, safety stock, incoming): that of
#: PostgreSQL's INTEGER. A movement that would pass it is refused.
MAX_STOCK_UNITS = 2_147_483_647

#: SQLite stores whatever a statement computes (an overflowing sum becomes a REAL): this
#: CHECK keeps its stock counters exact integers in the range PostgreSQL's INTEGER enforces.
STOCK_INTEGERS_CHECK = " AND ".join(
    f"typeof({column}) = 'integer' AND {column} <= {MAX_STOCK_UNITS}"
    for column in ("on_hand", "reserved", "safety_stock", "incoming")
)

locations = Table(
    "locations",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("can_ship", Boolean, nullable=False),
    Column("can_pickup", Boolean, nullable=False),
    Column("accepts_returns", Boolean, nullable=False),
    Column("daily_capacity", Integer, nullable=False),
    Column("handling_cost_cents", BigInteger, nullable=False),
    Column("cutoff", String(5), nullable=False),
    Column("active", Boolean, nullable=False),
    #: The postal address as JSON (`PostalAddress` fields); NULL when none was given.
    Column("address", Text, nullable=True),
    CheckConstraint("kind IN ('store', 'warehouse')", name="ck_locations_kind"),
)

skus = Table(
    "skus",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("category", String(100), nullable=False),
    Column("weight_g", Integer, nullable=False),
    Column("price_cents", BigInteger, nullable=False),
)

stock = Table(
    "stock",
    metadata,
    Column("sku_pk", Integer, primary_key=True),
    Column("location_pk", Integer, primary_key=True),
    Column("on_hand", Integer, nullable=False),
    Column("reserved", Integer, nullable=False),
    Column("safety_stock", Integer, nullable=False),
    Column("incoming", Integer, nullable=False),
    Column("incoming_at", UtcDateTime, nullable=True),
    # The last line of defence: even a bug elsewhere cannot promise units that are not there.
    CheckConstraint(
        "on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand AND safety_stock >= 0"
        " AND incoming >= 0",
        name="ck_stock_counters",
    ),
    CheckConstraint(STOCK_INTEGERS_CHECK, name="ck_stock_integers").ddl_if(dialect="sqlite"),
    Index("ix_stock_location", "location_pk"),
    sqlite_with_rowid=False,
)

stock_ledger = Table(
    "stock_ledger",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("sku_pk", Integer, nullable=False),
    Column("location_pk", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("on_hand_delta", Integer, nullable=False),
    Column("reserved_delta", Integer, nullable=False),
    Column("reservation_pk", Integer, nullable=True),
    Column("reference", String(200), nullable=False),
    #: Change of safety stock (planning rows); 0 for movements, which leave it alone.
    Column("safety_stock_delta", Integer, nullable=False, server_default=text("0")),
)

reservations = Table(
    "reservations",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("idempotency_key", String(200), nullable=True, unique=True),
    Column("request_hash", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("order_ref", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=True),
    Index("ix_reservations_open_expiry", "status", "expires_at"),
)

reservation_lines = Table(
    "reservation_lines",
    metadata,
    Column("reservation_pk", Integer, ForeignKey("reservations.pk"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("location_pk", Integer, nullable=False),
    Column("sku_pk", Integer, nullable=False),
    Column("qty", Integer, nullable=False),
    Column("shipped_qty", Integer, nullable=False),
    Column("released_qty", Integer, nullable=False),
    #: The day the units leave the location, counted on its dispatch capacity; NULL when
    #: the line does not count there (units kept for pickup, plain stock reservations).
    Column("dispatch_on", Date, nullable=True),
    CheckConstraint(
        "qty > 0 AND shipped_qty >= 0 AND released_qty >= 0 AND shipped_qty + released_qty <= qty",
        name="ck_line_qty",
    ),
)

reservation_events = Table(
    "reservation_events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("reservation_pk", Integer, ForeignKey("reservations.pk"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Index("ix_reservation_events_reservation", "reservation_pk"),
)

# Units each location dispatches per day, against its `daily_capacity` (0 = no cap):
# reservation lines with a `dispatch_on` add to it in their transaction, by a conditional
# upsert that refuses to pass the capacity; releases give back.
dispatch_capacity = Table(
    "dispatch_capacity",
    metadata,
    # The day first: each order reads the counters of a day or two.
    Column("dispatch_on", Date, primary_key=True),
    Column("location_pk", Integer, primary_key=True),
    Column("used", Integer, nullable=False),
    CheckConstraint("used >= 0", name="ck_dispatch_capacity_used"),
)

# One row whose version triggers on `locations` bump on every change (migration 0006):
# a process compares it with the version of its cached location arrays.
network_version = Table(
    "network_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
)

stock_event_batches = Table(
    "stock_event_batches",
    metadata,
    Column("idempotency_key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
    Column("event_count", Integer, nullable=False),
)

# An order's record, written in the same transaction as its reservation so that an order
# the service confirmed is never without its hold, nor a hold without its order.
orders = Table(
    "orders",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("idempotency_key", String(200), nullable=True, unique=True),
    Column("request_hash", String(64), nullable=False),
    Column("status", String(24), nullable=False),
    Column("record", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
