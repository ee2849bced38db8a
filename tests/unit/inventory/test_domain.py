from datetime import UTC, datetime, timedelta

import pytest

from inventory import (
    DuplicateId,
    InvalidInput,
    Location,
    MovementKind,
    ReservationLine,
    ReservationStatus,
    Sku,
    StockEvent,
    StockLevel,
)
from inventory.domain import can_transition
from inventory.reservations import Reserve


def test_available_to_promise_excludes_reserved_units_and_safety_stock():
    assert StockLevel("S", "A", on_hand=10, reserved=3, safety_stock=2).available == 5


def test_available_to_promise_is_never_negative():
    assert StockLevel("S", "A", on_hand=2, reserved=0, safety_stock=5).available == 0


@pytest.mark.parametrize("qty", [0, -1, 1.5, True])
def test_a_reservation_line_needs_a_positive_whole_quantity(qty):
    with pytest.raises(InvalidInput, match="positive whole number"):
        ReservationLine("S", "A", qty)


def test_a_reservation_rejects_the_same_sku_twice_at_one_location():
    with pytest.raises(DuplicateId, match="appears on two lines"):
        Reserve((ReservationLine("S", "A", 1), ReservationLine("S", "A", 2)))


def test_a_reservation_needs_at_least_one_line():
    with pytest.raises(InvalidInput, match="at least one line"):
        Reserve(())


def test_a_reservation_expiry_must_be_timezone_aware_and_in_the_future():
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="timezone-aware"):
        Reserve((ReservationLine("S", "A", 1),), created_at=now, expires_at=datetime(2026, 12, 1))
    with pytest.raises(InvalidInput, match="future"):
        Reserve((ReservationLine("S", "A", 1),), created_at=now, expires_at=now - timedelta(1))


def test_retries_have_the_same_fingerprint_whatever_the_line_order():
    a = Reserve((ReservationLine("S", "A", 1), ReservationLine("T", "B", 2)))
    b = Reserve((ReservationLine("T", "B", 2), ReservationLine("S", "A", 1)))
    c = Reserve((ReservationLine("T", "B", 3), ReservationLine("S", "A", 1)))
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()


@pytest.mark.parametrize(("lat", "lon"), [(91, 0), (0, 181), (float("nan"), 0)])
def test_a_location_must_lie_on_earth(lat, lon):
    with pytest.raises(InvalidInput, match="must be within"):
        Location("S", "Store", "store", lat, lon)


def test_a_location_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="shop"):
        Location("S", "Store", "shop", 0, 0)


def test_a_sku_rejects_a_negative_price():
    with pytest.raises(InvalidInput, match="price"):
        Sku("A", "a", price_cents=-1)


def test_a_pos_sale_takes_units_out_and_a_receipt_brings_them_in():
    assert StockEvent(MovementKind.POS_SALE, "S", "A", 2).on_hand_delta == -2
    assert StockEvent(MovementKind.RECEIPT, "S", "A", 2).on_hand_delta == 2
    assert StockEvent(MovementKind.ADJUSTMENT, "S", "A", -3).on_hand_delta == -3


def test_a_feed_cannot_send_reservation_movements():
    with pytest.raises(InvalidInput, match="cannot be sent by a feed"):
        StockEvent(MovementKind.RESERVE, "S", "A", 1)


def test_an_adjustment_of_zero_is_rejected():
    with pytest.raises(InvalidInput, match="non-zero"):
        StockEvent(MovementKind.ADJUSTMENT, "S", "A", 0)


def test_reservation_statuses_move_forward_only():
    assert can_transition(ReservationStatus.HELD, ReservationStatus.COMMITTED)
    assert can_transition(ReservationStatus.COMMITTED, ReservationStatus.FULFILLED)
    assert not can_transition(ReservationStatus.RELEASED, ReservationStatus.HELD)
    assert not can_transition(ReservationStatus.FULFILLED, ReservationStatus.RELEASED)
    assert not can_transition(ReservationStatus.COMMITTED, ReservationStatus.EXPIRED)
