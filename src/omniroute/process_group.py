"""`omniroute serve --processes N`: N server processes sharing one port (SO_REUSEPORT).

One Python process runs RouteOrder's CPU work (solving, the reservation, protobuf) under
one GIL, so on a machine with several cores N processes serve more orders than one. gRPC
binds its port with SO_REUSEPORT, and the kernel spreads new connections over the processes
listening on it; a connection (a client's channel) stays with its process.

The parent migrates the database and loads the network once, reserves the port (port 0
picks a free one and keeps it bound, without listening, until the end), starts the children
(`spawn`, so no gRPC state crosses a fork) and logs ``serving`` when every child takes calls.
SIGTERM or SIGINT to the parent is passed on to every child, each shuts down gracefully as a
single `serve` does, and the parent exits once they all have. If a child dies, the parent
stops the others and exits 1. Each process follows the stock ledger for its own WatchStock
streams, so a watcher sees the writes of every process. With `--metrics-port` the parent
serves /metrics for the whole group (`telemetry.group_metrics`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from omniroute.bootstrap import bootstrap
from omniroute.config import ServerConfig
from omniroute.errors import ConfigurationError
from omniroute.logging_setup import configure_logging
from omniroute.shutdown import FORCE_S
from omniroute.telemetry.group_metrics import group_metrics

log = logging.getLogger("omniroute.server")
#: How long the children get to start (open the database, bind the port).
START_TIMEOUT_S = 60.0
#: What a child gets beyond its bounded shutdown to exit before it is killed.
EXIT_S = 5.0


def serve_processes(config: ServerConfig) -> int:
    """Run `config.processes` servers on one port until SIGTERM or SIGINT; the exit status."""
    # Migrate and load the network once, before any child starts; the children run the
    # background jobs, so the parent stops the ones bootstrap started. Its own telemetry
    # would report nothing: the children's calls are served by `group_metrics`.
    app = bootstrap(replace(config, metrics=None, otel=False))
    app.begin_shutdown()
    app.close()
    stopping = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info(
            "signal received, stopping processes", extra={"signal": signal.Signals(signum).name}
        )
        stopping.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        with (
            _reserved_port(config) as port,
            group_metrics(config.metrics, config.metrics_host) as metrics,
        ):
            child_config = replace(
                config, port=port, processes=1, load_network=None, metrics=metrics
            )
            context = multiprocessing.get_context("spawn")
            ready: Any = context.Queue()
            children = [
                context.Process(target=_child, args=(child_config, ready), name=f"serve-{n}")
                for n in range(config.processes)
            ]
            for child in children:
                child.start()
            try:
                return _supervise(config, port, children, ready, stopping)
            finally:
                _stop(children, config.grace_s)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _supervise(
    config: ServerConfig,
    port: int,
    children: Sequence[BaseProcess],
    ready: Any,
    stopping: threading.Event,
) -> int:
    started: list[int] = []
    while len(started) < len(children):
        if stopping.is_set():
            return 0
        if any(not child.is_alive() for child in children):
            log.error("a server process failed to start")
            return 1
        try:
            started.append(ready.get(timeout=0.2))
        except queue.Empty:
            continue
    log.info(
        "serving",
        extra={"host": config.host, "port": port, "processes": len(children), "pids": started},
    )
    while not stopping.wait(0.5):
        dead = [child for child in children if not child.is_alive()]
        if dead:
            log.error(
                "a server process died; stopping the others",
                extra={"pid": dead[0].pid, "exitcode": dead[0].exitcode},
            )
            return 1
    return 0


def _stop(children: Sequence[BaseProcess], grace_s: float) -> None:
    """SIGTERM to every child still running; SIGKILL to one that outlives its bounded
    shutdown (`shutdown.FORCE_S` past the grace, and a few seconds to exit)."""
    for child in children:
        if child.is_alive() and child.pid is not None:
            os.kill(child.pid, signal.SIGTERM)
    for child in children:
        child.join(grace_s + FORCE_S + EXIT_S)
        if child.is_alive():
            log.error("a server process did not stop; killing it", extra={"pid": child.pid})
            child.kill()
            child.join()
    log.info("stopped", extra={"exitcodes": [child.exitcode for child in children]})


def _child(config: ServerConfig, ready: Any) -> None:
    """One server process: `serve` as usual, saying on `ready` when it takes calls."""
    from omniroute.server import serve

    configure_logging(config.log_level)
    raise SystemExit(serve(config, on_ready=lambda _port: ready.put(os.getpid())))


@contextmanager
def _reserved_port(config: ServerConfig) -> Iterator[int]:
    """`config.port`, or for 0 a free port held bound (SO_REUSEPORT, not listening) so that
    nobody else takes it while the children bind it."""
    if config.port != 0:
        yield config.port
        return
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            holder.bind((config.host.strip("[]"), 0))
        except OSError as exc:
            raise ConfigurationError(f"cannot reserve a port on {config.host}: {exc}") from exc
        yield int(holder.getsockname()[1])
