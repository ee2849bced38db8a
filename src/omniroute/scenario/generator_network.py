"""Generator, network part: locations in real cities, SKUs, and stock levels."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from omniroute.scenario.geography import Cities
from routing.geo import haversine_km

if TYPE_CHECKING:
    from omniroute.scenario.generator import GeneratorSettings

# category: (weight g low, high), (price EUR low, high)
CATEGORIES = {
    "apparel": ((200, 900), (15, 120)),
    "shoes": ((700, 1500), (40, 180)),
    "accessories": ((50, 300), (10, 80)),
    "home": ((500, 5000), (20, 200)),
    "electronics": ((150, 2500), (30, 600)),
}
UNITS_PER_ORDER = 1.6


def popularity(n_skus: int) -> NDArray[np.float64]:
    """Share of demand of each SKU (Zipf-like; SKU 0 sells most)."""
    weights = 1.0 / np.arange(1, n_skus + 1) ** 0.8
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def draw_locations(rng: np.random.Generator, cities: Cities, s: GeneratorSettings) -> pd.DataFrame:
    """Warehouses (spread out, near large cities) first, then stores in the largest cities."""
    n_cities = len(cities.names)
    store_city = np.arange(min(s.stores, n_cities))
    if s.stores > n_cities:
        share = cities.population / cities.population.sum()
        store_city = np.r_[store_city, rng.choice(n_cities, s.stores - n_cities, p=share)]
    store_city = np.sort(store_city)
    units_a_day = s.orders / s.days * UNITS_PER_ORDER
    pop = cities.population[store_city].astype(np.float64)
    store_cap = np.maximum(2, np.rint(units_a_day * 0.6 * pop / pop.sum() * s.capacity_scale))
    wh_city = _spread(rng, cities, s.warehouses)
    wh_cap = np.ceil(units_a_day * 0.8 / max(s.warehouses, 1) * s.capacity_scale)
    seen: dict[int, int] = {}
    rows = []
    for k, c in enumerate(wh_city.tolist()):
        rows.append(
            (f"W{k + 1:02d}", f"Warehouse {cities.names[c]}", "warehouse",
             cities.lat[c] + 0.04, cities.lon[c] + 0.05, "ship|accept_returns", int(wh_cap),
             45, 380, "14:00", 2, 1)
        )  # fmt: skip
    for k, c in enumerate(store_city.tolist()):
        seen[c] = seen.get(c, 0) + 1
        jitter = rng.normal(0.0, 0.01, 2) if seen[c] > 1 else np.zeros(2)
        rows.append(
            (f"S{k + 1:03d}", f"Store {cities.names[c]} {seen[c]}", "store",
             cities.lat[c] + jitter[0], cities.lon[c] + jitter[1], "ship|pickup|accept_returns",
             int(store_cap[k]), 90, 520, "16:00", 1, 1)
        )  # fmt: skip
    frame = pd.DataFrame(
        rows,
        columns=["id", "name", "kind", "latitude", "longitude", "capabilities", "daily_capacity",
                 "handling_cost_cents", "base_cost_cents", "cutoff", "ship_lead_days",
                 "transfer_lead_days"],
    )  # fmt: skip
    frame["latitude"] = frame["latitude"].round(5)
    frame["longitude"] = frame["longitude"].round(5)
    frame["priority"] = np.arange(len(frame))
    return frame


def _spread(rng: np.random.Generator, cities: Cities, k: int) -> NDArray[np.int64]:
    """`k` distinct large cities that cover the population: weighted k-means, snapped."""
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    top = min(len(cities.names), 300)
    lat, lon = cities.lat[:top], cities.lon[:top]
    weight = cities.population[:top].astype(np.float64)
    centres = rng.choice(top, size=min(k, top), replace=False, p=weight / weight.sum())
    c_lat, c_lon = lat[centres].copy(), lon[centres].copy()
    for _ in range(20):
        dist = np.stack([haversine_km(lat, lon, a, b) for a, b in zip(c_lat, c_lon, strict=True)])
        nearest = dist.argmin(axis=0)
        for j in range(c_lat.size):
            mine = nearest == j
            if mine.any():
                c_lat[j] = np.average(lat[mine], weights=weight[mine])
                c_lon[j] = np.average(lon[mine], weights=weight[mine])
    chosen: list[int] = []
    for a, b in zip(c_lat, c_lon, strict=True):
        # Snap to the largest city within 60 km of the centre, else the nearest one.
        d = haversine_km(lat, lon, a, b)
        d[chosen] = np.inf
        near = np.flatnonzero(d <= 60.0)
        chosen.append(int(near[0]) if near.size else int(d.argmin()))
    return np.array(chosen, dtype=np.int64)


def draw_skus(rng: np.random.Generator, n_skus: int) -> pd.DataFrame:
    """SKUs with a category, a weight (g) and a price (int cents ending in 99)."""
    names = list(CATEGORIES)
    category = rng.choice(len(names), n_skus)
    weight = np.empty(n_skus, dtype=np.int64)
    price = np.empty(n_skus, dtype=np.int64)
    for j, c in enumerate(category.tolist()):
        (w_lo, w_hi), (p_lo, p_hi) = CATEGORIES[names[c]]
        weight[j] = int(rng.integers(w_lo, w_hi + 1) // 10 * 10)
        price[j] = int(np.exp(rng.uniform(np.log(p_lo), np.log(p_hi)))) * 100 + 99
    return pd.DataFrame(
        {
            "id": [f"SKU-{j + 1:05d}" for j in range(n_skus)],
            "name": [f"{names[c].title()} {j + 1}" for j, c in enumerate(category.tolist())],
            "category": [names[c] for c in category.tolist()],
            "weight_g": weight,
            "price_cents": price,
        }
    )


def draw_stock(
    rng: np.random.Generator,
    locations: pd.DataFrame,
    skus: pd.DataFrame,
    demand: NDArray[np.int64],
    s: GeneratorSettings,
) -> pd.DataFrame:
    """Warehouses hold most of the demand of every SKU; stores a few units of many."""
    n_skus = len(skus)
    is_store = (locations["kind"] == "store").to_numpy()
    n_wh = int((~is_store).sum())
    rank_share = 1.0 - np.arange(n_skus) / n_skus
    rows = []
    for k, loc in enumerate(locations["id"].tolist()):
        if is_store[k]:
            holds = rng.random(n_skus) < 0.15 + 0.6 * rank_share
            on_hand = np.where(holds, rng.geometric(0.45, n_skus), 0)
            on_hand = np.rint(on_hand * s.stock_cover * (1.0 if n_wh else 3.0)).astype(np.int64)
            safety = np.where((on_hand > 2) & (rng.random(n_skus) < 0.3), 1, 0)
        else:
            share = demand * 0.75 * s.stock_cover / n_wh * rng.uniform(0.6, 1.4, n_skus)
            on_hand = np.rint(share).astype(np.int64) + rng.integers(0, 3, n_skus)
            safety = np.zeros(n_skus, dtype=np.int64)
        for j in np.flatnonzero(on_hand > 0).tolist():
            rows.append((loc, skus["id"].iat[j], int(on_hand[j]), int(safety[j])))
    return pd.DataFrame(rows, columns=["location_id", "sku_id", "on_hand", "safety_stock"])
