"""The orders the service stored, as the look-ahead learns from them.

Every stored order counts (reserved, shipped, cancelled: each was demand), by the time it
was placed (`placed_at`, else when it was stored), its destination or pickup store, and
its lines as ordered. Orders routed as a dry run or found unfulfillable are not stored
and do not count. Two views of the same orders: line by line for the volume forecast
(`routing.forecast.OrderHistory`), and order by order, whole days only, for the orders
the look-ahead expects (`routing.expected_orders`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Connection, select

from inventory import schema
from inventory.snapshot import IntArray
from routing import FulfilmentMode, Order, OrderLine
from routing.forecast import DAY_NS, OrderHistory
from routing.horizon_entries import DemandSample

NS = 10**9


@dataclass(frozen=True, eq=False)
class PastOrders:
    """The stored orders of a window: line by line, and whole days order by order."""

    history: OrderHistory
    sample: DemandSample


def read_past_orders(
    conn: Connection,
    since: datetime,
    until: datetime,
    *,
    sku_column: Mapping[str, int],
    location_row: Mapping[str, int],
    weight_g: IntArray,
    points: tuple[Any, Any],
) -> PastOrders:
    """The orders placed in [since, until); SKUs and pickup stores by their column and row
    (lines of SKUs or stores not in them are left out), `weight_g` per SKU column and the
    locations' latitudes and longitudes (`points`) for pickup orders. The history covers
    the time from the first of them (or `since`) to `until`: only its whole days count."""
    o = schema.orders.c
    # Stored a day after `until` at the latest (an order is stored when it is routed).
    rows = conn.execute(
        select(o.pk, o.record).where(o.created_at >= since, o.created_at < until + timedelta(1))
    )
    lo, hi = epoch_ns(since), epoch_ns(until)
    lines: list[tuple[int, int]] = []
    orders: list[tuple[int, Order, IntArray, int]] = []
    for _pk, text in rows:
        data = json.loads(text)
        placed_at = datetime.fromisoformat(data.get("placed_at") or data["created_at"])
        placed = epoch_ns(placed_at)
        store = data.get("pickup_location_id")
        row = location_row.get(store, -1) if store else -1
        if not lo <= placed < hi or (store and row < 0):
            continue
        point = (
            (float(points[0][row]), float(points[1][row]))
            if store
            else tuple(data.get("destination") or (np.nan, np.nan))
        )
        kept = [ln for ln in data.get("lines") or () if ln["sku"] in sku_column]
        if not kept:
            continue
        columns = np.array([sku_column[ln["sku"]] for ln in kept], dtype=np.int64)
        lines.extend((placed, int(ln["qty"])) for ln in kept)
        order = Order(
            order_id=data["order_id"],
            lines=tuple(
                OrderLine(ln["sku"], int(ln["qty"]), int(weight_g[c]), ln.get("splittable", True))
                for ln, c in zip(kept, columns.tolist(), strict=True)
            ),
            destination=(float(point[0]), float(point[1])),
            created_at=placed_at,
            mode=FulfilmentMode.COLLECT if store else FulfilmentMode.SHIP,
            pickup_location_id=store or None,
        )
        orders.append((placed, order, columns, row))
    # The history starts at the first order: days before it (the service was not taking
    # orders yet) would count as days without demand.
    first = max(lo, min((line[0] for line in lines), default=lo))
    table = np.array(lines, dtype=np.int64).reshape(-1, 2)
    history = OrderHistory(table[:, 0].copy(), table[:, 1].copy(), first, hi)
    return PastOrders(history, _whole_days(orders, first, hi))


def _whole_days(
    orders: list[tuple[int, Order, IntArray, int]], since_ns: int, until_ns: int
) -> DemandSample:
    """The orders of the whole days in [since_ns, until_ns), by time."""
    lo = -(-since_ns // DAY_NS) * DAY_NS
    hi = until_ns // DAY_NS * DAY_NS
    chosen = sorted((o for o in orders if lo <= o[0] < hi), key=lambda o: o[0])
    return DemandSample.unweighted(
        tuple(o[1] for o in chosen),
        np.array([o[0] for o in chosen], dtype=np.int64),
        tuple(o[2] for o in chosen),
        np.array([o[3] for o in chosen], dtype=np.int64),
    )


def epoch_ns(moment: datetime) -> int:
    """Nanoseconds since the epoch of an aware datetime (exact, no float)."""
    delta = moment - datetime(1970, 1, 1, tzinfo=moment.tzinfo)
    return (delta.days * 86_400 + delta.seconds) * NS + delta.microseconds * 1_000
