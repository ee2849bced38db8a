"""GetPromotion and ListPromotions over real gRPC, on SQLite and PostgreSQL: what
UpsertPromotion stored comes back, paging visits every promotion once, and active_at
keeps those whose window contains it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from e2e_server import TOKENS, ServerHandle, StartServer, bearer
from google.protobuf.timestamp_pb2 import Timestamp
from page_walk import tampered, walk

from omniroute.v1 import promotion_service_pb2 as pb
from omniroute.v1 import promotion_service_pb2_grpc as pb_grpc

Y2025, Y2026, Y2027, Y2030 = (
    Timestamp(seconds=s) for s in (1_735_689_600, 1_767_225_600, 1_798_761_600, 1_893_456_000)
)
#: Promotion id -> (valid_from, valid_until); None is unset.
WINDOWS: dict[str, tuple[Timestamp | None, Timestamp | None]] = {
    "open": (None, None),
    "ended-2025": (None, Y2025),
    "ends-2026": (None, Y2026),
    "from-2026": (Y2026, None),
    "Winter-26": (Y2025, Y2027),
    "from-2030": (Y2030, None),
    "10-off": (None, Y2030),
}


def promotion(promotion_id: str) -> Any:
    """A promotion with every field set (its window from `WINDOWS`)."""
    start, end = WINDOWS[promotion_id]
    message = pb.Promotion(
        promotion_id=promotion_id,
        name=f"Promotion {promotion_id}",
        kind=pb.DISCOUNT_KIND_FIXED_AMOUNT,
        amount_off_cents=1000,
        category="outerwear",
        min_spend_cents=5000,
        stacking=pb.STACKING_EXCLUSIVE,
        priority=3,
        requires_coupon=True,
        sku_ids=["JACKET-L", "JACKET-M"],
        min_basket_cents=2000,
    )
    if start is not None:
        message.valid_from.CopyFrom(start)
    if end is not None:
        message.valid_until.CopyFrom(end)
    return message


@pytest.fixture
def promotions(server: ServerHandle) -> Iterator[Any]:
    with server.channel() as channel:
        stub = pb_grpc.PromotionServiceStub(channel)
        for promotion_id in WINDOWS:
            stub.UpsertPromotion(pb.UpsertPromotionRequest(promotion=promotion(promotion_id)))
        yield stub


def code_and_details(call: Any, request: Any) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.RpcError) as caught:
        call(request)
    return caught.value.code(), caught.value.details()


def test_get_promotion_returns_what_upsert_stored(promotions: Any) -> None:
    for promotion_id in WINDOWS:
        reply = promotions.GetPromotion(pb.GetPromotionRequest(promotion_id=promotion_id))
        assert reply.promotion == promotion(promotion_id)


def test_get_promotion_of_an_unknown_or_missing_id_is_refused(promotions: Any) -> None:
    unknown = code_and_details(promotions.GetPromotion, pb.GetPromotionRequest(promotion_id="x"))
    missing = code_and_details(promotions.GetPromotion, pb.GetPromotionRequest())

    assert unknown[0] is grpc.StatusCode.NOT_FOUND and "'x'" in unknown[1]
    assert missing[0] is grpc.StatusCode.INVALID_ARGUMENT and "promotion_id" in missing[1]


@pytest.mark.parametrize("page_size", [1, 2, 0])
def test_list_promotions_visits_every_promotion_once_by_id(promotions: Any, page_size: int) -> None:
    request = pb.ListPromotionsRequest(page_size=page_size)

    ids = walk(promotions.ListPromotions, request, "promotions", "promotion_id")

    assert ids == sorted(WINDOWS, key=str.encode)


def test_listed_promotions_are_the_stored_ones(promotions: Any) -> None:
    listed = promotions.ListPromotions(pb.ListPromotionsRequest()).promotions

    assert list(listed) == [promotion(i) for i in sorted(WINDOWS, key=str.encode)]


@pytest.mark.parametrize("page_size", [1, 2, 0])
def test_active_at_keeps_the_promotions_valid_then(promotions: Any, page_size: int) -> None:
    request = pb.ListPromotionsRequest(page_size=page_size, active_at=Y2026)

    ids = walk(promotions.ListPromotions, request, "promotions", "promotion_id")

    # valid_from is inclusive, valid_until exclusive: "from-2026" is in, "ends-2026" out.
    assert ids == ["10-off", "Winter-26", "from-2026", "open"]


def test_a_page_token_is_refused_when_tampered_or_with_another_active_at(
    promotions: Any,
) -> None:
    token = promotions.ListPromotions(
        pb.ListPromotionsRequest(page_size=1, active_at=Y2026)
    ).next_page_token
    requests = [
        pb.ListPromotionsRequest(page_size=1, active_at=Y2026, page_token=bad)
        for bad in tampered(token)
    ]
    requests += [
        pb.ListPromotionsRequest(page_size=1, active_at=Y2027, page_token=token),
        pb.ListPromotionsRequest(page_size=1, page_token=token),
        pb.ListPromotionsRequest(page_size=-1, active_at=Y2026),
    ]

    for request in requests:
        code, details = code_and_details(promotions.ListPromotions, request)
        assert code is grpc.StatusCode.INVALID_ARGUMENT, request
        assert "page_token" in details or "page_size" in details


def test_the_read_scope_may_read_promotions(running_server: StartServer, database_url: str) -> None:
    server = running_server(database_url, tokens=TOKENS)
    with server.channel() as channel:
        stub = pb_grpc.PromotionServiceStub(channel)
        stub.UpsertPromotion(
            pb.UpsertPromotionRequest(promotion=promotion("open")), metadata=bearer("admin-token")
        )
        reader = bearer("reader-token")

        got = stub.GetPromotion(pb.GetPromotionRequest(promotion_id="open"), metadata=reader)
        listed = stub.ListPromotions(pb.ListPromotionsRequest(), metadata=reader)

    assert got.promotion == promotion("open")
    assert list(listed.promotions) == [promotion("open")]
