"""The tables of customers, purchases and the points ledger (SQLAlchemy Core).

They live on the stock model's `MetaData` because one Alembic chain migrates the service's
database (revision 0004 creates them); importing this module registers them there.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from inventory.schema import UtcDateTime, metadata

customers = Table(
    "customers",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=True, unique=True),
    Column("birth_year", Integer, nullable=True),
    Column("birth_month", Integer, nullable=True),
    Column("birth_day", Integer, nullable=True),
    Column("marketing_consent", Boolean, nullable=False),
    Column("home_location_id", String(64), nullable=True),
    # The points counter; the ledger is the evidence (`loyalty_audit`).
    Column("points_balance", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint("points_balance >= 0", name="ck_customers_points"),
    Index("ix_customers_birthday", "birth_month", "birth_day"),
)

purchases = Table(
    "purchases",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("customer_pk", Integer, ForeignKey("customers.pk"), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("order_id", String(64), nullable=True, unique=True),
    Column("location_id", String(64), nullable=True),
    Column("receipt_id", String(64), nullable=True),
    Column("request_hash", String(64), nullable=False),
    Column("purchased_at", UtcDateTime, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    UniqueConstraint("location_id", "receipt_id", name="uq_purchases_receipt"),
    CheckConstraint("channel IN ('online', 'store')", name="ck_purchases_channel"),
    Index("ix_purchases_customer", "customer_pk", "purchased_at"),
)

purchase_lines = Table(
    "purchase_lines",
    metadata,
    Column("purchase_pk", Integer, ForeignKey("purchases.pk"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("line_id", String(64), nullable=False),
    Column("sku_id", String(64), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price_cents", BigInteger, nullable=False),
    Column("discount_cents", BigInteger, nullable=False),
    CheckConstraint(
        "quantity > 0 AND unit_price_cents >= 0 AND discount_cents >= 0"
        " AND discount_cents <= quantity * unit_price_cents",
        name="ck_purchase_line_amounts",
    ),
)

loyalty_ledger = Table(
    "loyalty_ledger",
    metadata,
    Column("pk", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("customer_pk", Integer, ForeignKey("customers.pk"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("points", BigInteger, nullable=False),
    Column("balance_after", BigInteger, nullable=False),
    Column("source", String(80), nullable=False),
    Column("reference", String(64), nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("written_off_points", BigInteger, nullable=False),
    Column("booked_at", UtcDateTime, nullable=False),
    # One credit per shipment, one redemption per order, one reversal per return.
    UniqueConstraint("kind", "source", "reference", name="uq_loyalty_ledger_reference"),
    CheckConstraint("balance_after >= 0 AND written_off_points >= 0", name="ck_loyalty_ledger"),
    Index("ix_loyalty_ledger_customer", "customer_pk", "pk"),
    Index("ix_loyalty_ledger_source", "source"),
)
