"""Property tests of `lookahead`: it minimises real + opportunity cents, exactly, and with
no prices (or prices of zero) it is `optimal`, plan for plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from routing_checks import assert_feasible, brute_force_cost, real_cost, search_space

from routing import Candidates, Constraints, CostModel, Order, OrderLine, Plan, route
from routing.instance import Instance, compile_instance

NOW = datetime(2024, 11, 4, 15, 30, tzinfo=UTC)
COST_MODEL = CostModel(unfilled_cents_per_unit=2_500, protect_cents_per_unit=400)


@st.composite
def priced_problems(draw: st.DrawFn) -> tuple[Order, Candidates, Constraints]:
    """A small random problem (<= 3 lines, <= 5 locations) with random opportunity prices.

    Prices reach past the unfilled penalty, so the cap on them is exercised too.
    """
    m = draw(st.integers(1, 3))
    n = draw(st.integers(1, 5))
    ints = st.integers
    lines = tuple(
        OrderLine(f"SKU{i}", draw(ints(1, 2)), draw(ints(0, 3000)), draw(st.booleans()))
        for i in range(m)
    )
    stock = np.array([[draw(ints(0, 3)) for _ in range(m)] for _ in range(n)], dtype=np.int64)
    coords = [(draw(st.floats(47.0, 55.0)), draw(st.floats(6.0, 15.0))) for _ in range(n)]
    price = st.sampled_from([0, 0, 1]) | ints(0, 900) | ints(2_000, 4_000)
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
        opportunity_cents=np.array(
            [[draw(price) for _ in range(m)] for _ in range(n)], dtype=np.int64
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


def _capped_prices(inst: Instance) -> np.ndarray:
    """The opportunity cents of each (row, line), read from the candidates, capped so that
    a unit shipped alone never costs more than the unfilled penalty."""
    columns = [inst.candidates.skus.index(line.sku) for line in inst.order.lines]
    raw = np.asarray(inst.candidates.opportunity_cents)[inst.rows][:, columns]
    alone = inst.distance + inst.handling + inst.unit_cost + (inst.base + inst.late)[:, None]
    room = np.maximum(inst.cost_model.unfilled_cents_per_unit - 1 - alone, 0)
    return np.minimum(raw, room)


def _assignment(plan: Plan, inst: Instance) -> np.ndarray:
    row = {inst.location_id(k): k for k in range(inst.n)}
    line = {line.sku: i for i, line in enumerate(inst.order.lines)}
    x = np.zeros((inst.n, inst.qty.size), dtype=np.int64)
    for shipment in plan.shipments:
        for part in shipment.lines:
            x[row[shipment.location_id], line[part.sku]] += part.qty
    return x


def _same_decision(a: Plan, b: Plan) -> None:
    """Equal plans, but for the strategy's name and the time it took."""
    assert replace(a, strategy="", solve_ms=0.0) == replace(b, strategy="", solve_ms=0.0)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priced_problems())
def test_lookahead_minimises_real_plus_opportunity_cents_as_an_exhaustive_search_finds(
    problem,
) -> None:
    order, candidates, constraints = problem
    assume(search_space(order, candidates) <= 2048)
    plan = route(
        order, candidates, COST_MODEL, constraints, strategy="lookahead", time_limit_s=10.0
    )
    inst = compile_instance(order, candidates, COST_MODEL, constraints)
    shadow = _capped_prices(inst)
    best = brute_force_cost(inst, shadow)
    assert_feasible(plan, order, candidates, constraints)
    if not plan.is_feasible:
        # Infeasible, or (partial fulfilment) serving nothing at all is the cheapest plan.
        nothing = sum(line.qty for line in order.lines) * COST_MODEL.unfilled_cents_per_unit
        assert best is None or (not constraints.ship_complete and best == nothing)
        return
    x = _assignment(plan, inst)
    assert plan.total_cents + plan.shadow_cents == best
    # The reported cost is the real cost of the chosen units; the shadow term is apart.
    assert plan.total_cents == real_cost(inst, x) == sum(plan.cost_terms.values())
    assert plan.shadow_cents == int((x * shadow).sum())
    assert plan.proven_optimal
    assert plan.lower_bound_cents == best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(priced_problems())
def test_opportunity_prices_of_zero_route_exactly_as_optimal(problem) -> None:
    order, candidates, constraints = problem
    zero = replace(candidates, opportunity_cents=np.zeros_like(candidates.opportunity_cents))
    bare = replace(candidates, opportunity_cents=None)
    optimal = route(order, bare, COST_MODEL, constraints, time_limit_s=10.0)
    for priced in (zero, bare):
        plan = route(
            order, priced, COST_MODEL, constraints, strategy="lookahead", time_limit_s=10.0
        )
        _same_decision(plan, optimal)
        assert plan.shadow_cents == 0
