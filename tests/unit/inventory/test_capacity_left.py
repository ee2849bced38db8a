"""The dispatch capacity routing sees: what is left on each location's dispatch day."""

from datetime import UTC, datetime, time

import numpy as np

from inventory import Location
from inventory.availability import LocationIndex
from inventory.snapshot import capacity_left

STORES = [
    Location("EARLY", "Early", "store", 52.5, 13.4, daily_capacity=10, cutoff=time(12, 0)),
    Location("LATE", "Late", "store", 52.5, 13.4, daily_capacity=10, cutoff=time(18, 0)),
    Location("UNCAPPED", "Uncapped", "store", 52.5, 13.4, cutoff=time(12, 0)),
]
INDEX = LocationIndex(STORES, [11, 12, 13])
# (location pk, 0 today / 1 tomorrow, units counted)
DISPATCHED = np.array([[11, 0, 4], [11, 1, 7], [12, 0, 10], [12, 1, 1], [13, 0, 50]])


def test_before_every_cut_off_each_location_has_what_today_left():
    left = capacity_left(INDEX, DISPATCHED, datetime(2026, 11, 23, 11, 59, tzinfo=UTC))
    assert left.tolist() == [6, 0, -1]


def test_at_its_cut_off_a_location_counts_on_the_next_day():
    left = capacity_left(INDEX, DISPATCHED, datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    assert left.tolist() == [3, 0, -1]
    left = capacity_left(INDEX, DISPATCHED, datetime(2026, 11, 23, 18, 0, tzinfo=UTC))
    assert left.tolist() == [3, 9, -1]


def test_a_counter_above_a_lowered_capacity_leaves_nothing_and_unknown_keys_are_ignored():
    over = np.array([[11, 0, 15], [99, 0, 3]])
    left = capacity_left(INDEX, over, datetime(2026, 11, 23, 9, tzinfo=UTC))
    assert left.tolist() == [0, 10, -1]
