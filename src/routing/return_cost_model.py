"""The return cost model: shipping and handling minus what a unit is worth where it lands.

A return option's cost is the sum of these terms (`RETURN_TERMS`), in integer cents:

- ``base``: per parcel (the customer's parcel by post, the store's onward parcel);
- ``distance``: per unit shipped, weight x rate, priced exactly like an order shipment
  (`CostModel.distance_cents_per_unit`: tonne-km rate plus zone rate);
- ``handling``: per unit received, per location;
- ``value``: minus the value of every restocked unit where it lands (a credit, so
  usually negative).

The value of a restocked unit is marginal: the j-th unit of a SKU arriving at a
location (j = 0, 1, ...) meets the level ``stock + j`` there and is worth

- ``below_target_ratio`` x the price paid, when that level is below the target (the
  location needs it: a store that sold out);
- ``at_target_ratio`` x the price paid, when at or above target but below
  ``overstock_ratio`` x target;
- ``-holding_cents_per_unit`` once overstocked (a location with target 0 is
  overstocked from its first unit).

When units of one SKU were paid differently, the dearer units take the first slots.
Each slot's value is rounded to the cent once (half to even); ratios are exact
fractions, so every strategy and every test prices a unit identically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from routing.cost_model import CostModel
from routing.errors import InvalidProblem

RETURN_TERMS = ("base", "distance", "handling", "value")

# Tier of a value slot, for explanations.
BELOW_TARGET, AT_TARGET, OVERSTOCKED = 0, 1, 2


@dataclass(frozen=True)
class ReturnCostModel:
    """Weights of the return objective; money in int cents, ratios exact (int or Fraction).

    `shipping` supplies the parcel base cost, the distance and zone rates and the
    default handling cost per unit (the order side's `CostModel`).
    """

    shipping: CostModel = field(default_factory=CostModel)
    below_target_ratio: Fraction | int = Fraction(1, 2)
    at_target_ratio: Fraction | int = Fraction(1, 20)
    overstock_ratio: Fraction | int = 2
    holding_cents_per_unit: int = 150

    def __post_init__(self) -> None:
        for name in ("below_target_ratio", "at_target_ratio", "overstock_ratio"):
            value = getattr(self, name)
            if not isinstance(value, int | Fraction) or isinstance(value, bool) or value < 0:
                raise InvalidProblem(
                    f"return_cost_model.{name} must be a non-negative int or Fraction, "
                    f"got {value!r}"
                )
        if self.at_target_ratio > self.below_target_ratio:
            raise InvalidProblem(
                "return_cost_model.at_target_ratio must not exceed below_target_ratio"
            )
        if self.overstock_ratio < 1:
            raise InvalidProblem("return_cost_model.overstock_ratio must be >= 1")
        holding = self.holding_cents_per_unit
        if not isinstance(holding, int) or isinstance(holding, bool) or holding < 0:
            raise InvalidProblem(
                f"return_cost_model.holding_cents_per_unit must be a non-negative int, "
                f"got {holding!r}"
            )

    def unit_worth(self, paid_cents: int) -> tuple[int, int, int]:
        """Value of one unit paid `paid_cents`: below target, at target, overstocked."""
        return (
            round(self.below_target_ratio * paid_cents),
            round(self.at_target_ratio * paid_cents),
            -self.holding_cents_per_unit,
        )

    def slot_bounds(
        self, stock: NDArray[np.int64], target: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Per location: arriving units 0..b-1 fill a gap below target; from unit o on
        (o >= b) the location is overstocked. Returns (b, o)."""
        over = Fraction(self.overstock_ratio)
        # The first overstocked level is ceil(overstock_ratio x target), in exact integers.
        threshold = -((-target * over.numerator) // over.denominator)
        below = np.maximum(target - stock, 0)
        return below, np.maximum(np.maximum(threshold - stock, 0), below)

    def slot_bounds_at(self, stock: int, target: int) -> tuple[int, int]:
        """`slot_bounds` at one location, in plain ints."""
        over = Fraction(self.overstock_ratio)
        threshold = -((-target * over.numerator) // over.denominator)
        below = max(target - stock, 0)
        return below, max(threshold - stock, below)

    def placed_value(
        self,
        worth: NDArray[np.int64],
        below: NDArray[np.int64],
        overstock_from: NDArray[np.int64],
    ) -> NDArray[np.int64]:
        """Total value of restocking units of one SKU at each location, given that SKU's
        `slot_bounds` there; `worth` holds each unit's `unit_worth`, dearest unit first."""
        count = len(worth)
        first = np.concatenate(([0], np.cumsum(worth[:, BELOW_TARGET])))
        then = np.concatenate(([0], np.cumsum(worth[:, AT_TARGET])))
        filled = np.minimum(below, count)
        kept_up = np.minimum(overstock_from, count)
        over = (count - kept_up) * self.holding_cents_per_unit
        return np.asarray(first[filled] + then[kept_up] - then[filled] - over, dtype=np.int64)


def slot_tier(j: int, below: int, overstock_from: int) -> int:
    """The tier of the j-th unit of a SKU arriving at a location with these bounds."""
    if j < below:
        return BELOW_TARGET
    return AT_TARGET if j < overstock_from else OVERSTOCKED
