"""What a routing problem is made of: an order, its candidate locations, constraints.

All types are plain frozen dataclasses. Candidate stock is a numpy snapshot, one row
per location and one column per SKU, so the service layer can hand over thousands of
locations without building Python objects for each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

# Remaining capacity meaning "no cap today".
UNLIMITED = np.iinfo(np.int64).max // 4


class FulfilmentMode(StrEnum):
    """How the customer receives the order."""

    SHIP = "ship"
    COLLECT = "collect"


class LocationKind(StrEnum):
    """What a location is; constraints may exclude a kind."""

    STORE = "store"
    WAREHOUSE = "warehouse"


@dataclass(frozen=True)
class OrderLine:
    """One SKU of an order: `qty` units weighing `unit_weight_g` each.

    `splittable=False` means the line must come from a single location.
    """

    sku: str
    qty: int
    unit_weight_g: int = 500
    splittable: bool = True


@dataclass(frozen=True)
class Order:
    """An order to route. `created_at` is "now" for cut-offs; datetimes are UTC-aware.

    For mode COLLECT, `pickup_location_id` names the store and `destination` is ignored.
    """

    order_id: str
    lines: tuple[OrderLine, ...]
    destination: tuple[float, float]
    created_at: datetime
    promised_on: date | None = None
    mode: FulfilmentMode = FulfilmentMode.SHIP
    pickup_location_id: str | None = None


@dataclass(frozen=True, eq=False)
class Candidates:
    """A stock snapshot of the locations that may serve an order.

    Row k describes `location_ids[k]`; column j of `stock` is `skus[j]` (available to
    promise: on hand - reserved - safety). Optional arrays override cost-model
    defaults per location; `None` means "use the default".
    """

    location_ids: tuple[str, ...]
    skus: tuple[str, ...]
    stock: NDArray[np.int64]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    is_store: NDArray[np.bool_]
    can_ship: NDArray[np.bool_]
    can_pickup: NDArray[np.bool_]
    capacity_units: NDArray[np.int64] | None = None
    base_cost_cents: NDArray[np.int64] | None = None
    handling_cents_per_unit: NDArray[np.int64] | None = None
    # Extra cents per unit taken from (location, sku): positive protects, negative relieves.
    unit_cost_cents: NDArray[np.int64] | None = None
    # Opportunity cents per unit taken from (location, sku), >= 0 (look-ahead prices): they
    # steer the choice but are never charged; a plan reports them apart (`shadow_cents`).
    opportunity_cents: NDArray[np.int64] | None = None
    # Minutes after 00:00 UTC after which today's orders ship tomorrow.
    cutoff_minute_utc: NDArray[np.int64] | None = None
    ship_lead_days: NDArray[np.int64] | None = None
    transfer_lead_days: NDArray[np.int64] | None = None
    # Lower ships first for the `priority` baseline; defaults to row order.
    priority: NDArray[np.int64] | None = None

    @property
    def size(self) -> int:
        """Number of candidate locations."""
        return len(self.location_ids)


#: The fields of `Candidates` that hold one value per location (row), optional ones included.
PER_LOCATION = (
    "lat",
    "lon",
    "is_store",
    "can_ship",
    "can_pickup",
    "capacity_units",
    "base_cost_cents",
    "handling_cents_per_unit",
    "cutoff_minute_utc",
    "ship_lead_days",
    "transfer_lead_days",
    "priority",
)


@dataclass(frozen=True)
class Constraints:
    """Business rules a plan must respect."""

    ship_complete: bool = True
    max_shipments: int | None = None
    max_radius_km: float | None = None
    allowed_kinds: frozenset[LocationKind] = field(default_factory=lambda: frozenset(LocationKind))
    # Click & collect: how far alternatives may be, and when transferred goods are ready.
    collect_radius_km: float = 15.0
    collect_ready_time_utc: time = time(10, 0)
