"""A small network of Berlin stores and a warehouse, for the order-batch tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time

from inventory import Location, Sku, StockEvent
from inventory.model import StockModel

#: id: (latitude, longitude, daily capacity, cut-off UTC)
Places = Mapping[str, tuple[float, float, int, time]]


def berlin_network(
    model: StockModel, locations: Places, skus: tuple[str, ...], units: int
) -> StockModel:
    """`locations` ("WH" is a warehouse, the others stores; all ship and take pickups),
    `skus`, and `units` of every SKU everywhere."""
    model.upsert_locations(
        [
            Location(
                loc_id,
                loc_id.title(),
                "warehouse" if loc_id == "WH" else "store",
                lat,
                lon,
                frozenset({"ship", "pickup"}),
                daily_capacity=cap,
                cutoff=cutoff,
            )
            for loc_id, (lat, lon, cap, cutoff) in locations.items()
        ]
    )
    model.upsert_skus([Sku(sku, sku.title(), "", 500, 1000) for sku in skus])
    model.apply_events(
        [StockEvent("receipt", loc, sku, units) for loc in locations for sku in skus]
    )
    return model
