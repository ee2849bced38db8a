"""No reservation survives a RouteOrder call that returned DEADLINE_EXCEEDED.

Many calls with 5, 20 and 100 ms deadlines (and a few of 2 s) from 16 threads against
`omniroute serve` (a process of its own, batching concurrent orders as it does by default):
most of them run out of time somewhere (queued, solving, waiting to write). Once the server
has stopped (its running calls finished), the open reservations are exactly those of the
calls answered OK."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pytest
from e2e_server import location, sku
from order_messages import route_request
from serve_process import ServeProcess
from sqlalchemy import select

from inventory import schema
from inventory.model import StockModel
from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import inventory_service_pb2_grpc, order_service_pb2_grpc

#: Most calls run out of time; those of 2 s mostly do not, even on a busy machine.
CALLS, THREADS, DEADLINES_S = 600, 16, (0.005, 0.02, 0.1, 0.005, 0.02, 0.1, 2.0)
LOCATIONS, SKUS = 30, [f"S{j}" for j in range(6)]


def plentiful_network(channel: grpc.Channel) -> None:
    """30 stores around Berlin with 1,000 units of each of 6 SKUs: no order runs short."""
    rng = random.Random(3)
    stub = inventory_service_pb2_grpc.InventoryServiceStub(channel)
    stub.UpsertLocations(
        inv.UpsertLocationsRequest(
            locations=[
                location(f"L{i}", 52.52 + rng.gauss(0, 0.2), 13.40 + rng.gauss(0, 0.3))
                for i in range(LOCATIONS)
            ]
        )
    )
    stub.UpsertSkus(inv.UpsertSkusRequest(skus=[sku(s) for s in SKUS]))
    events = [
        inv.StockEvent(
            type=inv.STOCK_EVENT_TYPE_RECEIPT, location_id=f"L{i}", sku_id=s, quantity=1000
        )
        for i in range(LOCATIONS)
        for s in SKUS
    ]
    stub.ApplyStockEvents(inv.ApplyStockEventsRequest(idempotency_key="load", events=events))


def route_in_a_hurry(orders: Any, n: int) -> tuple[str, grpc.StatusCode]:
    """Order `o-<n>` of 1-3 SKUs, under a deadline of 5, 20 or 100 ms, or 2 s."""
    rng = random.Random(n)
    lines = [(s, rng.randint(1, 3)) for s in rng.sample(SKUS, rng.randint(1, 3))]
    order_id = f"o-{n}"
    try:
        orders.RouteOrder(
            route_request(order_id, *lines), timeout=DEADLINES_S[n % len(DEADLINES_S)]
        )
    except grpc.RpcError as error:
        return order_id, error.code()
    return order_id, grpc.StatusCode.OK


def open_reservations(model: StockModel) -> set[str]:
    """The orders that hold stock (held or committed reservations)."""
    with model.read() as conn:
        rows = conn.execute(
            select(schema.reservations.c.order_ref).where(
                schema.reservations.c.status.in_(["held", "committed"])
            )
        )
        return {ref for (ref,) in rows}


@pytest.mark.slow
def test_no_reservation_survives_a_call_that_returned_deadline_exceeded(
    serve_processes: Any, database_url: str
) -> None:
    server: ServeProcess = serve_processes("--database-url", database_url)
    with server.channel() as channel:
        plentiful_network(channel)
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        with ThreadPoolExecutor(THREADS) as pool:
            answers = dict(pool.map(lambda n: route_in_a_hurry(orders, n), range(CALLS)))
    server.stop()  # running calls finish: whatever the server was still writing is written

    codes = Counter(answers.values())
    late = {order for order, code in answers.items() if code is grpc.StatusCode.DEADLINE_EXCEEDED}
    answered = {order for order, code in answers.items() if code is grpc.StatusCode.OK}
    assert len(late) >= CALLS // 10 and answered, codes
    model = StockModel.open(database_url)
    try:
        reserved = open_reservations(model)
        # The server commits only with 20 ms of the deadline left; on a saturated machine
        # the reply of a committed call can still be delayed past the client's deadline
        # (seen: 1 in ~450 late calls). Before the check, a quarter of late calls left
        # a reservation behind.
        assert len(reserved & late) <= max(1, len(late) // 100), sorted(reserved & late)
        assert reserved - late == answered
        assert model.audit().ok
    finally:
        model.close()
