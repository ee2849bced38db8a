"""A real omniroute gRPC server on a free port, and channels to it.

`running_server(database_url, tokens=..., tls=..., load_network=..., **ServerConfig fields)`
starts one in this process and returns an `e2e_server.ServerHandle` (`.address`,
`.channel()`); every server started is shut down after the test. `serve_processes(*args)`
starts `omniroute serve` child processes instead (for several replicas, or to SIGKILL one).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_server import ServerHandle, StartServer
from serve_process import ServeProcess

from omniroute.auth import Scope, TokenTable
from omniroute.bootstrap import bootstrap
from omniroute.config import ServerConfig, TlsFiles
from omniroute.server import create_server, shutdown
from omniroute.v1 import inventory_service_pb2_grpc


@pytest.fixture
def running_server() -> Iterator[StartServer]:
    """Start servers on free loopback ports; all are stopped after the test."""
    started: list[ServerHandle] = []

    def start(
        database_url: str,
        *,
        tokens: dict[str, Scope] | None = None,
        tls: TlsFiles | None = None,
        load_network: Path | None = None,
        workers: int = 4,
        max_watchers: int = 2,
        **settings: Any,
    ) -> ServerHandle:
        config = ServerConfig(
            database_url=database_url,
            port=0,
            workers=workers,
            tokens=TokenTable(tokens) if tokens else None,
            tls=tls,
            load_network=load_network,
            grace_s=0.5,
            max_watchers=max_watchers,
            **settings,
        )
        app = bootstrap(config)
        server, port = create_server(config, app)
        handle = ServerHandle(f"127.0.0.1:{port}", port, server, app)
        started.append(handle)
        return handle

    yield start
    for handle in started:
        shutdown(handle.server, handle.app, grace_s=0.5)


@pytest.fixture
def serve_processes(tmp_path: Path) -> Iterator[Any]:
    """`start(*serve_args) -> ServeProcess`: `omniroute serve` children, stopped after."""
    started: list[ServeProcess] = []

    def start(*args: str) -> ServeProcess:
        workdir = tmp_path / f"serve-{len(started)}"
        workdir.mkdir()
        process = ServeProcess(workdir, *args).start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture
def server(running_server: StartServer, database_url: str) -> ServerHandle:
    """A server without auth on a fresh database: SQLite, then PostgreSQL."""
    return running_server(database_url)


@pytest.fixture
def inventory(server: ServerHandle) -> Iterator[Any]:
    """An InventoryService stub on `server`."""
    with server.channel() as channel:
        yield inventory_service_pb2_grpc.InventoryServiceStub(channel)
