"""Small problems whose optimum is known to the cent."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from routing_checks import assert_feasible, candidates_from

from routing import Constraints, CostModel, Order, OrderLine, PlanStatus, Zone, route

NOW = datetime(2024, 11, 4, 9, 0, tzinfo=UTC)
SKUS = ("JACKET", "SCARF", "BELT")
# No distance cost and no protection: every cent below is base, handling, split, unit cost.
FLAT = CostModel(
    base_cents_per_shipment=500,
    cents_per_tonne_km=0,
    handling_cents_per_unit=100,
    split_penalty_cents=300,
    protect_below_units=0,
)
HOME = (52.52, 13.40)


def three_line_order() -> Order:
    return Order("o-1", tuple(OrderLine(sku, 1) for sku in SKUS), HOME, NOW)


def near_stores_and_a_far_one(far_unit_cost: int) -> list[dict[str, object]]:
    return [
        {"id": "near-1", "lat": 52.52, "lon": 13.41, "stock": {"JACKET": 1}},
        {"id": "near-2", "lat": 52.53, "lon": 13.40, "stock": {"SCARF": 1}},
        {"id": "near-3", "lat": 52.51, "lon": 13.39, "stock": {"BELT": 1}},
        {
            "id": "far-all",
            "lat": 48.14,
            "lon": 11.58,
            "stock": dict.fromkeys(SKUS, 5),
            "unit_cost": dict.fromkeys(SKUS, far_unit_cost),
        },
    ]


def test_one_store_with_everything_beats_the_nearest_stores_split_three_ways() -> None:
    candidates = candidates_from(SKUS, near_stores_and_a_far_one(far_unit_cost=0))
    plan = route(three_line_order(), candidates, FLAT)
    assert [s.location_id for s in plan.shipments] == ["far-all"]
    assert plan.total_cents == 500 + 3 * 100
    assert plan.proven_optimal
    nearest = route(three_line_order(), candidates, FLAT, strategy="nearest")
    assert nearest.total_cents == 3 * (500 + 100) + 2 * 300


def test_splitting_wins_when_the_store_with_everything_is_expensive() -> None:
    candidates = candidates_from(SKUS, near_stores_and_a_far_one(far_unit_cost=1000))
    plan = route(three_line_order(), candidates, FLAT)
    assert sorted(s.location_id for s in plan.shipments) == ["near-1", "near-2", "near-3"]
    assert plan.total_cents == 3 * (500 + 100) + 2 * 300
    assert plan.cost_terms["split"] == 600
    assert plan.proven_optimal
    assert_feasible(plan, three_line_order(), candidates, Constraints())


def test_max_shipments_caps_how_far_the_order_is_split() -> None:
    candidates = candidates_from(SKUS, near_stores_and_a_far_one(far_unit_cost=1000))
    one = route(three_line_order(), candidates, FLAT, Constraints(max_shipments=1))
    assert [s.location_id for s in one.shipments] == ["far-all"]
    assert one.total_cents == 500 + 3 * 1100
    # Two parcels: one near store's line, the other two lines from far-all.
    two = route(three_line_order(), candidates, FLAT, Constraints(max_shipments=2))
    assert len(two.shipments) == 2
    assert two.total_cents == (500 + 100) + (500 + 2 * 1100) + 300


def test_an_unsplittable_line_comes_from_one_location_even_if_dearer() -> None:
    order = Order("o-2", (OrderLine("JACKET", 2, splittable=False),), HOME, NOW)
    rows = [
        {"id": "a", "stock": {"JACKET": 1}},
        {"id": "b", "stock": {"JACKET": 1}},
        {"id": "c", "stock": {"JACKET": 2}, "unit_cost": {"JACKET": 700}},
    ]
    candidates = candidates_from(("JACKET",), rows)
    # Split a+b would cost 2 * 600 + 300; c alone is 500 + 2 * 800.
    plan = route(order, candidates, FLAT)
    assert [s.location_id for s in plan.shipments] == ["c"]
    assert plan.total_cents == 2100


def test_each_cost_term_is_priced_to_the_cent() -> None:
    # 1 kg from (0, 0) to (0, 1): 111.195 km; 0.4 c/kg-km -> 44.48 c, zone 100-200 km 200 c.
    model = CostModel(
        base_cents_per_shipment=450,
        cents_per_tonne_km=400,
        zones=(Zone(100.0, 100), Zone(200.0, 200)),
        handling_cents_per_unit=60,
        late_cents_per_day=800,
        protect_below_units=2,
        protect_cents_per_unit=150,
    )
    order = Order(
        "o-3",
        (OrderLine("JACKET", 2, unit_weight_g=1000),),
        (0.0, 1.0),
        datetime(2024, 11, 4, 16, 0, tzinfo=UTC),
        promised_on=date(2024, 11, 5),
    )
    rows = [{"id": "s", "lat": 0.0, "lon": 0.0, "stock": {"JACKET": 3}, "cutoff": 15 * 60}]
    plan = route(order, candidates_from(("JACKET",), rows), model)
    assert dict(plan.cost_terms) == {
        "base": 450,
        # Past the 15:00 cut-off: ships tomorrow, arrives in 2 days, 1 day after the promise.
        "late": 800,
        "split": 0,
        "distance": 2 * 244,
        "handling": 2 * 60,
        "unit_cost": 0,
        # Taking 2 of 3 leaves 1 unit: the second unit takes the store below 2.
        "protect_last_units": 150,
        "unfilled": 0,
    }
    assert plan.total_cents == 2008
    assert plan.shipments[0].arrive_on == date(2024, 11, 6)


def test_partial_fulfilment_leaves_units_unfilled_when_stock_is_short() -> None:
    order = Order("o-4", (OrderLine("JACKET", 3),), HOME, NOW)
    candidates = candidates_from(("JACKET",), [{"id": "a", "stock": {"JACKET": 2}}])
    model = CostModel(cents_per_tonne_km=0, unfilled_cents_per_unit=5000)
    plan = route(order, candidates, model, Constraints(ship_complete=False))
    assert plan.status is PlanStatus.ROUTED
    assert [(u.sku, u.qty) for u in plan.unfilled] == [("JACKET", 1)]
    assert plan.cost_terms["unfilled"] == 5000


def test_the_runner_up_of_a_chosen_location_is_the_best_substitute() -> None:
    rows = near_stores_and_a_far_one(far_unit_cost=0) + [
        {"id": "also-all", "stock": dict.fromkeys(SKUS, 1), "unit_cost": dict.fromkeys(SKUS, 50)}
    ]
    plan = route(three_line_order(), candidates_from(SKUS, rows), FLAT)
    (runner_up,) = plan.runners_up
    assert (runner_up.chosen_id, runner_up.runner_up_id) == ("far-all", "also-all")
    assert runner_up.loses_by_cents == 150


def test_a_tiny_time_limit_returns_a_feasible_unproven_plan() -> None:
    candidates = candidates_from(SKUS, near_stores_and_a_far_one(far_unit_cost=1000))
    plan = route(three_line_order(), candidates, FLAT, time_limit_s=0.0)
    assert plan.status is PlanStatus.ROUTED
    assert not plan.proven_optimal
    assert_feasible(plan, three_line_order(), candidates, Constraints())


@pytest.mark.parametrize("strategy", ["priority", "nearest", "highest_stock", "greedy_cost"])
def test_baselines_never_beat_the_optimum(strategy: str) -> None:
    candidates = candidates_from(SKUS, near_stores_and_a_far_one(far_unit_cost=300))
    best = route(three_line_order(), candidates, FLAT)
    plan = route(three_line_order(), candidates, FLAT, strategy=strategy)
    assert plan.total_cents >= best.total_cents
    assert plan.strategy == strategy
