"""Click & collect stories of DESIGN §1.2."""

from __future__ import annotations

from datetime import UTC, datetime

from routing_checks import candidates_from

from routing import CostModel, FulfilmentMode, Order, OrderLine, PlanStatus, ShipmentKind, route

NOW = datetime(2024, 11, 4, 11, 0, tzinfo=UTC)
SKUS = ("LEATHER-JACKET", "SCARF")
AROUND_THE_CORNER = {"id": "corner", "lat": 52.520, "lon": 13.405}
MODEL = CostModel(cents_per_tonne_km=400, split_penalty_cents=250)


def collect_order() -> Order:
    lines = (OrderLine("LEATHER-JACKET", 1, 1800), OrderLine("SCARF", 1, 200))
    return Order(
        "c-1", lines, (0.0, 0.0), NOW, mode=FulfilmentMode.COLLECT, pickup_location_id="corner"
    )


def test_a_pickup_store_with_everything_reserves_there_and_is_ready_now() -> None:
    rows = [{**AROUND_THE_CORNER, "stock": {"LEATHER-JACKET": 3, "SCARF": 4}}]
    plan = route(collect_order(), candidates_from(SKUS, rows), MODEL)
    assert plan.status is PlanStatus.ROUTED
    assert [(s.location_id, s.kind) for s in plan.shipments] == [("corner", ShipmentKind.PICKUP)]
    assert plan.collect is not None
    assert plan.collect.ready_at == NOW
    assert sum(plan.cost_terms.values()) == plan.total_cents


def test_a_missing_unit_is_transferred_from_the_best_source_and_ready_next_day() -> None:
    rows = [
        {**AROUND_THE_CORNER, "stock": {"LEATHER-JACKET": 3}},
        # The warehouse nearby is the cheapest source of the scarf.
        {"id": "wh-berlin", "lat": 52.45, "lon": 13.30, "store": False, "stock": {"SCARF": 50}},
        {"id": "store-munich", "lat": 48.14, "lon": 11.58, "stock": {"SCARF": 9}},
        # Another store 1.5 km away has everything: offered as an alternative.
        {
            "id": "store-mitte",
            "lat": 52.533,
            "lon": 13.405,
            "stock": {"LEATHER-JACKET": 1, "SCARF": 1},
        },
        {"id": "store-far", "lat": 53.55, "lon": 9.99, "stock": {"LEATHER-JACKET": 1, "SCARF": 1}},
    ]
    plan = route(collect_order(), candidates_from(SKUS, rows), MODEL)
    assert plan.status is PlanStatus.ROUTED
    kinds = {s.location_id: s.kind for s in plan.shipments}
    assert kinds == {"corner": ShipmentKind.PICKUP, "wh-berlin": ShipmentKind.TRANSFER}
    assert plan.collect is not None
    assert [(line.sku, line.qty) for line in plan.collect.reserve_at_pickup] == [
        ("LEATHER-JACKET", 1)
    ]
    assert plan.collect.ready_at == datetime(2024, 11, 5, 10, 0, tzinfo=UTC)
    assert [a.location_id for a in plan.collect.alternatives] == ["store-mitte"]
    assert sum(plan.cost_terms.values()) == plan.total_cents


def test_a_collect_order_nobody_can_supply_is_infeasible_with_a_reason() -> None:
    rows = [{**AROUND_THE_CORNER, "stock": {"LEATHER-JACKET": 1}}]
    plan = route(collect_order(), candidates_from(SKUS, rows), MODEL)
    assert plan.status is PlanStatus.INFEASIBLE
    assert "SCARF" in plan.reason or "no location" in plan.reason


def test_a_store_without_pickup_cannot_be_a_pickup_store() -> None:
    rows = [{**AROUND_THE_CORNER, "pickup": False, "stock": {"LEATHER-JACKET": 1, "SCARF": 1}}]
    plan = route(collect_order(), candidates_from(SKUS, rows), MODEL)
    assert plan.status is PlanStatus.INFEASIBLE
    assert "pickup" in plan.reason
