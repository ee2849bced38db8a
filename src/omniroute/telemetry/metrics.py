"""`Metrics`: every Prometheus metric the server keeps (docs/service.md, Metrics and traces).

The RPC metrics follow the names of the gRPC ecosystem's Prometheus interceptors
(`grpc_server_handled_total`, `grpc_server_handling_seconds`), so existing dashboards
read them; the others are `omniroute_*`. Gauges say how the processes of
`serve --processes N` add up (`multiprocess_mode`; ignored by a single process).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

#: Seconds; RouteOrder's p99 is around 10 ms, a WatchStock stream lasts minutes.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SOLVE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)
LAG_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 86400.0)
RPC_LABELS = ("grpc_service", "grpc_method")


class Metrics:
    """The metrics, registered in `registry`."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.rpc_handled = Counter(
            "grpc_server_handled",
            "RPCs completed on the server, by method and status code.",
            [*RPC_LABELS, "grpc_code"],
            registry=registry,
        )
        self.rpc_seconds = Histogram(
            "grpc_server_handling_seconds",
            "Time from a call's start to its answer (a stream: to its end), by method.",
            RPC_LABELS,
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.plans = Counter(
            "omniroute_routing_plans",
            "Plans made for orders (re-solves and dry runs included), by strategy and"
            " whether the plan is proven optimal.",
            ["strategy", "proven"],
            registry=registry,
        )
        self.solve_seconds = Histogram(
            "omniroute_routing_solve_seconds",
            "Solver time of one plan, by strategy.",
            ["strategy"],
            buckets=SOLVE_BUCKETS,
            registry=registry,
        )
        self.conflicts = Counter(
            "omniroute_reservation_conflicts",
            "Reservations refused at the write because the stock or dispatch capacity moved"
            " since the plan, or the database broke a lock cycle; by reason"
            " (stock, capacity, lock).",
            ["reason"],
            registry=registry,
        )
        self.retries = Counter(
            "omniroute_route_retries",
            "Orders solved again on fresh stock after a reservation conflict.",
            registry=registry,
        )
        self.batch_size = Histogram(
            "omniroute_route_batch_size",
            "RouteOrder calls planned and written together (1: routed alone).",
            buckets=BATCH_BUCKETS,
            registry=registry,
        )
        self.feed_lag = Histogram(
            "omniroute_stock_feed_lag_seconds",
            "Receive time minus occurred_at of applied stock feed events that carry it.",
            buckets=LAG_BUCKETS,
            registry=registry,
        )
        self.pool_checked_out = Gauge(
            "omniroute_db_pool_checked_out",
            "Database connections in use (checked out of the pool).",
            registry=registry,
            multiprocess_mode="livesum",
        )
        self.pool_size = Gauge(
            "omniroute_db_pool_size",
            "Connections the pool keeps open; more may be opened as overflow.",
            registry=registry,
            multiprocess_mode="livesum",
        )
        self.prices_computed = Gauge(
            "omniroute_lookahead_prices_computed_timestamp_seconds",
            "When the look-ahead prices in use were computed (Unix time; the oldest of the"
            " processes).",
            registry=registry,
            multiprocess_mode="livemin",
        )
        self.prices_solve = Gauge(
            "omniroute_lookahead_solve_seconds",
            "LP solve time of the last look-ahead price refresh.",
            registry=registry,
            multiprocess_mode="livemax",
        )
        self.prices_refresh = Gauge(
            "omniroute_lookahead_refresh_seconds",
            "Whole time (reading, forecast, LP) of the last look-ahead price refresh.",
            registry=registry,
            multiprocess_mode="livemax",
        )
