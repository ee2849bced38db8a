"""`MetricsEndpoint`: /metrics over HTTP (prometheus-client's server, in a daemon thread)."""

from __future__ import annotations

from pathlib import Path

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.multiprocess import MultiProcessCollector

from omniroute.errors import ConfigurationError


class MetricsEndpoint:
    """Serves `registry` on `host`:`port` (0 picks a free port: see `.port`)."""

    def __init__(self, registry: CollectorRegistry, host: str, port: int) -> None:
        try:
            self._server, self._thread = start_http_server(
                port, addr=host.strip("[]"), registry=registry
            )
        except OSError as exc:
            raise ConfigurationError(f"cannot serve metrics on {host}:{port}: {exc}") from exc
        self.port: int = self._server.server_port

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def shared_registry(directory: Path) -> CollectorRegistry:
    """A registry that adds up the samples the processes of a group leave in `directory`."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(directory))  # type: ignore[no-untyped-call]
    return registry
