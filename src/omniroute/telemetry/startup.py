"""Starting telemetry for one server process: the metrics (and /metrics), the tracer."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from prometheus_client import CollectorRegistry, ProcessCollector
from sqlalchemy import Engine

from omniroute.errors import ConfigurationError
from omniroute.telemetry.endpoint import MetricsEndpoint
from omniroute.telemetry.metrics import Metrics
from omniroute.telemetry.pool_use import watch_pool
from omniroute.telemetry.recorder import Telemetry
from omniroute.telemetry.settings import MetricsConfig
from omniroute.telemetry.tracing import start_tracing

log = logging.getLogger("omniroute.telemetry")
#: prometheus-client's multiprocess mode: read when it is imported.
MULTIPROC_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"


def start_telemetry(
    engine: Engine, metrics: MetricsConfig | None, otel: bool, host: str
) -> Telemetry:
    """Telemetry as configured (`Telemetry()` when both are off); /metrics served on
    `host` unless this process belongs to a group, whose parent serves it."""
    on_close: list[Callable[[], None]] = []
    tracer = None
    if otel:
        tracer, end_tracing = start_tracing()
        on_close.append(end_tracing)
    if metrics is None:
        return Telemetry(tracer=tracer, on_close=on_close)
    registry = CollectorRegistry()
    if metrics.shared_dir is not None:
        if os.environ.get(MULTIPROC_DIR_ENV) != str(metrics.shared_dir):
            raise ConfigurationError(
                f"a process of a group needs ${MULTIPROC_DIR_ENV}={metrics.shared_dir}"
            )
    else:
        ProcessCollector(registry=registry)  # CPU, memory, open files of this process
    recorder = Metrics(registry)
    watch_pool(engine, recorder)
    telemetry = Telemetry(recorder, tracer, on_close)
    if metrics.shared_dir is None:
        try:
            endpoint = MetricsEndpoint(registry, host, metrics.port)
        except BaseException:
            telemetry.close()
            raise
        telemetry.metrics_port = endpoint.port
        on_close.append(endpoint.close)
        log.info("metrics", extra={"host": host, "port": endpoint.port})
    return telemetry
