"""`omniroute serve`: run the gRPC server until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from inventory import InventoryError
from omniroute.cli import client
from omniroute.config import ServerConfig
from omniroute.errors import ConfigurationError
from omniroute.logging_setup import configure_logging


def register(subparsers: Any) -> None:
    """Add the `serve` command, and `client` (its counterpart, see `cli.client`)."""
    client.register(subparsers)
    parser = subparsers.add_parser("serve", help="run the gRPC server")
    parser.add_argument("--database-url", help="default: $OMNIROUTE_DATABASE_URL or SQLite file")
    parser.add_argument("--host", help="bind address (default 127.0.0.1; $OMNIROUTE_HOST)")
    parser.add_argument("--port", type=int, help="default 50051 ($OMNIROUTE_PORT); 0 picks one")
    parser.add_argument(
        "--load-network", type=Path, metavar="DIR", help="load a network directory first"
    )
    parser.add_argument(
        "--auth-file", type=Path, help="tokens and scopes (.json/.toml/.yaml); or $OMNIROUTE_TOKENS"
    )
    parser.add_argument("--tls-cert", type=Path, help="PEM certificate chain (with --tls-key)")
    parser.add_argument("--tls-key", type=Path, help="PEM private key (with --tls-cert)")
    parser.add_argument("--workers", type=int, default=16, help="worker threads (default 16)")
    parser.add_argument(
        "--processes",
        type=int,
        help="server processes sharing the port (default 1; $OMNIROUTE_PROCESSES)",
    )
    parser.add_argument(
        "--max-watchers", type=int, default=8, help="concurrent WatchStock streams (default 8)"
    )
    parser.add_argument(
        "--max-concurrent-rpcs",
        type=int,
        help="calls in progress beyond this get RESOURCE_EXHAUSTED (default: no limit)",
    )
    parser.add_argument(
        "--grace", type=float, default=5.0, help="seconds running calls get on shutdown"
    )
    parser.add_argument(
        "--birthday-promotion",
        metavar="PROMOTION_ID",
        help="issue personal coupons of this promotion before customers' birthdays, hourly"
        " ($OMNIROUTE_BIRTHDAY_PROMOTION; only customers with marketing consent)",
    )
    parser.add_argument(
        "--birthday-lead-days",
        type=int,
        default=7,
        help="days before the birthday its coupon is issued (default 7)",
    )
    parser.add_argument(
        "--expire-every",
        type=float,
        metavar="SECONDS",
        help="release expired checkout holds at start and every SECONDS (default 60;"
        " 0 turns the sweep off; $OMNIROUTE_EXPIRE_EVERY)",
    )
    parser.add_argument(
        "--collect-within-days",
        type=float,
        metavar="DAYS",
        help="days a click & collect order waits at the counter once ready (default 7); then"
        " its units are released to the store's stock, swept as often as --expire-every",
    )
    parser.add_argument(
        "--route-batch",
        type=int,
        metavar="N",
        help="write up to N concurrent RouteOrder calls in one transaction on one stock"
        " snapshot (default 16; 0 writes each on its own; $OMNIROUTE_ROUTE_BATCH)",
    )
    parser.add_argument(
        "--strategy",
        help="strategy of a RouteOrder that names none (default optimal; $OMNIROUTE_STRATEGY);"
        " lookahead turns on --lookahead",
    )
    parser.add_argument(
        "--lookahead",
        action="store_true",
        help="compute opportunity prices in the background for the lookahead strategy",
    )
    parser.add_argument(
        "--lookahead-theta", type=float, help="weight of the opportunity prices (default 0.7)"
    )
    parser.add_argument(
        "--lookahead-every",
        type=float,
        metavar="SECONDS",
        help="seconds between two price solves (default 300; a large stock change solves at once)",
    )
    parser.add_argument(
        "--lookahead-history-days",
        type=int,
        help="days of stored orders the demand forecast learns from (default 28)",
    )
    parser.add_argument(
        "--lookahead-horizon-days",
        type=float,
        help="days ahead the prices look (default 2)",
    )
    parser.add_argument(
        "--metrics-port",
        type=int,
        metavar="PORT",
        help="serve Prometheus metrics at http://HOST:PORT/metrics (default off; 0 picks a"
        " port; $OMNIROUTE_METRICS_PORT); with --processes one endpoint adds them all up",
    )
    parser.add_argument(
        "--otel",
        action="store_true",
        help="export OpenTelemetry traces of RPC, routing and write (OTLP if its exporter is"
        " installed, else the console; or set $OTEL_TRACES_EXPORTER)",
    )
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING, ERROR")
    parser.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    # Imported here: the server pulls in grpc and the servicers, other commands need neither.
    from omniroute.server import serve

    configure_logging(args.log_level)
    try:
        return serve(ServerConfig.from_args(args))
    except (ConfigurationError, InventoryError) as exc:
        logging.getLogger("omniroute.server").error("cannot start: %s", exc)
        print(f"error: {exc}", file=sys.stderr)
        return 2
