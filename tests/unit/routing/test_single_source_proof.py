"""`settle_single`: when it claims one location is optimal, an exhaustive search agrees."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from routing_checks import brute_force_cost, candidates_from

from routing import Candidates, Constraints, CostModel, Order, OrderLine
from routing.batch_lagrangian import lagrangian_proof
from routing.instance import Instance, compile_instance
from routing.lower_bound import alone_costs, alone_units
from routing.pricing import total_cost, violation
from routing.single_source import multi_shipment_bound, settle_single

NOW = datetime(2024, 11, 4, 9, 0, tzinfo=UTC)
BIG_COST = float(np.iinfo(np.int64).max // 8)
COST_MODEL = CostModel(unfilled_cents_per_unit=3_000, protect_cents_per_unit=300)


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    """Small problems whose base costs make one location often, not always, the best."""
    ints = st.integers
    m, n = draw(ints(1, 3)), draw(ints(1, 5))
    lines = tuple(
        OrderLine(f"S{i}", draw(ints(1, 3)), draw(ints(0, 4000)), draw(st.booleans()))
        for i in range(m)
    )
    candidates = Candidates(
        location_ids=tuple(f"L{k}" for k in range(n)),
        skus=tuple(line.sku for line in lines),
        stock=np.array([[draw(ints(0, 4)) for _ in range(m)] for _ in range(n)]),
        lat=np.array([draw(st.floats(47.0, 55.0)) for _ in range(n)]),
        lon=np.array([draw(st.floats(6.0, 15.0)) for _ in range(n)]),
        is_store=np.array([draw(st.booleans()) for _ in range(n)]),
        can_ship=np.ones(n, dtype=bool),
        can_pickup=np.ones(n, dtype=bool),
        capacity_units=np.array([draw(ints(1, 9)) for _ in range(n)], dtype=np.int64),
        base_cost_cents=np.array([draw(ints(0, 1500)) for _ in range(n)], dtype=np.int64),
        unit_cost_cents=np.array([[draw(ints(0, 400)) for _ in range(m)] for _ in range(n)]),
    )
    constraints = Constraints(
        ship_complete=draw(st.booleans()), max_shipments=draw(st.none() | ints(1, 3))
    )
    order = Order("o", lines, (draw(st.floats(47.0, 55.0)), draw(st.floats(6.0, 15.0))), NOW)
    return compile_instance(order, candidates, COST_MODEL, constraints)


def _space(inst: Instance) -> int:
    return math.prod(
        min(int(s), int(q)) + 1 for row in inst.stock for s, q in zip(row, inst.qty, strict=True)
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_a_settled_plan_costs_the_exhaustive_optimum(inst: Instance) -> None:
    assume(_space(inst) <= 5000)
    settled = settle_single(inst)
    assume(settled is not None)
    assert settled is not None
    x, cost = settled
    assert int((x.sum(axis=1) > 0).sum()) <= 1
    assert cost == brute_force_cost(inst)


def _lifted(inst: Instance) -> Instance:
    """`inst` with its cap on shipments lifted, so plans of 2+ shipments exist."""
    return compile_instance(
        inst.order,
        inst.candidates,
        COST_MODEL,
        Constraints(ship_complete=inst.constraints.ship_complete, max_shipments=inst.n),
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_multi_shipment_bound_is_below_every_split_plan(inst: Instance) -> None:
    assume(_space(inst) <= 5000)
    bound = multi_shipment_bound(inst)
    # The cheapest plan with 2+ shipments, by brute force.
    best_split = _best_with_at_least_two(_lifted(inst))
    assume(best_split is not None and inst.max_shipments >= 2)
    assert best_split is not None
    assert bound <= best_split


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_lagrangian_steps_never_prove_more_than_the_cheapest_split_plan(inst: Instance) -> None:
    assume(_space(inst) <= 5000 and inst.n >= 2)
    forced = _lifted(inst)
    best_split = _best_with_at_least_two(forced)
    assume(best_split is not None)
    assert best_split is not None

    def proves(target: int) -> bool:
        cm = forced.cost_model
        return bool(
            lagrangian_proof(
                target=np.array([target]),
                qty=forced.qty,
                starts=np.array([0]),
                price=forced.price.T,
                free=forced.free.T,
                stock=forced.stock.T,
                opening=forced.fixed[None, :],
                eligible=np.ones((1, forced.n), dtype=bool),
                most=np.array([forced.n]),
                protect_cents=cm.protect_cents_per_unit,
                unfilled_cents=(
                    None if forced.constraints.ship_complete else cm.unfilled_cents_per_unit
                ),
                split_cents=cm.split_penalty_cents,
            )[0]
        )

    # Valid: nothing above the cheapest plan of two or more shipments is ever proven.
    assert not proves(best_split + 1)
    # The steps start from the cheap bound, so they prove at least what it proves.
    assert proves(math.floor(multi_shipment_bound(forced)))


def _best_with_at_least_two(inst: Instance) -> int | None:
    cm, m = inst.cost_model, inst.qty.size
    complete = inst.constraints.ship_complete
    best: int | None = None
    ranges = [
        range(min(int(s), int(q)) + 1)
        for row in inst.stock
        for s, q in zip(row, inst.qty, strict=True)
    ]
    for flat in itertools.product(*ranges):
        x = np.array(flat, dtype=np.int64).reshape(inst.n, m)
        served = x.sum(axis=0)
        used = x.sum(axis=1) > 0
        if (served > inst.qty).any() or (complete and (served < inst.qty).any()):
            continue
        if used.sum() < 2 or (x.sum(axis=1) > inst.capacity).any():
            continue
        if ((x > 0).sum(axis=0)[~inst.splittable] > 1).any():
            continue
        cost = int(inst.fixed[used].sum()) + cm.split_penalty_cents * (int(used.sum()) - 1)
        cost += int((x * inst.price).sum())
        cost += int(np.maximum(x - inst.free, 0).sum()) * cm.protect_cents_per_unit
        cost += int((inst.qty - served).sum()) * cm.unfilled_cents_per_unit
        best = cost if best is None else min(best, cost)
    return best


def test_a_nearby_store_with_everything_is_settled_and_a_split_is_not() -> None:
    near = {"id": "near", "lat": 52.52, "lon": 13.40, "stock": {"A": 3, "B": 3}}
    far = {"id": "far", "lat": 48.14, "lon": 11.58, "stock": {"A": 3, "B": 3}}
    candidates = candidates_from(("A", "B"), [near, far])
    order = Order("o", (OrderLine("A", 1), OrderLine("B", 1)), (52.50, 13.40), NOW)
    inst = compile_instance(order, candidates, CostModel(), Constraints())
    settled = settle_single(inst)
    assert settled is not None
    assert settled[0][0].tolist() == [1, 1]

    # Each store has one of the two SKUs: no single location can serve, nothing is settled.
    half_a = {"id": "a", "lat": 52.52, "lon": 13.40, "stock": {"A": 3}}
    half_b = {"id": "b", "lat": 52.53, "lon": 13.41, "stock": {"B": 3}}
    split = compile_instance(
        order, candidates_from(("A", "B"), [half_a, half_b]), CostModel(), Constraints()
    )
    assert settle_single(split) is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_alone_is_the_cheapest_plan_of_each_location_within_its_capacity(inst: Instance) -> None:
    alone = alone_costs(inst)
    for k in range(inst.n):
        ranges = [
            range(min(int(s), int(q)) + 1) for s, q in zip(inst.stock[k], inst.qty, strict=True)
        ]
        best: int | None = None
        for units in itertools.product(*ranges):
            x = np.zeros((inst.n, inst.qty.size), dtype=np.int64)
            x[k] = units
            if sum(units) == 0 or violation(inst, x) is not None:
                continue
            cost = total_cost(inst, x)
            best = cost if best is None else min(best, cost)
        served = sum(int(part[k].sum()) for part in alone_units(inst))
        if best is None or (not inst.constraints.ship_complete and served == 0):
            # k serves nothing alone (partial): its fixed cost makes it a bound only.
            continue
        assert alone[k] == best
