"""The orders expected over a horizon: past days replayed at their time of day, the same
weekday first, weighted to the volume forecast."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from horizon_checks import MIDNIGHT_NS, STORE, network, order, sample

from routing.expected_orders import expected_orders
from routing.forecast import DAY_NS, HOUR_NS, DemandForecast
from routing.horizon_entries import DemandSample

NET = network([[10, 10], [10, 10]], skus=("A", "B"))
# The past: Monday 27 Oct (5 units at 08:00), Monday 3 Nov (1 unit of B at 10:00, 2 of
# A and B collected at the store at 15:00, promised for Wednesday) and Tuesday 4 Nov
# (3 units at 11:00). MIDNIGHT_NS is Monday 3 Nov.
PAST = sample(
    NET,
    [
        order(8, {"A": 5}, day=-7),
        order(10, {"B": 1}),
        replace(order(15, {"A": 1, "B": 1}, collect=True), promised_on=date(2025, 11, 5)),
        order(11, {"A": 3}, day=1),
    ],
)
#: Monday 3 Nov alone: what most tests replay.
MONDAY = sample(NET, list(PAST.orders[1:3]))
NEXT_MONDAY = MIDNIGHT_NS + 7 * DAY_NS


def _ids(expected: DemandSample) -> list[str]:
    return [o.order_id for o in expected.orders]


def test_with_one_source_each_day_replays_the_most_recent_past_day_of_its_weekday() -> None:
    # Monday 10 Nov replays Monday 3 Nov (not 27 Oct), Tuesday replays Tuesday.
    expected = expected_orders(PAST, NEXT_MONDAY, NEXT_MONDAY + 2 * DAY_NS, sources=1)
    assert _ids(expected) == [PAST.orders[k].order_id for k in (1, 2, 3)]
    assert expected.at_ns.tolist() == (PAST.at_ns[1:] + 7 * DAY_NS).tolist()


def test_a_weekday_the_past_has_not_seen_replays_the_most_recent_day() -> None:
    # Wednesday 12 Nov: no Wednesday in the past, so Tuesday 4 Nov, 8 days later.
    wednesday = NEXT_MONDAY + 2 * DAY_NS
    expected = expected_orders(PAST, wednesday, wednesday + DAY_NS, sources=1)
    assert _ids(expected) == [PAST.orders[3].order_id]
    assert expected.at_ns.tolist() == [int(PAST.at_ns[3]) + 8 * DAY_NS]


def test_two_sources_replay_two_past_days_at_half_weight_their_weekday_first() -> None:
    # Monday 10 Nov: both past Mondays. Wednesday 12 Nov: no Wednesday, so the two most
    # recent days, Tuesday 4 Nov (8 days later) and Monday 3 Nov (9 days later).
    monday = expected_orders(PAST, NEXT_MONDAY, NEXT_MONDAY + DAY_NS, sources=2)
    assert _ids(monday) == [PAST.orders[k].order_id for k in (0, 1, 2)]
    assert monday.at_ns.tolist() == [
        int(PAST.at_ns[0]) + 14 * DAY_NS,
        *(PAST.at_ns[1:3] + 7 * DAY_NS).tolist(),
    ]
    assert monday.weight.tolist() == [0.5] * 3
    wednesday = NEXT_MONDAY + 2 * DAY_NS
    expected = expected_orders(PAST, wednesday, wednesday + DAY_NS, sources=2)
    assert _ids(expected) == [PAST.orders[k].order_id for k in (1, 3, 2)]
    assert expected.at_ns.tolist() == [
        int(PAST.at_ns[1]) + 9 * DAY_NS,
        int(PAST.at_ns[3]) + 8 * DAY_NS,
        int(PAST.at_ns[2]) + 9 * DAY_NS,
    ]
    assert expected.weight.tolist() == [0.5] * 3


def test_replayed_orders_keep_their_time_of_day_basket_pickup_and_move_their_dates() -> None:
    expected = expected_orders(MONDAY, NEXT_MONDAY, NEXT_MONDAY + DAY_NS)
    assert (expected.at_ns % DAY_NS).tolist() == [10 * HOUR_NS, 15 * HOUR_NS]
    collect, past = expected.orders[1], PAST.orders[2]
    assert collect.lines == past.lines and collect.mode is past.mode
    assert collect.pickup_location_id == past.pickup_location_id
    assert collect.created_at == past.created_at.replace(day=10)
    assert collect.promised_on == date(2025, 11, 12)
    assert expected.orders[0].promised_on is None
    assert expected.pickup_row.tolist() == [-1, STORE]
    assert [c.tolist() for c in expected.columns] == [[1], [0, 1]]
    # Each order's at_ns is its created_at.
    for o, at in zip(expected.orders, expected.at_ns.tolist(), strict=True):
        assert int(o.created_at.timestamp()) * 10**9 == at


def test_only_orders_in_the_horizon_are_kept() -> None:
    # From Monday 12:00 to Tuesday 15:00: Monday's 10:00 order is past, Tuesday's 15:00
    # not yet due.
    start, end = NEXT_MONDAY + 12 * HOUR_NS, NEXT_MONDAY + DAY_NS + 15 * HOUR_NS
    expected = expected_orders(MONDAY, start, end)
    assert _ids(expected) == [MONDAY.orders[k].order_id for k in (1, 0)]
    assert expected.at_ns.tolist() == [
        int(MONDAY.at_ns[1]) + 7 * DAY_NS,
        int(MONDAY.at_ns[0]) + 8 * DAY_NS,
    ]
    assert expected_orders(MONDAY, start, start).orders == ()


def test_without_a_forecast_every_order_counts_once() -> None:
    expected = expected_orders(MONDAY, NEXT_MONDAY, NEXT_MONDAY + 3 * DAY_NS)
    assert expected.weight.tolist() == [1.0] * 6


def test_weights_scale_each_days_units_to_the_forecast() -> None:
    # The forecast expects 24 units on Mondays, 6 on Tuesdays and 12 on Wednesdays; Monday
    # 3 Nov had 3 units, replayed with weight 8 on Monday (only its 15:00 order is still
    # to come), 2 on Tuesday and 4 on Wednesday.
    hourly = np.zeros((7, 24))
    hourly[0], hourly[1], hourly[2] = 1.0, 0.25, 0.5
    forecast = DemandForecast(hourly_units=hourly.reshape(-1), history_days=14)
    start, end = NEXT_MONDAY + 12 * HOUR_NS, NEXT_MONDAY + 3 * DAY_NS
    expected = expected_orders(MONDAY, start, end, forecast)
    assert expected.weight.tolist() == pytest.approx([8.0, 2.0, 2.0, 4.0, 4.0])
    units = [sum(ln.qty for ln in o.lines) for o in expected.orders]
    for day in (1, 2):  # whole days inside the horizon match the forecast
        inside = expected.at_ns // DAY_NS == NEXT_MONDAY // DAY_NS + day
        got = float((np.array(units) * expected.weight)[inside].sum())
        first = NEXT_MONDAY + day * DAY_NS
        assert got == pytest.approx(forecast.units_between(first, first + DAY_NS))


def test_with_two_sources_each_day_still_matches_the_forecast() -> None:
    # Each source day is scaled to half the day's forecast: Monday 10 Nov replays 27 Oct
    # (5 units, weight 1.2) and 3 Nov (3 units, weight 2), Tuesday 11 Nov replays 4 Nov
    # and 3 Nov (3 units each, weight 2), for 12 units a day.
    forecast = DemandForecast(hourly_units=np.full(168, 0.5), history_days=14)
    expected = expected_orders(PAST, NEXT_MONDAY, NEXT_MONDAY + 2 * DAY_NS, forecast, sources=2)
    assert expected.weight.tolist() == pytest.approx([1.2, 2.0, 2.0, 2.0, 2.0, 2.0])
    units = np.array([sum(ln.qty for ln in o.lines) for o in expected.orders])
    for day in (0, 1):
        inside = expected.at_ns // DAY_NS == NEXT_MONDAY // DAY_NS + day
        assert float((units * expected.weight)[inside].sum()) == pytest.approx(12.0)


def test_past_weights_carry_over_into_the_scale() -> None:
    # A past order already counting twice keeps its weight, and counts twice in the day's
    # units: 1 + 2 x 2 = 5 units seen for 10 expected scale both by 2.
    doubled = replace(MONDAY, weight=np.array([1.0, 2.0]))
    day = (NEXT_MONDAY, NEXT_MONDAY + DAY_NS)
    forecast = DemandForecast(hourly_units=np.full(168, 10.0 / 24), history_days=7)
    assert expected_orders(doubled, *day).weight.tolist() == [1.0, 2.0]
    assert expected_orders(doubled, *day, forecast).weight.tolist() == pytest.approx([2.0, 4.0])


def test_an_empty_past_expects_no_orders() -> None:
    empty = sample(NET, [])
    forecast = DemandForecast(hourly_units=np.full(168, 1.0), history_days=7)
    expected = expected_orders(empty, NEXT_MONDAY, NEXT_MONDAY + DAY_NS, forecast)
    assert expected.orders == () and expected.at_ns.size == 0 and expected.weight.size == 0
