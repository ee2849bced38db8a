"""Two `omniroute serve` replicas on one PostgreSQL database, 32 clients racing for a few
hot SKUs: no unit is ever oversold, and every order that got OK holds exactly its lines."""

from __future__ import annotations

import random
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import grpc
import pytest
from order_messages import route_request
from order_network import write_hot_network

from inventory.model import StockModel
from omniroute.v1 import order_service_pb2 as pb
from omniroute.v1 import order_service_pb2_grpc

HOT = ["HOT-A", "HOT-B", "HOT-C"]
CLIENTS, ORDERS = 32, 300


def order_lines(n: int) -> list[tuple[str, int]]:
    rng = random.Random(n)
    return [(sku, rng.randint(1, 3)) for sku in rng.sample(HOT, rng.randint(1, 3))]


@pytest.mark.slow
def test_two_replicas_never_oversell_hot_skus(
    serve_processes: Any, postgres_url: str, tmp_path: Path
) -> None:
    network = write_hot_network(tmp_path / "network", HOT, units_per_store=12)
    replicas = [
        serve_processes("--database-url", postgres_url, "--load-network", str(network)),
        serve_processes("--database-url", postgres_url),
    ]
    answers: dict[str, Any] = {}
    failures: Counter[str] = Counter()
    lock = threading.Lock()

    def client(number: int) -> None:
        with replicas[number % 2].channel() as channel:
            stub = order_service_pb2_grpc.OrderServiceStub(channel)
            for n in range(number, ORDERS, CLIENTS):
                order_id = f"race-{n}"
                try:
                    reply = stub.RouteOrder(route_request(order_id, *order_lines(n)), timeout=60)
                except grpc.RpcError as exc:
                    with lock:
                        failures[exc.code().name] += 1
                    continue
                with lock:
                    answers[order_id] = reply.order

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Only running out of stock under the race may fail a call.
    assert set(failures) <= {"FAILED_PRECONDITION"}, failures
    reserved_orders = {i: o for i, o in answers.items() if o.status == pb.ORDER_STATUS_RESERVED}
    assert reserved_orders and len(answers) + sum(failures.values()) == ORDERS
    model = StockModel.open(postgres_url)
    try:
        assert model.audit().ok
        levels = [lv for sku in HOT for lv in model.availability(sku)]
        assert all(0 <= lv.reserved <= lv.on_hand for lv in levels)
        # Demand is several times the stock: the hot SKUs really were fought over.
        assert sum(lv.reserved for lv in levels) >= 0.9 * sum(lv.on_hand for lv in levels)
        held = Counter()
        for order_id, order in reserved_orders.items():
            wanted = Counter({ln.sku_id: ln.quantity for ln in order.lines})
            reservation = model.get_reservation(order.reservation.reservation_id)
            assert reservation.order_ref == order_id
            lines = Counter()
            for line in reservation.lines:
                lines[line.sku_id] += line.qty
                held[(line.location_id, line.sku_id)] += line.qty
            assert lines == wanted, order_id
            assert sorted(
                (ln.location_id, ln.sku_id, ln.quantity) for ln in order.reservation.lines
            ) == sorted((ln.location_id, ln.sku_id, ln.qty) for ln in reservation.lines)
        assert {(lv.location_id, lv.sku_id): lv.reserved for lv in levels if lv.reserved} == held
    finally:
        model.close()
