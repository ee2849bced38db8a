"""The volume forecast learned from an order history, on histories with a known rate."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from routing import InvalidProblem
from routing.forecast import DAY_NS, HOUR_NS, OrderHistory, fit_forecast

# Three whole days, Monday 2025-11-03 to Wednesday.
MONDAY_NS = int(datetime(2025, 11, 3, tzinfo=UTC).timestamp()) * 10**9
MINUTE_NS = 60 * 10**9


def _history(
    lines: list[tuple[int, int]],
    since_ns: int = MONDAY_NS,
    until_ns: int = MONDAY_NS + 3 * DAY_NS,
) -> OrderHistory:
    """Order lines as (at_ns, qty)."""
    at, qty = zip(*lines, strict=True) if lines else ((), ())
    return OrderHistory(
        at_ns=np.array(at, dtype=np.int64),
        qty=np.array(qty, dtype=np.int64),
        since_ns=since_ns,
        until_ns=until_ns,
    )


def _every_hour(qty: int, hours: int = 72) -> list[tuple[int, int]]:
    return [(MONDAY_NS + h * HOUR_NS + 10 * MINUTE_NS, qty) for h in range(hours)]


def test_two_units_every_hour_for_three_days_forecast_48_a_day() -> None:
    forecast = fit_forecast(_history(_every_hour(2)))
    assert forecast.history_days == 3
    assert forecast.hourly_units.shape == (168,)
    # Any day, seen in the history (Tuesday) or not (Friday: the mean of all days).
    tuesday = MONDAY_NS + DAY_NS
    assert forecast.units_between(tuesday, tuesday + DAY_NS) == pytest.approx(48.0)
    friday = MONDAY_NS + 4 * DAY_NS
    assert forecast.units_between(friday, friday + DAY_NS) == pytest.approx(48.0)
    # Part hours count pro rata; an empty or reversed window expects nothing.
    start = friday + 9 * HOUR_NS + 15 * MINUTE_NS
    assert forecast.units_between(start, start + 90 * MINUTE_NS) == pytest.approx(3.0)
    assert forecast.units_between(start, start + 10 * MINUTE_NS) == pytest.approx(2.0 / 6.0)
    assert forecast.units_between(start, start) == 0.0
    assert forecast.units_between(start + HOUR_NS, start) == 0.0
    # A week is seven such days.
    assert forecast.units_between(MONDAY_NS, MONDAY_NS + 7 * DAY_NS) == pytest.approx(336.0)


def test_lines_outside_the_whole_days_do_not_count_for_the_volume() -> None:
    # The history starts at 06:00 on Sunday and ends at 18:00 on Wednesday: only Monday
    # to Tuesday are whole. Lines before Monday and on Wednesday add nothing.
    sunday_six = MONDAY_NS - 18 * HOUR_NS
    lines = [(sunday_six + h * HOUR_NS, 5) for h in range(18)]
    lines += _every_hour(2, hours=48)
    lines += [(MONDAY_NS + 2 * DAY_NS + h * HOUR_NS, 7) for h in range(18)]
    history = _history(lines, since_ns=sunday_six, until_ns=MONDAY_NS + 2 * DAY_NS + 18 * HOUR_NS)
    forecast = fit_forecast(history)
    assert forecast.history_days == 2
    assert forecast.units_between(MONDAY_NS, MONDAY_NS + DAY_NS) == pytest.approx(48.0)
    wednesday = MONDAY_NS + 2 * DAY_NS
    assert forecast.units_between(wednesday, wednesday + DAY_NS) == pytest.approx(48.0)


def test_units_are_forecast_at_the_hour_of_day_they_were_ordered() -> None:
    # Every day, 4 units at 09:xx and 1 at 17:xx.
    lines = [(MONDAY_NS + d * DAY_NS + 9 * HOUR_NS + 30 * MINUTE_NS, 4) for d in range(3)]
    lines += [(MONDAY_NS + d * DAY_NS + 17 * HOUR_NS + 5 * MINUTE_NS, 1) for d in range(3)]
    forecast = fit_forecast(_history(lines))
    thursday = MONDAY_NS + 3 * DAY_NS
    assert forecast.units_between(thursday, thursday + 9 * HOUR_NS) == 0.0
    nine = thursday + 9 * HOUR_NS
    assert forecast.units_between(nine, nine + HOUR_NS) == pytest.approx(4.0)
    assert forecast.units_between(nine + HOUR_NS, nine + 8 * HOUR_NS) == 0.0
    assert forecast.units_between(thursday, thursday + DAY_NS) == pytest.approx(5.0)


def test_a_weekday_is_forecast_from_that_weekday_and_recent_days_weigh_more() -> None:
    # Two Mondays a week apart: 1 unit at 09:00 on the first, 3 on the second. With a
    # half-life of 7 days the older Monday weighs half: (0.5 x 1 + 1 x 3) / 1.5 = 7/3.
    next_monday = MONDAY_NS + 7 * DAY_NS
    lines = [(MONDAY_NS + 9 * HOUR_NS, 1), (next_monday + 9 * HOUR_NS, 3)]
    history = _history(lines, until_ns=next_monday + DAY_NS)
    forecast = fit_forecast(history, half_life_days=7.0)
    assert forecast.history_days == 8
    monday_after = next_monday + 7 * DAY_NS
    nine = monday_after + 9 * HOUR_NS
    assert forecast.units_between(nine, nine + HOUR_NS) == pytest.approx(7.0 / 3.0)
    assert forecast.units_between(monday_after, nine) == 0.0
    # Tuesday had no orders in the history: nothing is forecast on a Tuesday.
    tuesday = monday_after + DAY_NS
    assert forecast.units_between(tuesday, tuesday + DAY_NS) == 0.0


def test_a_shorter_half_life_follows_the_newest_day_more_closely() -> None:
    # The same two Mondays with a half-life of 1 day: the older one weighs 2^-7.
    next_monday = MONDAY_NS + 7 * DAY_NS
    lines = [(MONDAY_NS + 9 * HOUR_NS, 1), (next_monday + 9 * HOUR_NS, 3)]
    forecast = fit_forecast(_history(lines, until_ns=next_monday + DAY_NS), half_life_days=1.0)
    old = 0.5**7
    nine = next_monday + 7 * DAY_NS + 9 * HOUR_NS
    assert forecast.units_between(nine, nine + HOUR_NS) == pytest.approx((old + 3) / (old + 1))


def test_a_history_without_a_whole_day_is_refused() -> None:
    lines = [(MONDAY_NS + h * HOUR_NS, 1) for h in range(1, 20)]
    history = _history(lines, since_ns=MONDAY_NS + HOUR_NS, until_ns=MONDAY_NS + 20 * HOUR_NS)
    with pytest.raises(InvalidProblem, match="whole day"):
        fit_forecast(history)


def test_a_half_life_that_is_not_positive_is_refused() -> None:
    with pytest.raises(InvalidProblem, match="half_life_days"):
        fit_forecast(_history(_every_hour(1)), half_life_days=0.0)


def test_a_history_of_whole_days_without_orders_forecasts_nothing() -> None:
    forecast = fit_forecast(_history([]))
    assert forecast.history_days == 3
    assert forecast.units_between(MONDAY_NS, MONDAY_NS + 7 * DAY_NS) == 0.0
