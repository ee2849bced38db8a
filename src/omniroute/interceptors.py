"""Server interceptors: the one place where exceptions become statuses (with details).

`ErrorInterceptor` must come before every interceptor that raises, so that it also maps what
the inner ones raise (`auth.AuthInterceptor` raises `Unauthenticated`/`PermissionDenied`);
only `telemetry.rpc_interceptor`, which raises nothing, goes outside it. It
wraps all four handler shapes; for response streams it maps errors raised mid-stream too.
It also gives each handler the checked deserializer of `request_bodies`, so that a body
that does not parse or breaks a limit is answered INVALID_ARGUMENT (after authentication)
instead of grpcio's own INTERNAL. A call the client cancelled while its handler read the
request stream is logged as cancelled (INFO, no trace): nothing is answered to a client
that is gone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import grpc

from omniroute import request_bodies
from omniroute.convert.limits import shorten
from omniroute.errors import DeadlineExceeded
from omniroute.status_details import status_for
from omniroute.status_mapping import status_code_for

log = logging.getLogger("omniroute.rpc")
#: Longest status message sent back; a message quoting a caller's value is cut there.
MAX_STATUS_MESSAGE_CHARS = 500

Behaviour = Callable[[Any, grpc.ServicerContext], Any]
#: Wraps a behaviour: (method name, original behaviour, response streaming?) -> new one.
Wrapper = Callable[[str, Behaviour, bool], Behaviour]

_FACTORIES = {
    (False, False): ("unary_unary", grpc.unary_unary_rpc_method_handler),
    (False, True): ("unary_stream", grpc.unary_stream_rpc_method_handler),
    (True, False): ("stream_unary", grpc.stream_unary_rpc_method_handler),
    (True, True): ("stream_stream", grpc.stream_stream_rpc_method_handler),
}


def wrap_handler(
    handler: grpc.RpcMethodHandler[Any, Any] | None,
    method: str,
    wrapper: Wrapper,
    *,
    check_requests: bool = False,
) -> grpc.RpcMethodHandler[Any, Any] | None:
    """The same handler (shape, (de)serialisers) with its behaviour wrapped; with
    `check_requests` its deserializer refuses bad bodies (`request_bodies.checked`)."""
    if handler is None:
        return None
    shape = (handler.request_streaming, handler.response_streaming)
    attribute, factory = _FACTORIES[shape]
    behaviour: Behaviour = getattr(handler, attribute)
    deserializer = handler.request_deserializer
    return factory(
        wrapper(method, behaviour, handler.response_streaming),
        request_deserializer=(
            request_bodies.checked(method, deserializer) if check_requests else deserializer
        ),
        response_serializer=handler.response_serializer,
    )


class ErrorInterceptor(grpc.ServerInterceptor):  # type: ignore[type-arg]
    """Maps every exception to its status code (see `status_mapping`) and logs each call."""

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        return wrap_handler(
            continuation(handler_call_details),
            handler_call_details.method,
            _mapped,
            check_requests=True,
        )


def _mapped(method: str, behaviour: Behaviour, response_streaming: bool) -> Behaviour:
    if response_streaming:

        def streaming(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            started = time.perf_counter()
            try:
                _check_deadline(context)
                yield from behaviour(request, context)
            except Exception as exc:
                _abort(method, exc, context, started)
            _log_ok(method, started)

        return streaming

    def unary(request: Any, context: grpc.ServicerContext) -> Any:
        started = time.perf_counter()
        try:
            _check_deadline(context)
            response = behaviour(request, context)
        except Exception as exc:
            _abort(method, exc, context, started)
        _log_ok(method, started)
        return response

    return unary


def _check_deadline(context: grpc.ServicerContext) -> None:
    remaining = context.time_remaining()
    if remaining is not None and remaining <= 0:
        raise DeadlineExceeded("the call's deadline passed before it was handled")


def _abort(method: str, exc: Exception, context: grpc.ServicerContext, started: float) -> None:
    if _already_aborted(context):
        raise exc  # a handler called context.abort itself: keep its status
    elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    if _cancelled_by_client(exc, context):
        # Nothing is sent back: the client is gone. Not a bug, so no trace and no INTERNAL.
        log.info("cancelled", extra={"rpc": method, "code": "CANCELLED", "elapsed_ms": elapsed_ms})
        raise exc
    code = status_code_for(exc)
    if code is grpc.StatusCode.INTERNAL:
        log.error(
            "internal error",
            exc_info=exc,
            extra={"rpc": method, "code": code.name, "elapsed_ms": elapsed_ms},
        )
        message = f"internal error ({type(exc).__name__}); see the server log"
        context.abort_with_status(status_for(exc, code, message))
    message = status_message(exc)
    log.info(
        "rejected",
        extra={"rpc": method, "code": code.name, "elapsed_ms": elapsed_ms, "error": message},
    )
    context.abort_with_status(status_for(exc, code, message))


def _cancelled_by_client(exc: Exception, context: grpc.ServicerContext) -> bool:
    """Whether `exc` is grpcio telling the handler that the client cancelled the call (or
    its deadline passed) while the handler read its request stream."""
    return isinstance(exc, grpc.RpcError) and not context.is_active()


def status_message(exc: BaseException) -> str:
    """The message a client gets for `exc`: its text, cut so that no value a caller sent
    comes back whole."""
    return shorten(str(exc) or type(exc).__name__, MAX_STATUS_MESSAGE_CHARS)


def _already_aborted(context: grpc.ServicerContext) -> bool:
    code = getattr(context, "code", lambda: None)()
    return code is not None and code is not grpc.StatusCode.OK


def _log_ok(method: str, started: float) -> None:
    if log.isEnabledFor(logging.DEBUG):
        elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        log.debug("ok", extra={"rpc": method, "code": "OK", "elapsed_ms": elapsed_ms})
