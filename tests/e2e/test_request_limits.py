"""The documented limits (docs/api.md, "Limits") over real gRPC: a value beyond them is
INVALID_ARGUMENT naming the field, and the call changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, ServerHandle, StartServer, database_fingerprint
from fuzz_seeds import CUSTOMER, Prepared, prepare, route, seeds
from google.protobuf.descriptor import Descriptor
from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message
from request_fuzzer import Rpc, all_rpcs

from omniroute.convert import limits
from omniroute.v1 import common_pb2 as cpb
from omniroute.v1 import customer_service_pb2 as cust
from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import promotion_service_pb2 as ppb

UNARY = [rpc for rpc in all_rpcs() if not rpc.client_streaming]
BAD_STAMPS = {
    "past year 9999": (253_402_300_800, 0),
    "before year 1": (-62_135_596_801, 0),
    "nanos of a second or more": (1_767_225_600, 1_000_000_000),
    "negative nanos": (1_767_225_600, -1),
}


@pytest.fixture
def server(running_server: StartServer, database_url: str) -> ServerHandle:
    return running_server(database_url, load_network=SAMPLE_NETWORK)


@pytest.fixture
def channel(server: ServerHandle) -> Iterator[grpc.Channel]:
    with server.channel() as channel:
        yield channel


@pytest.fixture
def prepared(channel: grpc.Channel) -> Prepared:
    return prepare(channel)


def refusal(channel: grpc.Channel, rpc: Rpc, request: Message) -> grpc.RpcError:
    """The error of sending `request` (the call must fail)."""
    with pytest.raises(grpc.RpcError) as caught:
        if rpc.server_streaming:
            list(channel.unary_stream(rpc.path)(request.SerializeToString(), timeout=5))
        else:
            channel.unary_unary(rpc.path)(request.SerializeToString(), timeout=10)
    return caught.value


def rpc_named(name: str) -> Rpc:
    return next(rpc for rpc in all_rpcs() if rpc.name == name)


def paths_of(descriptor: Descriptor, wanted: str, prefix: str = "") -> Iterator[str]:
    """Dotted paths of every field of message type `wanted` in `descriptor` (a repeated
    field's first element stands for all)."""
    for field in descriptor.fields:
        if field.message_type is None:
            continue
        path = f"{prefix}{field.name}{'[0]' if field.is_repeated else ''}"
        if field.message_type.full_name == wanted:
            yield path
        elif not field.message_type.full_name.startswith("google."):
            yield from paths_of(field.message_type, wanted, path + ".")


def field_at(request: Message, path: str) -> Message:
    """The message at a dotted path of `paths_of`, created on the way."""
    target: Any = request
    for part in path.split("."):
        name, _, index = part.partition("[")
        target = getattr(target, name)
        if index:
            target = target[0] if len(target) else target.add()
    return target  # type: ignore[no-any-return]


def with_field(rpc: Rpc, seed: Message, path: str, **values: int) -> Message:
    request = rpc.request_type()
    request.CopyFrom(seed)
    stamp = field_at(request, path)
    for name, value in values.items():
        setattr(stamp, name, value)
    return request


TIMESTAMP_CASES = [
    (rpc, path)
    for rpc in all_rpcs()
    for path in paths_of(rpc.request_type.DESCRIPTOR, "google.protobuf.Timestamp")
]


def test_every_request_timestamp_field_is_checked() -> None:
    names = {f"{rpc.name}:{path}" for rpc, path in TIMESTAMP_CASES}
    assert {
        "RouteOrder:placed_at",
        "RouteOrder:constraints.promised_by",
        "ApplyStockEvents:events[0].expected_at",
        "UpsertPromotion:promotion.valid_until",
        "IssueCoupon:valid_from",
        "QuoteBasket:priced_at",
        "RecordStorePurchase:purchased_at",
        "MarkHandedToCarrier:handed_at",
        "ReceiveReturn:received_at",
        "ShipOrder:shipped_at",
    } <= names


@pytest.mark.parametrize("problem", list(BAD_STAMPS))
def test_an_invalid_timestamp_in_any_request_field_is_invalid_argument_naming_it(
    server: ServerHandle, channel: grpc.Channel, prepared: Prepared, problem: str
) -> None:
    by_rpc = seeds(prepared)
    seconds, nanos = BAD_STAMPS[problem]
    before = database_fingerprint(server)
    for rpc, path in TIMESTAMP_CASES:
        if rpc.client_streaming:
            continue
        request = with_field(rpc, by_rpc[rpc.name][0], path, seconds=seconds, nanos=nanos)
        error = refusal(channel, rpc, request)
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT, (rpc.name, path)
        assert error.details().startswith(f"{path}:"), error.details()
    assert database_fingerprint(server) == before


def test_a_receipt_beyond_the_quantity_limit_is_refused_and_stock_is_unchanged(
    server: ServerHandle, channel: grpc.Channel
) -> None:
    before = server.app.model.get_stock("BER-MITTE", "JACKET-LEATHER-M").on_hand
    apply = rpc_named("ApplyStockEvents")
    receipt = inv.StockEvent(
        type=inv.STOCK_EVENT_TYPE_RECEIPT, location_id="BER-MITTE", sku_id="JACKET-LEATHER-M"
    )
    for quantities in ([2**63 - 1], [2**62, 2**62], [limits.MAX_QUANTITY + 1]):
        events = [inv.StockEvent(quantity=q) for q in quantities]
        for event in events:
            event.MergeFrom(receipt)
        error = refusal(
            channel, apply, inv.ApplyStockEventsRequest(idempotency_key="k", events=events)
        )
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert error.details().startswith("events[0].quantity: must be between")
    assert server.app.model.get_stock("BER-MITTE", "JACKET-LEATHER-M").on_hand == before
    assert server.app.model.audit().ok


@pytest.mark.parametrize(
    ("hold", "field"),
    [
        (Duration(seconds=317 * 365 * 86_400), "hold_for: at most 30 days"),
        (Duration(seconds=2**62), "hold_for: at most 30 days"),
        (Duration(seconds=60, nanos=-1), "hold_for: nanos"),
    ],
)
def test_absurd_and_overflowing_holds_are_invalid_argument(
    server: ServerHandle, channel: grpc.Channel, hold: Duration, field: str
) -> None:
    request = route("O-HOLD", "k-hold", hold=True)
    request.hold_for.CopyFrom(hold)
    before = database_fingerprint(server)
    error = refusal(channel, rpc_named("RouteOrder"), request)
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details().startswith(field)
    assert database_fingerprint(server) == before


def test_a_hold_at_the_limit_is_accepted(channel: grpc.Channel) -> None:
    request = route("O-HOLD", "k-hold", hold=True, dry_run=True)
    request.hold_for.CopyFrom(Duration(seconds=int(limits.MAX_DURATION.total_seconds())))
    reply = channel.unary_unary(rpc_named("RouteOrder").path)(request.SerializeToString())
    assert reply


def test_huge_prices_and_quantities_are_invalid_argument_naming_the_field(
    server: ServerHandle, channel: grpc.Channel, prepared: Prepared
) -> None:
    quote = ppb.QuoteBasketRequest(
        lines=[
            ppb.BasketLine(line_id="1", sku_id="JACKET-LEATHER-M", quantity=1),
            ppb.BasketLine(
                line_id="2", sku_id="SCARF-WOOL-RED", quantity=1, unit_price_cents=2**62
            ),
        ]
    )
    purchase = cust.RecordStorePurchaseRequest(
        customer_id=CUSTOMER,
        location_id="BER-MITTE",
        receipt_id="r-huge",
        lines=[cust.PurchaseLine(line_id="1", sku_id="SCARF-WOOL-RED", quantity=2**62)],
    )
    sku = inv.UpsertSkusRequest(skus=[cpb.Sku(sku_id="HEAVY", name="Heavy", weight_grams=2**40)])
    before = database_fingerprint(server)
    for name, request, path in [
        ("QuoteBasket", quote, "lines[1].unit_price_cents"),
        ("RecordStorePurchase", purchase, "lines[0].quantity"),
        ("UpsertSkus", sku, "skus[0].weight_grams"),
    ]:
        error = refusal(channel, rpc_named(name), request)
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert error.details().startswith(f"{path}: must be between"), error.details()
    assert database_fingerprint(server) == before


@pytest.mark.parametrize(
    ("value", "problem"),
    [("BER\x00MITTE", "must not contain the NUL character"), ("B" * 65, "at most 64 characters")],
)
def test_nul_characters_and_overlong_ids_are_invalid_argument_in_every_rpc(
    server: ServerHandle, channel: grpc.Channel, prepared: Prepared, value: str, problem: str
) -> None:
    by_rpc = seeds(prepared)
    before = database_fingerprint(server)
    checked = 0
    for rpc in UNARY:
        seed = by_rpc[rpc.name][0]
        for field in seed.DESCRIPTOR.fields:
            if field.type == field.TYPE_STRING and field.name.endswith("_id"):
                request = rpc.request_type()
                request.CopyFrom(seed)
                setattr(request, field.name, value)
                error = refusal(channel, rpc, request)
                assert error.code() is grpc.StatusCode.INVALID_ARGUMENT, (rpc.name, field.name)
                assert error.details() == f"{field.name}: {problem}" or error.details().startswith(
                    f"{field.name}: {problem}"
                )
                checked += 1
    assert checked >= 15
    assert database_fingerprint(server) == before


def test_text_longer_than_its_column_is_invalid_argument(channel: grpc.Channel) -> None:
    request = inv.UpsertSkusRequest(
        skus=[cpb.Sku(sku_id="LONG", name="n", category="c" * 101, unit_price_cents=1)]
    )
    error = refusal(channel, rpc_named("UpsertSkus"), request)
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "skus[0].category: at most 100 characters, got 101"


def test_a_megabyte_id_is_not_echoed_back(channel: grpc.Channel) -> None:
    request_type = rpc_named("GetOrder").request_type
    error = refusal(channel, rpc_named("GetOrder"), request_type(order_id="o" * 1_000_000))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "order_id: at most 64 characters, got 1000000"


def test_a_nan_radius_is_invalid_argument(server: ServerHandle, channel: grpc.Channel) -> None:
    request = route("O-NAN", "k-nan")
    request.constraints.max_radius_km = float("nan")
    before = database_fingerprint(server)
    error = refusal(channel, rpc_named("RouteOrder"), request)
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "constraints.max_radius_km: must be a finite number, got nan"
    nearby = inv.FindNearbyRequest(
        origin=cpb.GeoPoint(latitude=52.5, longitude=float("inf")),
        items=[cpb.SkuQuantity(sku_id="JACKET-LEATHER-M", quantity=1)],
    )
    error = refusal(channel, rpc_named("FindNearby"), nearby)
    assert error.details() == "origin.longitude: must be a finite number, got inf"
    assert database_fingerprint(server) == before
