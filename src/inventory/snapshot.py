"""What routing one order reads: for every active location, the available units of the
order's SKUs and the dispatch capacity left on the day it would dispatch.

One statement on the driver's cursor (a few hundred rows per order: Core's result rows
cost more than the query), so one snapshot and one round trip. It also reads the network
version, so a process reloads its cached location arrays (`LocationIndex`) as soon as any
process changed a location, and only then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection

from inventory.availability import LocationIndex
from inventory.driver_sql import driver_cursor, driver_sql

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class OrderSnapshot:
    """Row k of every array is `index.locations[k]`."""

    index: LocationIndex
    #: (locations, SKUs): available to promise (on hand - reserved - safety), at least 0.
    available: IntArray
    #: (locations,): units the location may still dispatch on its dispatch day; -1 = no cap.
    capacity_left: IntArray


@dataclass(frozen=True)
class SnapshotRows:
    """The raw rows of one snapshot read, before they are laid out on a `LocationIndex`."""

    network_version: int
    stock: IntArray  # (rows, 3): location pk, SKU pk, available
    dispatched: IntArray  # (rows, 3): location pk, 0 today / 1 tomorrow, units counted


def read_rows(conn: Connection, sku_pks: Sequence[int], placed_at: datetime) -> SnapshotRows:
    """The network version, the stock rows of `sku_pks`, and the dispatch counters of the
    day of `placed_at` (UTC) and the next: one statement, so one snapshot and one round
    trip."""
    sql = driver_sql(conn)
    today = placed_at.astimezone(UTC).date()
    days = (sql.day(today), sql.day(today + timedelta(days=1)))
    with driver_cursor(conn) as cursor:
        cursor.execute(sql.order_snapshot(len(sku_pks)), (*sku_pks, *days))
        rows = _int_rows(cursor.fetchall())
    # Keys are positive: the version row is marked -1, counters -2 (today) and -3.
    version, counters = rows[:, 0] == -1, rows[:, 1] < -1
    dispatched = rows[counters]
    dispatched[:, 1] = -2 - dispatched[:, 1]
    return SnapshotRows(
        network_version=int(rows[version, 2][0]),
        stock=rows[~(version | counters)],
        dispatched=dispatched,
    )


def _int_rows(rows: list[tuple[int, int, int]]) -> IntArray:
    # A third of np.array's time on a list of tuples.
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows))
    return flat.reshape(-1, 3)


def lay_out(
    index: LocationIndex, sku_pks: Sequence[int], rows: SnapshotRows, placed_at: datetime
) -> OrderSnapshot:
    """The rows as arrays on `index` (locations it does not list are left out)."""
    stock = _on_index(index, rows.stock)
    column_of_pk = np.zeros(max(sku_pks) + 1, dtype=np.int64)
    column_of_pk[list(sku_pks)] = np.arange(len(sku_pks))
    available = np.zeros((len(index.locations), len(sku_pks)), dtype=np.int64)
    available[stock[:, 0], column_of_pk[stock[:, 1]]] = np.maximum(stock[:, 2], 0)
    counted = _on_index(index, rows.dispatched)
    used = np.zeros((2, len(index.locations)), dtype=np.int64)
    used[counted[:, 1], counted[:, 0]] = counted[:, 2]
    return OrderSnapshot(index, available, capacity_left(index, used, placed_at))


def capacity_left(index: LocationIndex, used: IntArray, placed_at: datetime) -> IntArray:
    """Units each location may still dispatch on the day an order placed at `placed_at`
    would leave it, given `used[d, k]`, the units location k dispatches today (d = 0) and
    tomorrow (d = 1); -1 where it has no cap. The rule is routing's: at or after its
    cut-off (UTC) a location dispatches the next day. A capacity lowered below what is
    counted leaves 0."""
    moment = placed_at.astimezone(UTC)
    tomorrow = (moment.hour * 60 + moment.minute >= index.cutoff_minute).astype(np.int64)
    left = index.daily_capacity - used[tomorrow, np.arange(len(index.locations))]
    return np.where(index.daily_capacity > 0, np.maximum(left, 0), -1)


def _on_index(index: LocationIndex, rows: IntArray) -> IntArray:
    """`rows` whose first column (a location key) is on `index`, that column as its row."""
    rows = rows[rows[:, 0] < len(index.row_of_pk)]
    located = index.row_of_pk[rows[:, 0]]
    keep = located >= 0
    return np.column_stack([located[keep], rows[keep, 1:]])
