"""Promotions, coupons and their redemptions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from inventory.schema import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "promotions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("percent_basis_points", sa.Integer, nullable=False),
        sa.Column("amount_off_cents", sa.BigInteger, nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("sku_ids", sa.Text, nullable=False),
        sa.Column("min_spend_cents", sa.BigInteger, nullable=False),
        sa.Column("min_basket_cents", sa.BigInteger, nullable=False),
        sa.Column("valid_from", UtcDateTime, nullable=True),
        sa.Column("valid_until", UtcDateTime, nullable=True),
        sa.Column("stacking", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("requires_coupon", sa.Boolean, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "coupons",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("promotion_id", sa.String(64), sa.ForeignKey("promotions.id"), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("usage", sa.String(16), nullable=False),
        sa.Column("max_redemptions", sa.Integer, nullable=False),
        sa.Column("redemption_count", sa.Integer, nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=True),
        sa.Column("valid_from", UtcDateTime, nullable=True),
        sa.Column("valid_until", UtcDateTime, nullable=True),
        sa.Column("issued_at", UtcDateTime, nullable=False),
        sa.CheckConstraint(
            "redemption_count >= 0 AND max_redemptions >= 0"
            " AND (max_redemptions = 0 OR redemption_count <= max_redemptions)",
            name="ck_coupons_redemptions",
        ),
    )
    op.create_index("ix_coupons_customer", "coupons", ["customer_id"])
    op.create_table(
        "coupon_redemptions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(64), sa.ForeignKey("coupons.code"), nullable=False),
        sa.Column("promotion_id", sa.String(64), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=True),
        sa.Column("redeemed_at", UtcDateTime, nullable=False),
        sa.Column("released_at", UtcDateTime, nullable=True),
        sa.UniqueConstraint("code", "order_id", name="uq_coupon_redemptions_code_order"),
    )
    op.create_index("ix_coupon_redemptions_order", "coupon_redemptions", ["order_id"])


def downgrade() -> None:
    op.drop_index("ix_coupon_redemptions_order", table_name="coupon_redemptions")
    op.drop_table("coupon_redemptions")
    op.drop_index("ix_coupons_customer", table_name="coupons")
    op.drop_table("coupons")
    op.drop_table("promotions")
