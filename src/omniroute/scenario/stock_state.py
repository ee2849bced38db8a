"""The in-memory stock model a replay works on: numpy counters, not the database.

Per (location, SKU): on hand, reserved and safety stock; available to promise is
on hand - reserved - safety (never below 0), as in `inventory`. Per (day, location):
units dispatched, against the location's daily capacity (0 = no cap). A reservation
takes stock at once; the units leave on hand when they ship (`ship_through`).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from numpy.typing import NDArray

from omniroute.scenario.network import Network
from routing import UNLIMITED

IntArray = NDArray[np.int64]


class StockState:
    """Stock counters and daily capacity use of one replay."""

    def __init__(self, network: Network, days: int) -> None:
        self.on_hand = network.on_hand.copy()
        self.reserved = np.zeros_like(network.on_hand)
        self.safety = network.safety
        self.daily_capacity = network.daily_capacity
        # used[d, k]: units location k dispatches on day d of the scenario.
        self.used = np.zeros((days, len(network.location_ids)), dtype=np.int64)
        self._to_ship: dict[int, list[tuple[int, int, int]]] = defaultdict(list)

    def available(self, columns: IntArray) -> IntArray:
        """Available to promise of the given SKU columns, (locations, len(columns))."""
        atp = self.on_hand[:, columns] - self.reserved[:, columns] - self.safety[:, columns]
        return np.asarray(np.maximum(atp, 0), dtype=np.int64)

    def available_at(self, row: int, columns: list[int]) -> list[int]:
        """Available to promise of the given SKU columns at one location, as ints."""
        on_hand, reserved, safety = self.on_hand[row], self.reserved[row], self.safety[row]
        return [max(int(on_hand[c]) - int(reserved[c]) - int(safety[c]), 0) for c in columns]

    def room_at(self, row: int, day: int) -> int:
        """Units one location may still dispatch on `day` (UNLIMITED when uncapped)."""
        cap = int(self.daily_capacity[row])
        if cap <= 0:
            return int(UNLIMITED)
        return max(cap - int(self.used[min(day, len(self.used) - 1), row]), 0)

    def remaining_capacity(self, rows: IntArray, day: IntArray) -> IntArray:
        """Units each location in `rows` may still dispatch on its `day`."""
        cap = self.daily_capacity[rows]
        left = cap - self.used[np.minimum(day, len(self.used) - 1), rows]
        return np.where(cap > 0, np.maximum(left, 0), UNLIMITED)

    def receive(self, row: int, column: int, qty: int) -> None:
        """Units arrive on hand (a replenishment or a resellable return)."""
        self.on_hand[row, column] += qty

    def reserve(self, row: int, column: int, qty: int, ship_day: int, dispatch: bool) -> None:
        """Hold units for an order; they leave on `ship_day` (counted on capacity if dispatched)."""
        self.reserved[row, column] += qty
        if dispatch:
            self.used[min(ship_day, len(self.used) - 1), row] += qty
        self._to_ship[ship_day].append((row, column, qty))

    def ship_through(self, day: int) -> int:
        """Ship every reservation due on or before `day`; returns the units shipped."""
        shipped = 0
        for due in sorted(d for d in self._to_ship if d <= day):
            for row, column, qty in self._to_ship.pop(due):
                self.on_hand[row, column] -= qty
                self.reserved[row, column] -= qty
                shipped += qty
        return shipped
