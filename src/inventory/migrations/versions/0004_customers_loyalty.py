"""Customer accounts, store purchases and the loyalty points ledger.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

# The service's tables live on the stock model's MetaData; importing them here registers
# them there whenever the schema is migrated, so schema comparisons see them too.
import omniroute.customers.tables  # noqa: F401
from inventory.schema import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=True, unique=True),
        sa.Column("birth_year", sa.Integer, nullable=True),
        sa.Column("birth_month", sa.Integer, nullable=True),
        sa.Column("birth_day", sa.Integer, nullable=True),
        sa.Column("marketing_consent", sa.Boolean, nullable=False),
        sa.Column("home_location_id", sa.String(64), nullable=True),
        sa.Column("points_balance", sa.BigInteger, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.CheckConstraint("points_balance >= 0", name="ck_customers_points"),
    )
    op.create_index("ix_customers_birthday", "customers", ["birth_month", "birth_day"])
    op.create_table(
        "purchases",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("customer_pk", sa.Integer, sa.ForeignKey("customers.pk"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=True, unique=True),
        sa.Column("location_id", sa.String(64), nullable=True),
        sa.Column("receipt_id", sa.String(64), nullable=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("purchased_at", UtcDateTime, nullable=False),
        sa.Column("recorded_at", UtcDateTime, nullable=False),
        sa.UniqueConstraint("location_id", "receipt_id", name="uq_purchases_receipt"),
        sa.CheckConstraint("channel IN ('online', 'store')", name="ck_purchases_channel"),
    )
    op.create_index("ix_purchases_customer", "purchases", ["customer_pk", "purchased_at"])
    op.create_table(
        "purchase_lines",
        sa.Column("purchase_pk", sa.Integer, sa.ForeignKey("purchases.pk"), primary_key=True),
        sa.Column("line_no", sa.Integer, primary_key=True),
        sa.Column("line_id", sa.String(64), nullable=False),
        sa.Column("sku_id", sa.String(64), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("unit_price_cents", sa.BigInteger, nullable=False),
        sa.Column("discount_cents", sa.BigInteger, nullable=False),
        sa.CheckConstraint(
            "quantity > 0 AND unit_price_cents >= 0 AND discount_cents >= 0"
            " AND discount_cents <= quantity * unit_price_cents",
            name="ck_purchase_line_amounts",
        ),
    )
    op.create_table(
        "loyalty_ledger",
        sa.Column("pk", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
        sa.Column("customer_pk", sa.Integer, sa.ForeignKey("customers.pk"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("points", sa.BigInteger, nullable=False),
        sa.Column("balance_after", sa.BigInteger, nullable=False),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("written_off_points", sa.BigInteger, nullable=False),
        sa.Column("booked_at", UtcDateTime, nullable=False),
        sa.UniqueConstraint("kind", "source", "reference", name="uq_loyalty_ledger_reference"),
        sa.CheckConstraint(
            "balance_after >= 0 AND written_off_points >= 0", name="ck_loyalty_ledger"
        ),
    )
    op.create_index("ix_loyalty_ledger_customer", "loyalty_ledger", ["customer_pk", "pk"])
    op.create_index("ix_loyalty_ledger_source", "loyalty_ledger", ["source"])


def downgrade() -> None:
    op.drop_table("loyalty_ledger")
    op.drop_table("purchase_lines")
    op.drop_table("purchases")
    op.drop_table("customers")
