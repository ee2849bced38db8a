"""Migration 0004 builds exactly the customer tables the code uses, and drops them again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from inventory.database import migrate
from inventory.model import StockModel
from inventory.schema import metadata
from omniroute.customers import tables

OURS = {"customers", "purchases", "purchase_lines", "loyalty_ledger"}


def _mentions_ours(item: object) -> bool:
    text = repr(item)
    return any(f"table={name}" in text or f"'{name}'" in text for name in OURS) or any(
        getattr(getattr(part, "table", None), "name", None) in OURS
        for part in (item if isinstance(item, tuple) else (item,))
    )


def test_migration_0004_builds_exactly_the_customer_tables(database_url: str):
    assert {t.name for t in (tables.customers, tables.purchases)} <= OURS
    model = StockModel.open(database_url)
    with model.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    model.close()
    assert [item for item in diff if _mentions_ours(item)] == []


def test_migration_0004_downgrades_and_upgrades_again(database_url: str):
    model = StockModel.open(database_url)
    config = Config()
    config.set_main_option("script_location", "src/inventory/migrations")
    with model.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
    assert not OURS & set(inspect(model.engine).get_table_names())
    migrate(model.engine)
    assert OURS <= set(inspect(model.engine).get_table_names())
    model.close()
