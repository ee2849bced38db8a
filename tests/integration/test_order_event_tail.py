"""The order events tail delivers every committed event once, in id order, also when a
PostgreSQL transaction holding a smaller id commits after a larger one, or rolls back; a
tail started from a cursor goes on right after it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from inventory.model import StockModel
from omniroute.orders.order_event_tail import OrderEventTail
from omniroute.orders.tables import order_events


def event(order_id: str) -> dict[str, object]:
    return {
        "recorded_at": datetime.now(UTC),
        "order_id": order_id,
        "subject": "order",
        "subject_id": "",
        "status": "reserved",
        "location_id": "",
    }


def delivered(tail: OrderEventTail) -> list[str]:
    events, _ = tail.read()
    return [e.order_id for e in events]


def test_a_tail_waits_for_a_slower_transaction_and_skips_a_rolled_back_one(
    model: StockModel,
) -> None:
    tail = OrderEventTail(model.engine, None)
    tail.start()
    with model.write() as conn:
        conn.execute(insert(order_events), event("before"))
    assert delivered(tail) == ["before"]
    if model.engine.dialect.name != "postgresql":
        return  # SQLite: one writer at a time, ids in commit order
    slow = model.engine.connect()
    slow_tx = slow.begin()
    slow.execute(insert(order_events), event("slow"))  # takes the smaller id, commits later
    doomed = model.engine.connect()
    doomed_tx = doomed.begin()
    doomed.execute(insert(order_events), event("rolled-back"))
    with model.write() as conn:
        conn.execute(insert(order_events), event("fast"))
    assert delivered(tail) == []  # "fast" waits behind the open transactions
    slow_tx.commit()
    slow.close()
    assert delivered(tail) == ["slow"]  # then stops at the id still in flight
    doomed_tx.rollback()
    doomed.close()
    assert delivered(tail) == ["fast"]  # nothing runs any more: the gap never fills
    resumed = OrderEventTail(model.engine, 0)
    assert delivered(resumed) == ["before", "slow", "fast"]


def test_a_tail_from_a_cursor_resumes_right_after_it(model: StockModel) -> None:
    with model.write() as conn:
        for n in range(5):
            conn.execute(insert(order_events), event(f"o-{n}"))
    everything, _ = OrderEventTail(model.engine, 0).read()
    assert [e.order_id for e in everything] == [f"o-{n}" for n in range(5)]
    resumed = OrderEventTail(model.engine, everything[1].entry_id)
    assert delivered(resumed) == ["o-2", "o-3", "o-4"]
    assert delivered(resumed) == []
