"""Stock counters hold exact integers within PostgreSQL's INTEGER range on SQLite too.

SQLite stores whatever a statement computes: an addition past 2**63 - 1 became a REAL, and
every later read of the row failed. PostgreSQL's INTEGER columns already refuse anything
but an integer of at most `inventory.schema.MAX_STOCK_UNITS`; on SQLite the table is
rebuilt with a CHECK saying the same (SQLite cannot add a CHECK to a table in place). A row
that breaks it stops the migration: it was corrupted before, and only a person can say
what its counters should be.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

from inventory.schema import STOCK_INTEGERS_CHECK, UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = "sku_pk, location_pk, on_hand, reserved, safety_stock, incoming, incoming_at"
_COUNTERS_CHECK = (
    "on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand AND safety_stock >= 0 AND incoming >= 0"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_stock(with_integers_check=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_stock(with_integers_check=False)


def _rebuild_stock(*, with_integers_check: bool) -> None:
    checks = [sa.CheckConstraint(_COUNTERS_CHECK, name="ck_stock_counters")]
    if with_integers_check:
        checks.append(sa.CheckConstraint(STOCK_INTEGERS_CHECK, name="ck_stock_integers"))
    op.create_table(
        "stock_rebuilt",
        sa.Column("sku_pk", sa.Integer, primary_key=True),
        sa.Column("location_pk", sa.Integer, primary_key=True),
        sa.Column("on_hand", sa.Integer, nullable=False),
        sa.Column("reserved", sa.Integer, nullable=False),
        sa.Column("safety_stock", sa.Integer, nullable=False),
        sa.Column("incoming", sa.Integer, nullable=False),
        sa.Column("incoming_at", UtcDateTime, nullable=True),
        *checks,
        sqlite_with_rowid=False,
    )
    op.execute(f"INSERT INTO stock_rebuilt ({_COLUMNS}) SELECT {_COLUMNS} FROM stock")
    op.drop_index("ix_stock_location", table_name="stock")
    op.drop_table("stock")
    op.rename_table("stock_rebuilt", "stock")
    op.create_index("ix_stock_location", "stock", ["location_pk"])
