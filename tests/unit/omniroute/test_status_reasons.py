"""The details of every mapped error: a reason of its own for each class, the field path
and the ids, as `status_mapping` reads them from an exception."""

from __future__ import annotations

import importlib
import pkgutil
import re

import grpc
import pytest

import inventory
import routing
from omniroute import customers, errors, orders, promotions, returns, shop
from omniroute.status_mapping import (
    STATUS_CODES,
    field_of,
    metadata_of,
    reason_for,
    status_code_for,
)

UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


def mapped_classes_and_their_subclasses() -> list[type[BaseException]]:
    """Every class of `STATUS_CODES` and every subclass of one in the service's packages."""
    for package in (inventory, routing, customers, orders, promotions, returns, shop):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)
    found: dict[type[BaseException], None] = {}
    pending = list(STATUS_CODES)
    while pending:
        cls = pending.pop()
        if cls not in found and cls.__module__.split(".")[0] in {
            "inventory",
            "routing",
            "omniroute",
        }:
            found[cls] = None
            pending.extend(cls.__subclasses__())
    return list(found)


@pytest.mark.parametrize(
    "cls", mapped_classes_and_their_subclasses(), ids=lambda cls: cls.__qualname__
)
def test_every_mapped_error_class_declares_a_reason_of_its_own(cls: type) -> None:
    reason = vars(cls).get("reason")
    assert isinstance(reason, str), f"{cls.__module__}.{cls.__qualname__} needs a `reason`"
    assert UPPER_SNAKE.fullmatch(reason), reason


def test_the_mapped_classes_are_found_with_their_subclasses() -> None:
    found = set(mapped_classes_and_their_subclasses())
    assert set(STATUS_CODES) <= found
    assert {inventory.UnknownSku, inventory.NoDispatchCapacity, errors.MissingField} <= found


def test_the_reason_is_the_most_specific_classs() -> None:
    assert reason_for(inventory.UnknownSku("unknown SKU 'X'")) == "SKU_NOT_FOUND"
    assert reason_for(inventory.NotFound("gone")) == "ENTITY_NOT_FOUND"
    assert reason_for(errors.MissingField("order_id is required")) == "FIELD_REQUIRED"


def test_a_bug_has_the_internal_reason_even_if_it_has_a_reason_attribute() -> None:
    class Odd(Exception):
        reason = "SOMETHING"

    assert status_code_for(Odd()) is grpc.StatusCode.INTERNAL
    assert reason_for(Odd()) == reason_for(ZeroDivisionError()) == "INTERNAL"
    assert reason_for(errors.ConfigurationError("bad")) == "INTERNAL"


@pytest.mark.parametrize(
    ("exc", "field"),
    [
        (errors.InvalidRequest("anything", field="lines[2].quantity"), "lines[2].quantity"),
        (
            errors.LimitExceeded("lines[1].unit_price_cents: must be ..."),
            "lines[1].unit_price_cents",
        ),
        (errors.InvalidRequest("ship_to.point: required"), "ship_to.point"),
        (errors.MissingField("order_id is required"), "order_id"),
        (errors.InvalidRequest("redeem_points must not be negative"), "redeem_points"),
        (errors.InvalidRequest("redeem_points needs customer_id"), "redeem_points"),
        (errors.InvalidRequest("an order needs at least one line"), None),
        (errors.InvalidRequest("at least one sku_id is required"), None),
        (inventory.InvalidInput("SKU 'X': weight_grams must be positive"), None),
        (shop.InvalidShopPayload("line_items[2].price", "not a number"), "line_items[2].price"),
    ],
)
def test_the_field_is_the_given_one_else_the_path_a_message_starts_with(
    exc: BaseException, field: str | None
) -> None:
    assert field_of(exc) == field


def test_the_metadata_are_the_ids_an_error_carries() -> None:
    stock = inventory.InsufficientStock("only 1", location_id="BER-MITTE", sku_id="JACKET")
    assert metadata_of(stock) == {"location_id": "BER-MITTE", "sku_id": "JACKET"}
    assert metadata_of(inventory.InsufficientStock("none at all")) == {}
    coupon = promotions.CouponUnavailable("used up", code="WELCOME10")
    assert metadata_of(coupon) == {"coupon_code": "WELCOME10"}
    assert metadata_of(errors.InvalidRequest("x", field="lines[0].sku_id")) == {}
    assert metadata_of(inventory.UnknownSku("unknown SKU 'X'", sku_id="X")) == {"sku_id": "X"}
    assert metadata_of(returns.UnknownReturn("unknown return 'r'", return_id="r")) == {
        "return_id": "r"
    }
    assert metadata_of(promotions.UnknownCoupon("unknown", coupon_code="C")) == {"coupon_code": "C"}
