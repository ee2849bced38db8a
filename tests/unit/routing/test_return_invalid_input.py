"""Malformed returns raise one clear `InvalidProblem`; returns nobody can take are results."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from routing import (
    CostModel,
    Disposition,
    InvalidProblem,
    LocationKind,
    PlanStatus,
    ReturnChannel,
    ReturnCondition,
    ReturnCostModel,
    ReturnDestinations,
    ReturnLine,
    ReturnRequest,
    RoutingError,
    UnknownStrategy,
    disposition,
    route_return,
)

DESTINATIONS = ReturnDestinations(
    location_ids=("S1", "W1"),
    skus=("A", "B"),
    is_store=np.array([True, False]),
    lat=np.array([52.52, 52.40]),
    lon=np.array([13.40, 13.10]),
    accepts_returns=np.array([True, True]),
    stock=np.array([[0, 1], [5, 5]], dtype=np.int64),
    target=np.array([[2, 2], [10, 10]], dtype=np.int64),
)
LINE = ReturnLine("A", 1, ReturnCondition.NEW, 2_000, 300, origin_location_id="W1")
POST = ReturnRequest("r", (LINE,), ReturnChannel.POST, customer_point=(52.5, 13.4))


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (replace(POST, lines=()), "request.lines"),
        (replace(POST, lines=(replace(LINE, qty=0),)), "request.lines[0].qty"),
        (replace(POST, lines=(replace(LINE, qty=True),)), "request.lines[0].qty"),
        (replace(POST, lines=(replace(LINE, unit_value_cents=-1),)), "unit_value_cents"),
        (replace(POST, lines=(replace(LINE, unit_value_cents=19.95),)), "unit_value_cents"),
        (replace(POST, lines=(replace(LINE, unit_weight_g=-5),)), "unit_weight_g"),
        (replace(POST, lines=(replace(LINE, condition="broken"),)), "condition"),
        (replace(POST, lines=(replace(LINE, sku="Z"),)), "request.lines[0].sku"),
        (replace(POST, lines=(replace(LINE, origin_location_id="X"),)), "origin_location_id"),
        (replace(POST, customer_point=None), "request.customer_point"),
        (replace(POST, customer_point=(95.0, 13.4)), "request.customer_point"),
        (
            ReturnRequest("r", (LINE,), ReturnChannel.STORE_DROP_OFF),
            "request.drop_off_location_id",
        ),
        (
            ReturnRequest("r", (LINE,), ReturnChannel.STORE_DROP_OFF, drop_off_location_id="X"),
            "request.drop_off_location_id",
        ),
    ],
)
def test_a_malformed_request_names_its_field(request_: ReturnRequest, field: str) -> None:
    with pytest.raises(InvalidProblem, match=field.replace("[", r"\[").replace("]", r"\]")):
        route_return(request_, DESTINATIONS)


@pytest.mark.parametrize(
    ("destinations", "field"),
    [
        (replace(DESTINATIONS, location_ids=("S1", "S1")), "location_ids"),
        (replace(DESTINATIONS, skus=("A", "A")), "skus"),
        (replace(DESTINATIONS, lat=np.array([52.5])), "destinations.lat"),
        (replace(DESTINATIONS, stock=np.array([[1], [1]])), "destinations.stock"),
        (replace(DESTINATIONS, target=np.array([[1, -1], [1, 1]])), "destinations.target"),
        (replace(DESTINATIONS, stock=np.array([[0.5, 1], [1, 1]])), "destinations.stock"),
        (
            replace(DESTINATIONS, handling_cents_per_unit=np.array([-1, 0])),
            "handling_cents_per_unit",
        ),
        (replace(DESTINATIONS, lon=np.array([13.4, 190.0])), "lat/lon"),
    ],
)
def test_malformed_destinations_name_their_field(
    destinations: ReturnDestinations, field: str
) -> None:
    with pytest.raises(InvalidProblem, match=field):
        route_return(POST, destinations)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"below_target_ratio": -1}, "below_target_ratio"),
        ({"at_target_ratio": 0.5}, "at_target_ratio"),
        ({"below_target_ratio": 0, "at_target_ratio": 1}, "at_target_ratio"),
        ({"overstock_ratio": 0}, "overstock_ratio"),
        ({"holding_cents_per_unit": 1.5}, "holding_cents_per_unit"),
    ],
)
def test_a_malformed_cost_model_names_its_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidProblem, match=field):
        ReturnCostModel(**changes)  # type: ignore[arg-type]


def test_an_unknown_strategy_is_refused_before_any_work() -> None:
    with pytest.raises(UnknownStrategy, match="known: nearest, optimal, origin"):
        route_return(POST, replace(DESTINATIONS, lat=np.array([99.0, 0.0])), strategy="cheapest")


def test_the_returns_warehouse_strategy_needs_a_known_returns_location() -> None:
    with pytest.raises(InvalidProblem, match="returns_location_id is required"):
        route_return(POST, DESTINATIONS, strategy="returns_warehouse")
    with pytest.raises(InvalidProblem, match="'X' is not a destination"):
        route_return(POST, DESTINATIONS, strategy="returns_warehouse", returns_location_id="X")


def test_errors_belong_to_the_routing_tree() -> None:
    assert issubclass(InvalidProblem, RoutingError) and issubclass(InvalidProblem, ValueError)
    assert issubclass(UnknownStrategy, KeyError)


def test_a_return_nobody_accepts_is_an_infeasible_plan_with_a_reason() -> None:
    closed = replace(DESTINATIONS, accepts_returns=np.array([False, False]))
    plan = route_return(POST, closed)
    assert plan.status is PlanStatus.INFEASIBLE
    assert plan.reason == "no location accepts returns"
    assert plan.destination_id is None and not plan.lines


def test_a_drop_off_at_a_store_that_takes_no_returns_is_infeasible() -> None:
    no_returns = replace(DESTINATIONS, accepts_returns=np.array([False, True]))
    request = ReturnRequest("r", (LINE,), ReturnChannel.STORE_DROP_OFF, drop_off_location_id="S1")
    plan = route_return(request, no_returns)
    assert plan.status is PlanStatus.INFEASIBLE
    assert plan.reason == "S1 does not accept returns"


def test_a_baseline_whose_location_takes_no_returns_is_infeasible() -> None:
    no_warehouse = replace(DESTINATIONS, accepts_returns=np.array([True, False]))
    plan = route_return(POST, no_warehouse, strategy="origin")
    assert plan.status is PlanStatus.INFEASIBLE
    assert plan.reason == "the location that shipped it (W1) does not accept returns"
    unknown_origin = replace(POST, lines=(replace(LINE, origin_location_id=None),))
    assert (
        "no returned line names"
        in route_return(unknown_origin, DESTINATIONS, strategy="origin").reason
    )


def test_a_huge_drop_off_return_asks_to_be_split() -> None:
    lines = tuple(replace(LINE, qty=200, unit_value_cents=v) for v in (100, 200))
    request = ReturnRequest("r", lines, ReturnChannel.STORE_DROP_OFF, drop_off_location_id="S1")
    with pytest.raises(InvalidProblem, match="keep/forward combinations"):
        route_return(request, DESTINATIONS)


def test_a_large_single_line_drop_off_is_routed_exactly() -> None:
    request = ReturnRequest(
        "r", (replace(LINE, qty=500),), ReturnChannel.STORE_DROP_OFF, drop_off_location_id="S1"
    )
    model = ReturnCostModel(shipping=CostModel(base_cents_per_shipment=100))
    plan = route_return(request, DESTINATIONS, model)
    # Forwarding costs ~3 cents a unit. W1 takes 5 below target and 10 more before it is
    # overstocked (worth 100 each, S1 has only 2 such slots); every other unit overstocks
    # (-150) either way, so S1 keeps them rather than paying to ship them.
    assert [(line.qty, line.kept_at_drop_off) for line in plan.lines] == [(485, True), (15, False)]
    assert plan.destination_id == "W1"


@pytest.mark.parametrize(
    ("condition", "store", "warehouse"),
    [
        (ReturnCondition.NEW, Disposition.RESTOCK, Disposition.RESTOCK),
        (ReturnCondition.OPENED, Disposition.LIQUIDATE, Disposition.RESTOCK),
        (ReturnCondition.DAMAGED, Disposition.LIQUIDATE, Disposition.LIQUIDATE),
        (ReturnCondition.DEFECTIVE, Disposition.SCRAP, Disposition.REFURBISH),
    ],
)
def test_disposition_follows_the_documented_rule(
    condition: ReturnCondition, store: Disposition, warehouse: Disposition
) -> None:
    assert disposition(condition, LocationKind.STORE) is store
    assert disposition(condition, LocationKind.WAREHOUSE) is warehouse
