"""Large orders (25-50 lines over 50-100 locations with their own prices) are proven optimal.

The optimum of every 25 x 50 order is checked against a MIP written here from the raw
problem (its own prices from the candidates and the cost model, its own formulation,
integral units, another solver: HiGHS through pywraplp), not from the engine's arrays.
"""

from __future__ import annotations

import numpy as np
import pytest
from ortools.linear_solver import pywraplp
from routing_checks import _km, assert_feasible

from routing import Candidates, Constraints, CostModel, Order, route
from routing.instance import compile_instance
from routing.large_orders import LargeOrder, PriceSpread, large_orders
from routing.order_shape import prefers_mip

TIME_LIMIT_S = 30.0  # generous: these tests assert proofs, never speed


def _independent_optimum(problem: LargeOrder) -> int:
    """The cheapest plan's cost in cents, by a separately written MIP."""
    order, c, cm = problem.order, problem.candidates, problem.cost_model
    assert c.base_cost_cents is not None and c.handling_cents_per_unit is not None
    assert c.unit_cost_cents is not None
    assert problem.constraints.max_shipments is None and order.promised_on is None
    solver = pywraplp.Solver.CreateSolver("HIGHS")
    solver.SetNumThreads(1)
    solver.SetSolverSpecificParametersAsString("mip_rel_gap=0\nmip_abs_gap=0\n")
    lat, lon = order.destination
    ships = {}
    cost = []
    served: dict[int, list[pywraplp.Variable]] = {i: [] for i in range(len(order.lines))}
    for k, location in enumerate(c.location_ids):
        km = _km(float(c.lat[k]), float(c.lon[k]), lat, lon)
        ships[k] = solver.BoolVar(f"ships_{location}")
        cost.append(int(c.base_cost_cents[k]) * ships[k])
        for i, line in enumerate(order.lines):
            j = c.skus.index(line.sku)
            held = int(c.stock[k, j])
            if held == 0:
                continue
            # A store keeps its last units: taking them costs the protection charge.
            keep = cm.protect_below_units if c.is_store[k] else 0
            free = solver.IntVar(0, max(held - keep, 0), f"free_{location}_{line.sku}")
            kept = solver.IntVar(0, min(held, keep), f"kept_{location}_{line.sku}")
            solver.Add(free + kept <= min(held, line.qty) * ships[k])
            shipping = round(cm.cents_per_tonne_km / 1000.0 * km * line.unit_weight_g / 1000.0)
            unit = shipping + int(c.handling_cents_per_unit[k]) + int(c.unit_cost_cents[k, j])
            cost.append(unit * free + (unit + cm.protect_cents_per_unit) * kept)
            served[i] += [free, kept]
    for i, line in enumerate(order.lines):
        solver.Add(sum(served[i]) == line.qty)
    parcels = sum(ships.values())
    solver.Minimize(sum(cost) + cm.split_penalty_cents * (parcels - 1))
    assert solver.Solve() == pywraplp.Solver.OPTIMAL
    return int(round(solver.Objective().Value()))


def _cases(lines: int, locations: int, count: int) -> list[LargeOrder]:
    return [p for spread in PriceSpread for p in large_orders(lines, locations, spread, count)]


SMALLER = _cases(25, 50, 4)
LARGER = _cases(50, 100, 3)


def _id(problem: LargeOrder) -> str:
    return problem.order.order_id


@pytest.mark.parametrize("problem", SMALLER, ids=_id)
def test_a_25_line_order_over_50_locations_costs_the_independent_optimum(
    problem: LargeOrder,
) -> None:
    plan = route(*_args(problem), time_limit_s=TIME_LIMIT_S)
    assert_feasible(plan, problem.order, problem.candidates, problem.constraints)
    assert plan.proven_optimal
    assert plan.total_cents == _independent_optimum(problem)
    assert plan.lower_bound_cents == plan.total_cents


@pytest.mark.parametrize("problem", LARGER, ids=_id)
def test_a_50_line_order_over_100_locations_is_proven_optimal(problem: LargeOrder) -> None:
    plan = route(*_args(problem), time_limit_s=TIME_LIMIT_S)
    assert_feasible(plan, problem.order, problem.candidates, problem.constraints)
    assert plan.proven_optimal
    assert plan.lower_bound_cents == plan.total_cents
    # Dozens of parcels: the shape the strong MIP is for.
    assert len(plan.shipments) >= 10


@pytest.mark.parametrize("problem", [SMALLER[0], LARGER[0]], ids=_id)
def test_large_orders_go_to_the_strong_mip(problem: LargeOrder) -> None:
    assert prefers_mip(compile_instance(*_args(problem)))


def test_a_timeout_keeps_the_bound_honest() -> None:
    problem = LARGER[0]
    optimum = route(*_args(problem), time_limit_s=TIME_LIMIT_S).total_cents
    plan = route(*_args(problem), time_limit_s=0.05)
    if plan.is_feasible:
        assert plan.lower_bound_cents is not None
        assert plan.lower_bound_cents <= optimum <= plan.total_cents
        if plan.proven_optimal:
            assert plan.total_cents == optimum


def test_generated_orders_are_seeded_and_sized_as_asked() -> None:
    again = large_orders(25, 50, PriceSpread.GAUSSIAN, 4)
    for a, b in zip(SMALLER[4:], again, strict=True):
        assert a.order == b.order
        assert np.array_equal(a.candidates.unit_cost_cents, b.candidates.unit_cost_cents)
    assert not np.array_equal(SMALLER[0].candidates.stock, SMALLER[4].candidates.stock)
    problem = LARGER[0]
    assert len(problem.order.lines) == 50 and problem.candidates.size == 100
    assert all(1 <= line.qty <= 25 for line in problem.order.lines)
    assert problem.cost_model.split_penalty_cents == 0


def _args(problem: LargeOrder) -> tuple[Order, Candidates, CostModel, Constraints]:
    return problem.order, problem.candidates, problem.cost_model, problem.constraints
