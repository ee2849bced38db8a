"""Every RPC of the five services under random, mutated and unparsable requests, through a
real server and channel, on SQLite and PostgreSQL: no call reaches INTERNAL or UNKNOWN, every
refused call carries an ErrorInfo with its reason and changes nothing in any table, the
audits pass and health answers at the end.

The generator is seeded and its budget fixed (`CALLS_PER_RPC`), so a failure reproduces.
The counts per status code are printed (`pytest -s`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, ServerHandle, StartServer, database_fingerprint
from fuzz_seeds import prepare, seeds
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status
from request_fuzzer import RequestFuzzer, Rpc, all_rpcs

from omniroute.customers.loyalty_audit import audit_points
from omniroute.lookahead import LookaheadConfig
from omniroute.v1 import inventory_service_pb2 as inv

SEED = 20261124
#: Calls per RPC and backend, random, mutated and unparsable in turn.
CALLS_PER_RPC = 24
#: Codes a hostile request may get. Never INTERNAL or UNKNOWN (a bug), nor a time-out.
ACCEPTED = {
    grpc.StatusCode.OK,
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.FAILED_PRECONDITION,
    grpc.StatusCode.ALREADY_EXISTS,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
}
#: How long a WatchStock call is followed before the client gives up (its only way out).
WATCH_S = 0.3


@pytest.fixture
def server(running_server: StartServer, database_url: str) -> ServerHandle:
    # Look-ahead on, so that GetOpportunityPrices and strategy "lookahead" are served.
    return running_server(
        database_url,
        load_network=SAMPLE_NETWORK,
        workers=6,
        lookahead=LookaheadConfig(every_s=3600),
    )


def call(channel: grpc.Channel, rpc: Rpc, body: bytes) -> tuple[grpc.StatusCode, Any]:
    """Send `body` as `rpc`'s request; the status code and the raw response (or, for a
    failed call, the ErrorInfo of its details, None if it has none)."""
    try:
        if rpc.client_streaming:
            reply = channel.stream_unary(rpc.path)(iter([body]), timeout=20)
            return grpc.StatusCode.OK, reply
        if rpc.server_streaming:
            for _ in channel.unary_stream(rpc.path)(body, timeout=WATCH_S):
                pass
            return grpc.StatusCode.OK, None
        return grpc.StatusCode.OK, channel.unary_unary(rpc.path)(body, timeout=20)
    except grpc.RpcError as error:
        return error.code(), error_info(error)


def error_info(error: grpc.RpcError) -> Any:
    """The ErrorInfo among the status details of a failed call, or None."""
    status = rpc_status.from_call(error)
    for detail in status.details if status else ():
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info
    return None


def test_hostile_requests_never_reach_internal_and_refused_ones_change_nothing(
    server: ServerHandle, database_url: str
) -> None:
    counts: Counter[str] = Counter()
    with server.channel() as channel:
        prepared = prepare(channel)
        by_rpc = seeds(prepared)
        fuzzer = RequestFuzzer(SEED, prepared.ids)
        rpcs = all_rpcs()
        assert {rpc.name for rpc in rpcs} <= set(by_rpc), "every RPC has a valid seed"
        before = database_fingerprint(server)
        for rpc in rpcs:
            for kind, body in fuzzer.bodies(rpc, by_rpc[rpc.name], CALLS_PER_RPC):
                code, reply = call(channel, rpc, body)
                if rpc.server_streaming and code is grpc.StatusCode.DEADLINE_EXCEEDED:
                    code = grpc.StatusCode.OK  # a watch that ran until the client left
                counts[code.name] += 1
                where = f"{rpc.name} ({kind}, {len(body)} bytes): {body[:200]!r}"
                assert code in ACCEPTED, f"{code.name} for {where}"
                if code is not grpc.StatusCode.OK:
                    assert reply is not None and reply.reason, f"no ErrorInfo: {where}"
                after = database_fingerprint(server)
                if rpc.client_streaming:
                    summary = inv.StreamStockEventsResponse.FromString(reply)
                    for rejected in summary.rejected_batches:
                        counts[f"stream batch {rejected.code}"] += 1
                        assert rejected.code in {c.name for c in ACCEPTED}, where
                    if summary.batches_applied == 0:
                        assert after == before, f"a refused stream changed state: {where}"
                elif code is not grpc.StatusCode.OK:
                    assert after == before, f"{code.name} but state changed: {where}"
                before = after
        health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
    print(f"\nfuzz counts ({database_url.split(':')[0]}):", dict(sorted(counts.items())))
    assert health.status == health_pb2.HealthCheckResponse.SERVING
    assert server.app.model.audit().ok
    with server.app.model.read() as conn:
        assert audit_points(conn).ok
    assert counts["OK"] and counts["INVALID_ARGUMENT"], "the fuzzer reached both outcomes"
