"""Property test: the large orders' MIP equals an exhaustive search on every rule it models.

Small random problems exercise what large orders rarely do: capacity, a limit on
shipments, unsplittable lines, partial fulfilment, protected last units, the split
penalty, late deliveries and opportunity cents; the MIP is called directly, whatever
the order's shape.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from routing_checks import brute_force_cost, search_space

from routing import Candidates, Constraints, CostModel, Order, OrderLine
from routing.exact_mip import solve_mip
from routing.instance import compile_instance
from routing.pricing import total_cost, violation

NOW = datetime(2024, 11, 4, 15, 30, tzinfo=UTC)


@st.composite
def problems(draw: st.DrawFn) -> tuple[Order, Candidates, CostModel, Constraints]:
    """A small random problem (<= 4 lines, <= 5 locations) under random rules and prices."""
    ints = st.integers
    m, n = draw(ints(1, 4)), draw(ints(1, 5))
    lines = tuple(
        OrderLine(f"SKU{i}", draw(ints(1, 3)), draw(ints(0, 3000)), draw(st.booleans()))
        for i in range(m)
    )

    def grid(low: int, high: int) -> np.ndarray:
        return np.array([[draw(ints(low, high)) for _ in range(m)] for _ in range(n)])

    candidates = Candidates(
        location_ids=tuple(f"L{k}" for k in range(n)),
        skus=tuple(line.sku for line in lines),
        stock=grid(0, 3).astype(np.int64),
        lat=np.array([draw(st.floats(47.0, 55.0)) for _ in range(n)]),
        lon=np.array([draw(st.floats(6.0, 15.0)) for _ in range(n)]),
        is_store=np.array([draw(st.booleans()) for _ in range(n)]),
        can_ship=np.ones(n, dtype=bool),
        can_pickup=np.ones(n, dtype=bool),
        capacity_units=np.array([draw(ints(1, 8)) for _ in range(n)], dtype=np.int64),
        base_cost_cents=np.array([draw(ints(0, 900)) for _ in range(n)], dtype=np.int64),
        unit_cost_cents=grid(-50, 300).astype(np.int64),
        opportunity_cents=grid(0, 400).astype(np.int64) if draw(st.booleans()) else None,
        ship_lead_days=np.array([draw(ints(1, 3)) for _ in range(n)], dtype=np.int64),
    )
    cost_model = CostModel(
        split_penalty_cents=draw(st.sampled_from([0, 250, 700])),
        unfilled_cents_per_unit=2_500,
        protect_cents_per_unit=400,
    )
    constraints = Constraints(
        ship_complete=draw(st.booleans()), max_shipments=draw(st.none() | ints(1, 3))
    )
    order = Order(
        "o",
        lines,
        (draw(st.floats(47.0, 55.0)), draw(st.floats(6.0, 15.0))),
        NOW,
        promised_on=date(2024, 11, 6),
    )
    return order, candidates, cost_model, constraints


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_mip_costs_exactly_what_an_exhaustive_search_finds(problem) -> None:
    order, candidates, cost_model, constraints = problem
    assume(search_space(order, candidates) <= 4096)
    inst = compile_instance(order, candidates, cost_model, constraints)
    best = brute_force_cost(inst, inst.shadow)
    result = solve_mip(inst, None, time.perf_counter() + 10.0)
    if best is None:
        assert result.x is None
        assert result.proven_optimal
        return
    assert result.x is not None
    assert violation(inst, result.x) is None
    assert total_cost(inst, result.x) == best
    assert result.proven_optimal
    assert result.bound <= best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_mip_keeps_a_cheaper_incumbent_when_out_of_time(problem) -> None:
    order, candidates, cost_model, constraints = problem
    assume(search_space(order, candidates) <= 4096)
    inst = compile_instance(order, candidates, cost_model, constraints)
    assume(inst.n > 0)
    incumbent = np.zeros((inst.n, inst.qty.size), dtype=np.int64)
    assume(violation(inst, incumbent) is None)  # partial orders may ship nothing
    result = solve_mip(inst, incumbent, time.perf_counter() - 1.0)
    assert result.x is incumbent
    assert not result.proven_optimal
