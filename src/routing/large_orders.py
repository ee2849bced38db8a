"""Seeded large baskets: many lines, many stocked locations, prices that differ by location.

The shape `optimal` meets with a marketplace of sellers or a chain pricing per store:
every location asks its own price per unit of each SKU (`unit_cost_cents`) and its own
cost per shipment (`base_cost_cents`), splitting is free (no split penalty, no limit on
shipments), and shipping a unit costs by weight and distance. Parcels are priced to
matter: a location's shipment cost is about what a few units' price differences save,
so the optimum is neither one location nor the cheapest price of every line, but some
dozens of shipments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import numpy as np

from routing.cost_model import CostModel
from routing.problem import Candidates, Constraints, Order, OrderLine
from routing.synthetic import CITIES


class PriceSpread(StrEnum):
    """How a location's unit price of a SKU spreads around the SKU's list price."""

    UNIFORM = "uniform"  # uniform within +-20 %
    GAUSSIAN = "gaussian"  # normal, 8 % standard deviation


@dataclass(frozen=True, eq=False)
class LargeOrder:
    """One generated problem, with the cost model and constraints it is meant for."""

    order: Order
    candidates: Candidates
    cost_model: CostModel
    constraints: Constraints


# Cost model: free splitting, a distance rate that makes far parcels dearer.
LARGE_ORDER_COST_MODEL = CostModel(split_penalty_cents=0, cents_per_tonne_km=600)


def large_order(
    rng: np.random.Generator,
    n_lines: int,
    n_locations: int,
    spread: PriceSpread,
    *,
    order_id: str = "large-1",
) -> LargeOrder:
    """An order of `n_lines` SKUs (1-25 units each) over `n_locations` stocked locations."""
    n, m = n_locations, n_lines
    city = rng.integers(0, len(CITIES), size=n)
    lat = CITIES[city, 0] + rng.normal(0.0, 0.25, size=n)
    lon = CITIES[city, 1] + rng.normal(0.0, 0.35, size=n)
    is_store = rng.random(n) < 0.7

    # Each location holds about 60 % of the SKUs, 1-30 units of each.
    holds = rng.random((n, m)) < 0.6
    stock = np.where(holds, rng.integers(1, 31, (n, m)), 0).astype(np.int64)

    list_price = rng.integers(500, 6000, m)
    if spread is PriceSpread.UNIFORM:
        factor = rng.uniform(0.8, 1.2, (n, m))
    else:
        factor = np.clip(rng.normal(1.0, 0.08, (n, m)), 0.6, 1.4)
    unit_cost = np.rint(list_price[None, :] * factor).astype(np.int64)
    base = rng.integers(300, 1500, n).astype(np.int64)
    handling = rng.integers(30, 90, n).astype(np.int64)

    skus = tuple(f"SKU-{j:03d}" for j in range(m))
    lines = tuple(
        OrderLine(sku, int(rng.integers(1, 26)), int(rng.integers(100, 2500))) for sku in skus
    )
    dest_city = CITIES[rng.integers(0, len(CITIES))]
    destination = (
        float(dest_city[0] + rng.normal(0.0, 0.2)),
        float(dest_city[1] + rng.normal(0.0, 0.3)),
    )
    created = datetime(2024, 11, 4, 8, 0, tzinfo=UTC)
    order = Order(order_id, lines, destination, created)
    candidates = Candidates(
        location_ids=tuple(f"{'S' if s else 'W'}{k:05d}" for k, s in enumerate(is_store)),
        skus=skus,
        stock=stock,
        lat=lat,
        lon=lon,
        is_store=is_store,
        can_ship=np.ones(n, dtype=bool),
        can_pickup=is_store.copy(),
        base_cost_cents=base,
        handling_cents_per_unit=handling,
        unit_cost_cents=unit_cost,
    )
    return LargeOrder(order, candidates, LARGE_ORDER_COST_MODEL, Constraints())


def large_orders(
    n_lines: int, n_locations: int, spread: PriceSpread, count: int, *, seed: int = 16
) -> list[LargeOrder]:
    """`count` seeded problems of one size and price spread."""
    salt = 0 if spread is PriceSpread.UNIFORM else 1
    rng = np.random.default_rng([seed, n_lines, n_locations, salt])
    name = f"large-{n_lines}x{n_locations}-{spread.value}"
    return [
        large_order(rng, n_lines, n_locations, spread, order_id=f"{name}-{k}") for k in range(count)
    ]
