"""A shipment rejected while another reservation takes units at the same locations: the
rejection locks every stock row it releases and re-reserves in the global lock order
first, so the two cannot deadlock (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from inventory import ReservationLine
from inventory import reservation_lifecycle as holds
from inventory.model import StockModel
from inventory.reservations import Reserve
from omniroute.orders.commands import RouteOrder
from omniroute.orders.lifecycle import reject_shipment
from omniroute.orders.workflow import OrderRouter
from routing import OrderLine

NEAR_POTSDAM = (52.40, 13.06)
STORES = ("MITTE", "KREUZBERG", "SPANDAU", "POTSDAM")  # in the order of their keys


def test_a_rejection_and_a_reservation_at_the_same_stores_do_not_deadlock(
    network: StockModel, monkeypatch: pytest.MonkeyPatch
):
    router = OrderRouter(network)
    record, _ = router.route(
        RouteOrder(
            order_id="o1",
            lines=(OrderLine("SCARF", 1),),
            placed_at=datetime.now(UTC),
            destination=NEAR_POTSDAM,
        )
    )
    [shipment] = record.shipments
    assert shipment.location_id == "POTSDAM"  # the last store in lock order
    released = threading.Event()
    release = holds.release

    def release_then_pause(*args, **kwargs):
        # The released POTSDAM row stays locked; give the other reservation time to lock
        # the stores before it and queue on POTSDAM.
        result = release(*args, **kwargs)
        released.set()
        threading.Event().wait(0.5)
        return result

    monkeypatch.setattr(holds, "release", release_then_pause)
    errors: list[BaseException] = []

    def reserve_at_every_store() -> None:
        released.wait(10)
        try:
            lines = tuple(ReservationLine(store, "SCARF", 1) for store in STORES)
            network.reserve(Reserve(lines=lines, commit=True))
        except BaseException as error:
            errors.append(error)

    other = threading.Thread(target=reserve_at_every_store)
    other.start()
    try:
        moved, new = reject_shipment(router, "o1", shipment.shipment_id)
    except BaseException as error:
        errors.append(error)
    other.join(30)
    assert errors == []
    assert new and new[0].location_id != "POTSDAM"
    assert network.audit().ok
