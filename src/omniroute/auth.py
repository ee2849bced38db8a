"""Bearer-token authentication and per-RPC scopes.

A token is sent as ``authorization: Bearer <token>`` metadata and carries one scope; scopes
are ordered ``read < write < admin``. `METHOD_SCOPES` is the one table saying what each RPC
needs; a method missing from it needs ``admin`` (fail closed). Health and reflection need
no token. Tokens come from a file (JSON, TOML or YAML) or from ``$OMNIROUTE_TOKENS``
(``token1:read,token2:write``); only their SHA-256 digests are kept in memory.
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
import hashlib
import json
import logging
import os
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import yaml

from omniroute.errors import ConfigurationError, PermissionDenied, Unauthenticated
from omniroute.interceptors import Behaviour, wrap_handler

TOKENS_ENV = "OMNIROUTE_TOKENS"
log = logging.getLogger("omniroute.auth")


class Scope(enum.IntEnum):
    """What a token may do; a higher scope includes the lower ones."""

    READ = 1
    WRITE = 2
    ADMIN = 3

    @classmethod
    def parse(cls, text: str) -> Scope:
        """`read`, `write` or `admin` (any case), else `ConfigurationError`."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ConfigurationError(f"unknown scope {text!r}: use read, write or admin") from None


_INVENTORY = "/omniroute.v1.InventoryService/"
_ORDERS = "/omniroute.v1.OrderService/"
_CUSTOMERS = "/omniroute.v1.CustomerService/"
_PROMOTIONS = "/omniroute.v1.PromotionService/"
_RETURNS = "/omniroute.v1.ReturnService/"

#: The scope each RPC needs. Add a row per RPC when a servicer is added.
METHOD_SCOPES: dict[str, Scope] = {
    _INVENTORY + "UpsertLocations": Scope.WRITE,
    _INVENTORY + "UpsertSkus": Scope.WRITE,
    _INVENTORY + "ApplyStockEvents": Scope.WRITE,
    _INVENTORY + "StreamStockEvents": Scope.WRITE,
    _INVENTORY + "GetStock": Scope.READ,
    _INVENTORY + "GetAvailability": Scope.READ,
    _INVENTORY + "FindNearby": Scope.READ,
    _INVENTORY + "WatchStock": Scope.READ,
    _INVENTORY + "GetLocation": Scope.READ,
    _INVENTORY + "ListLocations": Scope.READ,
    _INVENTORY + "GetSku": Scope.READ,
    _INVENTORY + "ListSkus": Scope.READ,
    # RouteOrder: read for a dry run; the servicer requires write for anything else.
    _ORDERS + "RouteOrder": Scope.READ,
    _ORDERS + "GetOrder": Scope.READ,
    _ORDERS + "GetOpportunityPrices": Scope.READ,
    _ORDERS + "ShipOrder": Scope.WRITE,
    _ORDERS + "CancelOrder": Scope.WRITE,
    _ORDERS + "RejectShipment": Scope.WRITE,
    _ORDERS + "MarkArrived": Scope.WRITE,
    _ORDERS + "MarkReadyForPickup": Scope.WRITE,
    _ORDERS + "ConfirmCollected": Scope.WRITE,
    _ORDERS + "ListShipments": Scope.READ,
    _ORDERS + "WatchOrders": Scope.READ,
    # UpsertPromotion changes prices for every shopper.
    _PROMOTIONS + "UpsertPromotion": Scope.ADMIN,
    _PROMOTIONS + "IssueCoupon": Scope.WRITE,
    _PROMOTIONS + "QuoteBasket": Scope.READ,
    _PROMOTIONS + "GetPromotion": Scope.READ,
    _PROMOTIONS + "ListPromotions": Scope.READ,
    _CUSTOMERS + "UpsertCustomer": Scope.WRITE,
    _CUSTOMERS + "RecordStorePurchase": Scope.WRITE,
    _CUSTOMERS + "GetCustomer": Scope.READ,
    _CUSTOMERS + "GetLoyalty": Scope.READ,
    _RETURNS + "QuoteReturn": Scope.READ,
    _RETURNS + "RegisterReturn": Scope.WRITE,
    _RETURNS + "MarkHandedToCarrier": Scope.WRITE,
    _RETURNS + "ReceiveReturn": Scope.WRITE,
    _RETURNS + "RefundReturn": Scope.WRITE,
    _RETURNS + "GetReturn": Scope.READ,
}

#: Method prefixes anyone may call without a token.
PUBLIC_PREFIXES = ("/grpc.health.v1.Health/", "/grpc.reflection.")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a token's name (never the token) and its scope."""

    name: str
    scope: Scope


ANONYMOUS_ADMIN = Principal("anonymous (no auth configured)", Scope.ADMIN)
_caller: contextvars.ContextVar[Principal] = contextvars.ContextVar("omniroute_caller")


def current_principal() -> Principal:
    """The caller of the RPC being served (anonymous admin when auth is off)."""
    return _caller.get(ANONYMOUS_ADMIN)


def require_scope(scope: Scope) -> None:
    """Raise `PermissionDenied` unless the caller has `scope`: for RPCs whose need depends
    on the request (e.g. RouteOrder needs write unless it is a dry run)."""
    caller = current_principal()
    if caller.scope < scope:
        raise PermissionDenied(f"this request needs the {scope.name.lower()} scope")


class TokenTable:
    """Known tokens by SHA-256 digest."""

    def __init__(self, tokens: Mapping[str, Scope]) -> None:
        if not tokens:
            raise ConfigurationError("the token list is empty")
        self._by_digest = {
            _digest(token): Principal(f"token#{i}", scope)
            for i, (token, scope) in enumerate(tokens.items(), start=1)
        }

    def __len__(self) -> int:
        return len(self._by_digest)

    def authenticate(self, metadata: Any) -> Principal:
        """The principal of the bearer token in `metadata`, or `Unauthenticated`."""
        values = [v for k, v in (metadata or ()) if k == "authorization"]
        if not values:
            raise Unauthenticated("missing 'authorization: Bearer <token>' metadata")
        kind, _, token = str(values[0]).partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            raise Unauthenticated("the authorization metadata must be 'Bearer <token>'")
        principal = self._by_digest.get(_digest(token.strip()))
        if principal is None:
            raise Unauthenticated("unknown or revoked token")
        return principal

    @classmethod
    def from_env_value(cls, value: str) -> TokenTable:
        """Parse ``token1:read,token2:write``."""
        tokens: dict[str, Scope] = {}
        for item in filter(None, (part.strip() for part in value.split(","))):
            token, sep, scope = item.rpartition(":")
            if not sep or not token:
                raise ConfigurationError(f"${TOKENS_ENV}: {item!r} is not TOKEN:SCOPE")
            tokens[token] = Scope.parse(scope)
        return cls(tokens)

    @classmethod
    def from_file(cls, path: Path) -> TokenTable:
        """Read ``{"tokens": [{"token": ..., "scope": ...}]}`` or ``{token: scope}``
        from a .json, .toml or .yaml/.yml file."""
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigurationError(f"cannot read auth file {path}: {exc}") from exc
        try:
            if path.suffix == ".toml":
                data: Any = tomllib.loads(text)
            elif path.suffix in (".yaml", ".yml"):
                data = yaml.safe_load(text)
            else:
                data = json.loads(text)
        except (ValueError, yaml.YAMLError) as exc:
            raise ConfigurationError(f"auth file {path} is not valid: {exc}") from exc
        return cls(_tokens_from_data(data, path))


def _tokens_from_data(data: Any, path: Path) -> dict[str, Scope]:
    if isinstance(data, dict) and isinstance(data.get("tokens"), list):
        try:
            return {str(e["token"]): Scope.parse(str(e["scope"])) for e in data["tokens"]}
        except (KeyError, TypeError) as exc:
            raise ConfigurationError(f"{path}: each token needs 'token' and 'scope'") from exc
    if isinstance(data, dict) and all(isinstance(v, str) for v in data.values()):
        return {str(token): Scope.parse(scope) for token, scope in data.items()}
    raise ConfigurationError(
        f"{path}: expected {{'tokens': [{{token, scope}}]}} or {{token: scope}}"
    )


def load_tokens(
    auth_file: Path | None, environ: Mapping[str, str] = os.environ
) -> TokenTable | None:
    """The token table from `auth_file`, else ``$OMNIROUTE_TOKENS``, else None (auth off)."""
    if auth_file is not None:
        return TokenTable.from_file(auth_file)
    if environ.get(TOKENS_ENV, "").strip():
        return TokenTable.from_env_value(environ[TOKENS_ENV])
    return None


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class AuthInterceptor(grpc.ServerInterceptor):  # type: ignore[type-arg]
    """Checks the bearer token and the RPC's scope; sets `current_principal` for the call."""

    def __init__(self, tokens: TokenTable, scopes: Mapping[str, Scope] = METHOD_SCOPES) -> None:
        self._tokens = tokens
        self._scopes = scopes

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        method = handler_call_details.method
        handler = continuation(handler_call_details)
        if method.startswith(PUBLIC_PREFIXES):
            return handler
        metadata = handler_call_details.invocation_metadata
        return wrap_handler(handler, method, lambda m, b, s: self._guard(m, b, s, metadata))

    def _guard(
        self, method: str, behaviour: Behaviour, streaming: bool, metadata: Any
    ) -> Behaviour:
        needed = self._scopes.get(method, Scope.ADMIN)

        def admit() -> contextvars.Token[Principal]:
            principal = self._tokens.authenticate(metadata)
            if principal.scope < needed:
                raise PermissionDenied(
                    f"{method.rsplit('/', 1)[-1]} needs the {needed.name.lower()} scope;"
                    f" this token has {principal.scope.name.lower()}"
                )
            return _caller.set(principal)

        if streaming:

            def guarded_stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                token = admit()
                try:
                    yield from behaviour(request, context)
                finally:
                    # A cancelled stream may be closed from another context.
                    with contextlib.suppress(ValueError):
                        _caller.reset(token)

            return guarded_stream

        def guarded(request: Any, context: grpc.ServicerContext) -> Any:
            token = admit()
            try:
                return behaviour(request, context)
            finally:
                _caller.reset(token)

        return guarded
