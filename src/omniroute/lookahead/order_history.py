"""The orders the service stored, as the forecast learns from them (`routing.forecast`).

Every stored order counts (reserved, shipped, cancelled: each was demand), by the time it
was placed (`placed_at`, else when it was stored), its destination or pickup store, and
its lines as ordered. Orders routed as a dry run or found unfulfillable are not stored
and do not count.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import Connection, select

from inventory import schema
from routing.forecast import OrderHistory

NS = 10**9


def read_order_history(
    conn: Connection,
    since: datetime,
    until: datetime,
    *,
    sku_column: Mapping[str, int],
    location_row: Mapping[str, int],
) -> OrderHistory:
    """The lines of orders placed in [since, until), SKUs and pickup stores by their column
    and row (lines of SKUs or stores not in them are left out). The history covers the
    time from the first of them (or `since`) to `until`; only its whole days count for
    the volume (`routing.forecast`)."""
    at, order, sku, qty, lat, lon, pickup = [], [], [], [], [], [], []
    o = schema.orders.c
    # Stored a day after `until` at the latest (an order is stored when it is routed).
    rows = conn.execute(
        select(o.pk, o.record).where(o.created_at >= since, o.created_at < until + timedelta(1))
    )
    lo, hi = epoch_ns(since), epoch_ns(until)
    for pk, text in rows:
        data = json.loads(text)
        placed = epoch_ns(datetime.fromisoformat(data.get("placed_at") or data["created_at"]))
        if not lo <= placed < hi:
            continue
        store = data.get("pickup_location_id")
        row = location_row.get(store, -1) if store else -1
        if store and row < 0:
            continue
        destination = data.get("destination") or (np.nan, np.nan)
        for line in data.get("lines") or ():
            column = sku_column.get(line["sku"])
            if column is None:
                continue
            at.append(placed)
            order.append(pk)
            sku.append(column)
            qty.append(int(line["qty"]))
            lat.append(np.nan if store else float(destination[0]))
            lon.append(np.nan if store else float(destination[1]))
            pickup.append(row)
    # The history starts at the first order: days before it (the service was not taking
    # orders yet) would count as days without demand.
    first = max(lo, min(at, default=lo))
    return OrderHistory(
        np.array(at, dtype=np.int64), np.array(order, dtype=np.int64),
        np.array(sku, dtype=np.int64), np.array(qty, dtype=np.int64),
        np.array(lat, dtype=np.float64), np.array(lon, dtype=np.float64),
        np.array(pickup, dtype=np.int64), first, hi,
    )  # fmt: skip


def epoch_ns(moment: datetime) -> int:
    """Nanoseconds since the epoch of an aware datetime (exact, no float)."""
    delta = moment - datetime(1970, 1, 1, tzinfo=moment.tzinfo)
    return (delta.days * 86_400 + delta.seconds) * NS + delta.microseconds * 1_000
