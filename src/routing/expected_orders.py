"""The orders expected until the horizon ends: past days replayed, scaled to the forecast.

A simple, documented forecast of what, where and how much (a seasonal naive forecast
with a volume correction):

- each future day replays `sources` past days (default 1; the most recent days of the
  same weekday first, then the most recent others), order by order, at the same time of
  day: the same baskets, destinations and pickup stores, so the look-ahead sees real
  order shapes (lines that ship together, splits, click & collect) rather than averages;
- each replayed order is weighted so that each source day's units, divided by the number
  of source days, match what the volume forecast (`routing.forecast`: exponentially
  weighted units per hour of the week) expects for the day; without a forecast, its
  weight is 1 / the number of source days (fewer than `sources` when the past is short).

Only whole past days should be given: a day cut short would be replayed short.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np

from routing.forecast import DAY_NS, DemandForecast, IntArray
from routing.horizon_entries import DemandSample
from routing.problem import Order

# 1970-01-01 was a Thursday: weekday() of day index d is (d + 3) % 7.
_EPOCH_WEEKDAY = 3


def expected_orders(
    past: DemandSample,
    now_ns: int,
    end_ns: int,
    forecast: DemandForecast | None = None,
    *,
    sources: int = 1,
) -> DemandSample:
    """The orders of `past` replayed over [now_ns, end_ns) (see the module docstring):
    each future day replays up to `sources` past days."""
    day_of = past.at_ns // DAY_NS
    days = np.unique(day_of)
    units = np.array([sum(line.qty for line in order.lines) for order in past.orders])
    picked: list[int] = []
    shift: list[int] = []
    at: list[int] = []
    weight: list[float] = []
    if days.size:
        for day in range(now_ns // DAY_NS, (end_ns - 1) // DAY_NS + 1):
            for source in _sources(days, day, sources):
                members = np.flatnonzero(day_of == source)
                when = past.at_ns[members] + (day - source) * DAY_NS
                inside = (when >= now_ns) & (when < end_ns)
                scale = 1.0 / min(sources, days.size)
                if forecast is not None:
                    expected = forecast.units_between(day * DAY_NS, (day + 1) * DAY_NS)
                    seen = float((units[members] * past.weight[members]).sum())
                    scale *= expected / seen if seen > 0 else 0.0
                picked.extend(members[inside].tolist())
                shift.extend([day - source] * int(inside.sum()))
                at.extend(when[inside].tolist())
                weight.extend((past.weight[members[inside]] * scale).tolist())
    order = np.argsort(np.array(at, dtype=np.int64), kind="stable")
    chosen = [picked[k] for k in order.tolist()]
    return DemandSample(
        orders=tuple(_moved(past.orders[picked[k]], shift[k]) for k in order.tolist()),
        at_ns=np.array(at, dtype=np.int64)[order],
        columns=tuple(past.columns[k] for k in chosen),
        pickup_row=np.asarray(past.pickup_row[chosen], dtype=np.int64),
        weight=np.array(weight, dtype=np.float64)[order],
    )


def _sources(days: IntArray, day: int, count: int) -> list[int]:
    """The past days that `day` replays: the most recent of its weekday first, then the
    most recent others, `count` in all (fewer when the past holds fewer days)."""
    same = (days + _EPOCH_WEEKDAY) % 7 == (day + _EPOCH_WEEKDAY) % 7
    ranked = [*days[same][::-1].tolist(), *days[~same][::-1].tolist()]
    return [int(d) for d in ranked[:count]]


def _moved(order: Order, days: int) -> Order:
    """`order` placed `days` later (its promised day too)."""
    if not days:
        return order
    promised = order.promised_on + timedelta(days=days) if order.promised_on else None
    return replace(order, created_at=order.created_at + timedelta(days=days), promised_on=promised)
