"""The demand forecast learned from an order history, on histories with a known rate."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from routing import InvalidProblem
from routing.forecast import DAY_NS, HOUR_NS, OrderHistory, fit_forecast

# Three whole days, Monday 2025-11-03 to Wednesday, then a partial Thursday.
MONDAY_NS = int(datetime(2025, 11, 3, tzinfo=UTC).timestamp()) * 10**9
BERLIN, MUNICH = (52.52, 13.405), (48.137, 11.575)
MINUTE_NS = 60 * 10**9


def _history(
    lines: list[tuple[int, int, int, tuple[float, float] | None, int]],
    since_ns: int = MONDAY_NS,
    until_ns: int = MONDAY_NS + 3 * DAY_NS,
) -> OrderHistory:
    """One order per line: (at_ns, sku, qty, destination or None, pickup row or -1)."""
    at, sku, qty, where, pickup = zip(*lines, strict=True)
    return OrderHistory(
        at_ns=np.array(at, dtype=np.int64),
        order=np.arange(len(lines), dtype=np.int64),
        sku=np.array(sku, dtype=np.int64),
        qty=np.array(qty, dtype=np.int64),
        lat=np.array([np.nan if w is None else w[0] for w in where]),
        lon=np.array([np.nan if w is None else w[1] for w in where]),
        pickup=np.array(pickup, dtype=np.int64),
        since_ns=since_ns,
        until_ns=until_ns,
    )


def _every_hour(sku: int, qty: int, where: tuple[float, float], hours: int = 72):
    return [(MONDAY_NS + h * HOUR_NS + 10 * MINUTE_NS, sku, qty, where, -1) for h in range(hours)]


def test_two_units_every_hour_for_three_days_forecast_48_a_day() -> None:
    forecast = fit_forecast(_history(_every_hour(0, 2, BERLIN)), n_skus=1, n_locations=2)
    assert forecast.history_days == 3
    assert forecast.units_per_order == 2.0
    # Any day, seen in the history (Tuesday) or not (Friday: the mean of all days).
    tuesday = MONDAY_NS + DAY_NS
    assert forecast.units_between(tuesday, tuesday + DAY_NS) == pytest.approx(48.0)
    friday = MONDAY_NS + 4 * DAY_NS
    assert forecast.units_between(friday, friday + DAY_NS) == pytest.approx(48.0)
    # Part hours count pro rata; an empty window expects nothing.
    start = friday + 9 * HOUR_NS + 15 * MINUTE_NS
    assert forecast.units_between(start, start + 90 * MINUTE_NS) == pytest.approx(3.0)
    assert forecast.units_between(start, start) == 0.0
    ship, collect = forecast.expected(tuesday, tuesday + DAY_NS)
    assert ship.sum() + collect.sum() == pytest.approx(48.0)


def test_lines_outside_the_whole_days_do_not_count_for_the_volume() -> None:
    # The history starts at 06:00 on Sunday and ends at 18:00 on Wednesday: only Monday
    # to Tuesday are whole. Lines before Monday and on Wednesday add nothing.
    sunday_six = MONDAY_NS - 18 * HOUR_NS
    lines = [(sunday_six + h * HOUR_NS, 0, 5, BERLIN, -1) for h in range(18)]
    lines += _every_hour(0, 2, BERLIN, hours=48)
    lines += [(MONDAY_NS + 2 * DAY_NS + h * HOUR_NS, 0, 7, BERLIN, -1) for h in range(18)]
    history = _history(lines, since_ns=sunday_six, until_ns=MONDAY_NS + 2 * DAY_NS + 18 * HOUR_NS)
    forecast = fit_forecast(history, n_skus=1, n_locations=1)
    assert forecast.history_days == 2
    assert forecast.units_between(MONDAY_NS, MONDAY_NS + DAY_NS) == pytest.approx(48.0)


def test_each_region_forecasts_most_of_the_sku_it_orders_and_shares_sum_to_one() -> None:
    # Berlin orders SKU 0 and Munich SKU 1, one unit an hour each; a store (row 1) sees
    # a click & collect unit of SKU 2 every other hour. SKU 3 was never ordered.
    lines = _every_hour(0, 1, BERLIN) + _every_hour(1, 1, MUNICH)
    lines += [(MONDAY_NS + h * HOUR_NS, 2, 1, None, 1) for h in range(0, 72, 2)]
    forecast = fit_forecast(_history(lines), n_skus=4, n_locations=3, regions=2)
    ship, collect = forecast.ship_share, forecast.collect_share
    assert ship.shape == (2, 4) and collect.shape == (3, 4)
    assert ship.sum() + collect.sum() == pytest.approx(1.0)
    assert (ship > 0).all() and (collect >= 0).all()
    berlin, munich = forecast.region_of(
        np.array([BERLIN[0], MUNICH[0]]), np.array([BERLIN[1], MUNICH[1]])
    )
    assert berlin != munich
    assert int(np.argmax(ship[berlin])) == 0
    assert int(np.argmax(ship[munich])) == 1
    # Symmetric histories give symmetric shares.
    assert ship[berlin, 0] == pytest.approx(ship[munich, 1])
    assert ship[berlin, 1] == pytest.approx(ship[munich, 0])
    # The store is where SKU 2 is collected; stores without collect orders expect none.
    assert int(np.argmax(collect[1])) == 2
    assert collect[0].sum() == 0.0 and collect[2].sum() == 0.0
    # A SKU never ordered is still expected somewhere, if least of all.
    assert 0 < ship[:, 3].sum() < ship[:, 0].sum()
    assert forecast.units_between(MONDAY_NS, MONDAY_NS + DAY_NS) == pytest.approx(60.0)


def test_a_weekday_is_forecast_from_that_weekday_and_recent_days_weigh_more() -> None:
    # Two Mondays a week apart: 1 unit at 09:00 on the first, 3 on the second. With a
    # half-life of 7 days the older Monday weighs half: (0.5 x 1 + 1 x 3) / 1.5 = 7/3.
    next_monday = MONDAY_NS + 7 * DAY_NS
    lines = [
        (MONDAY_NS + 9 * HOUR_NS, 0, 1, BERLIN, -1),
        (next_monday + 9 * HOUR_NS, 0, 3, BERLIN, -1),
    ]
    history = _history(lines, until_ns=next_monday + DAY_NS)
    forecast = fit_forecast(history, n_skus=1, n_locations=1, half_life_days=7.0)
    assert forecast.history_days == 8
    monday_after = next_monday + 7 * DAY_NS
    nine = monday_after + 9 * HOUR_NS
    assert forecast.units_between(nine, nine + HOUR_NS) == pytest.approx(7.0 / 3.0)
    assert forecast.units_between(monday_after, nine) == 0.0
    # Tuesday had no orders in the history: nothing is forecast on a Tuesday.
    tuesday = monday_after + DAY_NS
    assert forecast.units_between(tuesday, tuesday + DAY_NS) == 0.0


def test_a_history_without_a_whole_day_is_refused() -> None:
    lines = [(MONDAY_NS + h * HOUR_NS, 0, 1, BERLIN, -1) for h in range(1, 20)]
    history = _history(lines, since_ns=MONDAY_NS + HOUR_NS, until_ns=MONDAY_NS + 20 * HOUR_NS)
    with pytest.raises(InvalidProblem, match="whole day"):
        fit_forecast(history, n_skus=1, n_locations=1)


def test_a_history_with_only_click_and_collect_lines_is_refused() -> None:
    lines = [(MONDAY_NS + h * HOUR_NS, 0, 1, None, 0) for h in range(72)]
    with pytest.raises(InvalidProblem, match="no shipped line"):
        fit_forecast(_history(lines), n_skus=1, n_locations=1)
