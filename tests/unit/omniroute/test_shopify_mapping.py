"""Shopify order JSON -> RouteOrder: sample payloads map exactly; malformed ones are refused
with the JSON path of the field."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from omniroute.shop import InvalidShopPayload
from omniroute.shop.request import route_request
from omniroute.shop.shopify import load_order, parse_order

SAMPLES = Path(__file__).resolve().parents[3] / "scenarios" / "shop"


def sample(name: str = "shopify_order_jacket_scarf.json") -> Any:
    return json.loads((SAMPLES / name).read_text())


def test_the_sample_order_maps_lines_prices_discounts_customer_and_address():
    order = load_order((SAMPLES / "shopify_order_jacket_scarf.json").read_text())
    command = order.command
    assert command.order_id == "shopify-5832019476551"
    assert command.idempotency_key == "shopify-order-5832019476551"
    assert command.placed_at == datetime(2026, 11, 20, 13, 5, 11, tzinfo=UTC)
    assert [(ln.sku, ln.qty, ln.unit_weight_g) for ln in command.lines] == [
        ("JACKET-LEATHER-M", 1, 1800),
        ("SCARF-WOOL-RED", 1, 200),
    ]
    assert [(p.line_id, p.unit_price_cents, p.discount_cents) for p in command.prices] == [
        ("14361234567001", 29900, 2990),
        ("14361234567002", 3995, 400),
    ]
    assert (
        command.destination == (52.5296, 13.4019) and command.customer_id == "shopify-7012345678901"
    )
    assert order.skipped_line_ids == ("14361234567003",)
    assert (
        order.shipping_cents == 0 and order.currency == "EUR" and order.shop_order_name == "#1042"
    )
    assert order.customer is not None and order.customer.marketing_consent
    assert order.customer.email == "ada@example.com" and order.customer.name == "Ada Lovelace"
    assert order.ship_to is not None and order.ship_to.postal_code == "10119"


def test_an_unwrapped_guest_order_with_string_coordinates_maps_too():
    order = parse_order(sample("shopify_order_sneakers_guest.json"))
    assert order.customer is None and order.command.customer_id is None
    assert [(p.unit_price_cents, p.discount_cents) for p in order.command.prices] == [(8995, 0)]
    assert order.command.lines[0].qty == 2 and order.shipping_cents == 990
    assert order.command.destination == (52.458, 13.3216)


def test_click_and_collect_needs_no_coordinates():
    payload = sample()
    del payload["order"]["shipping_address"]
    order = parse_order(payload, pickup_location_id="BER-MITTE")
    assert order.command.pickup_location_id == "BER-MITTE" and order.command.destination is None


def test_the_route_request_carries_prices_customer_and_address():
    request = route_request(parse_order(sample(), dry_run=True))
    assert request.dry_run and request.customer_id == "shopify-7012345678901"
    assert [(ln.line_id, ln.unit_price_cents, ln.discount_cents) for ln in request.lines] == [
        ("14361234567001", 29900, 2990),
        ("14361234567002", 3995, 400),
    ]
    assert request.ship_to.city == "Berlin" and request.ship_to.point.latitude == 52.5296


def test_prices_are_parsed_exactly_in_cents():
    payload = sample()
    payload["order"]["line_items"][0]["price"] = "0.29"  # 0.29 * 100 is 28.999... as a float
    payload["order"]["line_items"][0]["discount_allocations"] = []
    assert parse_order(payload).command.prices[0].unit_price_cents == 29


def broken(change: Any) -> str:
    payload = copy.deepcopy(sample())
    change(payload["order"])
    with pytest.raises(InvalidShopPayload) as refused:
        parse_order(payload)
    return str(refused.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda o: o["line_items"][1].update(price="abc"),
            "order.line_items[1].price: not a decimal amount",
        ),
        (
            lambda o: o["line_items"][1].update(price="1.005"),
            "order.line_items[1].price: '1.005' is not a whole number of cents",
        ),
        (
            lambda o: o["line_items"][1].update(price="-1.00"),
            "order.line_items[1].price: must not be negative",
        ),
        (
            lambda o: o["line_items"][0].update(price=299.0),
            "order.line_items[0].price: not a decimal amount (got a binary float",
        ),
        (lambda o: o["line_items"][0].pop("sku"), "order.line_items[0].sku: required"),
        (lambda o: o["line_items"][0].update(sku=""), "order.line_items[0].sku: must not be empty"),
        (
            lambda o: o["line_items"][0].update(quantity=0),
            "order.line_items[0].quantity: must be at least 1",
        ),
        (
            lambda o: o["line_items"][0].update(quantity="2"),
            "order.line_items[0].quantity: must be a whole number",
        ),
        (
            lambda o: o["line_items"][1].update(sku="JACKET-LEATHER-M"),
            "order.line_items[1].sku: SKU 'JACKET-LEATHER-M' is on order.line_items[0] already",
        ),
        (
            lambda o: o["line_items"][1]["discount_allocations"][0].update(amount="50.00"),
            "order.line_items[1].discount_allocations: discounts of 5000 cents exceed",
        ),
        (
            lambda o: o["line_items"][1]["discount_allocations"][0].pop("amount"),
            "order.line_items[1].discount_allocations[0].amount: required",
        ),
        (lambda o: o.update(line_items={}), "order.line_items: must be an array"),
        (
            lambda o: o.update(line_items=[o["line_items"][2]]),
            "order.line_items: no line item needs shipping",
        ),
        (
            lambda o: o["shipping_address"].update(latitude=None),
            "order.shipping_address.latitude: required",
        ),
        (
            lambda o: o["shipping_address"].update(longitude=200),
            "order.shipping_address.longitude: must be between -180 and 180",
        ),
        (lambda o: o.pop("shipping_address"), "order.shipping_address: required"),
        (lambda o: o.update(created_at="yesterday"), "order.created_at: not an ISO 8601 date-time"),
        (
            lambda o: o.update(created_at="2026-11-20T14:05:11"),
            "order.created_at: needs a UTC offset",
        ),
        (lambda o: o.pop("id"), "order.id: required"),
        (lambda o: o["customer"].pop("id"), "order.customer.id: required"),
        (
            lambda o: o["shipping_lines"][0].update(price="x"),
            "order.shipping_lines[0].price: not a decimal amount",
        ),
    ],
)
def test_a_malformed_payload_names_the_field(change, message):
    assert broken(change).startswith(message)


def test_text_that_is_not_json_is_refused():
    with pytest.raises(InvalidShopPayload, match=r"^\$: not JSON"):
        load_order("{not json")
