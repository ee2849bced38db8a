"""Metrics and traces are off unless `serve` is told (flags or the environment)."""

from __future__ import annotations

from pathlib import Path

import pytest

from omniroute.cli.main import build_parser
from omniroute.config import ServerConfig
from omniroute.errors import ConfigurationError
from omniroute.telemetry import MetricsConfig
from omniroute.telemetry.tracing import span_exporter, tracing_requested


def config_of(*argv: str, environ: dict[str, str] | None = None) -> ServerConfig:
    args = build_parser().parse_args(["serve", "--database-url", "sqlite:///x.db", *argv])
    return ServerConfig.from_args(args, environ or {})


def test_metrics_and_traces_are_off_by_default() -> None:
    config = config_of()
    assert config.metrics is None and not config.otel


def test_metrics_port_comes_from_the_flag_or_the_environment() -> None:
    assert config_of("--metrics-port", "9464").metrics == MetricsConfig(9464)
    from_env = config_of(environ={"OMNIROUTE_METRICS_PORT": "9100"})
    assert from_env.metrics == MetricsConfig(9100)
    assert config_of("--metrics-port", "0").metrics == MetricsConfig(0)


def test_a_metrics_port_out_of_range_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="metrics port"):
        config_of("--metrics-port", "70000")


def test_metrics_listen_on_loopback_unless_callers_must_authenticate(tmp_path: Path) -> None:
    assert config_of("--host", "0.0.0.0").metrics_host == "127.0.0.1"
    tokens = tmp_path / "tokens.json"
    tokens.write_text('{"a-long-enough-token-for-tests": "read"}')
    secured = config_of("--host", "0.0.0.0", "--auth-file", str(tokens))
    assert secured.auth_enabled and secured.metrics_host == "0.0.0.0"


def test_traces_are_on_with_the_flag_or_the_standard_exporter_variable() -> None:
    assert config_of("--otel").otel
    assert config_of(environ={"OTEL_TRACES_EXPORTER": "console"}).otel
    assert not config_of(environ={"OTEL_TRACES_EXPORTER": "none"}).otel
    assert not tracing_requested({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "true"})


def test_the_exporter_is_the_one_the_environment_names() -> None:
    from opentelemetry.sdk.trace.export import ConsoleSpanExporter

    assert isinstance(span_exporter({"OTEL_TRACES_EXPORTER": "console"}), ConsoleSpanExporter)
    with pytest.raises(ConfigurationError, match="zipkin"):
        span_exporter({"OTEL_TRACES_EXPORTER": "zipkin"})
