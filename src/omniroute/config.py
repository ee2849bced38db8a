"""`ServerConfig`: every setting of `omniroute serve`, from CLI arguments and the environment."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inventory.database import database_url_from_env
from omniroute.auth import TokenTable, load_tokens
from omniroute.errors import ConfigurationError
from omniroute.lookahead.settings import LookaheadConfig
from omniroute.telemetry.settings import MetricsConfig
from omniroute.telemetry.tracing import tracing_requested

DEFAULT_PORT = 50051
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class TlsFiles:
    """A PEM certificate chain and its private key."""

    cert: Path
    key: Path

    def read(self) -> tuple[bytes, bytes]:
        """(key, cert) bytes, or `ConfigurationError` naming the unreadable file."""
        try:
            return self.key.read_bytes(), self.cert.read_bytes()
        except OSError as exc:
            raise ConfigurationError(f"cannot read TLS file: {exc}") from exc


@dataclass(frozen=True)
class ServerConfig:
    """How to run the gRPC server."""

    database_url: str
    host: str = LOOPBACK
    port: int = DEFAULT_PORT
    workers: int = 16
    tokens: TokenTable | None = None
    tls: TlsFiles | None = None
    load_network: Path | None = None
    grace_s: float = 5.0
    max_watchers: int = 8
    max_concurrent_rpcs: int | None = None
    log_level: str = "INFO"
    #: Server processes sharing the port (SO_REUSEPORT); see `omniroute.process_group`.
    processes: int = 1
    #: Issue birthday coupons of this promotion (hourly, from start-up); None: no job.
    birthday_promotion_id: str | None = None
    #: How many days before a birthday its coupon is issued.
    birthday_lead_days: int = 7
    #: Seconds between sweeps releasing expired checkout holds; 0: no sweep.
    expire_every_s: float = 60.0
    #: Seconds between reads of the stock ledger while someone watches stock.
    watch_poll_s: float = 0.1
    #: Most concurrent RouteOrder calls written in one transaction; 0: each on its own.
    route_batch: int = 16
    #: The strategy of a RouteOrder request that names none.
    strategy: str = "optimal"
    #: The background job pricing stock for `lookahead`; None: off (`lookahead` refused).
    lookahead: LookaheadConfig | None = None
    #: Days a collect order waits at the counter once ready; then its units are released
    #: to the store's stock (swept every `expire_every_s`).
    collect_within_days: float = 7.0
    #: The Prometheus endpoint (`--metrics-port`); None: no metrics.
    metrics: MetricsConfig | None = None
    #: OpenTelemetry traces of RPC -> routing -> write (`--otel`, $OTEL_TRACES_EXPORTER).
    otel: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ConfigurationError(f"port must be 0..65535, got {self.port}")
        if not 1 <= self.processes <= 64:
            raise ConfigurationError(f"processes must be 1..64, got {self.processes}")
        if not 0 <= self.birthday_lead_days <= 60:
            raise ConfigurationError(
                f"birthday lead days must be 0..60, got {self.birthday_lead_days}"
            )
        if not 0 <= self.expire_every_s <= 86_400:
            raise ConfigurationError(
                f"expire every must be 0 (off) to 86400 seconds, got {self.expire_every_s:g}"
            )
        if not 0 < self.watch_poll_s <= 60:
            raise ConfigurationError(
                f"watch poll must be above 0 and at most 60 s, got {self.watch_poll_s:g}"
            )
        if not 0 <= self.route_batch <= 256:
            raise ConfigurationError(f"route batch must be 0 (off) to 256, got {self.route_batch}")
        if self.strategy == "lookahead" and self.lookahead is None:
            raise ConfigurationError("strategy lookahead needs the look-ahead prices (--lookahead)")
        if not 0 < self.collect_within_days <= 365:
            raise ConfigurationError(
                "collect within must be above 0 and at most 365 days,"
                f" got {self.collect_within_days:g}"
            )
        if self.workers < 2:
            raise ConfigurationError(f"workers must be at least 2, got {self.workers}")
        if not 0 <= self.max_watchers < self.workers:
            raise ConfigurationError(
                "max watchers must be below the worker count: each watch holds a worker thread"
            )

    @property
    def auth_enabled(self) -> bool:
        """Whether callers must present a token."""
        return self.tokens is not None

    @property
    def metrics_host(self) -> str:
        """Where /metrics listens: where the gRPC server does (loopback unless auth is on)."""
        return self.host if self.auth_enabled else LOOPBACK

    @classmethod
    def from_args(
        cls, args: argparse.Namespace, environ: Mapping[str, str] = os.environ
    ) -> ServerConfig:
        """Build from `omniroute serve` arguments; the environment fills what they omit."""
        if (args.tls_cert is None) != (args.tls_key is None):
            raise ConfigurationError("give both --tls-cert and --tls-key, or neither")
        strategy = getattr(args, "strategy", None) or environ.get("OMNIROUTE_STRATEGY") or "optimal"
        return cls(
            database_url=database_url_from_env(args.database_url),
            host=args.host or environ.get("OMNIROUTE_HOST") or LOOPBACK,
            port=args.port
            if args.port is not None
            else int(environ.get("OMNIROUTE_PORT") or DEFAULT_PORT),
            workers=args.workers,
            tokens=load_tokens(args.auth_file, environ),
            tls=TlsFiles(args.tls_cert, args.tls_key) if args.tls_cert else None,
            load_network=args.load_network,
            grace_s=args.grace,
            max_watchers=min(args.max_watchers, args.workers - 1),
            max_concurrent_rpcs=getattr(args, "max_concurrent_rpcs", None),
            log_level=args.log_level,
            processes=args.processes
            if getattr(args, "processes", None) is not None
            else int(environ.get("OMNIROUTE_PROCESSES") or 1),
            birthday_promotion_id=getattr(args, "birthday_promotion", None)
            or environ.get("OMNIROUTE_BIRTHDAY_PROMOTION")
            or None,
            birthday_lead_days=getattr(args, "birthday_lead_days", 7),
            expire_every_s=args.expire_every
            if getattr(args, "expire_every", None) is not None
            else float(environ.get("OMNIROUTE_EXPIRE_EVERY") or 60.0),
            route_batch=args.route_batch
            if getattr(args, "route_batch", None) is not None
            else int(environ.get("OMNIROUTE_ROUTE_BATCH") or 16),
            strategy=strategy,
            lookahead=_lookahead(args, strategy),
            collect_within_days=_given(args, "collect_within_days", 7.0),
            metrics=_metrics(args, environ),
            otel=bool(getattr(args, "otel", False)) or tracing_requested(environ),
        )


def _metrics(args: argparse.Namespace, environ: Mapping[str, str]) -> MetricsConfig | None:
    """The Prometheus endpoint: `--metrics-port`, else $OMNIROUTE_METRICS_PORT; else off."""
    port = getattr(args, "metrics_port", None)
    if port is None and environ.get("OMNIROUTE_METRICS_PORT"):
        port = int(environ["OMNIROUTE_METRICS_PORT"])
    return None if port is None else MetricsConfig(port)


def _lookahead(args: argparse.Namespace, strategy: str) -> LookaheadConfig | None:
    """The look-ahead settings: on with `--lookahead` or `--strategy lookahead`."""
    if not (getattr(args, "lookahead", False) or strategy == "lookahead"):
        return None
    defaults = LookaheadConfig()
    return LookaheadConfig(
        theta=_given(args, "lookahead_theta", defaults.theta),
        every_s=_given(args, "lookahead_every", defaults.every_s),
        check_s=min(defaults.check_s, _given(args, "lookahead_every", defaults.every_s)),
        history_days=_given(args, "lookahead_history_days", defaults.history_days),
        horizon_days=_given(args, "lookahead_horizon_days", defaults.horizon_days),
    )


def _given(args: argparse.Namespace, name: str, default: Any) -> Any:
    value = getattr(args, name, None)
    return default if value is None else value
