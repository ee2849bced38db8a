"""`PriceBoard`: the latest opportunity prices, in memory, for RouteOrder to read.

The price job publishes a whole `PriceSet` at once (one reference swap), so a reader
sees either the old set or the new one, never a mix, and takes no lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat

import numpy as np

from inventory.snapshot import IntArray
from routing import Candidates
from routing.opportunity import OpportunityPrices

DAY_S = 86_400


@dataclass(frozen=True, eq=False)
class PriceSet:
    """Prices of one solve, on the network as it was read for it."""

    prices: OpportunityPrices
    location_ids: tuple[str, ...]
    sku_ids: tuple[str, ...]
    theta: float
    computed_at: datetime
    horizon_end: datetime
    #: Why it was computed: "start", "schedule", "restock" or "request".
    trigger: str
    #: Whole days of order history the forecast learned from.
    history_days: int
    #: Units the forecast expects until the horizon ends.
    expected_units: float
    #: Seconds the whole refresh took (reading, forecast, LP).
    refresh_s: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "row_of", {loc: k for k, loc in enumerate(self.location_ids)})
        object.__setattr__(self, "column_of", {sku: s for s, sku in enumerate(self.sku_ids)})

    row_of: dict[str, int] = field(init=False, repr=False)
    column_of: dict[str, int] = field(init=False, repr=False)

    def opportunity_cents(
        self, candidates: Candidates, placed_at: datetime, pickup_location_id: str | None
    ) -> IntArray:
        """theta x (stock + capacity price) per (candidate, SKU) for an order placed at
        `placed_at`; the pickup store's row prices units kept there (no dispatch).
        Locations and SKUs the set does not know cost nothing extra."""
        # map() over dict.get keeps the lookups in C: this runs on every RouteOrder.
        ids = candidates.location_ids
        rows = np.fromiter(map(self.row_of.get, ids, repeat(-1)), np.int64, len(ids))
        columns = np.fromiter(
            map(self.column_of.get, candidates.skus, repeat(-1)), np.int64, len(candidates.skus)
        )
        known = (rows >= 0)[:, None] & (columns >= 0)[None, :]
        moment = placed_at.astimezone(UTC)
        day = int(moment.timestamp()) // DAY_S
        minute = moment.hour * 60 + moment.minute
        cutoff = np.asarray(candidates.cutoff_minute_utc, dtype=np.int64)
        dispatch_day = day + (minute >= cutoff).astype(np.int64)
        safe_rows, safe_columns = np.maximum(rows, 0), np.maximum(columns, 0)
        cents = self.prices.unit_cents(self.theta, safe_rows, safe_columns, dispatch_day)
        if pickup_location_id is not None and pickup_location_id in candidates.location_ids:
            k = candidates.location_ids.index(pickup_location_id)
            cents[k] = self.prices.kept_cents(self.theta, int(safe_rows[k]), safe_columns)
        return np.where(known, cents, 0)

    def priced_units(self) -> int:
        """(location, SKU) pairs with a price above zero."""
        return int(np.count_nonzero(self.prices.stock > 0))


class PriceBoard:
    """Holds the latest `PriceSet` (None until the first solve)."""

    def __init__(self) -> None:
        self._current: PriceSet | None = None
        #: Called with each set published (e.g. to report when it was computed).
        self.on_publish: list[Callable[[PriceSet], None]] = []

    @property
    def current(self) -> PriceSet | None:
        """The latest prices, or None."""
        return self._current

    def publish(self, prices: PriceSet) -> None:
        """Replace the prices (readers see the new set from their next read)."""
        self._current = prices
        for listener in self.on_publish:
            listener(prices)
