"""Planning rows in the stock ledger: the change of safety stock a row made.

Setting safety stock or incoming units now writes a ledger row (kind ``planning``) like
every other change of a stock row, so that the ledger is the one change feed WatchStock
follows; `safety_stock_delta` says how much safety stock changed (0 for movements).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A constant default: no table rewrite on PostgreSQL, existing rows read 0.
    op.add_column(
        "stock_ledger",
        sa.Column("safety_stock_delta", sa.Integer, nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    with op.batch_alter_table("stock_ledger") as batch:
        batch.drop_column("safety_stock_delta")
