"""Orders that cannot be routed come back typed; malformed input raises InvalidProblem."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest
from routing_checks import candidates_from

from routing import (
    Constraints,
    InvalidProblem,
    LocationKind,
    Order,
    OrderLine,
    PlanStatus,
    RoutingError,
    UnknownStrategy,
    route,
)

NOW = datetime(2024, 11, 4, 9, 0, tzinfo=UTC)
HOME = (52.52, 13.40)


def order(*lines: OrderLine) -> Order:
    return Order("o", lines or (OrderLine("A", 1),), HOME, NOW)


def test_an_order_nobody_stocks_is_infeasible() -> None:
    plan = route(order(), candidates_from(("A",), [{"id": "x", "stock": {}}]))
    assert plan.status is PlanStatus.INFEASIBLE
    assert "no location has any" in plan.reason


def test_a_radius_that_excludes_every_location_is_infeasible() -> None:
    rows = [{"id": "munich", "lat": 48.14, "lon": 11.58, "stock": {"A": 3}}]
    plan = route(order(), candidates_from(("A",), rows), constraints=Constraints(max_radius_km=50))
    assert plan.status is PlanStatus.INFEASIBLE
    assert "radius" in plan.reason


def test_exhausted_capacity_makes_an_order_infeasible() -> None:
    rows = [{"id": "s", "stock": {"A": 3}, "capacity": 1}]
    plan = route(order(OrderLine("A", 2)), candidates_from(("A",), rows))
    assert plan.status is PlanStatus.INFEASIBLE
    assert plan.reason


def test_warehouses_only_excludes_stores() -> None:
    rows = [{"id": "s", "stock": {"A": 3}}, {"id": "w", "store": False, "stock": {"A": 1}}]
    only = Constraints(allowed_kinds=frozenset({LocationKind.WAREHOUSE}))
    plan = route(order(), candidates_from(("A",), rows), constraints=only)
    assert [s.location_id for s in plan.shipments] == ["w"]


def test_not_enough_units_overall_names_the_sku() -> None:
    rows = [{"id": "s", "stock": {"A": 1}}]
    plan = route(order(OrderLine("A", 2)), candidates_from(("A",), rows))
    assert plan.status is PlanStatus.INFEASIBLE
    assert "'A'" in plan.reason


@pytest.mark.parametrize(
    "lines",
    [
        (OrderLine("A", 0),),
        (OrderLine("A", -1),),
        (OrderLine("A", 1), OrderLine("A", 2)),
        (),
    ],
)
def test_malformed_orders_raise_invalid_problem(lines: tuple[OrderLine, ...]) -> None:
    bad = Order("o", lines, HOME, NOW)
    with pytest.raises(InvalidProblem):
        route(bad, candidates_from(("A",), [{"id": "s", "stock": {"A": 3}}]))


def test_mismatched_array_shapes_raise_invalid_problem() -> None:
    candidates = candidates_from(("A",), [{"id": "s", "stock": {"A": 3}}])
    broken = replace(candidates, lat=np.array([1.0, 2.0]))
    with pytest.raises(InvalidProblem, match="lat"):
        route(order(), broken)


def test_a_naive_timestamp_is_rejected() -> None:
    naive = replace(order(), created_at=datetime(2024, 11, 4, 9, 0))
    with pytest.raises(InvalidProblem, match="timezone"):
        route(naive, candidates_from(("A",), [{"id": "s", "stock": {"A": 3}}]))


def test_an_unknown_strategy_is_a_routing_error() -> None:
    with pytest.raises(UnknownStrategy) as caught:
        route(order(), candidates_from(("A",), [{"id": "s", "stock": {"A": 3}}]), strategy="x")
    assert isinstance(caught.value, RoutingError)
