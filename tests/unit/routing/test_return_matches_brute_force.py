"""Property tests: return routing's `optimal` equals an exhaustive search, beats every baseline,
and its plan is internally consistent (terms, lines, alternatives)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from return_checks import best_per_destination, brute_force_cost, price

from routing import (
    RETURN_STRATEGIES,
    CostModel,
    PlanStatus,
    ReturnChannel,
    ReturnCondition,
    ReturnCostModel,
    ReturnDestinations,
    ReturnLine,
    ReturnPlan,
    ReturnRequest,
    route_return,
)

Problem = tuple[ReturnRequest, ReturnDestinations, ReturnCostModel]


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    """A small random return (<= 3 lines, SKUs may repeat) over <= 5 locations."""
    ints = st.integers
    n, m = draw(ints(1, 5)), draw(ints(1, 3))
    skus = tuple(f"SKU{j}" for j in range(m))
    ids = tuple(f"L{k}" for k in range(n))
    lines = tuple(
        ReturnLine(
            sku=draw(st.sampled_from(skus)),
            qty=draw(ints(1, 3)),
            condition=draw(st.sampled_from(list(ReturnCondition))),
            unit_value_cents=draw(ints(0, 3_000)),
            unit_weight_g=draw(ints(0, 3_000)),
            origin_location_id=draw(st.none() | st.sampled_from(ids)),
        )
        for _ in range(draw(ints(1, 3)))
    )
    grid = st.lists(ints(0, 4), min_size=n * m, max_size=n * m)
    destinations = ReturnDestinations(
        location_ids=ids,
        skus=skus,
        is_store=np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n))),
        lat=np.array(draw(st.lists(st.floats(47.0, 55.0), min_size=n, max_size=n))),
        lon=np.array(draw(st.lists(st.floats(6.0, 15.0), min_size=n, max_size=n))),
        accepts_returns=np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n))),
        stock=np.array(draw(grid), dtype=np.int64).reshape(n, m),
        target=np.array(draw(grid), dtype=np.int64).reshape(n, m),
        handling_cents_per_unit=draw(
            st.none() | st.lists(ints(0, 300), min_size=n, max_size=n).map(np.array)
        ),
    )
    below = Fraction(draw(ints(0, 10)), 10)
    model = ReturnCostModel(
        shipping=CostModel(
            base_cents_per_shipment=draw(ints(0, 900)), cents_per_tonne_km=draw(ints(0, 2_000))
        ),
        below_target_ratio=below,
        at_target_ratio=below * Fraction(draw(ints(0, 4)), 4),
        overstock_ratio=Fraction(draw(ints(2, 6)), 2),
        holding_cents_per_unit=draw(ints(0, 300)),
    )
    if draw(st.booleans()):
        point = (draw(st.floats(47.0, 55.0)), draw(st.floats(6.0, 15.0)))
        request = ReturnRequest("r", lines, ReturnChannel.POST, customer_point=point)
    else:
        store = draw(st.sampled_from(ids))
        request = ReturnRequest(
            "r", lines, ReturnChannel.STORE_DROP_OFF, drop_off_location_id=store
        )
    return request, destinations, model


def _choice_of(plan: ReturnPlan, request: ReturnRequest, destinations: ReturnDestinations):
    kept = [0] * len(request.lines)
    for line in plan.kept_lines:
        kept[line.line_index] += line.qty
    row = (
        None
        if plan.destination_id is None
        else destinations.location_ids.index(plan.destination_id)
    )
    return row, tuple(kept)


def _assert_consistent(plan: ReturnPlan, problem: Problem) -> None:
    request, destinations, model = problem
    assert sum(plan.cost_terms.values()) == plan.total_cents
    assert sum(line.value_cents for line in plan.lines) == -plan.cost_terms["value"]
    placed = Counter[int]()
    for line in plan.lines:
        placed[line.line_index] += line.qty
        expected = (
            plan.destination_id if not line.kept_at_drop_off else request.drop_off_location_id
        )
        assert line.location_id == expected
    assert placed == Counter({i: line.qty for i, line in enumerate(request.lines)})
    assert price(request, destinations, model, _choice_of(plan, request, destinations)) == (
        plan.total_cents
    )
    for alternative in plan.alternatives:
        assert alternative.lost_by_cents == alternative.total_cents - plan.total_cents
        assert sum(alternative.cost_terms.values()) == alternative.total_cents


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_optimal_costs_exactly_what_an_exhaustive_search_finds(problem: Problem) -> None:
    request, destinations, model = problem
    plan = route_return(request, destinations, model)
    best = brute_force_cost(request, destinations, model)
    if best is None:
        assert plan.status is PlanStatus.INFEASIBLE and plan.reason
        return
    assert plan.status is PlanStatus.ROUTED
    assert plan.total_cents == best
    _assert_consistent(plan, problem)
    assert all(a.lost_by_cents >= 0 for a in plan.alternatives)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_each_alternative_is_the_best_way_to_use_its_destination(problem: Problem) -> None:
    request, destinations, model = problem
    plan = route_return(request, destinations, model, max_alternatives=10)
    best = best_per_destination(request, destinations, model)
    if plan.is_feasible:
        best.pop(plan.destination_id)
    assert sorted(best.values()) == [a.total_cents for a in plan.alternatives]
    for alternative in plan.alternatives:
        assert alternative.total_cents == best[alternative.destination_id]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.sampled_from(sorted(set(RETURN_STRATEGIES) - {"optimal"})))
def test_optimal_is_never_worse_than_a_baseline(problem: Problem, strategy: str) -> None:
    request, destinations, model = problem
    fixed = destinations.location_ids[-1]
    baseline = route_return(
        request, destinations, model, strategy=strategy, returns_location_id=fixed
    )
    if baseline.status is PlanStatus.INFEASIBLE:
        assert baseline.reason
        return
    _assert_consistent(baseline, problem)
    optimal = route_return(request, destinations, model)
    assert optimal.total_cents <= baseline.total_cents
