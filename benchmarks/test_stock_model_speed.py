"""Stock model speed: 3-line reservations, bulk load, and the nearby query.

Scale with OMNIROUTE_BENCH_SCALE=full for the published figures (1,000 locations x 50,000
SKUs, 10 million stocked pairs); the default is a small network so CI stays quick.
"""

from __future__ import annotations

import itertools
import os
import random
import resource
from pathlib import Path

import pytest
from stock_network import write_network

from inventory import ReservationLine, StockEvent
from inventory.model import StockModel
from inventory.network_files import load_network
from inventory.reservations import Reserve

FULL = os.environ.get("OMNIROUTE_BENCH_SCALE") == "full"
LOAD_SCALE = (
    dict(locations=1000, skus=50_000, pairs=10_000_000)
    if FULL
    else dict(locations=200, skus=5_000, pairs=200_000)
)


@pytest.fixture(scope="module")
def small_network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_network(
        tmp_path_factory.mktemp("net"), locations=1000, skus=200, pairs=100_000, seed=3
    )


def loaded(url: str, directory: Path) -> StockModel:
    model = StockModel.open(url)
    load_network(model, directory)
    model.apply_events(
        [
            StockEvent("receipt", f"L{i:05d}", f"S{j:06d}", 10**6)
            for i in range(20)
            for j in range(200)
        ]
    )
    return model


def three_line_requests() -> itertools.cycle[Reserve]:
    rng = random.Random(1)
    requests = []
    for _ in range(500):
        pairs = rng.sample([(i, j) for i in range(20) for j in range(200)], 3)
        lines = tuple(ReservationLine(f"L{i:05d}", f"S{j:06d}", 1) for i, j in pairs)
        requests.append(lines)
    return itertools.cycle(Reserve(lines) for lines in requests)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_reserve_three_lines(benchmark, backend, small_network, request):
    url = request.getfixturevalue("postgres_url" if backend == "postgresql" else "sqlite_url")
    model = loaded(url, small_network)
    requests = three_line_requests()
    benchmark.extra_info["lines_per_reservation"] = 3
    benchmark.pedantic(lambda: model.reserve(next(requests)), rounds=300, warmup_rounds=20)
    assert model.audit().ok
    model.close()


def test_nearby_over_1000_locations(benchmark, sqlite_url, small_network):
    model = loaded(sqlite_url, small_network)
    model.location_index()
    rng = random.Random(2)
    points = itertools.cycle(
        [(rng.uniform(47.5, 54.8), rng.uniform(6.0, 14.9)) for _ in range(100)]
    )
    wanted = {f"S{j:06d}": 1 for j in range(3)}
    found = benchmark(lambda: model.nearby(next(points), wanted, radius_km=150))
    assert all(n.distance_km <= 150 for n in found)
    model.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_bulk_load(benchmark, backend, request, tmp_path_factory):
    directory = write_network(tmp_path_factory.mktemp("bulk"), **LOAD_SCALE)
    url = request.getfixturevalue("postgres_url" if backend == "postgresql" else "sqlite_url")
    model = StockModel.open(url)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = benchmark.pedantic(lambda: load_network(model, directory), rounds=1, iterations=1)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    benchmark.extra_info.update(
        stock_rows=result.stock.rows,
        peak_rss_mib=round(peak_mib, 1),
        rss_growth_mib=round((peak_mib * 1024 - before) / 1024, 1),
    )
    assert result.stock.rows == LOAD_SCALE["pairs"]
    model.close()
