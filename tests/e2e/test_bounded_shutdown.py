"""SIGTERM ends `omniroute serve` within its grace plus a few seconds, whatever its calls do:
client streams left open on a message that does not parse, a call stuck on a lock that
another process holds. What had to be forced is logged."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from e2e_server import sku
from serve_process import ServeProcess

from omniroute.shutdown import EXIT_FORCED, FORCE_S
from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import inventory_service_pb2_grpc

GRACE_S = 1.0
#: The bound on a shutdown: the grace, the forced part, and a few seconds to exit.
BOUND_S = GRACE_S + FORCE_S + 3.0
UNPARSABLE = b"\xff\xff\xff\xff not a StreamStockEventsRequest"


def terminate(server: ServeProcess) -> tuple[int, float]:
    """SIGTERM; the exit status and the seconds until the process ended (it is killed when
    it outlives the bound by far)."""
    assert server.process is not None
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    try:
        status = server.process.wait(timeout=BOUND_S + 30)
    finally:
        server.kill()
    return status, time.monotonic() - started


def log_entries(server: ServeProcess) -> list[dict[str, Any]]:
    text = (server.workdir / f"serve-{server.starts}.log").read_text()
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Set at the end of the test: whatever the test held open lets go."""
    event = threading.Event()
    yield event
    event.set()


def test_sigterm_ends_serve_in_bounded_time_with_client_streams_open_on_unparsable_messages(
    serve_processes: Any, release: threading.Event
):
    server: ServeProcess = serve_processes("--grace", str(GRACE_S))
    with server.channel() as channel:
        stream = channel.stream_unary("/omniroute.v1.InventoryService/StreamStockEvents")

        def bodies() -> Iterator[bytes]:
            yield UNPARSABLE
            release.wait()  # the stream stays open

        calls = [stream.future(bodies(), timeout=120) for _ in range(3)]
        time.sleep(0.5)  # the bodies reach the server
        status, seconds = terminate(server)
        assert seconds < BOUND_S, f"exit {status} after {seconds:.1f} s"
        assert all(call.done() for call in calls)


def test_sigterm_ends_serve_in_bounded_time_when_a_call_is_stuck_and_logs_it(
    serve_processes: Any, release: threading.Event
):
    server: ServeProcess = serve_processes("--grace", str(GRACE_S))
    # Another process holds the SQLite writer lock and never lets go: the write waits.
    lock = os.open(server.workdir / "omniroute.db-writer.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        with server.channel() as channel:
            inventory = inventory_service_pb2_grpc.InventoryServiceStub(channel)
            stuck = inventory.UpsertSkus.future(
                inv.UpsertSkusRequest(skus=[sku("S1")]),
                timeout=120,
            )
            time.sleep(0.5)  # the call reaches the lock
            assert not stuck.done()
            status, seconds = terminate(server)
    finally:
        os.close(lock)
    assert seconds < BOUND_S, f"exit {status} after {seconds:.1f} s"
    assert status == EXIT_FORCED
    forced = [e for e in log_entries(server) if e["message"].startswith("shutdown forced")]
    assert [call["rpc"] for call in forced[0]["calls"]] == ["UpsertSkus"]
    assert "writer_lock.py" in forced[0]["calls"][0]["at"]
