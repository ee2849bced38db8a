"""The event stream of a scenario: orders, returns and replenishments, in time order.

Tables (columns in brackets are optional):

- orders, one row per order line: order_id, created_at (ISO 8601 with offset), sku_id,
  qty, [promised_on (YYYY-MM-DD), mode (ship/collect), dest_latitude, dest_longitude
  (required to ship), pickup_location_id (required to collect), splittable]; the order
  fields must agree on every line of an order.
- returns: received_at, location_id, sku_id, qty, [condition (resellable/damaged)];
  resellable units go back on hand where they are received.
- replenishments: arrives_at, location_id, sku_id, qty.

At equal timestamps arrivals (replenishments, then returns) come before orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from omniroute.scenario.columns import Table
from omniroute.scenario.network import Network
from routing import FulfilmentMode, Order, OrderLine

IntArray = NDArray[np.int64]
ORDER_FIELDS = ("created_at", "promised_on", "mode", "dest_latitude", "dest_longitude")
DAY_NS = 86_400 * 10**9


@dataclass(frozen=True, eq=False)
class Arrivals:
    """Units arriving at locations: at (UTC ns), location row, SKU column, qty."""

    at_ns: IntArray
    location: IntArray
    sku: IntArray
    qty: IntArray

    @staticmethod
    def empty() -> Arrivals:
        """No arrivals."""
        nothing = np.zeros(0, dtype=np.int64)
        return Arrivals(nothing, nothing, nothing, nothing)


@dataclass(frozen=True, eq=False)
class Stream:
    """Orders sorted by time, with their SKU columns and pickup rows, and arrivals."""

    orders: tuple[Order, ...]
    order_at_ns: IntArray
    order_columns: tuple[IntArray, ...]  # SKU column of each line
    pickup_row: IntArray  # -1 for orders shipped to the customer
    returns: Arrivals  # only the resellable units
    replenishments: Arrivals

    @property
    def first_day(self) -> date:
        """The UTC day of the earliest event."""
        starts = [a.at_ns[:1] for a in (self.returns, self.replenishments)] + [self.order_at_ns[:1]]
        first = int(np.concatenate(starts).min())
        return datetime.fromtimestamp(first // 10**9, tz=UTC).date()


def read_orders(path: Path, network: Network) -> tuple[Order, ...]:
    """Parse and check the order stream, one `routing.Order` per order id."""
    table = Table(path, ("order_id", "created_at", "sku_id", "qty"))
    if not len(table):
        raise table.error(0, "order_id", "at least one order is required")
    order_id = table.required_text("order_id")
    created = table.timestamps("created_at")
    promised = table.dates("promised_on")
    mode = table.choices("mode", ("ship", "collect"), "ship")
    sku = table.references("sku_id", network.sku_index(), "SKU")
    qty = table.integers("qty", minimum=1)
    splittable = table.choices("splittable", ("true", "false"), "true") == "true"
    collect = mode == "collect"
    pickup = np.full(len(table), -1, dtype=np.int64)
    if collect.any():
        ids = table.text("pickup_location_id", "")
        index = network.location_index()
        for k in np.flatnonzero(collect).tolist():
            if ids[k] not in index:
                raise table.error(
                    int(k), "pickup_location_id", f"a known location is required, got {ids[k]!r}"
                )
            pickup[k] = index[ids[k]]
    lat = _coordinates(table, "dest_latitude", ~collect, 90.0)
    lon = _coordinates(table, "dest_longitude", ~collect, 180.0)
    frame = pd.DataFrame(
        {"order_id": order_id, "created_at": created, "promised_on": promised, "mode": mode,
         "dest_latitude": lat, "dest_longitude": lon, "pickup": pickup, "sku": sku}
    )  # fmt: skip
    _check_order_fields(table, frame)
    duplicated = frame.duplicated(["order_id", "sku"]).to_numpy()
    if duplicated.any():
        k = int(np.flatnonzero(duplicated)[0])
        raise table.error(
            k, "sku_id", f"SKU {network.sku_ids[sku[k]]!r} appears twice in order {order_id[k]!r}"
        )
    orders = []
    groups = frame.groupby("order_id", sort=False).indices
    for oid, rows in groups.items():
        first = int(rows[0])
        lines = tuple(
            OrderLine(
                network.sku_ids[sku[r]],
                int(qty[r]),
                int(network.weight_g[sku[r]]),
                bool(splittable[r]),
            )
            for r in rows
        )
        p = int(pickup[first])
        destination = (
            (float(network.lat[p]), float(network.lon[p]))
            if p >= 0
            else (float(lat[first]), float(lon[first]))
        )
        orders.append(
            Order(
                order_id=str(oid),
                lines=lines,
                destination=destination,
                created_at=datetime.fromtimestamp(int(created[first]) / 1e9, tz=UTC),
                promised_on=None
                if promised[first] < 0
                else date.fromordinal(int(promised[first]) + 719163),
                mode=FulfilmentMode.COLLECT if p >= 0 else FulfilmentMode.SHIP,
                pickup_location_id=network.location_ids[p] if p >= 0 else None,
            )
        )
    return tuple(orders)


def _coordinates(
    table: Table, field: str, needed: NDArray[np.bool_], limit: float
) -> NDArray[np.float64]:
    raw = table.text(field, "")
    if not needed.any():
        return np.zeros(len(raw))
    missing = needed & (raw == "")
    if missing.any():
        raise table.error(int(np.flatnonzero(missing)[0]), field, "required for mode ship")
    numbers = pd.to_numeric(pd.Series(np.where(raw == "", "0", raw)), errors="coerce").to_numpy()
    bad = np.isnan(numbers) | (np.abs(numbers) > limit)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise table.error(
            k, field, f"a number between -{limit:g} and {limit:g} is required, got {raw[k]!r}"
        )
    return np.asarray(numbers, dtype=np.float64)


def _check_order_fields(table: Table, frame: pd.DataFrame) -> None:
    """Every line of an order carries the same order fields."""
    for field in (*ORDER_FIELDS, "pickup"):
        first = frame.groupby("order_id", sort=False)[field].transform("first")
        differs = (frame[field] != first).to_numpy()
        if differs.any():
            k = int(np.flatnonzero(differs)[0])
            name = "pickup_location_id" if field == "pickup" else field
            raise table.error(k, name, "differs from the first line of the same order")


def read_arrivals(path: Path | None, network: Network, *, returns: bool) -> Arrivals:
    """Parse returns (resellable units only) or replenishments; none when `path` is None."""
    if path is None:
        return Arrivals.empty()
    at_field = "received_at" if returns else "arrives_at"
    table = Table(path, (at_field, "location_id", "sku_id", "qty"))
    at_ns = table.timestamps(at_field) if len(table) else np.zeros(0, dtype=np.int64)
    location = table.references("location_id", network.location_index(), "location")
    sku = table.references("sku_id", network.sku_index(), "SKU")
    qty = table.integers("qty", minimum=1)
    keep = np.ones(len(table), dtype=bool)
    if returns:
        refused = ~network.accepts_returns[location]
        if refused.any():
            k = int(np.flatnonzero(refused)[0])
            raise table.error(
                k, "location_id", f"{network.location_ids[location[k]]!r} does not accept returns"
            )
        keep = table.choices("condition", ("resellable", "damaged"), "resellable") == "resellable"
    order = np.argsort(at_ns[keep], kind="stable")
    return Arrivals(at_ns[keep][order], location[keep][order], sku[keep][order], qty[keep][order])


def build_stream(
    orders: tuple[Order, ...], network: Network, returns: Arrivals, replenishments: Arrivals
) -> Stream:
    """Sort orders by creation time (stable) and precompute their SKU columns."""
    at_ns = np.array([int(o.created_at.timestamp() * 1e6) * 1000 for o in orders], dtype=np.int64)
    order = np.argsort(at_ns, kind="stable")
    sku_index = network.sku_index()
    location_index = network.location_index()
    sorted_orders = tuple(orders[int(k)] for k in order)
    return Stream(
        orders=sorted_orders,
        order_at_ns=at_ns[order],
        order_columns=tuple(
            np.array([sku_index[ln.sku] for ln in o.lines], dtype=np.int64) for o in sorted_orders
        ),
        pickup_row=np.array(
            [
                location_index[o.pickup_location_id] if o.pickup_location_id else -1
                for o in sorted_orders
            ],
            dtype=np.int64,
        ),
        returns=returns,
        replenishments=replenishments,
    )
