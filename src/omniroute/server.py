"""The gRPC server: servicers, interceptors, health, reflection, TLS, bounded shutdown.

To add a service: write its servicer under `omniroute.services`, add a registrar (a
function `(server, app) -> full service name`) to `SERVICE_REGISTRARS`, its RPCs to
`auth.METHOD_SCOPES` and its exceptions to `status_mapping.STATUS_CODES`.
"""

from __future__ import annotations

import gc
import logging
import signal
import threading
from collections.abc import Callable
from concurrent import futures
from types import FrameType

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from omniroute.auth import AuthInterceptor
from omniroute.bootstrap import App, bootstrap
from omniroute.config import LOOPBACK, ServerConfig
from omniroute.errors import ConfigurationError
from omniroute.interceptors import ErrorInterceptor
from omniroute.services.customer_service import SERVICE_NAME as CUSTOMERS
from omniroute.services.customer_service import CustomerServicer
from omniroute.services.inventory_service import SERVICE_NAME as INVENTORY
from omniroute.services.inventory_service import InventoryServicer
from omniroute.services.order_service import SERVICE_NAME as ORDERS
from omniroute.services.order_service import OrderServicer
from omniroute.services.promotion_service import SERVICE_NAME as PROMOTIONS
from omniroute.services.promotion_service import PromotionServicer
from omniroute.services.return_service import SERVICE_NAME as RETURNS
from omniroute.services.return_service import ReturnServicer
from omniroute.shutdown import EXIT_FORCED, WORKER_THREAD_PREFIX, exit_now, shutdown
from omniroute.telemetry.rpc_interceptor import TelemetryInterceptor
from omniroute.v1 import (
    customer_service_pb2_grpc,
    inventory_service_pb2_grpc,
    order_service_pb2_grpc,
    promotion_service_pb2_grpc,
    return_service_pb2_grpc,
)

log = logging.getLogger("omniroute.server")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
MAX_MESSAGE_BYTES = 16 * 1024 * 1024

Registrar = Callable[[grpc.Server, App], str]


def _add_inventory(server: grpc.Server, app: App) -> str:
    servicer = InventoryServicer(app.model, app.watch, app.telemetry)
    inventory_service_pb2_grpc.add_InventoryServiceServicer_to_server(servicer, server)
    return INVENTORY


def _add_orders(server: grpc.Server, app: App) -> str:
    servicer = OrderServicer(
        app.orders,
        app.route_time_limit_s,
        app.order_intake,
        default_strategy=app.default_strategy,
        price_job=app.price_job,
        order_watch=app.order_watch,
        collect_within=app.collect_within,
    )
    order_service_pb2_grpc.add_OrderServiceServicer_to_server(servicer, server)
    return ORDERS


def _add_customers(server: grpc.Server, app: App) -> str:
    servicer = CustomerServicer(app.customers, app.model)
    customer_service_pb2_grpc.add_CustomerServiceServicer_to_server(servicer, server)
    return CUSTOMERS


def _add_promotions(server: grpc.Server, app: App) -> str:
    servicer = PromotionServicer(app.promotions, app.customer_links)
    promotion_service_pb2_grpc.add_PromotionServiceServicer_to_server(servicer, server)
    return PROMOTIONS


#: Every omniroute service the server exposes.
def _add_returns(server: grpc.Server, app: App) -> str:
    return_service_pb2_grpc.add_ReturnServiceServicer_to_server(ReturnServicer(app.returns), server)
    return RETURNS


SERVICE_REGISTRARS: tuple[Registrar, ...] = (
    _add_inventory,
    _add_orders,
    _add_promotions,
    _add_returns,
    _add_customers,
)


def create_server(config: ServerConfig, app: App) -> tuple[grpc.Server, int]:
    """A started server for `app` and the port it listens on (useful with port 0)."""
    interceptors: list[grpc.ServerInterceptor] = [ErrorInterceptor()]  # type: ignore[type-arg]
    if config.tokens is not None:
        interceptors.append(AuthInterceptor(config.tokens))
    if app.telemetry.enabled:
        # Outermost: it counts and traces a call with the status the others settled on.
        interceptors.insert(0, TelemetryInterceptor(app.telemetry))
    server = grpc.server(
        futures.ThreadPoolExecutor(
            max_workers=config.workers, thread_name_prefix=WORKER_THREAD_PREFIX
        ),
        interceptors=interceptors,
        maximum_concurrent_rpcs=config.max_concurrent_rpcs,
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ],
    )
    names = [register(server, app) for register in SERVICE_REGISTRARS]
    health_servicer = health.HealthServicer(
        experimental_non_blocking=True,
        experimental_thread_pool=futures.ThreadPoolExecutor(max_workers=1),
    )
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ["", *names]:
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    app.on_shutdown.append(health_servicer.enter_graceful_shutdown)
    reflection.enable_server_reflection(
        [*names, health.SERVICE_NAME, reflection.SERVICE_NAME], server
    )
    port = _bind(server, config)
    server.start()
    log.info(
        "serving",
        extra={
            "host": _host(config),
            "port": port,
            "tls": config.tls is not None,
            "auth": config.auth_enabled,
            "workers": config.workers,
            "services": names,
        },
    )
    return server, port


def _host(config: ServerConfig) -> str:
    if config.auth_enabled or config.host in LOOPBACK_HOSTS:
        return config.host
    return LOOPBACK


def _bind(server: grpc.Server, config: ServerConfig) -> int:
    host = _host(config)
    if not config.auth_enabled:
        log.warning(
            "no auth configured: every caller is admin, so the server listens on loopback only"
            + ("" if host == config.host else f" (not on {config.host})")
            + "; give --auth-file or $OMNIROUTE_TOKENS to serve other hosts"
        )
    address = (
        f"[{host}]:{config.port}"
        if ":" in host and not host.startswith("[")
        else (f"{host}:{config.port}")
    )
    try:
        if config.tls is not None:
            key, cert = config.tls.read()
            port = server.add_secure_port(address, grpc.ssl_server_credentials([(key, cert)]))
        else:
            port = server.add_insecure_port(address)
    except RuntimeError as exc:
        raise ConfigurationError(f"cannot listen on {address}: {exc}") from exc
    if port == 0:
        raise ConfigurationError(f"cannot listen on {address}")
    return port


def freeze_startup_objects() -> None:
    """Move what start-up built (modules, message descriptors, table metadata, the network's
    arrays) out of the garbage collector's sight: it lives as long as the process, and each
    full collection would otherwise scan all of it while every call waits (65-85 ms pauses
    under load; 1-3 ms once frozen)."""
    gc.collect()
    gc.freeze()


def serve(config: ServerConfig, on_ready: Callable[[int], None] | None = None) -> int:
    """Run until SIGTERM or SIGINT, then shut down gracefully; the process exit status. A
    shutdown that outlives its bound (`shutdown.FORCE_S` past the grace) ends the process.

    With `config.processes` > 1 the processes of `process_group` serve instead; `on_ready`
    is called with the port once this process takes calls."""
    if config.processes > 1:
        from omniroute.process_group import serve_processes

        return serve_processes(config)
    stopping = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("signal received, shutting down", extra={"signal": signal.Signals(signum).name})
        stopping.set()

    app = bootstrap(config)
    # Taken before "serving" is logged: a signal from then on stops the server gracefully.
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        try:
            freeze_startup_objects()
            server, port = create_server(config, app)
        except BaseException:
            app.close()
            raise
        try:
            if on_ready is not None:
                on_ready(port)
            stopping.wait()
        finally:
            if not shutdown(server, app, config.grace_s):
                exit_now(EXIT_FORCED)  # threads still stuck in calls would hold up the exit
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
