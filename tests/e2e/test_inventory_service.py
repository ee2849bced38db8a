"""InventoryService over real gRPC: every RPC, its answers and its status codes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from e2e_server import location, sku, wait_until
from google.protobuf.timestamp_pb2 import Timestamp

from inventory import ReservationLine
from inventory.reservations import Reserve
from omniroute.v1 import common_pb2
from omniroute.v1 import inventory_service_pb2 as pb

RECEIPT = pb.STOCK_EVENT_TYPE_RECEIPT
POS_SALE = pb.STOCK_EVENT_TYPE_POS_SALE


def event(kind: int, location_id: str, sku_id: str, qty: int, **fields: Any) -> Any:
    return pb.StockEvent(type=kind, location_id=location_id, sku_id=sku_id, quantity=qty, **fields)


def apply(stub: Any, key: str, *events: Any) -> Any:
    return stub.ApplyStockEvents(pb.ApplyStockEventsRequest(idempotency_key=key, events=events))


def small_network(stub: Any) -> None:
    """Two Berlin stores and a warehouse; 5 jackets at MITTE, 2 at KREUZBERG, 9 at the WH."""
    stub.UpsertLocations(
        pb.UpsertLocationsRequest(
            locations=[
                location("MITTE", 52.5219, 13.4132),
                location("KREUZBERG", 52.4986, 13.4030),
                location(
                    "WH",
                    52.3560,
                    13.3070,
                    kind=common_pb2.LOCATION_KIND_WAREHOUSE,
                    capabilities=(common_pb2.CAPABILITY_SHIP,),
                ),
            ]
        )
    )
    stub.UpsertSkus(pb.UpsertSkusRequest(skus=[sku("JACKET"), sku("SCARF")]))
    apply(
        stub,
        "initial-stock",
        event(RECEIPT, "MITTE", "JACKET", 5),
        event(RECEIPT, "KREUZBERG", "JACKET", 2),
        event(RECEIPT, "WH", "JACKET", 9),
        event(RECEIPT, "KREUZBERG", "SCARF", 4),
    )


@pytest.fixture
def stub(inventory: Any) -> Any:
    small_network(inventory)
    return inventory


def error_of(call: Any, *args: Any, **kwargs: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(*args, **kwargs)
    return caught.value


# Master data


def test_upserting_locations_counts_created_and_updated_ones(inventory: Any) -> None:
    first = inventory.UpsertLocations(
        pb.UpsertLocationsRequest(locations=[location("A", 52.0, 13.0)])
    )
    second = inventory.UpsertLocations(
        pb.UpsertLocationsRequest(locations=[location("A", 52.1, 13.0), location("B", 52, 13)])
    )
    assert (first.created_count, first.updated_count) == (1, 0)
    assert (second.created_count, second.updated_count) == (1, 1)


def test_upserting_skus_counts_created_and_updated_ones(inventory: Any) -> None:
    inventory.UpsertSkus(pb.UpsertSkusRequest(skus=[sku("X")]))
    reply = inventory.UpsertSkus(pb.UpsertSkusRequest(skus=[sku("X"), sku("Y")]))
    assert (reply.created_count, reply.updated_count) == (1, 1)


def test_a_location_without_coordinates_is_an_invalid_argument(inventory: Any) -> None:
    bare = common_pb2.Location(location_id="A", name="A", kind=common_pb2.LOCATION_KIND_STORE)
    error = error_of(inventory.UpsertLocations, pb.UpsertLocationsRequest(locations=[bare]))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "point" in error.details()


def test_the_same_location_twice_in_one_request_already_exists(inventory: Any) -> None:
    twice = [location("A", 52, 13), location("A", 52, 13)]
    error = error_of(inventory.UpsertLocations, pb.UpsertLocationsRequest(locations=twice))
    assert error.code() is grpc.StatusCode.ALREADY_EXISTS


# Stock events


def test_applying_events_returns_the_levels_after_the_batch(stub: Any) -> None:
    reply = apply(stub, "sale-1", event(POS_SALE, "MITTE", "JACKET", 2))
    assert (reply.applied_count, reply.replayed) == (1, False)
    [level] = reply.levels
    assert (level.location_id, level.sku_id, level.on_hand, level.available) == (
        "MITTE",
        "JACKET",
        3,
        3,
    )


def test_a_retried_batch_is_replayed_and_changes_nothing(stub: Any) -> None:
    apply(stub, "sale-1", event(POS_SALE, "MITTE", "JACKET", 2))
    again = apply(stub, "sale-1", event(POS_SALE, "MITTE", "JACKET", 2))
    assert (again.applied_count, again.replayed) == (0, True)
    assert again.levels[0].on_hand == 3


def test_an_idempotency_key_reused_with_other_events_already_exists(stub: Any) -> None:
    apply(stub, "sale-1", event(POS_SALE, "MITTE", "JACKET", 2))
    error = error_of(apply, stub, "sale-1", event(POS_SALE, "MITTE", "JACKET", 1))
    assert error.code() is grpc.StatusCode.ALREADY_EXISTS


def test_a_negative_quantity_is_an_invalid_argument(stub: Any) -> None:
    error = error_of(apply, stub, "bad", event(RECEIPT, "MITTE", "JACKET", -1))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_a_batch_without_idempotency_key_is_an_invalid_argument(stub: Any) -> None:
    error = error_of(apply, stub, "", event(RECEIPT, "MITTE", "JACKET", 1))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "idempotency_key" in error.details()


def test_an_unknown_sku_is_not_found(stub: Any) -> None:
    error = error_of(apply, stub, "k", event(RECEIPT, "MITTE", "NO-SUCH-SKU", 1))
    assert error.code() is grpc.StatusCode.NOT_FOUND
    assert "NO-SUCH-SKU" in error.details()


def test_selling_more_than_is_on_hand_fails_its_precondition_and_changes_nothing(
    stub: Any,
) -> None:
    error = error_of(
        apply,
        stub,
        "k",
        event(RECEIPT, "MITTE", "SCARF", 3),
        event(POS_SALE, "KREUZBERG", "JACKET", 3),
    )
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    levels = stub.GetStock(pb.GetStockRequest(sku_ids=["SCARF"], location_ids=["MITTE"])).levels
    assert levels[0].on_hand == 0


def test_a_sale_of_reserved_units_fails_its_precondition(stub: Any, server: Any) -> None:
    line = ReservationLine("MITTE", "JACKET", 5)
    server.app.model.reserve(Reserve(lines=(line,), idempotency_key="r1"))
    error = error_of(apply, stub, "sale", event(POS_SALE, "MITTE", "JACKET", 1))
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION


def test_safety_stock_and_incoming_units_are_planning_figures(stub: Any) -> None:
    expected = Timestamp()
    expected.FromDatetime(datetime(2030, 5, 1, 8, tzinfo=UTC))
    reply = apply(
        stub,
        "plan-1",
        event(pb.STOCK_EVENT_TYPE_SAFETY_STOCK_SET, "MITTE", "JACKET", 2),
        event(pb.STOCK_EVENT_TYPE_INCOMING_EXPECTED, "MITTE", "JACKET", 7, expected_at=expected),
    )
    [level] = reply.levels
    assert (level.on_hand, level.safety_stock, level.available) == (5, 2, 3)
    assert level.incoming[0].quantity == 7
    assert level.incoming[0].expected_at == expected


def test_a_transfer_without_its_counterpart_is_an_invalid_argument(stub: Any) -> None:
    error = error_of(apply, stub, "t", event(pb.STOCK_EVENT_TYPE_TRANSFER_OUT, "WH", "JACKET", 1))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_a_stream_of_batches_applies_good_ones_and_reports_rejected_ones(stub: Any) -> None:
    batches = [
        pb.StreamStockEventsRequest(
            idempotency_key="b0", events=[event(RECEIPT, "MITTE", "SCARF", 2)]
        ),
        pb.StreamStockEventsRequest(
            idempotency_key="b1", events=[event(RECEIPT, "NOWHERE", "SCARF", 2)]
        ),
        pb.StreamStockEventsRequest(
            idempotency_key="b0", events=[event(RECEIPT, "MITTE", "SCARF", 2)]
        ),
        pb.StreamStockEventsRequest(
            idempotency_key="b3", events=[event(POS_SALE, "MITTE", "SCARF", 1)]
        ),
    ]
    summary = stub.StreamStockEvents(iter(batches))
    assert summary.batches_received == 4
    assert (summary.batches_applied, summary.batches_replayed, summary.events_applied) == (2, 1, 2)
    [rejected] = summary.rejected_batches
    assert (rejected.batch_index, rejected.idempotency_key, rejected.code) == (1, "b1", "NOT_FOUND")
    levels = stub.GetStock(pb.GetStockRequest(sku_ids=["SCARF"], location_ids=["MITTE"])).levels
    assert levels[0].on_hand == 1


# Queries


def test_get_stock_lists_every_holding_location_in_id_order(stub: Any) -> None:
    reply = stub.GetStock(pb.GetStockRequest(sku_ids=["JACKET"]))
    assert [(lv.location_id, lv.on_hand) for lv in reply.levels] == [
        ("KREUZBERG", 2),
        ("MITTE", 5),
        ("WH", 9),
    ]


def test_get_stock_of_an_unknown_sku_is_not_found(stub: Any) -> None:
    error = error_of(stub.GetStock, pb.GetStockRequest(sku_ids=["NOPE"]))
    assert error.code() is grpc.StatusCode.NOT_FOUND


def test_availability_sums_the_network_and_filters_by_kind(stub: Any) -> None:
    everything = stub.GetAvailability(pb.GetAvailabilityRequest(sku_ids=["JACKET"]))
    stores = stub.GetAvailability(
        pb.GetAvailabilityRequest(
            sku_ids=["JACKET"], kinds=[common_pb2.LOCATION_KIND_STORE], include_locations=True
        )
    )
    assert everything.availabilities[0].available == 16
    [jacket] = stores.availabilities
    assert jacket.available == 7
    assert [(a.location_id, a.available) for a in jacket.locations] == [
        ("MITTE", 5),
        ("KREUZBERG", 2),
    ]


def test_find_nearby_answers_the_nearest_stores_that_have_everything(stub: Any) -> None:
    reply = stub.FindNearby(
        pb.FindNearbyRequest(
            origin=common_pb2.GeoPoint(latitude=52.50, longitude=13.40),
            radius_km=10,
            items=[common_pb2.SkuQuantity(sku_id="JACKET", quantity=2)],
            require_all=True,
            kinds=[common_pb2.LOCATION_KIND_STORE],
        )
    )
    assert [n.location.location_id for n in reply.locations] == ["KREUZBERG", "MITTE"]
    first = reply.locations[0]
    assert first.has_all and first.distance_km < 1
    assert (first.items[0].requested, first.items[0].available) == (2, 2)


def test_find_nearby_requires_every_asked_capability(stub: Any) -> None:
    reply = stub.FindNearby(
        pb.FindNearbyRequest(
            origin=common_pb2.GeoPoint(latitude=52.50, longitude=13.40),
            limit=5,
            items=[common_pb2.SkuQuantity(sku_id="JACKET", quantity=1)],
            require_all=True,
            required_capabilities=[common_pb2.CAPABILITY_SHIP, common_pb2.CAPABILITY_PICKUP],
        )
    )
    assert [n.location.location_id for n in reply.locations] == ["KREUZBERG", "MITTE"]


def test_find_nearby_without_an_origin_is_an_invalid_argument(stub: Any) -> None:
    request = pb.FindNearbyRequest(items=[common_pb2.SkuQuantity(sku_id="JACKET", quantity=1)])
    assert error_of(stub.FindNearby, request).code() is grpc.StatusCode.INVALID_ARGUMENT


# Watching


def test_watch_sends_a_snapshot_then_each_change_in_sequence(stub: Any) -> None:
    stream = stub.WatchStock(
        pb.WatchStockRequest(sku_ids=["JACKET"], location_ids=["MITTE"], send_initial=True),
        timeout=10,
    )
    snapshot = next(stream)
    assert snapshot.cause == pb.STOCK_CHANGE_CAUSE_SNAPSHOT
    assert snapshot.level.on_hand == 5
    apply(stub, "sale-1", event(POS_SALE, "MITTE", "JACKET", 2))
    apply(stub, "other", event(RECEIPT, "KREUZBERG", "JACKET", 1))
    apply(stub, "sale-2", event(POS_SALE, "MITTE", "JACKET", 1))
    first, second = next(stream), next(stream)
    stream.cancel()
    assert first.cause == pb.STOCK_CHANGE_CAUSE_STOCK_EVENT
    assert (first.level.on_hand, first.available_delta) == (3, -2)
    assert (second.level.on_hand, second.available_delta) == (2, -1)
    assert snapshot.sequence < first.sequence < second.sequence


def test_a_cancelled_watch_frees_its_slot(stub: Any, server: Any) -> None:
    for _ in range(3):  # the test server allows two watchers at a time
        stream = stub.WatchStock(pb.WatchStockRequest(sku_ids=["JACKET"], send_initial=True))
        next(stream)
        stream.cancel()
        wait_until(lambda: not server.app.watch._subscriptions)
    assert not server.app.watch._subscriptions


def test_watchers_beyond_the_limit_are_resource_exhausted(stub: Any) -> None:
    streams = [
        stub.WatchStock(pb.WatchStockRequest(sku_ids=["JACKET"], send_initial=True))
        for _ in range(2)
    ]
    for stream in streams:
        next(stream)
    extra = stub.WatchStock(pb.WatchStockRequest(sku_ids=["JACKET"], send_initial=True))
    error = error_of(next, extra)
    for stream in streams:
        stream.cancel()
    assert error.code() is grpc.StatusCode.RESOURCE_EXHAUSTED


def test_a_watch_ends_at_the_callers_deadline(stub: Any) -> None:
    stream = stub.WatchStock(pb.WatchStockRequest(sku_ids=["JACKET"]), timeout=0.5)
    error = error_of(list, stream)
    assert error.code() is grpc.StatusCode.DEADLINE_EXCEEDED


def test_watching_nothing_is_an_invalid_argument(stub: Any) -> None:
    error = error_of(next, stub.WatchStock(pb.WatchStockRequest()))
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
