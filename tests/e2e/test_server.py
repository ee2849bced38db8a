"""The server around the services: health, reflection, auth, TLS, deadlines, the CLI."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, TOKENS, StartServer, bearer, location
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from omniroute.config import TlsFiles
from omniroute.server import shutdown
from omniroute.v1 import common_pb2, inventory_service_pb2_grpc
from omniroute.v1 import inventory_service_pb2 as pb

GET_STOCK = pb.GetStockRequest(sku_ids=["JACKET-LEATHER-M"])


def health_of(channel: grpc.Channel, service: str = "") -> Any:
    stub = health_pb2_grpc.HealthStub(channel)
    return stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=5).status


def test_health_says_serving_for_the_server_and_the_inventory_service(
    running_server: StartServer, sqlite_url: str
) -> None:
    server = running_server(sqlite_url)
    with server.channel() as channel:
        assert health_of(channel) == health_pb2.HealthCheckResponse.SERVING
        assert (
            health_of(channel, "omniroute.v1.InventoryService")
            == health_pb2.HealthCheckResponse.SERVING
        )


def test_reflection_lists_the_services(running_server: StartServer, sqlite_url: str) -> None:
    server = running_server(sqlite_url)
    with server.channel() as channel:
        services = ProtoReflectionDescriptorDatabase(channel).get_services()
    assert {"omniroute.v1.InventoryService", "grpc.health.v1.Health"} <= set(services)


def test_the_sample_network_can_be_loaded_at_start(
    running_server: StartServer, sqlite_url: str
) -> None:
    server = running_server(sqlite_url, load_network=SAMPLE_NETWORK)
    with server.channel() as channel:
        stub = inventory_service_pb2_grpc.InventoryServiceStub(channel)
        levels = stub.GetStock(GET_STOCK, timeout=5).levels
    assert {lv.location_id for lv in levels} >= {"BER-MITTE", "BER-CHARLOTTENBURG"}


# Authentication and scopes


@pytest.fixture
def secured(running_server: StartServer, sqlite_url: str) -> Any:
    server = running_server(sqlite_url, tokens=TOKENS, load_network=SAMPLE_NETWORK)
    with server.channel() as channel:
        yield channel


def test_a_call_without_a_token_is_unauthenticated(secured: grpc.Channel) -> None:
    stub = inventory_service_pb2_grpc.InventoryServiceStub(secured)
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetStock(GET_STOCK, timeout=5)
    assert caught.value.code() is grpc.StatusCode.UNAUTHENTICATED


def test_an_unknown_token_is_unauthenticated(secured: grpc.Channel) -> None:
    stub = inventory_service_pb2_grpc.InventoryServiceStub(secured)
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetStock(GET_STOCK, metadata=bearer("guessed"), timeout=5)
    assert caught.value.code() is grpc.StatusCode.UNAUTHENTICATED


def test_a_read_token_reads_but_may_not_write(secured: grpc.Channel) -> None:
    stub = inventory_service_pb2_grpc.InventoryServiceStub(secured)
    assert stub.GetStock(GET_STOCK, metadata=bearer("reader-token"), timeout=5).levels
    request = pb.UpsertLocationsRequest(locations=[location("NEW", 52, 13)])
    with pytest.raises(grpc.RpcError) as caught:
        stub.UpsertLocations(request, metadata=bearer("reader-token"), timeout=5)
    assert caught.value.code() is grpc.StatusCode.PERMISSION_DENIED
    assert "write" in caught.value.details()


def test_a_write_token_may_write(secured: grpc.Channel) -> None:
    stub = inventory_service_pb2_grpc.InventoryServiceStub(secured)
    request = pb.UpsertLocationsRequest(locations=[location("NEW", 52, 13)])
    reply = stub.UpsertLocations(request, metadata=bearer("writer-token"), timeout=5)
    assert reply.created_count == 1


def test_a_client_stream_is_checked_like_a_unary_call(secured: grpc.Channel) -> None:
    stub = inventory_service_pb2_grpc.InventoryServiceStub(secured)
    with pytest.raises(grpc.RpcError) as caught:
        stub.StreamStockEvents(iter([]), metadata=bearer("reader-token"), timeout=5)
    assert caught.value.code() is grpc.StatusCode.PERMISSION_DENIED


def test_health_and_reflection_need_no_token(secured: grpc.Channel) -> None:
    assert health_of(secured) == health_pb2.HealthCheckResponse.SERVING
    assert (
        "omniroute.v1.InventoryService" in ProtoReflectionDescriptorDatabase(secured).get_services()
    )


# TLS


def self_signed(directory: Path) -> TlsFiles:
    """A certificate for localhost/127.0.0.1 and its key, as PEM files (made with
    `cryptography` when the venv has it, else the `openssl` command)."""
    files = TlsFiles(directory / "server.crt", directory / "server.key")
    try:
        _self_signed_with_cryptography(files)
    except ImportError:
        if shutil.which("openssl") is None:
            pytest.skip("neither the cryptography package nor openssl is available")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-days", "1", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-keyout", str(files.key), "-out", str(files.cert)],
            check=True, capture_output=True,
        )  # fmt: skip
    return files


def _self_signed_with_cryptography(files: TlsFiles) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def test_with_a_certificate_the_server_speaks_tls_only(
    running_server: StartServer, sqlite_url: str, tmp_path: Path
) -> None:
    tls = self_signed(tmp_path)
    server = running_server(sqlite_url, tls=tls)
    credentials = grpc.ssl_channel_credentials(tls.cert.read_bytes())
    with grpc.secure_channel(server.address, credentials) as channel:
        assert health_of(channel) == health_pb2.HealthCheckResponse.SERVING
    with server.channel() as plain, pytest.raises(grpc.RpcError) as caught:
        health_of(plain)
    assert caught.value.code() is grpc.StatusCode.UNAVAILABLE


# Deadlines


def test_an_expired_deadline_is_answered_with_deadline_exceeded(
    running_server: StartServer, sqlite_url: str
) -> None:
    server = running_server(sqlite_url)
    with server.channel() as channel:
        stub = inventory_service_pb2_grpc.InventoryServiceStub(channel)
        with pytest.raises(grpc.RpcError) as caught:
            stub.GetAvailability(
                pb.GetAvailabilityRequest(
                    sku_ids=["X"], required_capabilities=[common_pb2.CAPABILITY_SHIP]
                ),
                timeout=0.000001,
            )
    assert caught.value.code() is grpc.StatusCode.DEADLINE_EXCEEDED


# `omniroute serve` as a process


def start_serve(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], int]:
    """Start `omniroute serve --port 0 ...` in `tmp_path`; return it and its port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMNIROUTE_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "omniroute.cli.main", "serve", "--port", "0", *args],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        entry = json.loads(line)
        if entry["message"] == "serving":
            return process, int(entry["port"])
    process.wait(timeout=10)
    pytest.fail(f"omniroute serve exited with {process.returncode} before serving")


def test_omniroute_serve_answers_health_then_stops_on_sigterm(tmp_path: Path) -> None:
    process, port = start_serve(tmp_path, "--load-network", str(SAMPLE_NETWORK))
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            assert health_of(channel) == health_pb2.HealthCheckResponse.SERVING
            stub = inventory_service_pb2_grpc.InventoryServiceStub(channel)
            assert stub.GetStock(GET_STOCK, timeout=5).levels
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()
    assert (tmp_path / "omniroute.db").exists()  # the embedded default, no set-up


# Failures that are not the caller's, and stopping


def test_a_bug_is_internal_and_logged_with_its_trace(
    running_server: StartServer,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = running_server(sqlite_url)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(server.app.model, "availability", broken)
    with server.channel() as channel:
        stub = inventory_service_pb2_grpc.InventoryServiceStub(channel)
        with caplog.at_level(logging.ERROR, logger="omniroute.rpc"):
            with pytest.raises(grpc.RpcError) as caught:
                stub.GetAvailability(pb.GetAvailabilityRequest(sku_ids=["X"]), timeout=5)
    assert caught.value.code() is grpc.StatusCode.INTERNAL
    assert "a bug" not in caught.value.details()  # no internals leak to the caller
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_stopping_the_server_ends_open_watch_streams(
    running_server: StartServer, sqlite_url: str
) -> None:
    server = running_server(sqlite_url, load_network=SAMPLE_NETWORK)
    with server.channel() as channel:
        stub = inventory_service_pb2_grpc.InventoryServiceStub(channel)
        stream = stub.WatchStock(
            pb.WatchStockRequest(sku_ids=["JACKET-LEATHER-M"], send_initial=True), timeout=30
        )
        next(stream)
        started = time.monotonic()
        shutdown(server.server, server.app, grace_s=10)
        remaining = list(stream)  # ends cleanly, long before the grace period
    assert time.monotonic() - started < 5
    assert all(r.cause == pb.STOCK_CHANGE_CAUSE_SNAPSHOT for r in remaining)
