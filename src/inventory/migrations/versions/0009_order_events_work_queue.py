"""Order events and work queues: every status change of orders, shipments and returns
(the feed of WatchOrders), and each location's open work (ListShipments), both written in
the transaction of the change they describe.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from inventory.schema import UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
        sa.Column("recorded_at", UtcDateTime, nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(80), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("location_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "work_queue",
        sa.Column("location_id", sa.String(64), primary_key=True),
        sa.Column("dispatch_on", sa.Date, primary_key=True),
        sa.Column("order_id", sa.String(64), primary_key=True),
        sa.Column("shipment_id", sa.String(80), primary_key=True),
        sa.Column("work", sa.String(16), primary_key=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("due_at", UtcDateTime, nullable=True),
    )
    op.create_index("ix_work_queue_order", "work_queue", ["order_id"])
    op.create_index("ix_work_queue_due", "work_queue", ["due_at"])


def downgrade() -> None:
    op.drop_index("ix_work_queue_due", table_name="work_queue")
    op.drop_index("ix_work_queue_order", table_name="work_queue")
    op.drop_table("work_queue")
    op.drop_table("order_events")
