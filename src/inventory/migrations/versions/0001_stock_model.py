"""The stock model: locations, SKUs, stock, ledger, reservations.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from inventory.schema import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "locations",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("latitude", sa.Float, nullable=False),
        sa.Column("longitude", sa.Float, nullable=False),
        sa.Column("can_ship", sa.Boolean, nullable=False),
        sa.Column("can_pickup", sa.Boolean, nullable=False),
        sa.Column("accepts_returns", sa.Boolean, nullable=False),
        sa.Column("daily_capacity", sa.Integer, nullable=False),
        sa.Column("handling_cost_cents", sa.BigInteger, nullable=False),
        sa.Column("cutoff", sa.String(5), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.CheckConstraint("kind IN ('store', 'warehouse')", name="ck_locations_kind"),
    )
    op.create_table(
        "skus",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("weight_g", sa.Integer, nullable=False),
        sa.Column("price_cents", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "stock",
        sa.Column("sku_pk", sa.Integer, primary_key=True),
        sa.Column("location_pk", sa.Integer, primary_key=True),
        sa.Column("on_hand", sa.Integer, nullable=False),
        sa.Column("reserved", sa.Integer, nullable=False),
        sa.Column("safety_stock", sa.Integer, nullable=False),
        sa.Column("incoming", sa.Integer, nullable=False),
        sa.Column("incoming_at", UtcDateTime, nullable=True),
        sa.CheckConstraint(
            "on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand AND safety_stock >= 0"
            " AND incoming >= 0",
            name="ck_stock_counters",
        ),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_stock_location", "stock", ["location_pk"])
    op.create_table(
        "stock_ledger",
        sa.Column("id", ID, primary_key=True),
        sa.Column("recorded_at", UtcDateTime, nullable=False),
        sa.Column("sku_pk", sa.Integer, nullable=False),
        sa.Column("location_pk", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("on_hand_delta", sa.Integer, nullable=False),
        sa.Column("reserved_delta", sa.Integer, nullable=False),
        sa.Column("reservation_pk", sa.Integer, nullable=True),
        sa.Column("reference", sa.String(200), nullable=False),
    )
    op.create_table(
        "reservations",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("idempotency_key", sa.String(200), nullable=True, unique=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("order_ref", sa.String(200), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=True),
    )
    op.create_index("ix_reservations_open_expiry", "reservations", ["status", "expires_at"])
    op.create_table(
        "reservation_lines",
        sa.Column("reservation_pk", sa.Integer, sa.ForeignKey("reservations.pk"), primary_key=True),
        sa.Column("line_no", sa.Integer, primary_key=True),
        sa.Column("location_pk", sa.Integer, nullable=False),
        sa.Column("sku_pk", sa.Integer, nullable=False),
        sa.Column("qty", sa.Integer, nullable=False),
        sa.Column("shipped_qty", sa.Integer, nullable=False),
        sa.Column("released_qty", sa.Integer, nullable=False),
        sa.CheckConstraint(
            "qty > 0 AND shipped_qty >= 0 AND released_qty >= 0"
            " AND shipped_qty + released_qty <= qty",
            name="ck_line_qty",
        ),
    )
    op.create_table(
        "reservation_events",
        sa.Column("id", ID, primary_key=True),
        sa.Column("reservation_pk", sa.Integer, sa.ForeignKey("reservations.pk"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("recorded_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_reservation_events_reservation", "reservation_events", ["reservation_pk"])
    op.create_table(
        "stock_event_batches",
        sa.Column("idempotency_key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("applied_at", UtcDateTime, nullable=False),
        sa.Column("event_count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "stock_event_batches",
        "reservation_events",
        "reservation_lines",
        "reservations",
        "stock_ledger",
        "stock",
        "skus",
        "locations",
    ):
        op.drop_table(table)
