"""Daily dispatch capacity counted against use; a network version for location caches.

`dispatch_capacity` holds the units each location dispatches on each day (reservations
count there, releases give back); reservation lines remember the day they count on.
`network_version` is one row that triggers on `locations` bump on every change, however
it is made (upserts, bulk loads), so that each server process can tell cheaply whether
its cached copy of the locations is still current.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_POSTGRES_TRIGGER = [
    """
    CREATE FUNCTION bump_network_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE network_version SET version = version + 1;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER locations_changed AFTER INSERT OR UPDATE OR DELETE ON locations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_network_version()
    """,
]
_SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER locations_{event.lower()} AFTER {event} ON locations
    BEGIN
        UPDATE network_version SET version = version + 1;
    END
    """
    for event in ("INSERT", "UPDATE", "DELETE")
]


def upgrade() -> None:
    op.create_table(
        "dispatch_capacity",
        sa.Column("dispatch_on", sa.Date, primary_key=True),
        sa.Column("location_pk", sa.Integer, primary_key=True),
        sa.Column("used", sa.Integer, nullable=False),
        sa.CheckConstraint("used >= 0", name="ck_dispatch_capacity_used"),
    )
    op.add_column("reservation_lines", sa.Column("dispatch_on", sa.Date, nullable=True))
    op.create_table(
        "network_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO network_version (id, version) VALUES (1, 1)")
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRES_TRIGGER if postgres else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER locations_changed ON locations")
        op.execute("DROP FUNCTION bump_network_version()")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER locations_{event}")
    op.drop_table("network_version")
    with op.batch_alter_table("reservation_lines") as batch:
        batch.drop_column("dispatch_on")
    op.drop_table("dispatch_capacity")
