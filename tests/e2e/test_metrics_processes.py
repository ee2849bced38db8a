"""`serve --processes 2 --metrics-port 0`: one /metrics adds up the calls of both processes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import grpc
import pytest
from metrics_scrape import rpc, scrape, value
from order_network import write_hot_network
from serve_process import ServeProcess

from omniroute.v1 import common_pb2, order_service_pb2_grpc
from omniroute.v1 import order_service_pb2 as pb

CALLS = 6


def metrics_port(process: ServeProcess) -> int:
    """The port of the group's /metrics, from the parent's `metrics` log entry."""
    log = process.workdir / f"serve-{process.starts}.log"
    for line in log.read_text().splitlines():
        entry = json.loads(line) if line.startswith("{") else {}
        if entry.get("message") == "metrics":
            assert entry["shared"] is True
            return int(entry["port"])
    raise AssertionError("no metrics entry in the log")


def route_on_a_new_connection(address: str, n: int) -> None:
    request = pb.RouteOrderRequest(
        order_id=f"mp-{n}",
        idempotency_key=f"mp-{n}",
        lines=[pb.OrderLine(line_id="1", sku_id="HOT-1", quantity=1)],
    )
    request.ship_to.point.CopyFrom(common_pb2.GeoPoint(latitude=52.52, longitude=13.41))
    # A connection of its own, which the kernel may give to either process.
    with grpc.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)]) as ch:
        order_service_pb2_grpc.OrderServiceStub(ch).RouteOrder(request, timeout=30)


@pytest.mark.slow
def test_the_group_serves_one_metrics_endpoint_with_every_process_calls(
    serve_processes: Any, sqlite_url: str, tmp_path: Path
) -> None:
    network = write_hot_network(tmp_path / "net", ["HOT-1"], units_per_store=20)
    server = serve_processes(
        "--database-url", sqlite_url, "--load-network", str(network),
        "--processes", "2", "--metrics-port", "0",
    )  # fmt: skip
    port = metrics_port(server)
    for n in range(CALLS):
        route_on_a_new_connection(server.address, n)
    with server.channel() as channel, pytest.raises(grpc.RpcError):
        order_service_pb2_grpc.OrderServiceStub(channel).GetOrder(
            pb.GetOrderRequest(order_id="nowhere"), timeout=30
        )
    samples = scrape(port)
    assert value(samples, "grpc_server_handled_total", **rpc("RouteOrder", "OK")) == CALLS
    assert value(samples, "grpc_server_handled_total", **rpc("GetOrder", "NOT_FOUND")) == 1
    assert value(samples, "grpc_server_handling_seconds_count", **rpc("RouteOrder")) == CALLS
    assert value(samples, "omniroute_routing_solve_seconds_count", strategy="optimal") >= CALLS
    # Each process keeps its pool: the group's size is the sum of both.
    assert value(samples, "omniroute_db_pool_size") >= 2
    assert ("omniroute_db_pool_checked_out", frozenset()) in samples
