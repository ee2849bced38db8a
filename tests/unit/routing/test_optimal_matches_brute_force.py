"""Property tests: `optimal` equals an exhaustive search; every strategy is feasible."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from routing_checks import assert_feasible, brute_force_cost, search_space

from routing import STRATEGIES, Candidates, Constraints, CostModel, Order, OrderLine, route
from routing.instance import compile_instance

NOW = datetime(2024, 11, 4, 15, 30, tzinfo=UTC)


@st.composite
def problems(draw: st.DrawFn) -> tuple[Order, Candidates, Constraints]:
    """A small random problem (<= 4 lines, <= 6 locations) under random constraints."""
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 6))
    ints = st.integers
    lines = tuple(
        OrderLine(f"SKU{i}", draw(ints(1, 2)), draw(ints(0, 3000)), draw(st.booleans()))
        for i in range(m)
    )
    stock = np.array([[draw(ints(0, 3)) for _ in range(m)] for _ in range(n)], dtype=np.int64)
    coords = [(draw(st.floats(47.0, 55.0)), draw(st.floats(6.0, 15.0))) for _ in range(n)]
    candidates = Candidates(
        location_ids=tuple(f"L{k}" for k in range(n)),
        skus=tuple(line.sku for line in lines),
        stock=stock,
        lat=np.array([c[0] for c in coords]),
        lon=np.array([c[1] for c in coords]),
        is_store=np.array([draw(st.booleans()) for _ in range(n)]),
        can_ship=np.ones(n, dtype=bool),
        can_pickup=np.ones(n, dtype=bool),
        capacity_units=np.array([draw(ints(1, 8)) for _ in range(n)], dtype=np.int64),
        base_cost_cents=np.array([draw(ints(0, 900)) for _ in range(n)], dtype=np.int64),
        unit_cost_cents=np.array(
            [[draw(ints(-50, 300)) for _ in range(m)] for _ in range(n)], dtype=np.int64
        ),
        cutoff_minute_utc=np.array([draw(st.sampled_from([900, 1020])) for _ in range(n)]),
        ship_lead_days=np.array([draw(ints(1, 3)) for _ in range(n)], dtype=np.int64),
    )
    constraints = Constraints(
        ship_complete=draw(st.booleans()),
        max_shipments=draw(st.none() | ints(1, 3)),
        max_radius_km=draw(st.none() | st.floats(50.0, 800.0)),
    )
    order = Order(
        "o",
        lines,
        (draw(st.floats(47.0, 55.0)), draw(st.floats(6.0, 15.0))),
        NOW,
        promised_on=date(2024, 11, 6),
    )
    return order, candidates, constraints


COST_MODEL = CostModel(unfilled_cents_per_unit=2_500, protect_cents_per_unit=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_optimal_costs_exactly_what_an_exhaustive_search_finds(problem) -> None:
    order, candidates, constraints = problem
    assume(search_space(order, candidates) <= 4096)
    plan = route(order, candidates, COST_MODEL, constraints, time_limit_s=10.0)
    inst = compile_instance(order, candidates, COST_MODEL, constraints)
    best = brute_force_cost(inst)
    assert_feasible(plan, order, candidates, constraints)
    if not plan.is_feasible:
        # Infeasible, or (partial fulfilment) serving nothing at all is the cheapest plan.
        nothing = sum(line.qty for line in order.lines) * COST_MODEL.unfilled_cents_per_unit
        assert best is None or (not constraints.ship_complete and best == nothing)
        return
    assert plan.total_cents == best
    assert plan.proven_optimal


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_strategy_returns_a_feasible_plan_or_a_reason(problem) -> None:
    order, candidates, constraints = problem
    optimum = route(order, candidates, COST_MODEL, constraints)
    for name in STRATEGIES:
        plan = route(order, candidates, COST_MODEL, constraints, strategy=name)
        assert_feasible(plan, order, candidates, constraints)
        if plan.is_feasible and optimum.is_feasible:
            assert plan.total_cents >= optimum.total_cents
