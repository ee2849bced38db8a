"""`TelemetryInterceptor`: each call counted by its status code, timed, and traced.

It is the outermost interceptor, so it sees the status the others settled on: the code a
handler or `ErrorInterceptor` aborted with, OK for an answer, CANCELLED for a call whose
client went away. A call's span continues the trace of the client's `traceparent`
metadata (W3C trace context) and is the parent of the spans its handler opens (routing,
write); a response stream's span is not made current (its handler runs between yields).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import grpc

from omniroute.interceptors import Behaviour, wrap_handler
from omniroute.telemetry.recorder import Telemetry

if TYPE_CHECKING:
    from opentelemetry.trace import Span

Metadata = Sequence[tuple[str, str | bytes]]


class TelemetryInterceptor(grpc.ServerInterceptor):  # type: ignore[type-arg]
    """Reports every call to `telemetry` (its metrics and its tracer)."""

    def __init__(self, telemetry: Telemetry) -> None:
        self.telemetry = telemetry
        # Labelled children by method (and code): a dict read instead of `labels()`.
        self._timers: dict[str, Any] = {}
        self._counters: dict[tuple[str, str], Any] = {}

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        metadata = handler_call_details.invocation_metadata
        return wrap_handler(
            continuation(handler_call_details),
            handler_call_details.method,
            lambda method, behaviour, streaming: self._observed(
                method, behaviour, streaming, metadata
            ),
        )

    def _observed(
        self, method: str, behaviour: Behaviour, streaming: bool, metadata: Metadata
    ) -> Behaviour:
        if streaming:

            def stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                call = _Call(self, method, metadata, current=False)
                try:
                    yield from behaviour(request, context)
                except BaseException:
                    call.finish(context, failed=True)
                    raise
                call.finish(context, failed=False)

            return stream

        def unary(request: Any, context: grpc.ServicerContext) -> Any:
            call = _Call(self, method, metadata, current=True)
            try:
                response = behaviour(request, context)
            except BaseException:
                call.finish(context, failed=True)
                raise
            call.finish(context, failed=False)
            return response

        return unary

    def record(self, method: str, code: str, seconds: float) -> None:
        """Count the call under `code` and time it."""
        metrics = self.telemetry.metrics
        if metrics is None:
            return
        counter = self._counters.get((method, code))
        if counter is None:
            counter = self._counters[method, code] = metrics.rpc_handled.labels(
                *_service_and_method(method), code
            )
        timer = self._timers.get(method)
        if timer is None:
            timer = self._timers[method] = metrics.rpc_seconds.labels(*_service_and_method(method))
        counter.inc()
        timer.observe(seconds)


class _Call:
    """One call in progress: when it started, its span (and the context it made current)."""

    __slots__ = ("interceptor", "method", "started", "span", "token")

    def __init__(
        self, interceptor: TelemetryInterceptor, method: str, metadata: Metadata, current: bool
    ) -> None:
        self.interceptor, self.method = interceptor, method
        self.span: Span | None = None
        self.token: object = None
        tracer = interceptor.telemetry.tracer
        if tracer is not None:
            self.span, self.token = _start_span(tracer, method, metadata, current)
        self.started = time.perf_counter()

    def finish(self, context: grpc.ServicerContext, failed: bool) -> None:
        seconds = time.perf_counter() - self.started
        code = _code(context, failed)
        self.interceptor.record(self.method, code.name, seconds)
        if self.span is not None:
            _end_span(self.span, self.token, code)


def _code(context: grpc.ServicerContext, failed: bool) -> grpc.StatusCode:
    code: grpc.StatusCode | None = getattr(context, "code", lambda: None)()
    if code is not None:
        return code
    if not failed:
        return grpc.StatusCode.OK
    return grpc.StatusCode.CANCELLED if not context.is_active() else grpc.StatusCode.UNKNOWN


def _service_and_method(method: str) -> tuple[str, str]:
    """("omniroute.v1.OrderService", "RouteOrder") of "/omniroute.v1.OrderService/RouteOrder"."""
    service, _, name = method.lstrip("/").rpartition("/")
    return service, name


def _start_span(tracer: Any, method: str, metadata: Metadata, current: bool) -> tuple[Any, Any]:
    from opentelemetry import context, propagate, trace

    carrier = {key: value for key, value in metadata or () if isinstance(value, str)}
    service, name = _service_and_method(method)
    span = tracer.start_span(
        method.lstrip("/"),
        context=propagate.extract(carrier),
        kind=trace.SpanKind.SERVER,
        attributes={"rpc.system": "grpc", "rpc.service": service, "rpc.method": name},
    )
    token = context.attach(trace.set_span_in_context(span)) if current else None
    return span, token


def _end_span(span: Any, token: Any, code: grpc.StatusCode) -> None:
    from opentelemetry import context, trace

    span.set_attribute("rpc.grpc.status_code", code.value[0])
    if code is not grpc.StatusCode.OK:
        span.set_status(trace.Status(trace.StatusCode.ERROR, code.name))
    span.end()
    if token is not None:
        context.detach(token)
