"""What the look-ahead adds to planning one order in the service: `OrderRouter.plan` (read
the stock snapshot, build candidates, solve) with strategy `optimal` and with `lookahead`
reading its prices from memory, interleaved on one in-process app (no gRPC, no write), on
the RouteOrder benchmark's 200-location network with a day of stored orders as history.
`benchmark.extra_info` holds both strategies' p50/p99 and their ratios; the gRPC benchmark
(`test_route_order_grpc.py`) shows the same over the wire, where the noise of a shared
machine is larger than the difference.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from stock_network import write_network

from omniroute.bootstrap import App, bootstrap
from omniroute.config import ServerConfig
from omniroute.lookahead import LookaheadConfig
from omniroute.orders.commands import RouteOrder
from routing import OrderLine

LOCATIONS, SKUS, HISTORY, ORDERS = 200, 100, 300, 300


def command(n: int, strategy: str, placed_at: datetime, dry_run: bool = True) -> RouteOrder:
    rng = random.Random(n)
    return RouteOrder(
        order_id=f"plan-{n}",
        lines=tuple(OrderLine(f"S{s:06d}", 1) for s in rng.sample(range(SKUS), 3)),
        placed_at=placed_at,
        destination=(rng.uniform(47.5, 54.8), rng.uniform(6.0, 14.9)),
        strategy=strategy,
        dry_run=dry_run,
        idempotency_key=f"plan-{n}",
        time_limit_s=1.0,
    )


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """An app with look-ahead prices computed from yesterday's stored orders."""
    root = tmp_path_factory.mktemp("plan")
    network = write_network(root / "net", locations=LOCATIONS, skus=SKUS, pairs=LOCATIONS * 50)
    config = ServerConfig(
        database_url=f"sqlite:///{root / 'db.sqlite'}",
        port=0,
        load_network=network,
        lookahead=LookaheadConfig(every_s=3600),
        expire_every_s=0,
    )
    app = bootstrap(config)
    assert app.price_job is not None
    app.price_job.stop()
    yesterday = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    yesterday -= timedelta(days=1)
    for n in range(HISTORY):
        at = yesterday + timedelta(days=n / HISTORY)
        app.orders.route(command(1_000_000 + n, "optimal", at, dry_run=False))
    assert app.price_job.refresh() is not None
    yield app
    app.close()


def test_plan_with_lookahead_prices_beside_optimal(benchmark, app: App) -> None:
    taken: dict[str, list[float]] = {"optimal": [], "lookahead": []}

    def one_round() -> None:
        for n in range(ORDERS):
            order = ("optimal", "lookahead") if n % 2 else ("lookahead", "optimal")
            for strategy in order:
                request = command(n, strategy, datetime.now(UTC))
                began = time.perf_counter()
                app.orders.plan(request, 1.0)
                taken[strategy].append(time.perf_counter() - began)

    benchmark.pedantic(one_round, rounds=1, iterations=1)
    figures = {}
    for strategy, seconds in taken.items():
        ms = np.array(seconds) * 1000
        figures[f"{strategy}_p50_ms"] = round(float(np.percentile(ms, 50)), 3)
        figures[f"{strategy}_p99_ms"] = round(float(np.percentile(ms, 99)), 3)
    prices = app.prices.current if app.prices else None
    benchmark.extra_info.update(
        figures,
        p50_ratio=round(figures["lookahead_p50_ms"] / figures["optimal_p50_ms"], 3),
        p99_ratio=round(figures["lookahead_p99_ms"] / figures["optimal_p99_ms"], 3),
        priced_pairs=prices.priced_units() if prices else 0,
    )
    print(f"\n{benchmark.extra_info}")
