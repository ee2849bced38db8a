"""OpenTelemetry tracing: a tracer provider of our own and its span exporter.

On with `serve --otel` or the standard `$OTEL_TRACES_EXPORTER` (`otlp`, `console`; `none`
is off). `otlp` needs an OTLP exporter package (`opentelemetry-exporter-otlp-proto-grpc`,
or `-proto-http` with `$OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`), which then reads its
own `$OTEL_EXPORTER_OTLP_*` settings; with `--otel` alone spans go to OTLP when such a
package is installed, else to the console (stdout). `$OTEL_SERVICE_NAME` and
`$OTEL_RESOURCE_ATTRIBUTES` name the service (default `omniroute`).

The provider is not made the global one: spans are opened through `Telemetry` only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from omniroute.errors import ConfigurationError

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter
    from opentelemetry.trace import Tracer

SERVICE_NAME = "omniroute"


def tracing_requested(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the standard environment asks for traces ($OTEL_TRACES_EXPORTER)."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return environ.get("OTEL_TRACES_EXPORTER", "").strip().lower() not in ("", "none")


def start_tracing() -> tuple[Tracer, Callable[[], None]]:
    """A tracer exporting in batches to `span_exporter()`, and what ends it (flushes)."""
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    named = {} if os.environ.get("OTEL_SERVICE_NAME") else {"service.name": SERVICE_NAME}
    provider = TracerProvider(resource=Resource.create(named))
    provider.add_span_processor(BatchSpanProcessor(span_exporter()))
    return provider.get_tracer("omniroute"), provider.shutdown


def span_exporter(environ: Mapping[str, str] = os.environ) -> SpanExporter:
    """The exporter $OTEL_TRACES_EXPORTER names (default: OTLP if installed, else console)."""
    from opentelemetry.sdk.trace.export import ConsoleSpanExporter

    choice = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if choice in ("", "none", "otlp"):
        otlp = _otlp_exporter(environ)
        if otlp is not None:
            return otlp
        if choice == "otlp":
            raise ConfigurationError(
                "OTEL_TRACES_EXPORTER=otlp needs opentelemetry-exporter-otlp-proto-grpc"
                " (or -proto-http) installed"
            )
        return ConsoleSpanExporter()
    if choice == "console":
        return ConsoleSpanExporter()
    raise ConfigurationError(f"OTEL_TRACES_EXPORTER {choice!r} is not supported: otlp or console")


def _otlp_exporter(environ: Mapping[str, str]) -> SpanExporter | None:
    protocol = (
        environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        or environ.get("OTEL_EXPORTER_OTLP_PROTOCOL")
        or "grpc"
    )
    try:
        if protocol.startswith("http"):
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
                OTLPSpanExporter as HttpExporter,
            )

            return HttpExporter()  # type: ignore[no-any-return]
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (
            OTLPSpanExporter as GrpcExporter,
        )

        return GrpcExporter()  # type: ignore[no-any-return]
    except ImportError:
        return None
