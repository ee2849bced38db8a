"""What a return-routing problem is made of: the returned lines, the channel, the network.

Plain frozen dataclasses, like the order side (`routing.problem`). The network is a
numpy snapshot: one row per location, one column per SKU, so thousands of locations
cost no Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray


class ReturnCondition(StrEnum):
    """The state of a returned unit, as the customer declares it or the receiver finds it.

    NEW: unused, in its packaging. OPENED: packaging opened or tried on, works, as new.
    DAMAGED: works but is visibly damaged. DEFECTIVE: does not work.
    """

    NEW = "new"
    OPENED = "opened"
    DAMAGED = "damaged"
    DEFECTIVE = "defective"


class ReturnChannel(StrEnum):
    """How the customer hands the return over."""

    POST = "post"
    STORE_DROP_OFF = "store_drop_off"


@dataclass(frozen=True)
class ReturnLine:
    """`qty` units of one SKU coming back in one condition.

    `unit_value_cents` is the price actually paid for one unit (discounts included);
    `origin_location_id` is the location that shipped it, when known (for the
    ``origin`` baseline). The same SKU may appear on several lines, e.g. once per
    condition.
    """

    sku: str
    qty: int
    condition: ReturnCondition
    unit_value_cents: int
    unit_weight_g: int = 500
    reason: str = ""
    origin_location_id: str | None = None


@dataclass(frozen=True)
class ReturnRequest:
    """A return to route.

    By POST the parcel leaves from `customer_point` (lat, lon); at STORE_DROP_OFF the
    customer hands it in at `drop_off_location_id`, which keeps units or ships them on.
    """

    return_id: str
    lines: tuple[ReturnLine, ...]
    channel: ReturnChannel
    customer_point: tuple[float, float] | None = None
    drop_off_location_id: str | None = None


@dataclass(frozen=True, eq=False)
class ReturnDestinations:
    """The locations a return may go to, as arrays (row k is `location_ids[k]`).

    `stock[k, j]` is the level of SKU `skus[j]` at location k that the need is judged
    on (available to promise is a good choice); `target[k, j]` the level the location
    wants to hold (0: it does not range the SKU). `handling_cents_per_unit` overrides
    the cost model's default per location.
    """

    location_ids: tuple[str, ...]
    skus: tuple[str, ...]
    is_store: NDArray[np.bool_]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    accepts_returns: NDArray[np.bool_]
    stock: NDArray[np.int64]
    target: NDArray[np.int64]
    handling_cents_per_unit: NDArray[np.int64] | None = None

    @property
    def size(self) -> int:
        """Number of locations."""
        return len(self.location_ids)
