"""Generator, demand part: orders where people live, returns, warehouse replenishments."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from omniroute.scenario.generator_network import popularity
from omniroute.scenario.geography import Cities
from routing.geo import haversine_km

if TYPE_CHECKING:
    from omniroute.scenario.generator import GeneratorSettings

# Orders per hour of the day (UTC), busiest in the evening.
HOURLY = np.array([1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 9, 10, 9, 7, 4, 2], float)
LINES = ([1, 2, 3, 4], [0.6, 0.25, 0.1, 0.05])
QTY = ([1, 2, 3], [0.85, 0.12, 0.03])


def _nearest(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    to_lat: NDArray[np.float64],
    to_lon: NDArray[np.float64],
) -> NDArray[np.int64]:
    """Index of the nearest (to_lat, to_lon) point for every (lat, lon)."""
    dist = np.stack([haversine_km(lat, lon, a, b) for a, b in zip(to_lat, to_lon, strict=True)])
    return np.asarray(dist.argmin(axis=0), dtype=np.int64)


def draw_orders(
    rng: np.random.Generator,
    cities: Cities,
    locations: pd.DataFrame,
    skus: pd.DataFrame,
    s: GeneratorSettings,
) -> pd.DataFrame:
    """One row per order line; destinations drawn in proportion to city population."""
    from omniroute.scenario.generator import day_start

    n = s.orders
    share = cities.population / cities.population.sum()
    city = rng.choice(len(share), n, p=share)
    lat = np.round(cities.lat[city] + rng.normal(0.0, 0.02, n), 5)
    lon = np.round(cities.lon[city] + rng.normal(0.0, 0.03, n), 5)
    day = rng.integers(0, s.days, n)
    second = rng.choice(24, n, p=HOURLY / HOURLY.sum()) * 3600 + rng.integers(0, 3600, n)
    when = np.sort(day * 86_400 + second)
    stores = locations[locations["kind"] == "store"]
    collect = rng.random(n) < s.collect_share
    pickup = stores["id"].to_numpy()[
        _nearest(lat, lon, stores["latitude"].to_numpy(), stores["longitude"].to_numpy())
    ]
    express = rng.random(n) < 0.1
    n_lines = rng.choice(LINES[0], n, p=LINES[1])
    pop = popularity(len(skus))
    sku_ids = skus["id"].to_numpy()
    start = day_start(s, 0)
    rows = []
    for k in range(n):
        created = start + timedelta(seconds=int(when[k]))
        promised = created.date() + timedelta(days=1 if collect[k] or express[k] else 2)
        chosen = rng.choice(len(pop), int(n_lines[k]), replace=False, p=pop)
        for j in chosen.tolist():
            rows.append(
                (f"O{k + 1:07d}", created.isoformat().replace("+00:00", "Z"), promised.isoformat(),
                 "collect" if collect[k] else "ship", "" if collect[k] else lat[k],
                 "" if collect[k] else lon[k], pickup[k] if collect[k] else "", sku_ids[j],
                 int(rng.choice(QTY[0], p=QTY[1])))
            )  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=["order_id", "created_at", "promised_on", "mode", "dest_latitude",
                 "dest_longitude", "pickup_location_id", "sku_id", "qty"],
    )  # fmt: skip


def draw_returns(
    rng: np.random.Generator, orders: pd.DataFrame, locations: pd.DataFrame, s: GeneratorSettings
) -> pd.DataFrame:
    """A share of order lines come back 1-7 days later, to a store or (by post) a warehouse."""
    back = orders[rng.random(len(orders)) < s.return_rate].reset_index(drop=True)
    created = pd.to_datetime(back["created_at"], utc=True)
    received = created + pd.to_timedelta(rng.integers(24, 7 * 24, len(back)), unit="h")
    last = pd.to_datetime(orders["created_at"], utc=True).max()
    stores = locations[locations["kind"] == "store"]
    warehouses = locations[locations["kind"] == "warehouse"]
    lat = pd.to_numeric(back["dest_latitude"].replace("", np.nan))
    lon = pd.to_numeric(back["dest_longitude"].replace("", np.nan))
    by_post = rng.random(len(back)) < (0.4 if len(warehouses) else 0.0)
    shipped = lat.notna().to_numpy()
    at = back["pickup_location_id"].to_numpy().astype(object)
    if shipped.any():
        la, lo = lat[shipped].to_numpy(float), lon[shipped].to_numpy(float)
        near_store = stores["id"].to_numpy()[
            _nearest(la, lo, stores["latitude"].to_numpy(), stores["longitude"].to_numpy())
        ]
        at[shipped] = near_store
        if len(warehouses):
            near_wh = warehouses["id"].to_numpy()[
                _nearest(
                    la, lo, warehouses["latitude"].to_numpy(), warehouses["longitude"].to_numpy()
                )
            ]
            at[shipped] = np.where(by_post[shipped], near_wh, near_store)
    frame = pd.DataFrame(
        {
            "received_at": received.dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "location_id": at,
            "sku_id": back["sku_id"],
            "qty": back["qty"],
            "condition": np.where(rng.random(len(back)) < 0.85, "resellable", "damaged"),
            "order_id": back["order_id"],
        }
    )
    frame = frame[(received <= last).to_numpy()]
    return frame.sort_values("received_at", kind="stable").reset_index(drop=True)


def replenishments(
    rng: np.random.Generator,
    locations: pd.DataFrame,
    skus: pd.DataFrame,
    demand: NDArray[np.int64],
    s: GeneratorSettings,
) -> pd.DataFrame:
    """Every second morning each warehouse receives about a third of its share of demand."""
    from omniroute.scenario.generator import day_start

    warehouses = locations[locations["kind"] == "warehouse"]["id"].tolist()
    refill_days = list(range(1, s.days, 2))
    rows = []
    for day in refill_days:
        at = (day_start(s, day) + timedelta(hours=5)).isoformat().replace("+00:00", "Z")
        for wh in warehouses:
            qty = np.rint(
                demand
                * 0.35
                * s.stock_cover
                / (len(warehouses) * len(refill_days))
                * rng.uniform(0.7, 1.3, len(demand))
            )
            for j in np.flatnonzero(qty > 0).tolist():
                rows.append((at, wh, skus["id"].iat[j], int(qty[j])))
    return pd.DataFrame(rows, columns=["arrives_at", "location_id", "sku_id", "qty"])
