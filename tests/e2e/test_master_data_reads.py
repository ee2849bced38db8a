"""GetLocation, ListLocations, GetSku and ListSkus over real gRPC, on SQLite and
PostgreSQL: what Upsert stored comes back, and paging visits every item exactly once."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from e2e_server import TOKENS, ServerHandle, StartServer, bearer, location
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from page_walk import tampered, walk

from omniroute.v1 import common_pb2
from omniroute.v1 import inventory_service_pb2 as pb
from omniroute.v1 import inventory_service_pb2_grpc as pb_grpc

STORE, WAREHOUSE = common_pb2.LOCATION_KIND_STORE, common_pb2.LOCATION_KIND_WAREHOUSE
#: Ids whose byte order differs from a natural-language collation (case, '-', digits,
#: a non-ASCII letter), so that the order by id is the same on every backend.
LOCATION_IDS = ["b-1", "B2", "a", "A-3", "10", "9", "ä-store", "Z"]
WAREHOUSES = {"B2", "9"}


def full_location(location_id: str, kind: int = STORE) -> Any:
    """A location with every field the stock model keeps set."""
    return common_pb2.Location(
        location_id=location_id,
        name=f"Site {location_id}",
        kind=kind,
        address=common_pb2.Address(
            recipient=f"Site {location_id}",
            line1="Alexanderplatz 1",
            line2="2nd floor",
            postal_code="10178",
            city="Berlin",
            region="BE",
            country_code="DE",
            point=common_pb2.GeoPoint(latitude=52.5219, longitude=13.4132),
        ),
        capabilities=[common_pb2.CAPABILITY_SHIP, common_pb2.CAPABILITY_ACCEPT_RETURNS],
        daily_capacity_units=40,
        handling_cost_cents=150,
        cutoff_local_time="16:30",
        disabled=location_id == "Z",
    )


def full_sku(sku_id: str, category: str = "outerwear") -> Any:
    return common_pb2.Sku(
        sku_id=sku_id,
        name=f"Article {sku_id}",
        category=category,
        unit_price_cents=4999,
        weight_grams=900,
    )


@pytest.fixture
def stub(inventory: Any) -> Any:
    locations = [full_location(i, WAREHOUSE if i in WAREHOUSES else STORE) for i in LOCATION_IDS]
    inventory.UpsertLocations(pb.UpsertLocationsRequest(locations=locations))
    return inventory


def code_and_details(call: Any, request: Any) -> tuple[grpc.StatusCode, str]:
    error = failure(call, request)
    return error.code(), error.details()


def failure(call: Any, request: Any) -> Any:
    with pytest.raises(grpc.RpcError) as caught:
        call(request)
    return caught.value


def violated_fields(error: Any) -> list[str]:
    """The fields named by the BadRequest in the error's status details."""
    status = rpc_status.from_call(error)
    assert status is not None
    fields = []
    for detail in status.details:
        bad_request = error_details_pb2.BadRequest()
        if detail.Unpack(bad_request):
            fields += [violation.field for violation in bad_request.field_violations]
    return fields


def test_get_location_returns_what_upsert_stored(stub: Any) -> None:
    reply = stub.GetLocation(pb.GetLocationRequest(location_id="ä-store"))

    assert reply.location == full_location("ä-store")


def test_get_location_of_an_unknown_id_is_not_found(stub: Any) -> None:
    code, details = code_and_details(stub.GetLocation, pb.GetLocationRequest(location_id="NOPE"))

    assert code is grpc.StatusCode.NOT_FOUND
    assert "NOPE" in details


def test_get_location_without_an_id_is_invalid(stub: Any) -> None:
    error = failure(stub.GetLocation, pb.GetLocationRequest())

    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert violated_fields(error) == ["location_id"]


@pytest.mark.parametrize("page_size", [1, 2, 0])
def test_list_locations_visits_every_location_once_in_byte_order_of_ids(
    stub: Any, page_size: int
) -> None:
    ids = walk(
        stub.ListLocations, pb.ListLocationsRequest(page_size=page_size), "locations", "location_id"
    )

    assert ids == sorted(LOCATION_IDS, key=str.encode)


def test_list_locations_returns_what_get_location_returns(stub: Any) -> None:
    listed = stub.ListLocations(pb.ListLocationsRequest()).locations

    assert list(listed) == [
        stub.GetLocation(pb.GetLocationRequest(location_id=loc.location_id)).location
        for loc in listed
    ]


@pytest.mark.parametrize("page_size", [1, 2])
def test_list_locations_of_one_kind_pages_through_that_kind_only(stub: Any, page_size: int) -> None:
    request = pb.ListLocationsRequest(page_size=page_size, kinds=[WAREHOUSE])

    ids = walk(stub.ListLocations, request, "locations", "location_id")

    assert ids == sorted(WAREHOUSES, key=str.encode)


def test_a_tampered_page_token_is_invalid_and_names_the_field(stub: Any) -> None:
    token = stub.ListLocations(pb.ListLocationsRequest(page_size=2)).next_page_token

    for bad in tampered(token):
        error = failure(stub.ListLocations, pb.ListLocationsRequest(page_size=2, page_token=bad))
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT, bad
        assert "page_token" in error.details()
        assert violated_fields(error) == ["page_token"]


def test_a_page_token_only_continues_its_own_listing_and_filters(stub: Any) -> None:
    stub.UpsertSkus(pb.UpsertSkusRequest(skus=[full_sku("S1"), full_sku("S2")]))
    location_token = stub.ListLocations(pb.ListLocationsRequest(page_size=1)).next_page_token
    sku_token = stub.ListSkus(pb.ListSkusRequest(page_size=1)).next_page_token

    refused = [
        (stub.ListSkus, pb.ListSkusRequest(page_size=1, page_token=location_token)),
        (stub.ListLocations, pb.ListLocationsRequest(page_size=1, page_token=sku_token)),
        (
            stub.ListLocations,
            pb.ListLocationsRequest(page_size=1, page_token=location_token, kinds=[STORE]),
        ),
    ]
    for call, request in refused:
        assert code_and_details(call, request)[0] is grpc.StatusCode.INVALID_ARGUMENT
    next_page = stub.ListLocations(pb.ListLocationsRequest(page_size=1, page_token=location_token))
    assert [loc.location_id for loc in next_page.locations] == ["9"]


def test_a_negative_page_size_is_invalid(stub: Any) -> None:
    for call, request in (
        (stub.ListLocations, pb.ListLocationsRequest(page_size=-1)),
        (stub.ListSkus, pb.ListSkusRequest(page_size=-5)),
    ):
        error = failure(call, request)
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert "page_size" in error.details()
        assert violated_fields(error) == ["page_size"]


def test_skus_come_back_as_stored_and_unknown_ones_are_not_found(stub: Any) -> None:
    stub.UpsertSkus(pb.UpsertSkusRequest(skus=[full_sku("JACKET"), full_sku("SCARF", "scarves")]))

    assert stub.GetSku(pb.GetSkuRequest(sku_id="SCARF")).sku == full_sku("SCARF", "scarves")
    listed = stub.ListSkus(pb.ListSkusRequest()).skus
    assert list(listed) == [full_sku("JACKET"), full_sku("SCARF", "scarves")]
    code, details = code_and_details(stub.GetSku, pb.GetSkuRequest(sku_id="NOPE"))
    assert (code, "NOPE" in details) == (grpc.StatusCode.NOT_FOUND, True)
    assert code_and_details(stub.GetSku, pb.GetSkuRequest())[0] is grpc.StatusCode.INVALID_ARGUMENT


def test_sku_pages_hold_the_default_100_and_at_most_1000(stub: Any) -> None:
    skus = [full_sku(f"SKU-{n:04d}", "even" if n % 2 == 0 else "odd") for n in range(1001)]
    stub.UpsertSkus(pb.UpsertSkusRequest(skus=skus))
    every_id = [s.sku_id for s in skus]

    assert len(stub.ListSkus(pb.ListSkusRequest()).skus) == 100
    largest = stub.ListSkus(pb.ListSkusRequest(page_size=5000))
    assert (len(largest.skus), bool(largest.next_page_token)) == (1000, True)
    assert walk(stub.ListSkus, pb.ListSkusRequest(), "skus", "sku_id") == every_id
    odd = walk(stub.ListSkus, pb.ListSkusRequest(page_size=7, category="odd"), "skus", "sku_id")
    assert odd == every_id[1::2]


def test_an_empty_listing_is_one_empty_page(inventory: Any) -> None:
    reply = inventory.ListSkus(pb.ListSkusRequest(page_size=1))

    assert (list(reply.skus), reply.next_page_token) == ([], "")


def test_the_read_scope_may_read_master_data(
    running_server: StartServer, database_url: str
) -> None:
    server: ServerHandle = running_server(database_url, tokens=TOKENS)
    with server.channel() as channel:
        stub = pb_grpc.InventoryServiceStub(channel)
        stub.UpsertLocations(
            pb.UpsertLocationsRequest(locations=[location("MITTE", 52.52, 13.41)]),
            metadata=bearer("writer-token"),
        )
        reader = bearer("reader-token")

        listed = stub.ListLocations(pb.ListLocationsRequest(), metadata=reader).locations
        got = stub.GetLocation(pb.GetLocationRequest(location_id="MITTE"), metadata=reader)

    assert [loc.location_id for loc in listed] == ["MITTE"]
    assert got.location.location_id == "MITTE"
