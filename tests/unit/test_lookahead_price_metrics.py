"""The look-ahead price board tells the metrics when prices were computed and how long."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

from prometheus_client import CollectorRegistry

from omniroute.lookahead.board import PriceBoard, PriceSet
from omniroute.telemetry import Telemetry
from omniroute.telemetry.metrics import Metrics


def test_publishing_prices_sets_their_time_and_solve_gauges() -> None:
    registry = CollectorRegistry()
    telemetry = Telemetry(Metrics(registry))
    board = PriceBoard()
    board.on_publish.append(telemetry.prices_published)
    computed = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    prices: Any = SimpleNamespace(
        computed_at=computed, refresh_s=0.8, prices=SimpleNamespace(solve_s=0.25)
    )
    board.publish(cast(PriceSet, prices))
    assert board.current is prices

    def gauge(name: str) -> float | None:
        return registry.get_sample_value(name)

    assert gauge("omniroute_lookahead_prices_computed_timestamp_seconds") == computed.timestamp()
    assert gauge("omniroute_lookahead_solve_seconds") == 0.25
    assert gauge("omniroute_lookahead_refresh_seconds") == 0.8
