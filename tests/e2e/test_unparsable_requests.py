"""Bodies that do not parse, over real gRPC: INVALID_ARGUMENT after authentication, no
traceback in the log; in a client stream, a rejected batch of the summary."""

from __future__ import annotations

import logging

import grpc
import pytest
from e2e_server import TOKENS, ServerHandle, StartServer, bearer, location, sku
from request_fuzzer import Rpc, all_rpcs

from omniroute.v1 import inventory_service_pb2 as inv

#: A string field (number 1) holding invalid UTF-8: no proto3 message whose field 1 is a
#: string parses it (`bad_utf8` puts it in another message's first string field).
BAD_UTF8 = b"\x0a\x02\xc3\x28"
STREAM = "/omniroute.v1.InventoryService/StreamStockEvents"


def bad_utf8(rpc: Rpc) -> bytes:
    """Invalid UTF-8 in the first string field of `rpc`'s request (without one, in field
    1, a message, whose bytes then do not parse)."""
    fields = rpc.request_type.DESCRIPTOR.fields
    number = next((f.number for f in fields if f.type == f.TYPE_STRING), 1)
    return bytes([number << 3 | 2]) + BAD_UTF8[1:]


def send(channel: grpc.Channel, path: str, body: bytes, token: str | None = None) -> grpc.RpcError:
    """The error of sending `body` to `path` (every RPC shape, the call must fail)."""
    metadata = bearer(token) if token else None
    rpc = next(r for r in all_rpcs() if r.path == path)
    with pytest.raises(grpc.RpcError) as caught:
        if rpc.client_streaming:
            channel.stream_unary(path)(iter([body]), timeout=5, metadata=metadata)
        elif rpc.server_streaming:
            list(channel.unary_stream(path)(body, timeout=5, metadata=metadata))
        else:
            channel.unary_unary(path)(body, timeout=5, metadata=metadata)
    return caught.value


@pytest.mark.parametrize("body", [BAD_UTF8, b"\xff\xff\xff\xff", b"\x0a\x7fshort"])
def test_a_body_that_does_not_parse_is_invalid_argument_on_every_unary_rpc(
    server: ServerHandle, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with server.channel() as channel:
        for rpc in all_rpcs():
            if rpc.client_streaming:
                continue
            sent = bad_utf8(rpc) if body == BAD_UTF8 else body
            error = send(channel, rpc.path, sent)
            assert error.code() is grpc.StatusCode.INVALID_ARGUMENT, rpc.name
            assert error.details() == (
                f"the request body of {rpc.name} does not parse ({len(body)} bytes)"
            )
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert any(r.getMessage() == "rejected" for r in caplog.records), "logged as a rejection"


def test_with_auth_on_an_unparsable_body_is_first_checked_for_its_token(
    running_server: StartServer, database_url: str
) -> None:
    server = running_server(database_url, tokens=TOKENS)
    path = "/omniroute.v1.OrderService/CancelOrder"
    with server.channel() as channel:
        assert send(channel, path, BAD_UTF8).code() is grpc.StatusCode.UNAUTHENTICATED
        assert send(channel, path, BAD_UTF8, "nope").code() is grpc.StatusCode.UNAUTHENTICATED
        denied = send(channel, path, BAD_UTF8, "reader-token")
        assert denied.code() is grpc.StatusCode.PERMISSION_DENIED
        invalid = send(channel, path, BAD_UTF8, "writer-token")
        assert invalid.code() is grpc.StatusCode.INVALID_ARGUMENT
        stream = send(channel, STREAM, BAD_UTF8)
        assert stream.code() is grpc.StatusCode.UNAUTHENTICATED


def receipt(key: str, qty: int, sku_id: str = "JACKET") -> bytes:
    event = inv.StockEvent(
        type=inv.STOCK_EVENT_TYPE_RECEIPT, location_id="MITTE", sku_id=sku_id, quantity=qty
    )
    return inv.StreamStockEventsRequest(idempotency_key=key, events=[event]).SerializeToString()


def test_a_stream_whose_later_messages_fail_ends_with_a_summary_of_what_was_applied(
    server: ServerHandle, inventory: object
) -> None:
    inventory.UpsertLocations(inv.UpsertLocationsRequest(locations=[location("MITTE", 52.5, 13.4)]))  # type: ignore[attr-defined]
    inventory.UpsertSkus(inv.UpsertSkusRequest(skus=[sku("JACKET")]))  # type: ignore[attr-defined]
    bodies = [
        receipt("b-0", 3),
        BAD_UTF8,
        receipt("b-2", 2**62),
        receipt("b-3", 1, sku_id="NO-SUCH-SKU"),
        receipt("b-4", 4),
        b"\xff",
    ]
    with server.channel() as channel:
        reply = channel.stream_unary(STREAM)(iter(bodies), timeout=10)
    summary = inv.StreamStockEventsResponse.FromString(reply)
    assert (summary.batches_received, summary.batches_applied, summary.events_applied) == (6, 2, 2)
    assert [(r.batch_index, r.idempotency_key, r.code) for r in summary.rejected_batches] == [
        (1, "", "INVALID_ARGUMENT"),
        (2, "b-2", "INVALID_ARGUMENT"),
        (3, "b-3", "NOT_FOUND"),
        (5, "", "INVALID_ARGUMENT"),
    ]
    assert summary.rejected_batches[0].message == (
        "the request body of StreamStockEvents does not parse (4 bytes)"
    )
    assert summary.rejected_batches[1].message.startswith("events[0].quantity: must be between")
    assert server.app.model.get_stock("MITTE", "JACKET").on_hand == 7
    assert server.app.model.audit().ok
