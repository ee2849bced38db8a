"""Retries of RouteOrder are told apart inside the write transaction (no read first): the
reservation's idempotency key and the order's unique id refuse them, and the first answer is
replayed, also when the stock the first attempt took is gone by then. Only the same key is a
retry: the same order under another key is a conflict."""

from datetime import UTC, datetime

import pytest

from inventory import StockEvent
from inventory.model import StockModel
from omniroute.orders import OrderConflict
from omniroute.orders.commands import RouteOrder
from omniroute.orders.records import OrderStatus
from omniroute.orders.workflow import OrderRouter
from routing import OrderLine

STORES = ("MITTE", "KREUZBERG", "SPANDAU", "POTSDAM")


def order(order_id: str, qty: int, *, key: str | None = None) -> RouteOrder:
    return RouteOrder(
        order_id=order_id,
        lines=(OrderLine("JACKET", qty),),
        placed_at=datetime(2026, 11, 23, 9, tzinfo=UTC),
        destination=(52.52, 13.41),
        idempotency_key=key or f"key-{order_id}",
    )


def write_off_every_jacket(model: StockModel) -> None:
    model.apply_events(
        [
            StockEvent("adjustment", loc, "JACKET", -lv.available)
            for loc in STORES
            for lv in [model.get_stock(loc, "JACKET")]
            if lv.available
        ]
    )


def test_a_retry_after_the_stock_is_gone_replays_the_first_answer(network: StockModel):
    router = OrderRouter(network)
    first, _ = router.route(order("o1", 3))
    write_off_every_jacket(network)
    again, replayed = router.route(order("o1", 3))
    assert replayed and again == first and again.status is OrderStatus.RESERVED
    assert network.audit().ok


def test_an_order_id_reused_when_nothing_is_left_is_still_a_conflict(network: StockModel):
    router = OrderRouter(network)
    router.route(order("o1", 3))
    write_off_every_jacket(network)
    with pytest.raises(OrderConflict):
        router.route(order("o1", 2))


def test_the_same_order_under_another_key_is_a_conflict_and_holds_nothing(network: StockModel):
    router = OrderRouter(network)
    router.route(order("o1", 2))
    with pytest.raises(OrderConflict, match="another idempotency key"):
        router.route(order("o1", 2, key="another-key"))
    with pytest.raises(OrderConflict):
        router.route(order("o1", 1, key="a-third-key"))
    again, replayed = router.route(order("o1", 2))
    assert replayed
    assert sum(network.get_stock(loc, "JACKET").reserved for loc in STORES) == 2
    assert network.audit().ok


def test_a_retry_whose_plan_comes_out_differently_replays_the_first(network: StockModel):
    router = OrderRouter(network)
    first, _ = router.route(order("o1", 3))
    # The first plan's store is emptied: a fresh solve would pick another store.
    location = first.shipments[0].location_id
    level = network.get_stock(location, "JACKET")
    network.apply_events([StockEvent("adjustment", location, "JACKET", -level.available)])
    again, replayed = router.route(order("o1", 3))
    assert replayed and again == first
