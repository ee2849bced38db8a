from datetime import UTC

import pytest

from inventory import IdempotencyConflict, InsufficientStock, StockEvent, UnknownSku
from inventory.model import StockModel


def test_receipts_sales_adjustments_and_transfers_move_on_hand(network: StockModel):
    network.apply_events(
        [
            StockEvent("receipt", "MITTE", "JACKET", 4),
            StockEvent("pos_sale", "MITTE", "JACKET", 2),
            StockEvent("adjustment", "MITTE", "JACKET", -1),
            StockEvent("transfer_out", "SPANDAU", "JACKET", 3),
            StockEvent("transfer_in", "WH", "JACKET", 3),
        ]
    )
    assert network.get_stock("MITTE", "JACKET").on_hand == 6
    assert network.get_stock("SPANDAU", "JACKET").on_hand == 2
    assert network.get_stock("WH", "JACKET").on_hand == 3
    assert network.audit().ok


def test_a_sale_may_take_safety_stock_but_not_reserved_units(network: StockModel):
    from inventory import ReservationLine
    from inventory.reservations import Reserve

    network.set_planning("MITTE", "SCARF", safety_stock=2)
    network.reserve(Reserve((ReservationLine("MITTE", "SCARF", 3),)))
    network.apply_events([StockEvent("pos_sale", "MITTE", "SCARF", 2)])
    with pytest.raises(InsufficientStock, match="reserved"):
        network.apply_events([StockEvent("pos_sale", "MITTE", "SCARF", 1)])
    level = network.get_stock("MITTE", "SCARF")
    assert (level.on_hand, level.reserved) == (3, 3)
    assert network.audit().ok


def test_a_batch_with_one_bad_event_changes_nothing(network: StockModel):
    before = network.audit().ledger_rows
    with pytest.raises(UnknownSku, match="HAT"):
        network.apply_events(
            [
                StockEvent("receipt", "MITTE", "JACKET", 4),
                StockEvent("receipt", "MITTE", "HAT", 1),
            ]
        )
    assert network.get_stock("MITTE", "JACKET").on_hand == 5
    assert network.audit().ledger_rows == before


def test_a_retried_batch_is_applied_once(network: StockModel):
    batch = [StockEvent("receipt", "MITTE", "JACKET", 4, reference="delivery 17")]
    assert network.apply_events(batch, idempotency_key="feed-1") is True
    assert network.apply_events(batch, idempotency_key="feed-1") is False
    assert network.get_stock("MITTE", "JACKET").on_hand == 9
    with pytest.raises(IdempotencyConflict):
        network.apply_events(
            [StockEvent("receipt", "MITTE", "JACKET", 5)], idempotency_key="feed-1"
        )


def test_incoming_units_carry_a_utc_expected_date(network: StockModel):
    from datetime import datetime, timedelta, timezone

    berlin = timezone(timedelta(hours=1))
    network.set_planning(
        "WH", "SHOE", incoming=50, incoming_at=datetime(2026, 12, 1, 9, tzinfo=berlin)
    )
    incoming = network.get_stock("WH", "SHOE").incoming
    assert incoming is not None and incoming.qty == 50
    assert incoming.expected_at == datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert incoming.expected_at.utcoffset() == timedelta(0)


def test_the_audit_names_a_counter_that_disagrees_with_the_ledger(network: StockModel):
    from sqlalchemy import update

    from inventory import schema

    pks = network.catalog
    loc, sku = pks.location_pks(["MITTE"])["MITTE"], pks.sku_pks(["SCARF"])["SCARF"]
    with network.write() as conn:
        conn.execute(
            update(schema.stock)
            .where(schema.stock.c.location_pk == loc, schema.stock.c.sku_pk == sku)
            .values(on_hand=7)
        )
    report = network.audit()
    assert not report.ok
    assert [
        (m.location_id, m.sku_id, m.counter, m.counted, m.expected) for m in report.mismatches
    ] == [("MITTE", "SCARF", "on_hand", 7, 5)]
