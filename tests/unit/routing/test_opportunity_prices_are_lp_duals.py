"""The look-ahead's prices are the remaining-horizon LP's duals, checked by hand.

A store in Berlin and a warehouse in Munich (~500 km), one SKU of 1 kg, one forecast
region centred on the store, 2 units expected from 08:00 to midnight (0.125 an hour).
The tariff is zone-only (100 c/kg within 50 km, 500 c beyond), handling 60 c, and the
base cost spread over an average order of 2 units (store 200 c -> 100 c a unit,
warehouse 600 c -> 300 c), so a unit costs 100 + 60 + 100 = 260 c from the store and
500 + 60 + 300 = 860 c from the warehouse: each unit the store serves saves 600 c.

Complementary slackness: a row with slack has price 0; a positive price sits on a tight
row. Each case knows its optimal primal solution, so the tight rows are known.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from routing import UNLIMITED, CostModel, Zone
from routing.forecast import HOUR_NS, DemandForecast
from routing.opportunity import HorizonState, OpportunityPrices, solve_opportunity

MODEL = CostModel(cents_per_tonne_km=0, zones=(Zone(50.0, 100), Zone(2_000.0, 500)))
STORE, WAREHOUSE = 0, 1
LAT, LON = np.array([52.52, 48.137]), np.array([13.405, 11.575])
MIDNIGHT_NS = int(datetime(2025, 11, 3, tzinfo=UTC).timestamp()) * 10**9
NOW_NS, END_NS = MIDNIGHT_NS + 8 * HOUR_NS, MIDNIGHT_NS + 24 * HOUR_NS
TODAY = MIDNIGHT_NS // (24 * HOUR_NS)
NO_CAP = [UNLIMITED] * 3
UNFILLED = MODEL.unfilled_cents_per_unit


def _forecast(*, shipped: float = 1.0, collected_at_store: float = 0.0) -> DemandForecast:
    """0.125 units an hour, all hours of the week: `shipped` of them to the store's region,
    `collected_at_store` picked up at the store."""
    return DemandForecast(
        hourly_units=np.full(168, 0.125),
        region_lat=LAT[:1].copy(),
        region_lon=LON[:1].copy(),
        ship_share=np.array([[shipped]]),
        collect_share=np.array([[collected_at_store], [0.0]]),
        units_per_order=2.0,
        history_days=7,
    )


def _state(
    store_units: int,
    warehouse_units: int,
    *,
    store_capacity: list[int] = NO_CAP,
    store_cutoff: int = 24 * 60,
    store_arriving: int = 0,
) -> HorizonState:
    return HorizonState(
        lat=LAT,
        lon=LON,
        is_store=np.array([True, False]),
        can_ship=np.array([True, True]),
        can_pickup=np.array([True, False]),
        handling=np.array([60, 60], dtype=np.int64),
        base=np.array([200, 600], dtype=np.int64),
        cutoff_minute=np.array([store_cutoff, 24 * 60], dtype=np.int64),
        weight_g=np.array([1_000], dtype=np.int64),
        available=np.array([[store_units], [warehouse_units]], dtype=np.int64),
        arriving=np.array([[store_arriving], [0]], dtype=np.int64),
        capacity=np.array([store_capacity, NO_CAP], dtype=np.int64),
    )


def _solve(state: HorizonState, forecast: DemandForecast | None = None) -> OpportunityPrices:
    prices = solve_opportunity(state, forecast or _forecast(), NOW_NS, END_NS, MODEL)
    assert prices.status == "optimal"
    assert (prices.stock >= 0).all() and (prices.capacity >= 0).all()
    return prices


def test_a_store_short_of_forecast_demand_is_priced_at_the_warehouses_extra_cost() -> None:
    # Optimum: the store's one unit (its stock row is tight) and one from the warehouse
    # (9 of 10 left: slack). No capacity is capped.
    prices = _solve(_state(1, 10))
    assert prices.stock[STORE, 0] == pytest.approx(600.0, abs=1e-6)
    assert prices.stock[WAREHOUSE, 0] == 0.0
    assert (prices.capacity == 0.0).all()
    assert prices.day == TODAY
    # A unit leaving the store today carries theta x 600 cents; one from the warehouse 0.
    rows, columns = np.array([STORE, WAREHOUSE]), np.array([0])
    today = np.array([TODAY, TODAY])
    assert prices.unit_cents(1.0, rows, columns, today).tolist() == [[600], [0]]
    assert prices.unit_cents(0.5, rows, columns, today).tolist() == [[300], [0]]
    assert prices.unit_cents(0.0, rows, columns, today).tolist() == [[0], [0]]
    assert prices.kept_cents(0.5, STORE, columns).tolist() == [300]


def test_units_arriving_before_the_horizon_ends_count_as_stock() -> None:
    prices = _solve(_state(0, 10, store_arriving=1))
    assert prices.stock[STORE, 0] == pytest.approx(600.0, abs=1e-6)
    assert prices.stock[WAREHOUSE, 0] == 0.0


def test_with_ample_stock_and_no_capacity_caps_every_price_is_zero() -> None:
    prices = _solve(_state(10, 10))
    assert (prices.stock == 0.0).all()
    assert (prices.capacity == 0.0).all()


def test_a_unit_nobody_else_can_supply_is_worth_the_unfilled_penalty_less_its_cost() -> None:
    # The warehouse has none: the second unit of demand goes unserved (its row has slack).
    prices = _solve(_state(1, 0))
    assert prices.stock[STORE, 0] == pytest.approx(UNFILLED - 260.0, abs=1e-6)
    assert (prices.capacity == 0.0).all()


def test_a_store_whose_dispatch_capacity_binds_is_priced_on_that_days_capacity() -> None:
    # The store may dispatch 1 unit today: that row is tight, its stock (1 of 10) is not.
    prices = _solve(_state(10, 10, store_capacity=[1, UNLIMITED, UNLIMITED]))
    assert prices.capacity[STORE].tolist() == pytest.approx([600.0, 0.0, 0.0], abs=1e-6)
    assert (prices.capacity[WAREHOUSE] == 0.0).all()
    assert (prices.stock == 0.0).all()
    rows, columns = np.array([STORE, STORE]), np.array([0])
    days = np.array([TODAY, TODAY + 1])  # today's capacity is dear, tomorrow's free
    assert prices.unit_cents(1.0, rows, columns, days).tolist() == [[600], [0]]


def test_demand_after_a_stores_cut_off_is_priced_on_its_tomorrow_capacity() -> None:
    # Cut-off at 12:00: 0.5 units expected before it (dispatched today, uncapped) and 1.5
    # after it, which the store dispatches tomorrow, when it may send only 1 unit: that
    # row is tight, the warehouse sends the other 0.5.
    state = _state(10, 10, store_capacity=[UNLIMITED, 1, UNLIMITED], store_cutoff=12 * 60)
    prices = _solve(state)
    assert prices.capacity[STORE].tolist() == pytest.approx([0.0, 600.0, 0.0], abs=1e-6)
    assert (prices.stock == 0.0).all()


def test_when_a_stores_stock_and_capacity_both_bind_their_prices_share_the_saving() -> None:
    # One unit on the shelf and one unit of capacity: either row alone would be worth
    # 600 c, and the dual may split it, but never beyond it.
    prices = _solve(_state(1, 10, store_capacity=[1, UNLIMITED, UNLIMITED]))
    together = prices.stock[STORE, 0] + prices.capacity[STORE, 0]
    assert together == pytest.approx(600.0, abs=1e-6)
    assert prices.stock[WAREHOUSE, 0] == 0.0
    assert prices.capacity[STORE, 1:].tolist() == [0.0, 0.0]


def test_a_pickup_stores_last_unit_is_priced_at_the_transfer_it_saves() -> None:
    # Collect demand of 2 at the store, 1 on its shelf: the other unit comes by transfer
    # from the warehouse (500 + 60 + 300 = 860 c) instead of being handed over (60 c).
    prices = _solve(_state(1, 10), _forecast(shipped=0.0, collected_at_store=1.0))
    assert prices.stock[STORE, 0] == pytest.approx(800.0, abs=1e-6)
    assert prices.stock[WAREHOUSE, 0] == 0.0
    assert (prices.capacity == 0.0).all()
