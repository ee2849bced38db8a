"""The one cost model, in integer cents, shared by every strategy.

A plan's cost is the sum of these terms:

- ``base``: per shipment (per location, overridable in the candidates);
- ``late``: per shipment, per day its arrival misses the promised date;
- ``split``: per shipment beyond the first;
- ``distance``: per unit, weight x (rate per tonne-km x km + zone rate per kg);
- ``handling``: per unit, per location;
- ``unit_cost``: per unit, per (location, SKU), from the candidates;
- ``protect_last_units``: per unit taken that leaves a store below N units;
- ``unfilled``: per unit not served, when partial fulfilment is allowed.

Distances are float km; each (location, line) unit price is rounded to int cents once,
with numpy's round-half-even, so every strategy prices a unit identically.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.errors import InvalidProblem

TERMS = (
    "base",
    "late",
    "split",
    "distance",
    "handling",
    "unit_cost",
    "protect_last_units",
    "unfilled",
)


@dataclass(frozen=True)
class Zone:
    """A distance band: up to `max_km`, add `cents_per_kg` to every unit's shipping."""

    max_km: float
    cents_per_kg: int


@dataclass(frozen=True)
class CostModel:
    """Weights of the cost terms; all money is int cents."""

    base_cents_per_shipment: int = 450
    cents_per_tonne_km: int = 400
    zones: tuple[Zone, ...] = ()
    handling_cents_per_unit: int = 60
    split_penalty_cents: int = 250
    late_cents_per_day: int = 800
    protect_below_units: int = 2
    protect_cents_per_unit: int = 150
    unfilled_cents_per_unit: int = 10_000

    def __post_init__(self) -> None:
        for name in (
            "base_cents_per_shipment",
            "cents_per_tonne_km",
            "handling_cents_per_unit",
            "split_penalty_cents",
            "late_cents_per_day",
            "protect_below_units",
            "protect_cents_per_unit",
            "unfilled_cents_per_unit",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InvalidProblem(f"cost_model.{name} must be a non-negative int, got {value!r}")
        bands = [zone.max_km for zone in self.zones]
        if bands != sorted(bands) or any(zone.cents_per_kg < 0 for zone in self.zones):
            raise InvalidProblem("cost_model.zones must be sorted by max_km with rates >= 0")

    def zone_cents_per_kg(self, km: NDArray[np.float64]) -> NDArray[np.float64]:
        """Zone rate per kg for each distance; beyond the last band, the last rate."""
        if not self.zones:
            return np.zeros_like(km)
        edges = np.array([zone.max_km for zone in self.zones])
        rates = np.array([zone.cents_per_kg for zone in self.zones], dtype=np.float64)
        band = np.minimum(np.searchsorted(edges, km, side="left"), len(rates) - 1)
        return np.asarray(rates[band], dtype=np.float64)

    def distance_cents_per_unit(
        self, km: NDArray[np.float64], unit_weight_g: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Shipping cents per unit, shape (locations, lines), rounded once."""
        kg = unit_weight_g.astype(np.float64)[None, :] / 1000.0
        per_kg = self.cents_per_tonne_km / 1000.0 * km + self.zone_cents_per_kg(km)
        return np.rint(per_kg[:, None] * kg).astype(np.int64)
