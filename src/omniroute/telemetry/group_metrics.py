"""/metrics for `serve --processes N`: one endpoint adding up the processes' samples.

The processes share the gRPC port, so a scrape of one of them would see a share of the
calls chosen by the kernel. Instead the parent makes a fresh directory for this server,
starts its processes with `$PROMETHEUS_MULTIPROC_DIR` naming it (prometheus-client's
multiprocess mode: each process writes its samples to memory-mapped files there), serves
/metrics on `--metrics-port` with the sums (gauges: see `Metrics`), and removes the
directory when the group stops. Per-process collectors (CPU, memory) are not available in
this mode.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from omniroute.telemetry.endpoint import MetricsEndpoint, shared_registry
from omniroute.telemetry.settings import MetricsConfig
from omniroute.telemetry.startup import MULTIPROC_DIR_ENV

log = logging.getLogger("omniroute.telemetry")


@contextmanager
def group_metrics(metrics: MetricsConfig | None, host: str) -> Iterator[MetricsConfig | None]:
    """Serve the group's /metrics for as long as the block runs; yields the processes'
    `MetricsConfig` (None when metrics are off). Start the processes inside the block."""
    if metrics is None:
        yield None
        return
    directory = Path(tempfile.mkdtemp(prefix="omniroute-metrics-"))
    previous = os.environ.get(MULTIPROC_DIR_ENV)
    os.environ[MULTIPROC_DIR_ENV] = str(directory)  # inherited by the processes started
    try:
        endpoint = MetricsEndpoint(shared_registry(directory), host, metrics.port)
        try:
            log.info("metrics", extra={"host": host, "port": endpoint.port, "shared": True})
            yield replace(metrics, port=endpoint.port, shared_dir=directory)
        finally:
            endpoint.close()
    finally:
        if previous is None:
            os.environ.pop(MULTIPROC_DIR_ENV, None)
        else:
            os.environ[MULTIPROC_DIR_ENV] = previous
        shutil.rmtree(directory, ignore_errors=True)
