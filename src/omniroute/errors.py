"""The service's own exception tree: failures of the gRPC edge itself.

Domain packages keep their own trees (`inventory.InventoryError`, later
`routing.RoutingError`); `status_mapping` maps every one of them to a status code.

Exception tree (every error this layer raises)::

    ServiceError
    ├── Unauthenticated       no bearer token, or an unknown one
    ├── PermissionDenied      a valid token without the scope the RPC needs
    ├── InvalidRequest        a request the contract rejects: missing field, enum _UNSPECIFIED
    ├── DeadlineExceeded      the call's deadline passed before the work was done
    ├── ResourceExhausted     too many concurrent streams, or a watcher that cannot keep up
    └── ConfigurationError    bad server settings (token file, TLS files); raised at start-up
"""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every error raised by the service layer."""


class Unauthenticated(ServiceError):
    """The call carries no valid bearer token."""


class PermissionDenied(ServiceError):
    """The caller's token lacks the scope this RPC needs."""


class InvalidRequest(ServiceError):
    """The request breaks the contract (a required field is missing, an enum unset...)."""


class DeadlineExceeded(ServiceError):
    """The call's deadline passed before the server could answer."""


class ResourceExhausted(ServiceError):
    """A server limit was reached (concurrent streams, queue of a slow watcher)."""


class ConfigurationError(ServiceError):
    """The server's configuration is unusable; found at start-up, never during a call."""
