"""The look-ahead's prices are the horizon LP's duals, checked by hand.

The network and tariff are those of `horizon_checks`: a one-unit order to Berlin costs
360 c from the store and 1,160 c from the warehouse, so each unit the store serves
saves 800 c. Each case knows its optimum; the LP is also solved independently (HiGHS)
for a primal solution, against which the duals must satisfy complementary slackness (a
row with a positive price is tight, a row with slack has price 0) and strong duality
(their Lagrangian bound is the optimum). A stock price is the cents one more unit at the
start saves: re-solving with it moves the optimum by exactly that much.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from horizon_checks import (
    CONSTRAINTS,
    MIDNIGHT_NS,
    MODEL,
    STORE,
    TODAY,
    UNFILLED,
    WAREHOUSE,
    horizon_lp,
    network,
    optimum,
    order,
    sample,
    solve_primal,
    supply,
)

from routing.forecast import HOUR_NS
from routing.horizon_entries import DemandSample
from routing.horizon_lp import HorizonSupply
from routing.opportunity import OpportunityPrices, solve_opportunity
from routing.problem import Candidates
from routing.sparse_lp import solve_sparse_lp

NOW_NS = MIDNIGHT_NS + 8 * HOUR_NS
TWO_ORDERS = [order(10), order(14)]


def _solve(net: Candidates, demand: DemandSample, have: HorizonSupply) -> OpportunityPrices:
    """The prices, after checking they are optimal duals of the LP's primal optimum."""
    prices = solve_opportunity(net, demand, have, MODEL, CONSTRAINTS, NOW_NS)
    assert prices.status == "optimal"
    assert (prices.stock >= 0).all() and (prices.capacity >= 0).all()
    lp = horizon_lp(net, demand, have)
    primal = solve_primal(lp)
    result = solve_sparse_lp(
        lp.lower, lp.upper, lp.objective, lp.row_lb, lp.row_ub, lp.matrix,
        time_limit_s=10.0, glop_max_variables=10_000, pdlp_parameters="",
    )  # fmt: skip
    assert result.duals is not None
    duals = result.duals
    # Strong duality: the duals' Lagrangian bound is the optimum.
    assert lp.lagrangian_bound(duals) == pytest.approx(primal.cost, abs=1e-6)
    # Complementary slackness: priced rows are tight, rows with slack are free.
    slack = lp.row_ub - primal.activity
    assert (slack >= -1e-7).all()
    assert (slack[duals < -1e-7] <= 1e-7).all()
    assert (duals[slack > 1e-7] == 0.0).all()
    # The prices are those duals, per (location, SKU) and per capacity day.
    assert prices.stock == pytest.approx(lp.stock_prices(duals, 2), abs=1e-6)
    for (loc, day), cents in lp.capacity_prices(duals).items():
        assert prices.capacity[loc, min(day, 2)] >= cents - 1e-6
    return prices


def _saved_by_one_more(
    net: Candidates, demand: DemandSample, have: HorizonSupply, loc: int
) -> float:
    """What one more unit of SKU A at `loc` now saves, by re-solving."""
    start = have.start.copy()
    start[loc, 0] += 1
    return optimum(net, demand, have) - optimum(net, demand, replace(have, start=start))


def test_a_store_short_of_expected_demand_is_priced_at_the_warehouses_extra_cost() -> None:
    # Optimum 360 + 1,160: the store's one unit (its stock row is tight) and one from the
    # warehouse, which has 10 for 2 orders (no row binds there).
    net, demand, have = (
        network([[10], [10]]),
        sample(network([[10], [10]]), TWO_ORDERS),
        supply([[1], [10]]),
    )
    assert optimum(net, demand, have) == pytest.approx(1_520.0)
    prices = _solve(net, demand, have)
    assert prices.stock[STORE, 0] == pytest.approx(800.0, abs=1e-6)
    assert prices.stock[WAREHOUSE, 0] == 0.0
    assert (prices.capacity == 0.0).all()
    assert prices.day == TODAY
    assert prices.expected_orders == 2 and prices.expected_units == 2.0
    for loc in (STORE, WAREHOUSE):
        assert _saved_by_one_more(net, demand, have, loc) == pytest.approx(
            prices.stock[loc, 0], abs=1e-6
        )
    # A unit leaving the store today carries theta x 800 cents; one from the warehouse 0.
    rows, columns, today = np.array([STORE, WAREHOUSE]), np.array([0]), np.array([TODAY] * 2)
    assert prices.unit_cents(1.0, rows, columns, today).tolist() == [[800], [0]]
    assert prices.unit_cents(0.5, rows, columns, today).tolist() == [[400], [0]]
    assert prices.unit_cents(0.0, rows, columns, today).tolist() == [[0], [0]]
    assert prices.kept_cents(0.5, STORE, columns).tolist() == [400]


def test_an_expected_order_of_weight_one_half_halves_the_saving_but_not_the_price() -> None:
    # One unit at the store, orders of weight 1 and 0.5: the store serves the first, the
    # warehouse half a unit; one more store unit saves 0.5 x 800 c, but its price is per
    # unit, so the row stays priced at 800 c.
    net = network([[10], [10]])
    demand, have = sample(net, TWO_ORDERS, [1.0, 0.5]), supply([[1], [10]])
    assert optimum(net, demand, have) == pytest.approx(360.0 + 0.5 * 1_160.0)
    prices = _solve(net, demand, have)
    assert prices.stock[STORE, 0] == pytest.approx(800.0, abs=1e-6)
    assert prices.expected_units == 1.5
    assert _saved_by_one_more(net, demand, have, STORE) == pytest.approx(400.0, abs=1e-6)


def test_with_ample_stock_and_no_capacity_caps_every_price_is_zero() -> None:
    net = network([[10], [10]])
    prices = _solve(net, sample(net, TWO_ORDERS), supply([[10], [10]]))
    assert (prices.stock == 0.0).all()
    assert (prices.capacity == 0.0).all()


def test_a_unit_nobody_else_can_supply_is_worth_the_unfilled_penalty_less_its_cost() -> None:
    # The warehouse can never offer any: the second order goes unfilled.
    net = network([[10], [0]])
    demand, have = sample(net, TWO_ORDERS), supply([[1], [0]])
    assert optimum(net, demand, have) == pytest.approx(360.0 + UNFILLED)
    prices = _solve(net, demand, have)
    assert prices.stock[STORE, 0] == pytest.approx(UNFILLED - 360.0, abs=1e-6)
    assert _saved_by_one_more(net, demand, have, STORE) == pytest.approx(UNFILLED - 360.0)


def test_a_unit_arriving_after_the_order_cannot_serve_it_so_one_on_the_shelf_is_priced() -> None:
    # One order at 10:00; the store's unit arrives at 12:00 (the row of units taken before
    # it binds at 0), so the warehouse serves. Had it arrived at 09:00, no row would bind.
    net = network([[10], [10]])
    demand = sample(net, [order(10)])
    late = supply([[0], [10]], arrival=(12.0, STORE, 1))
    assert optimum(net, demand, late) == pytest.approx(1_160.0)
    prices = _solve(net, demand, late)
    assert prices.stock[STORE, 0] == pytest.approx(800.0, abs=1e-6)
    assert _saved_by_one_more(net, demand, late, STORE) == pytest.approx(800.0)
    early = supply([[0], [10]], arrival=(9.0, STORE, 1))
    assert optimum(net, demand, early) == pytest.approx(360.0)
    assert (_solve(net, demand, early).stock == 0.0).all()


def test_every_stock_row_of_a_pair_counts_in_its_price() -> None:
    # Orders at 10:00 and 14:00, the store's only unit arrives at 12:00: units taken
    # before it (at most 0) and overall (at most 1) are two rows; one more unit now
    # would let the store serve both, whichever row the dual sits on.
    net = network([[10], [10]])
    demand, have = sample(net, TWO_ORDERS), supply([[0], [10]], arrival=(12.0, STORE, 1))
    assert optimum(net, demand, have) == pytest.approx(1_520.0)
    assert len(horizon_lp(net, demand, have).stock_rows[STORE]) == 2
    prices = _solve(net, demand, have)
    assert prices.stock[STORE, 0] == pytest.approx(800.0, abs=1e-6)
    assert _saved_by_one_more(net, demand, have, STORE) == pytest.approx(800.0)


def test_a_store_whose_dispatch_capacity_binds_is_priced_on_that_days_capacity() -> None:
    # The store may dispatch 1 unit today: that row is tight, its stock (1 of 10) is not.
    net = network([[10], [10]])
    demand, have = sample(net, TWO_ORDERS), supply([[10], [10]], capacity=(1, 0))
    assert optimum(net, demand, have) == pytest.approx(1_520.0)
    prices = _solve(net, demand, have)
    assert prices.capacity[STORE].tolist() == pytest.approx([800.0, 0.0, 0.0], abs=1e-6)
    assert (prices.capacity[WAREHOUSE] == 0.0).all()
    assert (prices.stock == 0.0).all()
    # One more unit of capacity saves what the price says.
    wider = replace(have, daily_capacity=np.array([2, 0]))
    assert optimum(net, demand, have) - optimum(net, demand, wider) == pytest.approx(800.0)
    # Capacity already used today counts: 2 a day with 1 used is the same as 1 a day.
    used = supply([[10], [10]], capacity=(2, 0), used=[[1, 0]])
    assert _solve(net, demand, used).capacity[STORE, 0] == pytest.approx(800.0, abs=1e-6)
    rows, columns = np.array([STORE, STORE]), np.array([0])
    days = np.array([TODAY, TODAY + 1])  # today's capacity is dear, tomorrow's free
    assert prices.unit_cents(1.0, rows, columns, days).tolist() == [[800], [0]]


def test_orders_after_a_stores_cut_off_are_priced_on_its_tomorrow_capacity() -> None:
    # Cut-off at 12:00 and 1 unit a day: the 10:00 order leaves today, the 14:00 and
    # 15:00 orders tomorrow, when only one of them fits; the warehouse sends the other.
    net = network([[10], [10]], store_cutoff=12 * 60)
    demand = sample(net, [order(10), order(14), order(15)])
    have = supply([[10], [10]], capacity=(1, 0))
    assert optimum(net, demand, have) == pytest.approx(2 * 360.0 + 1_160.0)
    prices = _solve(net, demand, have)
    assert prices.capacity[STORE].tolist() == pytest.approx([0.0, 800.0, 0.0], abs=1e-6)
    assert (prices.stock == 0.0).all()


def test_when_a_stores_stock_and_capacity_both_bind_their_prices_share_the_saving() -> None:
    # One unit on the shelf and one unit of capacity: either row alone is worth 800 c, and
    # the duals may split it, but never beyond it.
    net = network([[10], [10]])
    prices = _solve(net, sample(net, TWO_ORDERS), supply([[1], [10]], capacity=(1, 0)))
    assert prices.stock[STORE, 0] + prices.capacity[STORE, 0] == pytest.approx(800.0, abs=1e-6)
    assert prices.stock[WAREHOUSE, 0] == 0.0
    assert prices.capacity[STORE, 1:].tolist() == [0.0, 0.0]


def test_a_pickup_stores_last_unit_is_priced_at_the_transfer_it_saves() -> None:
    # Two orders collected at the store, one unit on its shelf: the other comes by
    # transfer from the warehouse (500 + 60 + 600 = 1,160 c) instead of being handed over
    # (handling, 60 c).
    net = network([[10], [10]])
    demand = sample(net, [order(10, collect=True), order(14, collect=True)])
    have = supply([[1], [10]])
    assert optimum(net, demand, have) == pytest.approx(60.0 + 1_160.0)
    prices = _solve(net, demand, have)
    assert prices.stock[STORE, 0] == pytest.approx(1_100.0, abs=1e-6)
    assert prices.stock[WAREHOUSE, 0] == 0.0
    assert (prices.capacity == 0.0).all()
    assert _saved_by_one_more(net, demand, have, STORE) == pytest.approx(1_100.0)
