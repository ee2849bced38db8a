"""What the order router reports: plans (proven or not), conflicts and retries."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import CollectorRegistry

from inventory import ReservationLine
from inventory.model import StockModel
from inventory.reservations import Reserve
from omniroute.orders.commands import RouteOrder
from omniroute.orders.workflow import OrderRouter
from omniroute.telemetry import Telemetry
from omniroute.telemetry.metrics import Metrics
from routing import OrderLine


def order(order_id: str, sku: str, qty: int) -> RouteOrder:
    return RouteOrder(
        order_id=order_id,
        lines=(OrderLine(sku, qty),),
        placed_at=datetime(2026, 11, 23, 9, tzinfo=UTC),
        destination=(52.52, 13.41),
        idempotency_key=f"key-{order_id}",
    )


def test_an_order_that_loses_the_race_counts_a_conflict_and_a_retry(network: StockModel):
    registry = CollectorRegistry()
    router = OrderRouter(network, telemetry=Telemetry(Metrics(registry)))
    solve = router._solve
    rival_done: list[bool] = []

    def solve_then_lose_the_race(command, limit, snapshot):
        plan = solve(command, limit, snapshot)
        if not rival_done:  # between our solve and our reservation, a rival empties MITTE
            network.reserve(Reserve((ReservationLine("MITTE", "JACKET", 5),)))
            rival_done.append(True)
        return plan

    router._solve = solve_then_lose_the_race
    record, _ = router.route(order("o1", "JACKET", 1))
    assert record.shipments[0].location_id == "KREUZBERG"

    def sample(name: str, **labels: str) -> float | None:
        return registry.get_sample_value(name, labels)

    assert sample("omniroute_reservation_conflicts_total", reason="stock") == 1
    assert sample("omniroute_reservation_conflicts_total", reason="lock") is None
    assert sample("omniroute_route_retries_total") == 1
    assert sample("omniroute_routing_plans_total", strategy="optimal", proven="true") == 2
    assert sample("omniroute_routing_solve_seconds_count", strategy="optimal") == 2


def test_an_order_routed_at_once_counts_one_plan_and_no_retry(network: StockModel):
    registry = CollectorRegistry()
    router = OrderRouter(network, telemetry=Telemetry(Metrics(registry)))
    router.route(order("o1", "SCARF", 1))
    assert registry.get_sample_value("omniroute_route_retries_total") == 0
    assert (
        registry.get_sample_value(
            "omniroute_routing_plans_total", {"strategy": "optimal", "proven": "true"}
        )
        == 1
    )
