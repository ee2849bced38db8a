"""The service's own exception tree: failures of the gRPC edge itself.

Domain packages keep their own trees (`inventory.InventoryError`, later
`routing.RoutingError`); `status_mapping` maps every one of them to a status code.

Every class a client can meet carries a stable `reason` (the ErrorInfo reason of its
status, docs/api.md "Errors"); an `InvalidRequest` may name its `field` by its path
(``lines[1].unit_price_cents``), which becomes a BadRequest field violation.

Exception tree (every error this layer raises)::

    ServiceError
    ├── Unauthenticated       no bearer token, or an unknown one
    ├── PermissionDenied      a valid token without the scope the RPC needs
    ├── InvalidRequest        a request the contract rejects: enum _UNSPECIFIED, bad value
    │   ├── MissingField      a required field is empty
    │   ├── LimitExceeded     a value beyond the edge's limits (`convert.limits`)
    │   └── UnparsableRequest a body that does not parse as the RPC's request message
    ├── DeadlineExceeded      the call's deadline passed before the work was done
    ├── ResourceExhausted     too many concurrent streams, or a watcher that cannot keep up
    └── ConfigurationError    bad server settings (token file, TLS files); raised at start-up
"""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every error raised by the service layer."""


class Unauthenticated(ServiceError):
    """The call carries no valid bearer token."""

    reason = "TOKEN_INVALID"


class PermissionDenied(ServiceError):
    """The caller's token lacks the scope this RPC needs."""

    reason = "SCOPE_INSUFFICIENT"


class InvalidRequest(ServiceError):
    """The request breaks the contract (a required field is missing, an enum unset...);
    `field` is the offending field's path when the raiser knows it."""

    reason = "FIELD_INVALID"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class MissingField(InvalidRequest):
    """A required field is empty."""

    reason = "FIELD_REQUIRED"


class LimitExceeded(InvalidRequest):
    """A value is beyond its documented bound (docs/api.md, "Limits")."""

    reason = "LIMIT_EXCEEDED"


class UnparsableRequest(InvalidRequest):
    """The request body does not parse as the RPC's request message."""

    reason = "REQUEST_UNPARSABLE"


class DeadlineExceeded(ServiceError):
    """The call's deadline passed before the server could answer."""

    reason = "DEADLINE_EXCEEDED"


class ResourceExhausted(ServiceError):
    """A server limit was reached (concurrent streams, queue of a slow watcher)."""

    reason = "STREAM_LIMIT_REACHED"


class ConfigurationError(ServiceError):
    """The server's configuration is unusable; found at start-up, never during a call."""
