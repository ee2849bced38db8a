"""`route(..., explain=False)` leaves out the explanation and changes nothing else."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from routing_checks import candidates_from

from routing import Constraints, CostModel, FulfilmentMode, Order, OrderLine, route

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
ROWS = [
    {"id": "berlin", "lat": 52.52, "lon": 13.40, "stock": {"A": 5, "B": 5}},
    {"id": "potsdam", "lat": 52.39, "lon": 13.06, "stock": {"A": 5, "B": 5}},
    {"id": "munich", "lat": 48.14, "lon": 11.58, "stock": {"A": 5}},
]


def test_a_shipped_order_has_runners_up_only_when_explained() -> None:
    candidates = candidates_from(("A", "B"), ROWS)
    order = Order("o", (OrderLine("A", 1), OrderLine("B", 1)), (52.50, 13.38), NOW)
    explained = route(order, candidates, CostModel(), Constraints())
    plain = route(order, candidates, CostModel(), Constraints(), explain=False)
    assert explained.runners_up and explained.runners_up[0].runner_up_id == "potsdam"
    assert plain.runners_up == ()
    assert replace(plain, runners_up=explained.runners_up, solve_ms=0.0) == replace(
        explained, solve_ms=0.0
    )


def test_a_collect_order_lists_nearby_stores_only_when_explained() -> None:
    candidates = candidates_from(("A", "B"), ROWS)
    order = Order(
        "c", (OrderLine("A", 1),), (52.52, 13.40), NOW, mode=FulfilmentMode.COLLECT,
        pickup_location_id="berlin",
    )  # fmt: skip
    explained = route(order, candidates, CostModel(), Constraints(collect_radius_km=40.0))
    plain = route(
        order, candidates, CostModel(), Constraints(collect_radius_km=40.0), explain=False
    )
    assert explained.collect is not None and plain.collect is not None
    assert [a.location_id for a in explained.collect.alternatives] == ["potsdam"]
    assert plain.collect.alternatives == ()
    assert plain.shipments == explained.shipments
    assert plain.total_cents == explained.total_cents
