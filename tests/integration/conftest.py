"""Fixtures for tests on real databases: a migrated stock model with a small network."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inventory import Location, Sku, StockEvent
from inventory.model import StockModel

STORES = {
    # id: (latitude, longitude) around Berlin
    "MITTE": (52.5219, 13.4132),
    "KREUZBERG": (52.4986, 13.4030),
    "SPANDAU": (52.5351, 13.2006),
    "POTSDAM": (52.3989, 13.0657),
}


@pytest.fixture
def model(database_url: str) -> Iterator[StockModel]:
    """An empty, migrated stock model on SQLite or PostgreSQL."""
    stock_model = StockModel.open(database_url)
    try:
        yield stock_model
    finally:
        stock_model.close()


@pytest.fixture
def network(model: StockModel) -> StockModel:
    """Four stores, a warehouse and three SKUs; every store has 5 units of each SKU."""
    locations = [
        Location(i, f"Store {i}", "store", lat, lon, frozenset({"ship", "pickup"}))
        for i, (lat, lon) in STORES.items()
    ]
    locations.append(Location("WH", "Warehouse", "warehouse", 52.356, 13.307))
    model.upsert_locations(locations)
    model.upsert_skus(
        [
            Sku("JACKET", "Jacket", "outerwear", 1800, 29900),
            Sku("SCARF", "Scarf", "accessories", 200, 3995),
            Sku("SHOE", "Shoe", "shoes", 900, 8995),
        ]
    )
    model.apply_events(
        [
            StockEvent("receipt", loc, sku, 5)
            for loc in STORES
            for sku in ("JACKET", "SCARF", "SHOE")
        ]
    )
    return model
