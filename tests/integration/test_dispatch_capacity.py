"""Daily dispatch capacity is counted against what orders already use, race-free."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from inventory import Location, NoDispatchCapacity, ReservationLine, Sku, StockEvent
from inventory.database import create_database_engine
from inventory.model import StockModel
from inventory.reservations import Reserve
from omniroute.orders.commands import RouteOrder
from omniroute.orders.lifecycle import cancel_order, reject_shipment
from omniroute.orders.workflow import OrderRouter
from routing import OrderLine

MORNING = datetime(2026, 11, 23, 9, tzinfo=UTC)
EVENING = datetime(2026, 11, 23, 18, tzinfo=UTC)  # after every cut-off (16:00 UTC)
NEAR_MITTE = (52.52, 13.41)


@pytest.fixture
def stores(model: StockModel) -> StockModel:
    """MITTE, next to the customers, dispatches 3 units a day; SPANDAU, farther, has no cap."""
    model.upsert_locations(
        [
            Location("MITTE", "Mitte", "store", 52.5219, 13.4132, frozenset({"ship"}), 3),
            Location("SPANDAU", "Spandau", "store", 52.5351, 13.2006, frozenset({"ship"})),
        ]
    )
    model.upsert_skus([Sku("SCARF", "Scarf", "accessories", 200, 3995)])
    model.apply_events([StockEvent("receipt", loc, "SCARF", 50) for loc in ("MITTE", "SPANDAU")])
    return model


def order(order_id: str, qty: int, placed_at: datetime = MORNING) -> RouteOrder:
    return RouteOrder(
        order_id=order_id,
        lines=(OrderLine("SCARF", qty),),
        placed_at=placed_at,
        destination=NEAR_MITTE,
        idempotency_key=f"key-{order_id}",
    )


def shipped_from(router: OrderRouter, command: RouteOrder) -> list[str]:
    record, _ = router.route(command)
    return [s.location_id for s in record.shipments]


def test_an_order_goes_elsewhere_once_the_nearest_store_has_used_its_capacity(
    stores: StockModel,
):
    router = OrderRouter(stores)
    assert shipped_from(router, order("o1", 2)) == ["MITTE"]
    assert shipped_from(router, order("o2", 2)) == ["SPANDAU"]  # MITTE has 1 unit left today
    assert shipped_from(router, order("o3", 1)) == ["MITTE"]
    assert shipped_from(router, order("o4", 1)) == ["SPANDAU"]
    line = stores.get_reservation(router.get("o3").reservation_ids[0]).lines[0]
    assert line.dispatch_on == date(2026, 11, 23)
    assert stores.audit().ok


def test_after_the_cut_off_an_order_counts_on_the_next_day(stores: StockModel):
    router = OrderRouter(stores)
    assert shipped_from(router, order("o1", 3)) == ["MITTE"]
    assert shipped_from(router, order("o2", 3, EVENING)) == ["MITTE"]  # dispatched tomorrow
    assert shipped_from(router, order("o3", 1, EVENING)) == ["SPANDAU"]
    line = stores.get_reservation(router.get("o2").reservation_ids[0]).lines[0]
    assert line.dispatch_on == date(2026, 11, 24)
    assert stores.audit().ok


def test_cancelling_an_order_gives_its_capacity_back(stores: StockModel):
    router = OrderRouter(stores)
    shipped_from(router, order("o1", 3))
    assert shipped_from(router, order("o2", 1)) == ["SPANDAU"]
    cancel_order(router, "o1")
    assert shipped_from(router, order("o3", 3)) == ["MITTE"]
    assert stores.audit().ok


def test_a_rejected_shipment_gives_the_store_its_capacity_back(stores: StockModel):
    router = OrderRouter(stores)
    record, _ = router.route(order("o1", 3))
    _, new = reject_shipment(router, "o1", record.shipments[0].shipment_id)
    assert [s.location_id for s in new] == ["SPANDAU"]
    assert shipped_from(router, order("o2", 3)) == ["MITTE"]
    assert stores.audit().ok


def test_a_reservation_beyond_the_capacity_left_is_refused_and_holds_nothing(stores: StockModel):
    today = date(2026, 11, 23)
    stores.reserve(Reserve((ReservationLine("MITTE", "SCARF", 2, dispatch_on=today),)))
    with pytest.raises(NoDispatchCapacity, match="only 1 more unit"):
        stores.reserve(Reserve((ReservationLine("MITTE", "SCARF", 2, dispatch_on=today),)))
    assert stores.get_stock("MITTE", "SCARF").reserved == 2
    # Another day, or a line that does not dispatch, is not limited by today's use.
    stores.reserve(Reserve((ReservationLine("MITTE", "SCARF", 3, dispatch_on=date(2026, 11, 24)),)))
    stores.reserve(Reserve((ReservationLine("MITTE", "SCARF", 4),)))
    assert stores.audit().ok


def test_raising_a_capacity_takes_effect_at_once(stores: StockModel):
    router = OrderRouter(stores)
    shipped_from(router, order("o1", 3))
    mitte = Location("MITTE", "Mitte", "store", 52.5219, 13.4132, frozenset({"ship"}), 3)
    # Another process's model changes the location: this one's cached arrays follow.
    other = StockModel(stores.engine)
    other.upsert_locations([replace(mitte, daily_capacity=5)])
    assert shipped_from(router, order("o2", 2)) == ["MITTE"]
    other.upsert_locations([replace(mitte, daily_capacity=0)])
    assert shipped_from(router, order("o3", 10)) == ["MITTE"]


def test_concurrent_orders_never_pass_a_stores_capacity(database_url: str, stores: StockModel):
    def route(n: int) -> list[str]:
        # Each worker has its own model, as separate server processes would.
        model = StockModel(create_database_engine(database_url))  # migrated already
        try:
            return shipped_from(OrderRouter(model), order(f"o{n}", 1))
        finally:
            model.close()

    with ThreadPoolExecutor(8) as pool:
        shipped = [loc for locs in pool.map(route, range(16)) for loc in locs]
    assert len(shipped) == 16 and shipped.count("MITTE") == 3
    assert stores.audit().ok


def test_concurrent_reservations_hold_at_most_the_capacity(database_url: str, stores: StockModel):
    line = ReservationLine("MITTE", "SCARF", 1, dispatch_on=date(2026, 11, 23))

    def reserve(_: int) -> bool:
        model = StockModel(create_database_engine(database_url))  # migrated already
        try:
            model.reserve(Reserve((line,)))
            return True
        except NoDispatchCapacity:
            return False
        finally:
            model.close()

    with ThreadPoolExecutor(8) as pool:
        held = list(pool.map(reserve, range(12)))
    assert held.count(True) == 3
    assert stores.get_stock("MITTE", "SCARF").reserved == 3
    assert stores.audit().ok
