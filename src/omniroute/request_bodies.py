"""Request bodies at the edge: parsed, then held to `convert.limits`, before any handler.

grpcio answers a body its deserializer cannot parse with INTERNAL ("Exception deserializing
request!") and logs a traceback, before any interceptor runs. `checked` wraps a handler's
deserializer instead: a body that does not parse, or that breaks a limit, becomes a
`RefusedRequest` and the call goes on. Authentication still comes first, since it never
reads the request; the first handler that reads a field of a `RefusedRequest` gets the
`InvalidRequest` that says why (`UnparsableRequest`, or the limit's `LimitExceeded` with
its field), and `interceptors.ErrorInterceptor` answers it with
INVALID_ARGUMENT like any other. In a client stream each message is checked on its own, so
StreamStockEvents lists a bad message among its rejected batches and goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from omniroute.convert.limits import check_request
from omniroute.errors import InvalidRequest, UnparsableRequest

Deserializer = Callable[[bytes], Any]

#: Messages of these packages are held to `convert.limits` (health and reflection are not).
CHECKED_PACKAGES = ("omniroute.",)


class RefusedRequest:
    """A request refused at the edge; reading any of its fields raises its `error`.

    `parsed` is the message when it parsed but broke a limit: for naming it in a report
    (StreamStockEvents's rejected batches), never for acting on it."""

    __slots__ = ("error", "parsed")

    def __init__(self, error: InvalidRequest, parsed: Any = None) -> None:
        self.error = error
        self.parsed = parsed

    def __getattr__(self, name: str) -> NoReturn:
        raise self.error.with_traceback(None)

    def __repr__(self) -> str:
        return f"RefusedRequest({str(self.error)!r})"


def checked(method: str, deserializer: Deserializer | None) -> Deserializer | None:
    """`deserializer` answering a `RefusedRequest` where it would fail or a limit is broken."""
    if deserializer is None:
        return None
    rpc = method.rsplit("/", 1)[-1]

    def deserialize(body: bytes) -> Any:
        try:
            request = deserializer(body)
        except Exception:
            return RefusedRequest(
                UnparsableRequest(f"the request body of {rpc} does not parse ({len(body)} bytes)")
            )
        if request.DESCRIPTOR.full_name.startswith(CHECKED_PACKAGES):
            try:
                check_request(request)
            except InvalidRequest as exc:
                return RefusedRequest(exc, request)
        return request

    return deserialize
