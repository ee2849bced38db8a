"""Page sizes and page tokens of the List RPCs, and the in-memory promotions listing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from omniroute.convert.limits import check_request
from omniroute.convert.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, page_request
from omniroute.errors import InvalidRequest
from omniroute.promotions import DiscountKind, Promotion
from omniroute.promotions.fake import FakePromotions
from omniroute.v1 import inventory_service_pb2 as pb


def token_after(last_id: str, listing: str = "ListSkus", filters: str = "") -> str:
    page = page_request(pb.ListSkusRequest(page_size=1), listing, filters)
    return page.next_token([last_id, "next"])


@pytest.mark.parametrize(
    ("asked", "size"), [(0, DEFAULT_PAGE_SIZE), (1, 1), (MAX_PAGE_SIZE + 1, MAX_PAGE_SIZE)]
)
def test_a_page_holds_the_size_asked_the_default_for_0_and_at_most_the_maximum(
    asked: int, size: int
) -> None:
    assert page_request(pb.ListSkusRequest(page_size=asked), "ListSkus").size == size


def test_a_negative_page_size_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidRequest, match="page_size"):
        page_request(pb.ListSkusRequest(page_size=-1), "ListSkus")


def test_a_token_continues_after_the_last_id_of_its_page() -> None:
    token = token_after("SKU-7", filters="outerwear")
    request = pb.ListSkusRequest(page_token=token)

    assert page_request(request, "ListSkus", "outerwear").after == "SKU-7"


def test_the_last_page_has_no_token() -> None:
    page = page_request(pb.ListSkusRequest(page_size=2), "ListSkus")

    assert page.next_token(["a", "b"]) == ""
    assert page.next_token(["a", "b", "c"]) != ""


@pytest.mark.parametrize(("listing", "filters"), [("ListLocations", ""), ("ListSkus", "shoes")])
def test_a_token_of_another_listing_or_other_filters_is_refused(listing: str, filters: str) -> None:
    request = pb.ListSkusRequest(page_token=token_after("SKU-7"))

    with pytest.raises(InvalidRequest, match="page_token"):
        page_request(request, listing, filters)


@pytest.mark.parametrize("token", ["x", "====", "AAAA", "abc$", token_after("SKU-7")[:-4]])
def test_a_token_the_server_did_not_give_is_refused(token: str) -> None:
    with pytest.raises(InvalidRequest, match="page_token"):
        page_request(pb.ListSkusRequest(page_token=token), "ListSkus")


def test_the_token_of_the_longest_identifier_passes_the_request_limits() -> None:
    token = token_after("\U0001f600" * 64)

    check_request(pb.ListSkusRequest(page_token=token))


def test_the_fake_lists_promotions_by_id_after_a_cursor_and_active_at_an_instant() -> None:
    fake = FakePromotions()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for promotion_id, valid_from in (("b", None), ("a", start), ("C", None), ("d", start)):
        fake.upsert_promotion(
            Promotion(
                promotion_id,
                promotion_id,
                DiscountKind.FIXED_AMOUNT,
                amount_off_cents=100,
                valid_from=valid_from,
            )
        )

    def ids(**kwargs: object) -> list[str]:
        return [p.promotion_id for p in fake.list_promotions(**kwargs)]  # type: ignore[arg-type]

    assert ids(after=None, limit=10) == ["C", "a", "b", "d"]
    assert ids(after="a", limit=1) == ["b"]
    assert ids(after=None, limit=10, active_at=datetime(2025, 6, 1, tzinfo=UTC)) == ["C", "b"]
