"""RouteOrder over gRPC: orders per second and latency with 1, 8 and 32 concurrent clients.

An `omniroute serve` process (or `--processes 2`) on SQLite or PostgreSQL with a generated
200-location network; each client is a thread with its own channel and connection sending
3-line orders (reserve, not dry run) to random German addresses. Figures go to
`benchmark.extra_info`: orders_per_s, p50_ms, p99_ms. Default: 200 orders per case (CI runs
it through scripts/bench); OMNIROUTE_BENCH_SCALE=full sends 2,000.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import numpy as np
import pytest
from stock_network import write_network

from omniroute.v1 import common_pb2, order_service_pb2_grpc
from omniroute.v1 import order_service_pb2 as pb

FULL = os.environ.get("OMNIROUTE_BENCH_SCALE") == "full"
ORDERS = 2000 if FULL else 200
#: Orders of yesterday stored before the look-ahead benchmark (its forecast's history).
HISTORY_ORDERS = 300
LOCATIONS, SKUS = 200, 100


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Every location stocks half the SKUs, with up to 20 units each.
    return write_network(
        tmp_path_factory.mktemp("net"), locations=LOCATIONS, skus=SKUS, pairs=LOCATIONS * 50
    )


@pytest.fixture(params=[1, 2], ids=lambda n: f"{n}proc")
def processes(request: pytest.FixtureRequest) -> int:
    """Server processes sharing the port (`serve --processes N`)."""
    return int(request.param)


@pytest.fixture
def server(database_url: str, network: Path, tmp_path: Path, processes: int) -> Iterator[str]:
    """`omniroute serve` on `database_url` with the network loaded; yields its address."""
    yield from _serve(database_url, network, tmp_path, "--processes", str(processes))


def _serve(database_url: str, network: Path, tmp_path: Path, *extra: str) -> Iterator[str]:
    processes = int(extra[extra.index("--processes") + 1]) if "--processes" in extra else 1
    log_path = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMNIROUTE_")}
    command = [sys.executable, "-m", "omniroute.cli.main", "serve", "--port", "0"]
    args = ["--database-url", database_url, "--load-network", str(network), *extra]
    with log_path.open("wb") as log:
        process = subprocess.Popen([*command, *args], cwd=tmp_path, env=env, stderr=log)
    try:
        yield f"127.0.0.1:{_wait_for_port(process, log_path, processes)}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _wait_for_port(process: subprocess.Popen[bytes], log_path: Path, processes: int = 1) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for line in log_path.read_text().splitlines():
            entry = json.loads(line)
            # With several processes, the parent's line says that every one of them serves.
            if entry.get("message") == "serving" and (processes == 1 or "processes" in entry):
                return int(entry["port"])
        if process.poll() is not None:
            raise RuntimeError(log_path.read_text()[-2000:])
        time.sleep(0.05)
    raise RuntimeError("omniroute serve did not start: " + log_path.read_text()[-3000:])


def order(n: int, strategy: str = "") -> Any:
    rng = random.Random(n)
    request = pb.RouteOrderRequest(
        order_id=f"bench-{n}",
        idempotency_key=f"bench-{n}",
        strategy=strategy,
        lines=[
            pb.OrderLine(line_id=str(i), sku_id=f"S{s:06d}", quantity=1, allow_split=True)
            for i, s in enumerate(rng.sample(range(SKUS), 3), start=1)
        ],
    )
    request.ship_to.point.CopyFrom(
        common_pb2.GeoPoint(latitude=rng.uniform(47.5, 54.8), longitude=rng.uniform(6.0, 14.9))
    )
    return request


def run_clients(address: str, clients: int, first: int) -> dict[str, float]:
    """Send ORDERS orders from `clients` threads; throughput and latency percentiles."""
    taken, elapsed = send(address, clients, [order(first + n) for n in range(ORDERS)], first)
    seconds = [s for _, s in taken]
    return {"orders": len(seconds), "orders_per_s": round(len(seconds) / elapsed, 1)} | (
        percentiles(seconds)
    )


def send(
    address: str, clients: int, requests: list[Any], first: int
) -> tuple[list[tuple[str, float]], float]:
    """Send `requests` from `clients` threads; each call's (strategy, seconds) and the
    elapsed seconds."""
    taken: list[tuple[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        mine = requests[number::clients]
        # Its own connection: channels to one target otherwise share a subchannel, and all
        # clients would reach one process of `serve --processes N`.
        with grpc.insecure_channel(
            address, options=[("grpc.use_local_subchannel_pool", 1)]
        ) as channel:
            stub = order_service_pb2_grpc.OrderServiceStub(channel)
            stub.RouteOrder(order(10_000_000 + first + number), timeout=30)  # warm the channel
            start.wait()
            for request in mine:
                began = time.perf_counter()
                try:
                    stub.RouteOrder(request, timeout=30)
                except grpc.RpcError as exc:
                    with lock:
                        errors.append(exc.code().name)
                    continue
                with lock:
                    taken.append((request.strategy, time.perf_counter() - began))

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    assert not errors, errors[:5]
    return taken, elapsed


def percentiles(seconds: list[float]) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {
        "p50_ms": round(float(np.percentile(ms, 50)), 2),
        "p99_ms": round(float(np.percentile(ms, 99)), 2),
    }


@pytest.mark.parametrize("clients", [1, 8, 32])
def test_route_order_throughput_and_latency(
    benchmark, server: str, clients: int, processes: int
) -> None:
    rounds = iter(range(100))
    results: list[dict[str, float]] = []

    def one_round() -> None:
        results.append(run_clients(server, clients, first=next(rounds) * 1_000_000))

    benchmark.pedantic(one_round, rounds=1, iterations=1)
    benchmark.extra_info.update(results[-1], clients=clients, processes=processes)
    print(f"\n{processes} process(es), {clients} clients: {results[-1]}")


@pytest.fixture
def lookahead_server(database_url: str, network: Path, tmp_path: Path) -> Iterator[str]:
    """`omniroute serve --lookahead` (prices solved every minute) with a day of history."""
    for address in _serve(
        database_url, network, tmp_path, "--lookahead", "--lookahead-every", "60"
    ):
        with grpc.insecure_channel(address) as channel:
            stub = order_service_pb2_grpc.OrderServiceStub(channel)
            yesterday = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
            yesterday -= timedelta(days=1)
            for n in range(HISTORY_ORDERS):
                request = order(50_000_000 + n)
                request.placed_at.FromDatetime(yesterday + timedelta(days=n / HISTORY_ORDERS))
                stub.RouteOrder(request, timeout=30)
                stub.CancelOrder(pb.CancelOrderRequest(order_id=request.order_id), timeout=30)
            deadline = time.monotonic() + 60
            while not (
                shown := stub.GetOpportunityPrices(pb.GetOpportunityPricesRequest())
            ).available:
                assert time.monotonic() < deadline, f"no look-ahead prices: {shown.status}"
                time.sleep(0.5)
        yield address


def test_route_order_latency_with_lookahead(benchmark, lookahead_server: str) -> None:
    """RouteOrder with and without the opportunity prices on one server, 8 clients, the
    two strategies alternating order by order (so both meet the same stock and load): the
    prices are read from memory, so p99 should stay within about 10 % of optimal's."""
    rounds = iter(range(100))
    taken: list[tuple[str, float]] = []

    def one_round() -> None:
        first = 60_000_000 + next(rounds) * 1_000_000
        strategies = ("optimal", "lookahead")
        requests = [order(first + n, strategies[n % 2]) for n in range(2 * ORDERS)]
        taken.extend(send(lookahead_server, 8, requests, first)[0])

    benchmark.pedantic(one_round, rounds=1, iterations=1)
    optimal = percentiles([s for strategy, s in taken if strategy == "optimal"])
    lookahead = percentiles([s for strategy, s in taken if strategy == "lookahead"])
    with grpc.insecure_channel(lookahead_server) as channel:
        shown = order_service_pb2_grpc.OrderServiceStub(channel).GetOpportunityPrices(
            pb.GetOpportunityPricesRequest(page_size=1000)
        )
    benchmark.extra_info.update(
        priced_pairs=len(shown.stock_prices),
        refresh_ms=round(shown.refresh_time.ToTimedelta().total_seconds() * 1000),
        optimal_p50_ms=optimal["p50_ms"],
        optimal_p99_ms=optimal["p99_ms"],
        lookahead_p50_ms=lookahead["p50_ms"],
        lookahead_p99_ms=lookahead["p99_ms"],
        p99_ratio=round(lookahead["p99_ms"] / optimal["p99_ms"], 3),
        p50_ratio=round(lookahead["p50_ms"] / optimal["p50_ms"], 3),
    )
    print(f"\n{benchmark.extra_info}")
