"""`omniroute serve --processes N`: N processes share one port, and SIGTERM stops them all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import grpc
import pytest
from order_network import write_hot_network

from inventory.model import StockModel
from omniroute.v1 import common_pb2, order_service_pb2_grpc
from omniroute.v1 import order_service_pb2 as pb


def start(workdir: Path, database_url: str, processes: int) -> tuple[subprocess.Popen[bytes], dict]:
    """Start the server; its process and its `serving` entry (port, pids) once all serve."""
    network = write_hot_network(workdir / "net", ["HOT-1", "HOT-2"], units_per_store=20)
    log_path = workdir / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMNIROUTE_")}
    command = [sys.executable, "-m", "omniroute.cli.main", "serve", "--port", "0"]
    args = ["--database-url", database_url, "--load-network", str(network)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, *args, "--processes", str(processes)], cwd=workdir, env=env, stderr=log
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for line in log_path.read_text().splitlines():
            entry = json.loads(line)
            if entry.get("message") == "serving" and "processes" in entry:
                return process, entry
        if process.poll() is not None:
            raise RuntimeError(log_path.read_text()[-3000:])
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("the server processes did not start: " + log_path.read_text()[-3000:])


def route(address: str, n: int) -> Any:
    request = pb.RouteOrderRequest(
        order_id=f"proc-{n}",
        idempotency_key=f"proc-{n}",
        lines=[pb.OrderLine(line_id="1", sku_id=f"HOT-{1 + n % 2}", quantity=1)],
    )
    request.ship_to.point.CopyFrom(common_pb2.GeoPoint(latitude=52.52, longitude=13.41))
    # A local subchannel pool: a connection of its own, which the kernel may give to any
    # of the processes.
    options = [("grpc.use_local_subchannel_pool", 1)]
    with grpc.insecure_channel(address, options=options) as channel:
        return order_service_pb2_grpc.OrderServiceStub(channel).RouteOrder(request, timeout=30)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_processes_share_the_port_and_stop_together_on_sigterm(
    database_url: str, tmp_path: Path
) -> None:
    process, serving = start(tmp_path, database_url, processes=2)
    try:
        pids = serving["pids"]
        assert len(set(pids)) == 2 and process.pid not in pids
        address = f"127.0.0.1:{serving['port']}"
        replies = [route(address, n) for n in range(12)]
        assert all(r.order.status == pb.ORDER_STATUS_RESERVED for r in replies)
        assert all(alive(pid) for pid in pids)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    assert not any(alive(pid) for pid in pids)
    model = StockModel.open(database_url)
    try:
        assert model.audit().ok
        reserved = sum(lv.reserved for sku in ("HOT-1", "HOT-2") for lv in model.availability(sku))
        assert reserved == 12
    finally:
        model.close()


def test_when_one_process_dies_the_others_are_stopped(sqlite_url: str, tmp_path: Path) -> None:
    process, serving = start(tmp_path, sqlite_url, processes=2)
    try:
        first, second = serving["pids"]
        os.kill(first, signal.SIGKILL)
        assert process.wait(timeout=60) == 1
        assert not alive(second)
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize("processes", ["0", "65"])
def test_a_process_count_out_of_range_is_refused(processes: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "omniroute.cli.main", "serve", "--processes", processes],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "processes must be 1..64" in result.stderr
