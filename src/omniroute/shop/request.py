"""A mapped shop order as the RouteOrderRequest of the gRPC contract."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from omniroute.convert.common import to_timestamp
from omniroute.shop.shopify import ShopAddress, ShopifyOrder
from omniroute.v1 import common_pb2
from omniroute.v1 import order_service_pb2 as pb


def route_request(order: ShopifyOrder) -> Any:
    """The RouteOrderRequest that routes `order` (reserving it unless it is a dry run)."""
    command = order.command
    request = pb.RouteOrderRequest(
        order_id=command.order_id,
        idempotency_key=command.idempotency_key or "",
        dry_run=command.dry_run,
        strategy=command.strategy,
        customer_id=command.customer_id or "",
        placed_at=to_timestamp(command.placed_at),
        lines=[
            pb.OrderLine(
                line_id=price.line_id,
                sku_id=line.sku,
                quantity=line.qty,
                unit_price_cents=price.unit_price_cents,
                discount_cents=price.discount_cents,
                allow_split=line.splittable,
            )
            for line, price in zip(command.lines, command.line_prices(), strict=True)
        ],
    )
    if command.pickup_location_id is not None:
        request.pickup_location_id = command.pickup_location_id
    elif command.destination is not None:
        latitude, longitude = command.destination
        address = order.ship_to or ShopAddress()
        request.ship_to.CopyFrom(
            common_pb2.Address(
                **asdict(address),
                point=common_pb2.GeoPoint(latitude=latitude, longitude=longitude),
            )
        )
    return request
