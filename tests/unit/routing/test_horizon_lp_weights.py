"""The horizon LP counts an order of weight w as w copies of it, and with every order
counted once it is a lower bound of the best joint plan, exact where it is integral."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest
from horizon_checks import (
    CONSTRAINTS,
    MIDNIGHT_NS,
    MODEL,
    horizon_lp,
    network,
    optimum,
    order,
    sample,
    solve_primal,
    supply,
)
from routing_checks import real_cost

from routing import Constraints, CostModel
from routing.horizon_entries import DemandSample
from routing.instance import Instance, compile_instance
from routing.opportunity import solve_opportunity
from routing.problem import Candidates, Order

# A two-line order (2 A and 1 B): the store holds A only, so it either splits (A from the
# store, B from the warehouse, a 20 c split) or ships whole from the warehouse; the store
# dispatches 1 unit a day, less than the A's asked for. Another order asks for B only.
NET = network([[4, 0], [10, 10]], skus=("A", "B"))
BOTH, ONE_B = order(10, {"A": 2, "B": 1}), order(11, {"B": 1})
HAVE = supply([[4, 0], [10, 10]], capacity=(1, 0))
SPLITTING = replace(MODEL, split_penalty_cents=20)
PROTECTING = replace(SPLITTING, protect_below_units=3, protect_cents_per_unit=150)


@pytest.mark.parametrize(
    ("cost_model", "constraints"),
    [
        (SPLITTING, CONSTRAINTS),
        (SPLITTING, Constraints(ship_complete=False, max_shipments=1)),
        (PROTECTING, CONSTRAINTS),
    ],
    ids=["plain", "one-shipment", "protection"],
)
@pytest.mark.parametrize(
    ("weight", "copies"),
    [(2.0, [1.0, 1.0]), (3.0, [1.0, 1.0, 1.0]), (1.0, [0.5, 0.5]), (1.5, [0.5, 1.0])],
)
def test_an_order_of_weight_w_costs_what_copies_of_it_adding_up_to_w_cost(
    cost_model: CostModel, constraints: Constraints, weight: float, copies: list[float]
) -> None:
    weighted = sample(NET, [BOTH, ONE_B], [weight, 1.0])
    copied = sample(NET, [BOTH] * len(copies) + [ONE_B], [*copies, 1.0])
    assert horizon_lp(NET, weighted, HAVE, cost_model, constraints).capacity_rows
    got = optimum(NET, weighted, HAVE, cost_model, constraints)
    assert got == pytest.approx(optimum(NET, copied, HAVE, cost_model, constraints))


def test_weighting_every_order_scales_the_optimum() -> None:
    # With every order counting twice and twice the stock and capacity, the optimum doubles.
    demand = sample(NET, [BOTH, ONE_B])
    double = replace(HAVE, start=2 * HAVE.start, daily_capacity=2 * HAVE.daily_capacity)
    twice = optimum(NET, replace(demand, weight=np.full(2, 2.0)), double)
    assert twice == pytest.approx(2 * optimum(NET, demand, HAVE))


def _plans(inst: Instance) -> Iterator[tuple[np.ndarray, int]]:
    """Every (units per (row, line), cost) of one order, partial fills included."""
    n, m = inst.n, inst.qty.size
    per_line = [
        [
            combo
            for combo in itertools.product(
                *(range(min(int(inst.stock[k, i]), int(inst.qty[i])) + 1) for k in range(n))
            )
            if sum(combo) <= inst.qty[i]
        ]
        for i in range(m)
    ]
    for choice in itertools.product(*per_line):
        x = np.array(choice, dtype=np.int64).T.reshape(n, m)
        if (x.sum(axis=1) > 0).sum() > inst.max_shipments:
            continue
        yield x, real_cost(inst, x)


def _brute_force(net: Candidates, orders: list[Order], start: np.ndarray, cap: int) -> int:
    """The cheapest joint plan of `orders`: stock shared, the store's units a day capped."""
    per_order = []
    for o in orders:
        columns = [net.skus.index(ln.sku) for ln in o.lines]
        inst = compile_instance(o, net, MODEL, CONSTRAINTS)
        per_order.append((inst, columns, list(_plans(inst))))
    best: int | None = None
    for pick in itertools.product(*(plans for _, _, plans in per_order)):
        taken = np.zeros_like(start)
        store_units = 0
        for (inst, columns, _), (x, _cost) in zip(per_order, pick, strict=True):
            for r, row in enumerate(inst.rows.tolist()):
                for i, col in enumerate(columns):
                    taken[row, col] += x[r, i]
                if row == 0:
                    store_units += int(x[r].sum())
        if (taken > start).any() or store_units > cap:
            continue
        total = sum(cost for _, cost in pick)
        best = total if best is None else min(best, total)
    assert best is not None
    return best


@pytest.mark.parametrize(
    ("start", "cap"),
    [([[1, 1], [2, 1]], 2), ([[2, 1], [1, 1]], 1), ([[1, 0], [1, 2]], 3), ([[2, 2], [0, 0]], 2)],
)
def test_with_every_order_once_the_lp_bounds_the_best_joint_plan_from_below(
    start: list[list[int]], cap: int
) -> None:
    net = network([[2, 2], [2, 2]], skus=("A", "B"))
    orders = [order(10, {"A": 1, "B": 1}), order(11, {"A": 2}), order(13, {"B": 1})]
    have = supply(start, capacity=(cap, 0))
    best = _brute_force(net, orders, np.array(start), cap)
    bound = optimum(net, sample(net, orders), have)
    assert bound <= best + 1e-6


def test_on_one_line_orders_from_one_source_each_the_lp_is_the_best_joint_plan() -> None:
    # One-unit orders: each is served whole by one location or not at all, so the LP's
    # shipment cost (x / qty of it) is exact and its optimum integral.
    net = network([[3], [3]])
    orders = [order(9), order(10), order(12), order(15)]
    for start, cap in [([[1], [3]], 3), ([[3], [1]], 2), ([[2], [0]], 1), ([[3], [3]], 1)]:
        have = supply(start, capacity=(cap, 0))
        primal = solve_primal(horizon_lp(net, sample(net, orders), have))
        assert np.allclose(primal.x, np.round(primal.x))
        best = _brute_force(net, orders, np.array(start), cap)
        assert primal.cost == pytest.approx(best)


def test_no_expected_order_gives_an_empty_lp_and_no_prices() -> None:
    nothing = DemandSample.unweighted(
        (), np.zeros(0, dtype=np.int64), (), np.zeros(0, dtype=np.int64)
    )
    prices = solve_opportunity(
        network([[3], [5]]), nothing, supply([[3], [5]]), MODEL, CONSTRAINTS, MIDNIGHT_NS
    )
    assert prices.status == "empty"
    assert not prices.stock.any() and not prices.capacity.any()
