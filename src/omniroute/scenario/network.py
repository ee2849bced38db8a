"""The network of a scenario: locations, SKUs and initial stock, as numpy arrays.

Tables (columns in brackets are optional):

- locations: id, name, kind (store/warehouse), latitude, longitude, [capabilities
  (ship|pickup|accept_returns), daily_capacity (units a day, 0 = no cap),
  handling_cost_cents, base_cost_cents, cutoff (HH:MM UTC), ship_lead_days,
  transfer_lead_days, priority]; empty cells take the cost model's defaults.
- skus: id, name, [category], weight_g, price_cents
- stock: location_id, sku_id, on_hand, [safety_stock]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from omniroute.scenario.columns import Table

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
CAPABILITIES = ("ship", "pickup", "accept_returns")


@dataclass(frozen=True, eq=False)
class Network:
    """Locations (rows), SKUs (columns) and the stock at the start of the scenario."""

    location_ids: tuple[str, ...]
    names: tuple[str, ...]
    is_store: BoolArray
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    can_ship: BoolArray
    can_pickup: BoolArray
    accepts_returns: BoolArray
    daily_capacity: IntArray  # units a day; 0 = no cap
    handling_cents: IntArray  # -1 = cost model default
    base_cents: IntArray  # -1 = cost model default
    cutoff_minute: IntArray
    ship_lead_days: IntArray
    transfer_lead_days: IntArray
    priority: IntArray
    sku_ids: tuple[str, ...]
    weight_g: IntArray
    price_cents: IntArray
    on_hand: IntArray  # (locations, skus)
    safety: IntArray  # (locations, skus)

    def location_index(self) -> dict[str, int]:
        """Row of each location id."""
        return {loc: k for k, loc in enumerate(self.location_ids)}

    def sku_index(self) -> dict[str, int]:
        """Column of each SKU id."""
        return {sku: j for j, sku in enumerate(self.sku_ids)}


def read_network(locations: Path, skus: Path, stock: Path) -> Network:
    """Parse and check the three network tables."""
    loc = Table(locations, ("id", "name", "kind", "latitude", "longitude"))
    if not len(loc):
        raise loc.error(0, "id", "at least one location is required")
    ids = loc.unique_ids("id")
    caps = loc.text("capabilities", "ship|pickup|accept_returns")
    for k, value in enumerate(caps):
        parts = [p.strip() for p in str(value).split("|") if p.strip()]
        bad = [p for p in parts if p not in CAPABILITIES]
        if bad:
            raise loc.error(k, "capabilities", f"unknown capability {bad[0]!r} {CAPABILITIES}")
    cutoff = _cutoff_minutes(loc)
    sku = Table(skus, ("id", "name", "weight_g", "price_cents"))
    sku_ids = sku.unique_ids("id")
    location_index = {v: k for k, v in enumerate(ids)}
    sku_index = {v: j for j, v in enumerate(sku_ids)}
    on_hand, safety = _stock(
        Table(stock, ("location_id", "sku_id", "on_hand")), location_index, sku_index
    )
    return Network(
        location_ids=ids,
        names=tuple(str(v) for v in loc.required_text("name")),
        is_store=loc.choices("kind", ("store", "warehouse")) == "store",
        lat=loc.floats("latitude", -90.0, 90.0),
        lon=loc.floats("longitude", -180.0, 180.0),
        can_ship=np.array(["ship" in str(c).split("|") for c in caps], dtype=bool),
        can_pickup=np.array(["pickup" in str(c).split("|") for c in caps], dtype=bool),
        accepts_returns=np.array(["accept_returns" in str(c).split("|") for c in caps], dtype=bool),
        daily_capacity=loc.integers("daily_capacity", 0, minimum=0),
        handling_cents=loc.integers("handling_cost_cents", -1, minimum=-1),
        base_cents=loc.integers("base_cost_cents", -1, minimum=-1),
        cutoff_minute=cutoff,
        ship_lead_days=loc.integers("ship_lead_days", 1, minimum=0),
        transfer_lead_days=loc.integers("transfer_lead_days", 1, minimum=0),
        priority=loc.integers("priority", 0) if "priority" in loc.frame else np.arange(len(ids)),
        sku_ids=sku_ids,
        weight_g=sku.integers("weight_g", minimum=0),
        price_cents=sku.integers("price_cents", minimum=0),
        on_hand=on_hand,
        safety=safety,
    )


def _cutoff_minutes(loc: Table) -> IntArray:
    raw = loc.text("cutoff", "")
    minutes = np.full(len(raw), 24 * 60, dtype=np.int64)
    for k, value in enumerate(raw):
        if value == "":
            continue
        hh, _, mm = str(value).partition(":")
        if not (hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60 and len(mm) == 2):
            raise loc.error(k, "cutoff", f"HH:MM (UTC) is required, got {value!r}")
        minutes[k] = int(hh) * 60 + int(mm)
    return minutes


def _stock(
    table: Table, locations: dict[str, int], skus: dict[str, int]
) -> tuple[IntArray, IntArray]:
    rows = table.references("location_id", locations, "location")
    cols = table.references("sku_id", skus, "SKU")
    on_hand = table.integers("on_hand", minimum=0)
    safety = table.integers("safety_stock", 0, minimum=0)
    pair = rows * len(skus) + cols
    dup = np.flatnonzero(np.bincount(pair, minlength=len(locations) * len(skus))[pair] > 1)
    if dup.size:
        k = int(dup[1]) if dup.size > 1 else int(dup[0])
        raise table.error(k, "sku_id", "the (location_id, sku_id) pair appears twice")
    shape = (len(locations), len(skus))
    on_hand_grid = np.zeros(shape, dtype=np.int64)
    safety_grid = np.zeros(shape, dtype=np.int64)
    on_hand_grid[rows, cols] = on_hand
    safety_grid[rows, cols] = safety
    return on_hand_grid, safety_grid
