"""An order is never committed after its caller's deadline (`RouteOrder.deadline`): checked
inside the write transaction, right before its commit, alone and in a batch."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from datetime import time as clock

import pytest
from berlin_network import berlin_network
from sqlalchemy import Connection

from inventory.model import StockModel
from omniroute.errors import DeadlineExceeded
from omniroute.orders import UnknownOrder
from omniroute.orders.batching import OrderBatcher
from omniroute.orders.commands import RouteOrder
from omniroute.orders.records import OrderStatus
from omniroute.orders.workflow import OrderRouter
from routing import OrderLine

SKUS = ("JACKET", "SCARF", "SHOE")
LOCATIONS = {
    "MITTE": (52.5219, 13.4132, 50, clock(16)),
    "SPANDAU": (52.5351, 13.2006, 50, clock(16)),
}
#: Time a caller gives an order that must pass while the order is being written.
SHORT_S = 0.05


class SlowWriteModel(StockModel):
    """A stock model whose write transactions, once begun, stay open until `open_until` (a
    `time.monotonic()` instant) before any statement: a deadline passes mid-transaction."""

    open_until = 0.0

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with super().write() as conn:
            while time.monotonic() < self.open_until:
                time.sleep(0.002)
            yield conn


@pytest.fixture
def model(database_url: str) -> Iterator[SlowWriteModel]:
    slow = SlowWriteModel.open(database_url)
    try:
        berlin_network(slow, LOCATIONS, SKUS, 10)
        yield slow
    finally:
        slow.close()


def order(order_id: str, *lines: tuple[str, int], deadline: float | None = None) -> RouteOrder:
    return RouteOrder(
        order_id=order_id,
        lines=tuple(OrderLine(sku, qty) for sku, qty in lines),
        placed_at=datetime(2026, 11, 23, 9, tzinfo=UTC),
        destination=(52.52, 13.41),
        idempotency_key=f"key-{order_id}",
        deadline=deadline,
    )


def reserved(model: StockModel) -> dict[str, int]:
    return {sku: sum(level.reserved for level in model.availability(sku)) for sku in SKUS}


def test_an_order_whose_deadline_passes_during_its_write_is_rolled_back(model: SlowWriteModel):
    router = OrderRouter(model)
    late = order("o1", ("JACKET", 2), ("SCARF", 1), deadline=time.monotonic() + SHORT_S)
    model.open_until = late.deadline or 0.0
    with pytest.raises(DeadlineExceeded, match="nothing was reserved"):
        router.route(late)
    with pytest.raises(UnknownOrder):
        router.get("o1")
    assert reserved(model) == {"JACKET": 0, "SCARF": 0, "SHOE": 0}
    assert model.audit().ok


def test_an_order_written_before_its_deadline_is_committed(model: SlowWriteModel):
    router = OrderRouter(model)
    record, replayed = router.route(order("o1", ("JACKET", 2), deadline=time.monotonic() + 600))
    assert not replayed and record.status is OrderStatus.RESERVED
    assert router.get("o1") == record
    assert reserved(model)["JACKET"] == 2


def test_a_late_order_is_left_out_of_its_batch_and_the_others_are_written(
    model: SlowWriteModel,
):
    batcher = OrderBatcher(OrderRouter(model))
    commands = [
        order("o0", ("SCARF", 1)),
        order("o1", ("JACKET", 2), deadline=time.monotonic() + SHORT_S),
        order("o2", ("SHOE", 2), ("SCARF", 1), deadline=time.monotonic() + 600),
    ]
    model.open_until = commands[1].deadline or 0.0
    records = batcher.write_batch(commands)
    assert [record is not None for record in records] == [True, False, True]
    with pytest.raises(UnknownOrder):
        batcher.router.get("o1")
    assert reserved(model) == {"JACKET": 0, "SCARF": 2, "SHOE": 2}
    assert model.audit().ok
    # Handed back to its own request, the late order is refused without a second try.
    with pytest.raises(DeadlineExceeded):
        batcher.route(commands[1])
    assert reserved(model)["JACKET"] == 0
