"""Telemetry: Prometheus metrics and OpenTelemetry traces of the running server.

Both are off by default (`omniroute serve --metrics-port PORT`, `--otel`). The service
reports through one `Telemetry` object built at start-up (`startup.start_telemetry`) and
handed to the parts that work: the RPC interceptor (`rpc_interceptor`), the order router
and its batcher (plans, conflicts, retries, batch sizes; routing and write spans), the
stock feed (lag), the database pool (`pool_use`) and the look-ahead price board. Metric
names and sample queries: docs/service.md, "Metrics and traces".
"""

from omniroute.telemetry.recorder import Telemetry
from omniroute.telemetry.settings import MetricsConfig

__all__ = ["MetricsConfig", "Telemetry"]
