"""`LedgerTail`: the stock ledger read as a change feed, each committed row once.

The PostgreSQL cases hold a writer's transaction open to make a row commit after a row
with a larger id, the case that makes a plain `id > last` reader lose changes.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inventory import ReservationLine, StockEvent, stock_events
from inventory.ledger_tail import LedgerTail
from inventory.model import StockModel
from inventory.reservations import Reserve

on_postgres = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def started(model: StockModel) -> LedgerTail:
    tail = LedgerTail(model.engine)
    tail.start()
    return tail


def read_all(tail: LedgerTail) -> list[tuple[str, str, str, int, int, int, int]]:
    changes, more = tail.read()
    assert not more
    return [
        (
            c.kind,
            c.level.location_id,
            c.level.sku_id,
            c.level.on_hand,
            c.level.reserved,
            c.level.safety_stock,
            c.available_delta,
        )
        for c in changes
    ]


def test_changes_after_the_start_come_once_each_with_the_level_after_it(network: StockModel):
    network.apply_events([StockEvent("receipt", "MITTE", "JACKET", 7)])  # before: not read
    tail = started(network)
    assert tail.settled()
    network.apply_events([StockEvent("pos_sale", "MITTE", "JACKET", 2)])
    network.apply_events([StockEvent("receipt", "SPANDAU", "SCARF", 1)])
    network.reserve(Reserve((ReservationLine("MITTE", "JACKET", 4),), commit=True))
    network.set_planning("MITTE", "JACKET", safety_stock=3)
    network.set_planning("MITTE", "JACKET", safety_stock=1)
    assert read_all(tail) == [
        ("pos_sale", "MITTE", "JACKET", 10, 0, 0, -2),
        ("receipt", "SPANDAU", "SCARF", 6, 0, 0, 1),
        ("reserve", "MITTE", "JACKET", 10, 4, 0, -4),  # the commit row changes no level
        ("planning", "MITTE", "JACKET", 10, 4, 3, -3),
        ("planning", "MITTE", "JACKET", 10, 4, 1, 2),
    ]
    assert read_all(tail) == []


def test_a_release_and_a_shipment_are_changes_too(network: StockModel):
    held = network.reserve(Reserve((ReservationLine("KREUZBERG", "JACKET", 2),), commit=True))
    other = network.reserve(Reserve((ReservationLine("KREUZBERG", "JACKET", 1),), commit=True))
    tail = started(network)
    network.ship(held.id)
    network.release(other.id)
    assert read_all(tail) == [
        ("shipment", "KREUZBERG", "JACKET", 3, 1, 0, 0),
        ("release", "KREUZBERG", "JACKET", 3, 0, 0, 1),
    ]


def test_a_full_page_says_more_is_waiting(network: StockModel):
    tail = LedgerTail(network.engine, page=2)
    tail.start()
    for n in range(3):
        network.apply_events([StockEvent("receipt", "MITTE", "SCARF", 1)], idempotency_key=f"r{n}")
    first, more = tail.read()
    assert more and [c.available_delta for c in first] == [1, 1]
    second, more = tail.read()
    assert not more and [(c.level.on_hand, c.available_delta) for c in second] == [(8, 1)]


@on_postgres
def test_a_row_that_commits_after_a_later_one_is_read_late_not_lost(network: StockModel):
    tail = started(network)
    with network.engine.connect() as slow:
        slow.begin()
        now = datetime.now(UTC)
        stock_events.apply_events(
            slow, network.catalog, [StockEvent("receipt", "MITTE", "JACKET", 1)], now
        )
        network.apply_events([StockEvent("receipt", "SPANDAU", "JACKET", 2)])
        assert read_all(tail) == [("receipt", "SPANDAU", "JACKET", 7, 0, 0, 2)]
        assert tail.gaps == 1
        slow.commit()
    assert read_all(tail) == [("receipt", "MITTE", "JACKET", 6, 0, 0, 1)]
    assert tail.gaps == 0


@on_postgres
def test_the_id_of_a_rolled_back_row_is_given_up_once_its_transaction_ended(
    network: StockModel,
):
    tail = started(network)
    with network.engine.connect() as doomed:
        doomed.begin()
        stock_events.apply_events(
            doomed,
            network.catalog,
            [StockEvent("receipt", "MITTE", "JACKET", 1)],
            datetime.now(UTC),
        )
        network.apply_events([StockEvent("receipt", "SPANDAU", "JACKET", 2)])
        assert len(read_all(tail)) == 1 and tail.gaps == 1
        assert read_all(tail) == [] and tail.gaps == 1  # still running: it may commit
        doomed.rollback()
    assert read_all(tail) == []
    assert tail.gaps == 0


@on_postgres
def test_a_tail_is_settled_once_the_transactions_running_at_its_start_ended(
    network: StockModel,
):
    with network.engine.connect() as slow:
        slow.begin()
        stock_events.apply_events(
            slow, network.catalog, [StockEvent("receipt", "MITTE", "JACKET", 1)], datetime.now(UTC)
        )
        network.apply_events([StockEvent("receipt", "SPANDAU", "JACKET", 2)])
        tail = started(network)  # after both ids: the slow row is behind the tail
        assert not tail.settled()
        slow.commit()
    assert tail.settled()
    assert read_all(tail) == []
