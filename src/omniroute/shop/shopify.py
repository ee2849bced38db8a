"""Shopify's order JSON (REST Admin API, Order resource) -> the orders workflow's RouteOrder.

Mapped: ``id`` (order id ``shopify-<id>``, idempotency key ``shopify-order-<id>``),
``created_at`` (placed at), ``line_items[]`` (``sku``, ``quantity``, ``price``, ``grams``,
``discount_allocations[].amount``; lines with ``requires_shipping: false`` - gift cards,
downloads - are left out), ``shipping_address`` (``latitude``/``longitude`` are required to
route a delivery), ``customer`` (id ``shopify-<id>``, email, names, marketing consent) and
``shipping_lines[]`` (shipping charged, less its discounts). Amounts are decimal strings
parsed into exact cents. A line's discount is the sum of its discount allocations, which is
how Shopify spreads order-level discounts over lines; it must not exceed the line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from inventory.errors import InvalidInput
from omniroute.orders.commands import LinePrice, RouteOrder
from omniroute.shop import payload as p
from omniroute.shop.errors import InvalidShopPayload
from routing import OrderLine

ID_PREFIX = "shopify-"
DEFAULT_UNIT_WEIGHT_G = 500


@dataclass(frozen=True)
class ShopCustomer:
    """The customer of a shop order, as the shop knows them."""

    customer_id: str
    email: str | None
    name: str
    #: The customer subscribed to marketing in the shop.
    marketing_consent: bool


@dataclass(frozen=True)
class ShopAddress:
    """The postal part of the shipping address (for the label)."""

    recipient: str = ""
    line1: str = ""
    line2: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country_code: str = ""


@dataclass(frozen=True)
class ShopifyOrder:
    """A Shopify order ready to route: the command and what else the payload said."""

    command: RouteOrder
    shop_order_name: str
    currency: str
    customer: ShopCustomer | None
    #: Shipping charged to the customer, after shipping discounts, in cents.
    shipping_cents: int
    #: Shopify line item ids left out because they need no shipping.
    skipped_line_ids: tuple[str, ...]
    ship_to: ShopAddress | None = None


def load_order(text: str, **options: Any) -> ShopifyOrder:
    """Parse Shopify order JSON text (``{"order": {...}}`` or the order object itself)."""
    return parse_order(p.load_json(text), **options)


def parse_order(
    payload: Any,
    *,
    pickup_location_id: str | None = None,
    dry_run: bool = False,
    strategy: str = "optimal",
) -> ShopifyOrder:
    """Map a decoded Shopify order; `pickup_location_id` makes it a click & collect order
    (no coordinates needed). Malformed input raises `InvalidShopPayload` naming the field."""
    root = p.obj(payload, "")
    path = ""
    if "order" in root and isinstance(root["order"], Mapping):
        root, path = root["order"], "order"
    shop_id = p.text(p.get(root, "id", path), p.child(path, "id"))
    lines, prices, skipped = _lines(root, path)
    try:
        command = RouteOrder(
            order_id=ID_PREFIX + shop_id,
            lines=lines,
            prices=prices,
            placed_at=p.moment(p.get(root, "created_at", path), p.child(path, "created_at")),
            destination=None if pickup_location_id else _destination(root, path),
            pickup_location_id=pickup_location_id,
            customer_id=_customer(root, path).customer_id if root.get("customer") else None,
            idempotency_key=f"{ID_PREFIX}order-{shop_id}",
            strategy=strategy,
            dry_run=dry_run,
        )
    except InvalidInput as exc:  # the command's own checks
        raise InvalidShopPayload(path or "$", str(exc)) from exc
    return ShopifyOrder(
        command=command,
        shop_order_name=str(root.get("name") or shop_id),
        currency=p.text(root.get("currency") or "EUR", p.child(path, "currency")),
        customer=_customer(root, path) if root.get("customer") else None,
        shipping_cents=_shipping(root, path),
        skipped_line_ids=skipped,
        ship_to=_address(root.get("shipping_address")),
    )


def _lines(
    root: Mapping[str, Any], path: str
) -> tuple[tuple[OrderLine, ...], tuple[LinePrice, ...], tuple[str, ...]]:
    items_path = p.child(path, "line_items")
    items = p.array(p.get(root, "line_items", path), items_path)
    lines: list[OrderLine] = []
    prices: list[LinePrice] = []
    skipped: list[str] = []
    first_of_sku: dict[str, str] = {}
    for n, raw in enumerate(items):
        where = p.child(items_path, n)
        item = p.obj(raw, where)
        line_id = p.text(item.get("id", n + 1), p.child(where, "id"))
        if item.get("requires_shipping") is False:
            skipped.append(line_id)
            continue
        sku = p.text(p.get(item, "sku", where), p.child(where, "sku"))
        if sku in first_of_sku:
            raise InvalidShopPayload(
                p.child(where, "sku"), f"SKU {sku!r} is on {first_of_sku[sku]} already"
            )
        first_of_sku[sku] = where
        qty = p.whole(p.get(item, "quantity", where), p.child(where, "quantity"), minimum=1)
        unit = p.cents(p.get(item, "price", where), p.child(where, "price"))
        discount = _allocated(item, where)
        if discount > qty * unit:
            raise InvalidShopPayload(
                p.child(where, "discount_allocations"),
                f"discounts of {discount} cents exceed the line's {qty * unit} cents",
            )
        grams = item.get("grams")
        weight = p.whole(grams, p.child(where, "grams")) if grams else DEFAULT_UNIT_WEIGHT_G
        lines.append(OrderLine(sku, qty, unit_weight_g=weight or DEFAULT_UNIT_WEIGHT_G))
        prices.append(LinePrice(line_id, unit, discount))
    if not lines:
        raise InvalidShopPayload(items_path, "no line item needs shipping: nothing to route")
    return tuple(lines), tuple(prices), tuple(skipped)


def _allocated(item: Mapping[str, Any], where: str) -> int:
    allocations_path = p.child(where, "discount_allocations")
    allocations = p.array(item.get("discount_allocations") or [], allocations_path)
    total = 0
    for n, raw in enumerate(allocations):
        at = p.child(allocations_path, n)
        total += p.cents(p.get(p.obj(raw, at), "amount", at), p.child(at, "amount"))
    return total


def _destination(root: Mapping[str, Any], path: str) -> tuple[float, float]:
    where = p.child(path, "shipping_address")
    address = p.obj(p.get(root, "shipping_address", path), where)
    latitude = p.get(address, "latitude", where)
    longitude = p.get(address, "longitude", where)
    return (
        p.coordinate(latitude, p.child(where, "latitude"), 90),
        p.coordinate(longitude, p.child(where, "longitude"), 180),
    )


def _address(raw: Any) -> ShopAddress | None:
    if not isinstance(raw, Mapping):
        return None
    fields = {
        "recipient": "name",
        "line1": "address1",
        "line2": "address2",
        "postal_code": "zip",
        "city": "city",
        "region": "province",
        "country_code": "country_code",
    }
    return ShopAddress(
        **{ours: str(raw.get(theirs) or "").strip() for ours, theirs in fields.items()}
    )


def _customer(root: Mapping[str, Any], path: str) -> ShopCustomer:
    where = p.child(path, "customer")
    customer = p.obj(root["customer"], where)
    customer_id = p.text(p.get(customer, "id", where), p.child(where, "id"))
    names = [str(customer.get(k) or "").strip() for k in ("first_name", "last_name")]
    consent = customer.get("email_marketing_consent")
    subscribed = (
        isinstance(consent, Mapping) and consent.get("state") == "subscribed"
        if consent is not None
        else customer.get("accepts_marketing") is True
    )
    return ShopCustomer(
        customer_id=ID_PREFIX + customer_id,
        email=str(customer.get("email") or root.get("email") or "").strip() or None,
        name=" ".join(n for n in names if n),
        marketing_consent=subscribed,
    )


def _shipping(root: Mapping[str, Any], path: str) -> int:
    where = p.child(path, "shipping_lines")
    total = 0
    for n, raw in enumerate(p.array(root.get("shipping_lines") or [], where)):
        at = p.child(where, n)
        line = p.obj(raw, at)
        charged = p.cents(p.get(line, "price", at), p.child(at, "price"))
        total += max(0, charged - _allocated(line, at))
    return total
