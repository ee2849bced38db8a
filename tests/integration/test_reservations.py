from datetime import UTC, datetime, timedelta

import pytest

from inventory import (
    IdempotencyConflict,
    InsufficientStock,
    InvalidTransition,
    ReservationLine,
    ReservationStatus,
    UnknownLocation,
    UnknownReservation,
    UnknownSku,
)
from inventory.model import StockModel
from inventory.reservations import Reserve


def lines(*items: tuple[str, str, int]) -> tuple[ReservationLine, ...]:
    return tuple(ReservationLine(loc, sku, qty) for loc, sku, qty in items)


def test_a_reservation_holds_units_at_several_locations_at_once(network: StockModel):
    held = network.reserve(Reserve(lines(("MITTE", "JACKET", 2), ("SPANDAU", "SCARF", 5))))
    assert held.status is ReservationStatus.HELD
    assert network.get_stock("MITTE", "JACKET").reserved == 2
    assert network.get_stock("MITTE", "JACKET").available == 3
    assert network.get_stock("SPANDAU", "SCARF").available == 0
    assert network.audit().ok


def test_a_reservation_that_cannot_be_met_in_full_changes_nothing(network: StockModel):
    before = network.audit().ledger_rows
    with pytest.raises(InsufficientStock, match="only 5 unit"):
        network.reserve(Reserve(lines(("MITTE", "JACKET", 2), ("SPANDAU", "SCARF", 6))))
    assert network.get_stock("MITTE", "JACKET").reserved == 0
    assert network.audit().ledger_rows == before


def test_a_reservation_larger_than_any_stock_is_refused(network: StockModel):
    with pytest.raises(InsufficientStock):
        network.reserve(Reserve(lines(("WH", "JACKET", 1))))


def test_safety_stock_is_never_promised(network: StockModel):
    network.set_planning("MITTE", "SHOE", safety_stock=4)
    with pytest.raises(InsufficientStock, match="only 1 unit"):
        network.reserve(Reserve(lines(("MITTE", "SHOE", 2))))
    network.reserve(Reserve(lines(("MITTE", "SHOE", 1))))


def test_unknown_sku_or_location_is_named_in_the_error(network: StockModel):
    with pytest.raises(UnknownSku, match="HAT"):
        network.reserve(Reserve(lines(("MITTE", "HAT", 1))))
    with pytest.raises(UnknownLocation, match="PARIS"):
        network.reserve(Reserve(lines(("PARIS", "SHOE", 1))))


def test_the_same_request_retried_returns_the_same_reservation(network: StockModel):
    request = Reserve(lines(("MITTE", "JACKET", 2)), idempotency_key="order-1")
    first = network.reserve(request)
    again = network.reserve(Reserve(lines(("MITTE", "JACKET", 2)), idempotency_key="order-1"))
    assert again.id == first.id
    assert network.get_stock("MITTE", "JACKET").reserved == 2


def test_an_idempotency_key_reused_for_another_request_is_a_conflict(network: StockModel):
    network.reserve(Reserve(lines(("MITTE", "JACKET", 2)), idempotency_key="order-1"))
    with pytest.raises(IdempotencyConflict):
        network.reserve(Reserve(lines(("MITTE", "JACKET", 3)), idempotency_key="order-1"))
    assert network.get_stock("MITTE", "JACKET").reserved == 2


def test_a_committed_reservation_ships_location_by_location(network: StockModel):
    held = network.reserve(Reserve(lines(("MITTE", "JACKET", 2), ("SPANDAU", "SCARF", 1))))
    network.commit(held.id)
    partly = network.ship(held.id, "MITTE")
    assert partly.status is ReservationStatus.COMMITTED
    assert network.get_stock("MITTE", "JACKET").on_hand == 3
    assert network.get_stock("MITTE", "JACKET").reserved == 0
    done = network.ship(held.id, "SPANDAU")
    assert done.status is ReservationStatus.FULFILLED
    assert [s for s, _ in done.history] == ["held", "committed", "fulfilled"]
    assert all(at.tzinfo is not None for _, at in done.history)
    assert network.audit().ok


def test_a_hold_must_be_committed_before_it_ships(network: StockModel):
    held = network.reserve(Reserve(lines(("MITTE", "JACKET", 1))))
    with pytest.raises(InvalidTransition, match="only a committed one can ship"):
        network.ship(held.id)


def test_releasing_gives_the_units_back_and_cannot_happen_twice(network: StockModel):
    held = network.reserve(Reserve(lines(("MITTE", "JACKET", 2))))
    assert network.release(held.id).status is ReservationStatus.RELEASED
    assert network.get_stock("MITTE", "JACKET").available == 5
    with pytest.raises(InvalidTransition):
        network.release(held.id)
    assert network.audit().ok


def test_releasing_one_location_keeps_the_rest_held(network: StockModel):
    held = network.reserve(Reserve(lines(("MITTE", "JACKET", 2), ("SPANDAU", "SCARF", 1))))
    after = network.release(held.id, "MITTE")
    assert after.status is ReservationStatus.HELD
    assert network.get_stock("MITTE", "JACKET").reserved == 0
    assert network.get_stock("SPANDAU", "SCARF").reserved == 1
    assert network.audit().ok


def test_expired_checkout_holds_are_released_by_the_sweep(network: StockModel):
    now = datetime.now(UTC)
    hold = network.reserve(
        Reserve(
            lines(("MITTE", "JACKET", 2)), created_at=now, expires_at=now + timedelta(minutes=15)
        )
    )
    firm = network.reserve(Reserve(lines(("MITTE", "JACKET", 1)), commit=True))
    assert network.expire_due(now=now + timedelta(minutes=10)) == []
    assert network.expire_due(now=now + timedelta(minutes=16)) == [hold.id]
    assert network.get_reservation(hold.id).status is ReservationStatus.EXPIRED
    assert network.get_reservation(firm.id).status is ReservationStatus.COMMITTED
    assert network.get_stock("MITTE", "JACKET").reserved == 1
    assert network.audit().ok


def test_an_unknown_reservation_is_not_found(network: StockModel):
    with pytest.raises(UnknownReservation):
        network.get_reservation("nope")
