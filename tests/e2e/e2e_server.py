"""Helpers for the end-to-end tests: the handle of a started server and message builders."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from sqlalchemy import select

from omniroute.auth import Scope
from omniroute.bootstrap import App
from omniroute.tables import metadata
from omniroute.v1 import common_pb2

REPO = Path(__file__).resolve().parents[2]
SAMPLE_NETWORK = REPO / "scenarios" / "sample-network"
TOKENS = {"reader-token": Scope.READ, "writer-token": Scope.WRITE, "admin-token": Scope.ADMIN}


@dataclass
class ServerHandle:
    """A started server: where it listens and its wiring (for white-box checks)."""

    address: str
    port: int
    server: grpc.Server
    app: App

    def channel(self) -> grpc.Channel:
        """An insecure channel to the server (close it, or use it in a `with`)."""
        return grpc.insecure_channel(self.address)


#: `running_server(database_url, tokens=..., tls=..., load_network=...)` -> ServerHandle
StartServer = Callable[..., ServerHandle]


def bearer(token: str) -> list[tuple[str, str]]:
    """Call metadata carrying `token`."""
    return [("authorization", f"Bearer {token}")]


def wait_until(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    """Poll `condition` until it holds or `timeout_s` passes."""
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def location(
    location_id: str,
    lat: float,
    lon: float,
    *,
    kind: int = common_pb2.LOCATION_KIND_STORE,
    capabilities: tuple[int, ...] = (common_pb2.CAPABILITY_SHIP, common_pb2.CAPABILITY_PICKUP),
) -> Any:
    """A proto Location at (lat, lon)."""
    return common_pb2.Location(
        location_id=location_id,
        name=location_id.title(),
        kind=kind,
        address=common_pb2.Address(point=common_pb2.GeoPoint(latitude=lat, longitude=lon)),
        capabilities=capabilities,
        cutoff_local_time="16:00",
    )


def sku(sku_id: str) -> Any:
    """A proto Sku."""
    return common_pb2.Sku(sku_id=sku_id, name=sku_id.title(), unit_price_cents=1000)


def database_fingerprint(server: ServerHandle) -> str:
    """A digest of every row of every table."""
    digest = hashlib.sha256()
    with server.app.model.read() as conn:
        for table in metadata.sorted_tables:
            rows = sorted(repr(tuple(row)) for row in conn.execute(select(table)))
            digest.update(table.name.encode() + b"\x1e" + "\x1f".join(rows).encode())
    return digest.hexdigest()
