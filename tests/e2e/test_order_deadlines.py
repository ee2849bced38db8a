"""RouteOrder under the caller's deadline: the solver gets what is left of it."""

from __future__ import annotations

from typing import Any

import grpc
import numpy as np
import pytest
from e2e_server import ServerHandle, StartServer, location, sku
from order_messages import route_request

from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import inventory_service_pb2_grpc, order_service_pb2_grpc
from omniroute.v1 import order_service_pb2 as pb

LOCATIONS, SKUS = 150, [f"S{j}" for j in range(12)]


def scattered_network(channel: grpc.Channel) -> None:
    """150 stores around Berlin, each with a unit or two of a few SKUs: an order of 3 units
    of each of 12 SKUs needs many parcels, and proving the best split takes the optimiser
    seconds."""
    rng = np.random.default_rng(7)
    shape = (LOCATIONS, len(SKUS))
    stock = (rng.random(shape) < 0.3) * rng.integers(1, 3, shape)
    lats = 52.52 + rng.normal(0, 0.3, LOCATIONS)
    lons = 13.40 + rng.normal(0, 0.5, LOCATIONS)
    stub = inventory_service_pb2_grpc.InventoryServiceStub(channel)
    stub.UpsertLocations(
        inv.UpsertLocationsRequest(
            locations=[location(f"L{i}", lats[i], lons[i]) for i in range(LOCATIONS)]
        )
    )
    stub.UpsertSkus(inv.UpsertSkusRequest(skus=[sku(s) for s in SKUS]))
    events = [
        inv.StockEvent(
            type=inv.STOCK_EVENT_TYPE_RECEIPT,
            location_id=f"L{i}",
            sku_id=SKUS[j],
            quantity=int(stock[i, j]),
        )
        for i in range(LOCATIONS)
        for j in range(len(SKUS))
        if stock[i, j]
    ]
    stub.ApplyStockEvents(inv.ApplyStockEventsRequest(idempotency_key="load", events=events))


@pytest.fixture
def orders(running_server: StartServer, database_url: str) -> Any:
    server: ServerHandle = running_server(database_url)
    with server.channel() as channel:
        scattered_network(channel)
        yield order_service_pb2_grpc.OrderServiceStub(channel)


def test_a_call_near_its_deadline_gets_the_best_plan_found_in_time(orders):
    hard = route_request("o-1", *((s, 3) for s in SKUS), dry_run=True)
    reply = orders.RouteOrder(hard, timeout=0.3)
    plan = reply.order.plan
    assert plan.status == pb.PLAN_STATUS_COMPLETE
    assert not plan.proven_optimal and plan.lower_bound_cents < plan.total_cost_cents
    assert plan.solve_time.ToMilliseconds() < 300


def test_with_time_to_spare_the_same_order_is_planned_at_least_as_well(orders):
    hard = route_request("o-1", *((s, 3) for s in SKUS), dry_run=True)
    rushed = orders.RouteOrder(hard, timeout=0.3).order.plan
    relaxed = orders.RouteOrder(hard, timeout=30).order.plan
    assert relaxed.total_cost_cents <= rushed.total_cost_cents
    assert relaxed.solve_time.ToMilliseconds() > rushed.solve_time.ToMilliseconds()


def test_a_call_whose_deadline_is_gone_is_deadline_exceeded_and_reserves_nothing(orders):
    with pytest.raises(grpc.RpcError) as raised:
        orders.RouteOrder(route_request("o-1", *((s, 3) for s in SKUS)), timeout=0.001)
    assert raised.value.code() is grpc.StatusCode.DEADLINE_EXCEEDED
    with pytest.raises(grpc.RpcError) as raised:
        orders.GetOrder(pb.GetOrderRequest(order_id="o-1"), timeout=10)
    assert raised.value.code() is grpc.StatusCode.NOT_FOUND
