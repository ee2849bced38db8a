"""A synthetic network for stock-model benchmarks, written as Parquet files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def write_network(directory: Path, *, locations: int, skus: int, pairs: int, seed: int = 7) -> Path:
    """Write locations, SKUs and `pairs` stocked (location, SKU) rows spread over Germany."""
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    location_ids = [f"L{i:05d}" for i in range(locations)]
    pd.DataFrame(
        {
            "id": location_ids,
            "name": [f"Location {i}" for i in range(locations)],
            "kind": np.where(np.arange(locations) % 50 == 0, "warehouse", "store"),
            "latitude": rng.uniform(47.5, 54.8, locations).round(5),
            "longitude": rng.uniform(6.0, 14.9, locations).round(5),
            "capabilities": "ship|pickup|accept_returns",
            "daily_capacity": 100,
            "handling_cost_cents": 150,
        }
    ).to_csv(directory / "locations.csv", index=False)
    sku_ids = np.array([f"S{i:06d}" for i in range(skus)])
    pd.DataFrame(
        {
            "id": sku_ids,
            "name": [f"SKU {i}" for i in range(skus)],
            "category": "general",
            "weight_g": rng.integers(100, 3000, skus),
            "price_cents": rng.integers(500, 30000, skus),
        }
    ).to_csv(directory / "skus.csv", index=False)
    per_location = pairs // locations
    loc_index = np.repeat(np.arange(locations), per_location)
    sku_index = np.concatenate(
        [rng.choice(skus, per_location, replace=False) for _ in range(locations)]
    )
    stock = pd.DataFrame(
        {
            "location_id": pd.Categorical.from_codes(loc_index, location_ids),
            "sku_id": pd.Categorical.from_codes(sku_index, sku_ids),
            "on_hand": rng.integers(0, 20, len(loc_index)),
            "safety_stock": rng.integers(0, 2, len(loc_index)),
        }
    )
    stock["location_id"] = stock["location_id"].astype(str)
    stock["sku_id"] = stock["sku_id"].astype(str)
    stock.to_parquet(directory / "stock.parquet", index=False, row_group_size=1_000_000)
    return directory
