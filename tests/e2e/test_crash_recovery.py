"""SIGKILL `omniroute serve` in the middle of routing orders, start it again on the same
database: every answered order is there with its reservation, nothing is half-reserved."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import grpc
import pytest
from e2e_server import wait_until
from order_messages import route_request
from order_network import write_hot_network

from inventory.model import StockModel
from omniroute.v1 import order_service_pb2 as pb
from omniroute.v1 import order_service_pb2_grpc

SKUS = ["CRASH-A", "CRASH-B", "CRASH-C"]
THREADS, KILL_AFTER = 6, 40


def lines_of(n: int) -> list[tuple[str, int]]:
    return [(SKUS[n % 3], 1 + n % 2), (SKUS[(n + 1) % 3], 1)]


@pytest.mark.slow
def test_a_killed_server_loses_no_answered_order_and_leaves_nothing_half_done(
    serve_processes: Any, database_url: str, tmp_path: Path
) -> None:
    network = write_hot_network(tmp_path / "network", SKUS, units_per_store=500)
    server = serve_processes("--database-url", database_url, "--load-network", str(network))
    answered: dict[str, Any] = {}
    unavailable: list[str] = []
    other: Counter[str] = Counter()
    lock = threading.Lock()

    def client(number: int) -> None:
        with server.channel() as channel:
            stub = order_service_pb2_grpc.OrderServiceStub(channel)
            for n in range(number, 100_000, THREADS):
                order_id = f"crash-{n}"
                try:
                    reply = stub.RouteOrder(route_request(order_id, *lines_of(n)), timeout=30)
                except grpc.RpcError as exc:
                    with lock:
                        if exc.code() is grpc.StatusCode.UNAVAILABLE:
                            unavailable.append(order_id)
                        else:
                            other[exc.code().name] += 1
                    return
                with lock:
                    answered[order_id] = reply.order

    threads = [threading.Thread(target=client, args=(c,)) for c in range(THREADS)]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(answered) >= KILL_AFTER, timeout_s=60)
    server.kill()
    for thread in threads:
        thread.join(timeout=60)
    assert not other and len(answered) >= KILL_AFTER

    server.start()  # the same database, no network load this time
    model = StockModel.open(database_url)
    try:
        with server.channel() as channel:
            stub = order_service_pb2_grpc.OrderServiceStub(channel)
            held: Counter[tuple[str, str]] = Counter()
            for order_id, before in answered.items():
                after = stub.GetOrder(pb.GetOrderRequest(order_id=order_id), timeout=10).order
                assert after.status == pb.ORDER_STATUS_RESERVED
                assert after.reservation.reservation_id == before.reservation.reservation_id
                assert_holds_exactly_its_lines(model, after, held)
            for order_id in unavailable:
                try:
                    after = stub.GetOrder(pb.GetOrderRequest(order_id=order_id), timeout=10).order
                except grpc.RpcError as exc:
                    assert exc.code() is grpc.StatusCode.NOT_FOUND
                    continue
                assert_holds_exactly_its_lines(model, after, held)
        assert model.audit().ok
        levels = {
            (lv.location_id, lv.sku_id): lv.reserved
            for sku in SKUS
            for lv in model.availability(sku)
            if lv.reserved
        }
        assert levels == dict(held)  # no unit held by an order that does not exist
    finally:
        model.close()


def assert_holds_exactly_its_lines(
    model: StockModel, order: Any, held: Counter[tuple[str, str]]
) -> None:
    reservation = model.get_reservation(order.reservation.reservation_id)
    assert reservation.order_ref == order.order_id
    wanted = Counter({ln.sku_id: ln.quantity for ln in order.lines})
    got: Counter[str] = Counter()
    for line in reservation.lines:
        got[line.sku_id] += line.qty
        held[(line.location_id, line.sku_id)] += line.qty
    assert got == wanted, order.order_id
