"""`omniroute serve --expire-every`: a checkout hold made through the server runs out and
the server itself gives its units back, with no CLI call."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from order_messages import route_request
from order_network import write_hot_network

from inventory import ReservationStatus
from inventory.model import StockModel
from omniroute.v1 import order_service_pb2 as pb
from omniroute.v1 import order_service_pb2_grpc


def test_the_server_releases_a_hold_once_it_has_expired(
    serve_processes: Any, database_url: str, tmp_path: Path
) -> None:
    network = write_hot_network(tmp_path / "network", ["HOLD-A"], units_per_store=4)
    server = serve_processes(
        "--database-url", database_url, "--load-network", str(network), "--expire-every", "0.2"
    )
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        reply = orders.RouteOrder(route_request("h-1", ("HOLD-A", 3), hold_for_s=1), timeout=30)
    assert reply.order.reservation.status == pb.RESERVATION_STATUS_HELD
    reservation_id = reply.order.reservation.reservation_id
    model = StockModel.open(database_url)
    try:
        deadline = time.monotonic() + 60
        while model.get_reservation(reservation_id).status is ReservationStatus.HELD:
            assert time.monotonic() < deadline, "the hold was not released by the server"
            time.sleep(0.1)
        reservation = model.get_reservation(reservation_id)
        assert reservation.status is ReservationStatus.EXPIRED
        assert [s for s, _ in reservation.history].count(ReservationStatus.EXPIRED) == 1
        assert sum(level.reserved for level in model.availability("HOLD-A")) == 0
        assert model.audit().ok
    finally:
        model.close()
    server.stop()
    log = [json.loads(line) for line in (server.workdir / "serve-1.log").read_text().splitlines()]
    [released] = [entry for entry in log if entry["message"] == "expired holds released"]
    assert released["reservations"] == [reservation_id] and released["count"] == 1
    assert log[-1]["message"] == "stopped"


def test_an_expiry_sweep_of_zero_seconds_is_off(
    serve_processes: Any, sqlite_url: str, tmp_path: Path
) -> None:
    server = serve_processes("--database-url", sqlite_url, "--expire-every", "0")
    server.stop()
    log = [json.loads(line) for line in (server.workdir / "serve-1.log").read_text().splitlines()]
    assert not [entry for entry in log if entry["message"] == "expiry sweep"]
    assert log[-1]["message"] == "stopped"
