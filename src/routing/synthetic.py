"""Seeded, realistic random problems for tests, benchmarks and demos.

Locations spread over a country (Germany's bounding box), clustered around cities;
a few warehouses hold deep stock of most SKUs, stores hold sparse, skewed stock, and
some "flagship" stores have a little of everything.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from routing.problem import Candidates, Order, OrderLine

CITIES = np.array(
    [
        (52.52, 13.40), (53.55, 9.99), (48.14, 11.58), (50.94, 6.96), (50.11, 8.68),
        (48.78, 9.18), (51.23, 6.78), (51.34, 12.37), (51.51, 7.47), (53.08, 8.80),
        (51.05, 13.74), (52.37, 9.74), (49.45, 11.08), (54.32, 10.13), (49.49, 8.47),
    ]
)  # fmt: skip


def random_problem(
    rng: np.random.Generator, n_lines: int, n_locations: int, *, order_id: str = "o-1"
) -> tuple[Order, Candidates]:
    """An order of `n_lines` SKUs and its `n_locations` candidates."""
    n = n_locations
    city = rng.integers(0, len(CITIES), size=n)
    lat = CITIES[city, 0] + rng.normal(0.0, 0.25, size=n)
    lon = CITIES[city, 1] + rng.normal(0.0, 0.35, size=n)
    is_store = rng.random(n) >= 0.03
    is_store[: max(1, n // 50)] = False  # at least one warehouse
    flagship = is_store & (rng.random(n) < 0.08)

    # Stores hold a SKU with some probability, a skewed quantity; warehouses hold most.
    holds = np.where(
        is_store[:, None], rng.random((n, n_lines)) < 0.25, rng.random((n, n_lines)) < 0.85
    )
    holds |= flagship[:, None]
    depth = np.where(
        is_store[:, None], rng.geometric(0.35, (n, n_lines)), rng.integers(20, 400, (n, n_lines))
    )
    stock = np.where(holds, depth, 0).astype(np.int64)

    capacity = np.where(is_store, rng.integers(5, 60, n), rng.integers(500, 5000, n))
    base = np.where(is_store, 520, 380).astype(np.int64)
    handling = np.where(is_store, 90, 45).astype(np.int64)
    cutoff = np.where(is_store, 17 * 60, 15 * 60).astype(np.int64)
    lead = np.where(is_store, 1, 2).astype(np.int64)

    dest_city = CITIES[rng.integers(0, len(CITIES))]
    destination = (
        float(dest_city[0] + rng.normal(0.0, 0.2)),
        float(dest_city[1] + rng.normal(0.0, 0.3)),
    )
    skus = tuple(f"SKU-{j:03d}" for j in range(n_lines))
    lines = tuple(
        OrderLine(sku, int(rng.choice([1, 1, 1, 1, 2, 3])), int(rng.integers(100, 2500)))
        for sku in skus
    )
    created = datetime(2024, 11, 4, 8, 0, tzinfo=UTC) + timedelta(minutes=int(rng.integers(0, 720)))
    order = Order(
        order_id, lines, destination, created, promised_on=created.date() + timedelta(days=2)
    )
    candidates = Candidates(
        location_ids=tuple(f"{'S' if s else 'W'}{k:05d}" for k, s in enumerate(is_store)),
        skus=skus,
        stock=stock,
        lat=lat,
        lon=lon,
        is_store=is_store,
        can_ship=np.ones(n, dtype=bool),
        can_pickup=is_store.copy(),
        capacity_units=capacity.astype(np.int64),
        base_cost_cents=base,
        handling_cents_per_unit=handling,
        cutoff_minute_utc=cutoff,
        ship_lead_days=lead,
        transfer_lead_days=np.ones(n, dtype=np.int64),
        priority=np.argsort(rng.random(n)).astype(np.int64),
    )
    return order, candidates
