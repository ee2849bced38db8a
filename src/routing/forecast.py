"""Volume forecast: expected units per hour of the week, learned from order history.

A simple, documented method: each whole day of the history counts its units per hour
(UTC); a weekday's profile is the exponentially weighted mean of the past days of that
weekday (a day's weight halves every `half_life_days`, the newest day weighs most); a
weekday the history has not seen takes the weighted mean of all days. What is ordered,
where, in which baskets, comes from the past days themselves (`routing.expected_orders`).
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
    """Past order lines: when (UTC ns) and how many units; `since_ns`/`until_ns` is the
    window the history covers (only whole days in it count)."""

    at_ns: IntArray
    qty: IntArray
    since_ns: int
    until_ns: int


@dataclass(frozen=True, eq=False)
class DemandForecast:
    """Expected units per hour of the week; see the module docstring."""

    hourly_units: FloatArray  # (168,) units per hour of the week, Monday 00:00 UTC first
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


def fit_forecast(history: OrderHistory, *, half_life_days: float = 7.0) -> DemandForecast:
    """Learn a `DemandForecast` from `history` (see the module docstring).

    Raises `InvalidProblem` when the history holds no whole day.
    """
    if half_life_days <= 0:
        raise InvalidProblem("forecast: half_life_days must be > 0")
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
    return DemandForecast(hourly_units=hourly.reshape(-1), history_days=int(days.size))
