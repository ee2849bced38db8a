"""Stock counters stay exact integers within `MAX_STOCK_UNITS`, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from inventory import InvalidInput, Location, Sku, StockEvent, schema
from inventory.database import create_database_engine, migrate
from inventory.model import StockModel

HALF = schema.MAX_STOCK_UNITS // 2 + 1


def test_receipts_past_the_counter_maximum_are_refused_and_change_nothing(network: StockModel):
    before = network.audit().ledger_rows
    network.apply_events([StockEvent("receipt", "MITTE", "JACKET", HALF)])
    with pytest.raises(InvalidInput, match="beyond the maximum of 2,147,483,647"):
        network.apply_events(
            [
                StockEvent("receipt", "MITTE", "SCARF", 1),
                StockEvent("receipt", "MITTE", "JACKET", HALF),
            ]
        )
    assert network.get_stock("MITTE", "JACKET").on_hand == 5 + HALF
    assert network.get_stock("MITTE", "SCARF").on_hand == 5
    assert network.audit().ledger_rows == before + 1
    assert network.audit().ok


def test_one_receipt_beyond_the_counter_maximum_is_refused(network: StockModel):
    with pytest.raises(InvalidInput, match="beyond the maximum"):
        network.apply_events([StockEvent("receipt", "WH", "SHOE", 2**63 - 1)])
    assert network.get_stock("WH", "SHOE").on_hand == 0
    assert network.audit().ok


def add_to_on_hand(model: StockModel, value: float) -> None:
    loc = model.catalog.location_pks(["MITTE"])["MITTE"]
    with model.write() as conn:
        conn.execute(
            update(schema.stock)
            .where(schema.stock.c.location_pk == loc)
            .values(on_hand=schema.stock.c.on_hand + value)
        )


def test_the_database_refuses_a_counter_beyond_the_maximum(network: StockModel):
    with pytest.raises(DBAPIError):
        add_to_on_hand(network, schema.MAX_STOCK_UNITS)
    with pytest.raises(DBAPIError):
        add_to_on_hand(network, 2**63 - 1)  # SQLite's sum would be a REAL
    assert network.get_stock("MITTE", "JACKET").on_hand == 5
    assert network.audit().ok


def test_sqlite_refuses_a_counter_that_is_not_a_whole_number(sqlite_url: str):
    # PostgreSQL's INTEGER column cannot hold a fraction at all.
    model = StockModel.open(sqlite_url)
    try:
        model.upsert_locations([Location("MITTE", "Mitte", "store", 52.5, 13.4)])
        model.upsert_skus([Sku("JACKET", "Jacket", "outerwear", 1800, 29900)])
        model.apply_events([StockEvent("receipt", "MITTE", "JACKET", 5)])
        with pytest.raises(IntegrityError, match="ck_stock_integers"):
            add_to_on_hand(model, 0.5)
        assert model.get_stock("MITTE", "JACKET").on_hand == 5
    finally:
        model.close()


def test_the_sqlite_migration_keeps_the_stock_rows_and_adds_the_check(sqlite_url: str):
    engine = create_database_engine(sqlite_url)
    try:
        migrate(engine, "0007")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO stock (sku_pk, location_pk, on_hand, reserved, safety_stock,"
                    " incoming) VALUES (1, 1, 7, 2, 1, 0), (1, 2, 3, 0, 0, 4)"
                )
            )
        migrate(engine)
        with engine.begin() as conn:
            rows = conn.execute(text("SELECT * FROM stock ORDER BY location_pk")).all()
            ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'stock'")).scalar()
        assert [tuple(row)[:6] for row in rows] == [(1, 1, 7, 2, 1, 0), (1, 2, 3, 0, 0, 4)]
        assert "ck_stock_integers" in ddl and "WITHOUT ROWID" in ddl
    finally:
        engine.dispose()
