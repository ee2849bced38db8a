"""The snapshot routing reads: stock per SKU and the dispatch capacity each location has
left on the day it would dispatch."""

from datetime import UTC, datetime, time

import numpy as np

from inventory import Location
from inventory.availability import LocationIndex
from inventory.snapshot import SnapshotRows, lay_out

STORES = [
    Location("EARLY", "Early", "store", 52.5, 13.4, daily_capacity=10, cutoff=time(12, 0)),
    Location("LATE", "Late", "store", 52.5, 13.4, daily_capacity=10, cutoff=time(18, 0)),
    Location("UNCAPPED", "Uncapped", "store", 52.5, 13.4, cutoff=time(12, 0)),
]
INDEX = LocationIndex(STORES, [11, 12, 13])
SKU_PKS = [7, 3]
STOCK = [[11, 7, 5], [11, 3, -2], [12, 3, 8], [99, 7, 4]]
# (location pk, 0 today / 1 tomorrow, units counted)
COUNTED = [[11, 0, 4], [11, 1, 7], [12, 0, 10], [12, 1, 1], [13, 0, 50], [99, 0, 1]]


def snapshot(at: datetime, counted: list[list[int]] = COUNTED):
    rows = SnapshotRows(1, np.array(STOCK), np.array(counted, dtype=np.int64).reshape(-1, 3))
    return lay_out(INDEX, SKU_PKS, rows, at)


def test_stock_rows_fill_one_column_per_sku_and_unknown_locations_are_left_out():
    snap = snapshot(datetime(2026, 11, 23, 9, tzinfo=UTC))
    assert snap.available.tolist() == [[5, 0], [0, 8], [0, 0]]


def test_before_every_cut_off_each_location_has_what_today_left():
    assert snapshot(datetime(2026, 11, 23, 11, 59, tzinfo=UTC)).capacity_left.tolist() == [6, 0, -1]


def test_at_its_cut_off_a_location_counts_on_the_next_day():
    assert snapshot(datetime(2026, 11, 23, 12, 0, tzinfo=UTC)).capacity_left.tolist() == [3, 0, -1]
    assert snapshot(datetime(2026, 11, 23, 18, 0, tzinfo=UTC)).capacity_left.tolist() == [3, 9, -1]


def test_a_capacity_lowered_below_its_count_leaves_nothing_and_no_count_leaves_all():
    at = datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert snapshot(at, [[11, 0, 15]]).capacity_left.tolist() == [0, 10, -1]
    assert snapshot(at, []).capacity_left.tolist() == [10, 10, -1]
