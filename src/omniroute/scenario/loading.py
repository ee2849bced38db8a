"""Load a whole scenario: its YAML file, its network and its event stream."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from omniroute.scenario.network import Network, read_network
from omniroute.scenario.spec import ScenarioSpec, load_spec
from omniroute.scenario.stream import (
    Arrivals,
    Stream,
    build_stream,
    read_arrivals,
    read_orders,
)


@dataclass(frozen=True, eq=False)
class Scenario:
    """A checked scenario, ready to replay."""

    spec: ScenarioSpec
    network: Network
    stream: Stream
    history: Stream | None = None  # orders before the replay (the `history` table)
    forecast: Stream | None = None  # orders expected during the replay (`forecast` table)


def load_scenario(path: Path | str) -> Scenario:
    """Read and check the scenario file and every table; raises `InvalidScenario`."""
    spec = load_spec(path)
    t = spec.tables
    network = read_network(t["locations"], t["skus"], t["stock"])
    orders = read_orders(t["orders"], network)
    returns = read_arrivals(t.get("returns"), network, returns=True)
    replenishments = read_arrivals(t.get("replenishments"), network, returns=False)
    none = Arrivals.empty()
    history, forecast = (
        build_stream(read_orders(t[name], network), network, none, none) if name in t else None
        for name in ("history", "forecast")
    )
    stream = build_stream(orders, network, returns, replenishments)
    return Scenario(spec, network, stream, history, forecast)
