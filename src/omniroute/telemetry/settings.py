"""`MetricsConfig`: where the Prometheus endpoint listens, and where a process group's
processes leave their samples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from omniroute.errors import ConfigurationError


@dataclass(frozen=True)
class MetricsConfig:
    """`omniroute serve --metrics-port PORT`: /metrics over HTTP on PORT (0 picks one)."""

    port: int
    #: Set in the processes of `serve --processes N`: they write their samples into this
    #: directory (prometheus-client's multiprocess mode) and the parent serves /metrics.
    shared_dir: Path | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ConfigurationError(f"metrics port must be 0..65535, got {self.port}")
