"""The promotion tables (SQLAlchemy Core), created by migration 0005.

They live in the stock model's database (and on its `MetaData`, which one Alembic chain
migrates; importing this module registers them there) so that a coupon is redeemed in the
same transaction as the order's stock reservation. `coupons` guards its own counter with a
check constraint, and `coupon_redemptions` allows one redemption per (coupon, order): even
a bug elsewhere cannot redeem a single-use coupon twice.
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
    Text,
    UniqueConstraint,
)

from inventory.schema import UtcDateTime, metadata

promotions = Table(
    "promotions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("percent_basis_points", Integer, nullable=False),
    Column("amount_off_cents", BigInteger, nullable=False),
    Column("category", String(100), nullable=False),
    # A JSON list of SKU ids; empty list means any SKU.
    Column("sku_ids", Text, nullable=False),
    Column("min_spend_cents", BigInteger, nullable=False),
    Column("min_basket_cents", BigInteger, nullable=False),
    Column("valid_from", UtcDateTime, nullable=True),
    Column("valid_until", UtcDateTime, nullable=True),
    Column("stacking", String(16), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("requires_coupon", Boolean, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

coupons = Table(
    "coupons",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("promotion_id", String(64), ForeignKey("promotions.id"), nullable=False),
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("request_hash", String(64), nullable=False),
    Column("usage", String(16), nullable=False),
    Column("max_redemptions", Integer, nullable=False),
    Column("redemption_count", Integer, nullable=False),
    Column("customer_id", String(64), nullable=True),
    Column("valid_from", UtcDateTime, nullable=True),
    Column("valid_until", UtcDateTime, nullable=True),
    Column("issued_at", UtcDateTime, nullable=False),
    CheckConstraint(
        "redemption_count >= 0 AND max_redemptions >= 0"
        " AND (max_redemptions = 0 OR redemption_count <= max_redemptions)",
        name="ck_coupons_redemptions",
    ),
    Index("ix_coupons_customer", "customer_id"),
)

coupon_redemptions = Table(
    "coupon_redemptions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("code", String(64), ForeignKey("coupons.code"), nullable=False),
    Column("promotion_id", String(64), nullable=False),
    Column("order_id", String(64), nullable=False),
    Column("customer_id", String(64), nullable=True),
    Column("redeemed_at", UtcDateTime, nullable=False),
    Column("released_at", UtcDateTime, nullable=True),
    UniqueConstraint("code", "order_id", name="uq_coupon_redemptions_code_order"),
    Index("ix_coupon_redemptions_order", "order_id"),
)
