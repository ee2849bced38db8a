"""Demand forecast: expected units per (region, SKU) and per (pickup store, SKU) per hour.

Learned from an order history (plain arrays, one entry per order line), by a simple,
documented method:

- **Volume**: units per hour of the week (UTC). Each whole day of the history counts its
  units per hour; a weekday's profile is the exponentially weighted mean of the days of
  that weekday (weight halves every `half_life_days`, the newest day weighs most); a
  weekday the history has not seen takes the weighted mean of all days.
- **Where and what**: ship units are grouped into `regions` regions (weighted k-means
  of the destinations); click & collect units belong to their pickup store. The share
  of each (region, SKU) and (store, SKU) is its weighted count of units, shrunk half-way
  towards the product of its region's and its SKU's shares (so a SKU never ordered in a
  region still gets a little of its overall demand there), with half a unit added to
  every SKU so an unseen SKU is not forecast at zero.

Expected units in a window = (units the volume profile expects in it) x share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.errors import InvalidProblem

HOUR_NS = 3_600 * 10**9
DAY_NS = 24 * HOUR_NS
# 1970-01-01 was a Thursday; weekday() of day index d is (d + 3) % 7.
_EPOCH_WEEKDAY = 3

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class OrderHistory:
    """Past order lines: when (UTC ns), which order, SKU column, units, where.

    `lat`/`lon` is the destination of a shipped line (NaN for click & collect);
    `pickup` is the pickup location's row for click & collect, -1 for shipped lines.
    `since_ns`/`until_ns` is the window the history covers (only whole days in it
    count for the volume).
    """

    at_ns: IntArray
    order: IntArray
    sku: IntArray
    qty: IntArray
    lat: FloatArray
    lon: FloatArray
    pickup: IntArray
    since_ns: int
    until_ns: int


@dataclass(frozen=True, eq=False)
class DemandForecast:
    """Expected demand; see the module docstring."""

    hourly_units: FloatArray  # (168,) units per hour of the week, Monday 00:00 UTC first
    region_lat: FloatArray  # (R,)
    region_lon: FloatArray  # (R,)
    ship_share: FloatArray  # (R, S) share of all units
    collect_share: FloatArray  # (L, S) share of all units, by pickup location row
    units_per_order: float  # mean units per order (shipments are that size on average)
    history_days: int

    def units_between(self, start_ns: int, end_ns: int) -> float:
        """Units the volume profile expects in [start_ns, end_ns)."""
        if end_ns <= start_ns:
            return 0.0
        first, last = start_ns // HOUR_NS, (end_ns - 1) // HOUR_NS
        hours = np.arange(first, last + 1)
        weekday = (hours // 24 + _EPOCH_WEEKDAY) % 7
        slot = weekday * 24 + hours % 24
        covered = np.full(hours.size, 1.0)
        covered[0] -= (start_ns - first * HOUR_NS) / HOUR_NS
        covered[-1] -= ((last + 1) * HOUR_NS - end_ns) / HOUR_NS
        return float((self.hourly_units[slot] * covered).sum())

    def expected(self, start_ns: int, end_ns: int) -> tuple[FloatArray, FloatArray]:
        """Expected units in [start_ns, end_ns): ship (regions, SKUs), collect (stores, SKUs)."""
        units = self.units_between(start_ns, end_ns)
        return self.ship_share * units, self.collect_share * units

    def region_of(self, lat: FloatArray, lon: FloatArray) -> IntArray:
        """The region of each destination (the nearest region centre)."""
        return _nearest(lat, lon, self.region_lat, self.region_lon)


def fit_forecast(
    history: OrderHistory,
    n_skus: int,
    n_locations: int,
    *,
    regions: int = 10,
    half_life_days: float = 7.0,
) -> DemandForecast:
    """Learn a `DemandForecast` from `history` (see the module docstring).

    Raises `InvalidProblem` when the history holds no whole day or no shipped line.
    """
    if regions < 1 or half_life_days <= 0:
        raise InvalidProblem("forecast: regions must be >= 1 and half_life_days > 0")
    first_day = -(-history.since_ns // DAY_NS)
    last_day = history.until_ns // DAY_NS  # exclusive
    if last_day <= first_day:
        raise InvalidProblem("forecast: the order history must cover at least one whole day")
    days = np.arange(first_day, last_day)
    day_weight = 0.5 ** ((days[-1] - days) / half_life_days)
    inside = (history.at_ns >= first_day * DAY_NS) & (history.at_ns < last_day * DAY_NS)
    at, qty = history.at_ns[inside], history.qty[inside].astype(np.float64)
    per_day_hour = np.zeros((days.size, 24))
    np.add.at(per_day_hour, ((at // DAY_NS - first_day), (at // HOUR_NS) % 24), qty)
    hourly = np.zeros((7, 24))
    overall = (per_day_hour * day_weight[:, None]).sum(axis=0) / day_weight.sum()
    weekday = (days + _EPOCH_WEEKDAY) % 7
    for wd in range(7):
        seen = weekday == wd
        hourly[wd] = (
            (per_day_hour[seen] * day_weight[seen, None]).sum(axis=0) / day_weight[seen].sum()
            if seen.any()
            else overall
        )

    # Every line, weighted by its day's weight, for the shares.
    line_weight = history.qty * 0.5 ** ((days[-1] - history.at_ns // DAY_NS) / half_life_days)
    line_weight = np.where(history.at_ns < history.until_ns, line_weight, 0.0)
    shipped = history.pickup < 0
    if not (shipped & (line_weight > 0)).any():
        raise InvalidProblem("forecast: the order history has no shipped line")
    lat, lon = history.lat[shipped], history.lon[shipped]
    centre_lat, centre_lon = _kmeans(lat, lon, line_weight[shipped], regions)
    region = _nearest(lat, lon, centre_lat, centre_lon)
    counts = np.zeros((centre_lat.size + n_locations, n_skus))
    np.add.at(counts, (region, history.sku[shipped]), line_weight[shipped])
    np.add.at(
        counts,
        (centre_lat.size + history.pickup[~shipped], history.sku[~shipped]),
        line_weight[~shipped],
    )
    counts[: centre_lat.size] += 0.5 / centre_lat.size  # every SKU some demand somewhere
    share = _shrunk(counts)
    orders = np.unique(history.order[line_weight > 0]).size
    return DemandForecast(
        hourly_units=hourly.reshape(-1),
        region_lat=centre_lat,
        region_lon=centre_lon,
        ship_share=share[: centre_lat.size],
        collect_share=share[centre_lat.size :],
        units_per_order=float(history.qty[line_weight > 0].sum() / max(orders, 1)),
        history_days=int(days.size),
    )


def _shrunk(counts: FloatArray) -> FloatArray:
    """Cell shares shrunk half-way towards the product of their row and column shares."""
    total = counts.sum()
    independent = counts.sum(axis=1, keepdims=True) * counts.sum(axis=0, keepdims=True) / total
    return np.asarray((counts + independent) / (2.0 * total), dtype=np.float64)


def _kmeans(
    lat: FloatArray, lon: FloatArray, weight: FloatArray, k: int
) -> tuple[FloatArray, FloatArray]:
    """Weighted k-means of points on a local equirectangular plane (deterministic)."""
    scale = np.cos(np.radians(np.average(lat, weights=weight)))
    points = np.column_stack([lat, lon * scale])
    distinct = np.unique(points, axis=0)
    k = min(k, len(distinct))
    # Farthest-point start from the heaviest point: the same history, the same regions.
    centres = [points[int(np.argmax(weight))]]
    for _ in range(1, k):
        d = np.min([((points - c) ** 2).sum(axis=1) for c in centres], axis=0)
        centres.append(points[int(np.argmax(d * weight))])
    c = np.array(centres)
    for _ in range(25):
        label = ((points[:, None, :] - c[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        mass = np.bincount(label, weights=weight, minlength=k)
        for axis in range(2):
            summed = np.bincount(label, weights=weight * points[:, axis], minlength=k)
            c[:, axis] = np.where(mass > 0, summed / np.maximum(mass, 1e-12), c[:, axis])
    return c[:, 0].copy(), c[:, 1] / scale


def _nearest(lat: FloatArray, lon: FloatArray, to_lat: FloatArray, to_lon: FloatArray) -> IntArray:
    scale = np.cos(np.radians(np.mean(to_lat))) if to_lat.size else 1.0
    d = (lat[:, None] - to_lat[None, :]) ** 2 + ((lon[:, None] - to_lon[None, :]) * scale) ** 2
    return np.asarray(d.argmin(axis=1), dtype=np.int64)
