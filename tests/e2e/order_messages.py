"""Builders of OrderService requests for the end-to-end tests."""

from __future__ import annotations

from typing import Any

from google.protobuf.duration_pb2 import Duration

from omniroute.v1 import common_pb2
from omniroute.v1 import order_service_pb2 as pb

#: A customer in Berlin Mitte.
BERLIN_MITTE = (52.5200, 13.4050)


def route_request(
    order_id: str,
    *lines: tuple[str, int],
    key: str | None = None,
    dry_run: bool = False,
    strategy: str = "",
    pickup: str | None = None,
    destination: tuple[float, float] = BERLIN_MITTE,
    hold_for_s: int | None = None,
    constraints: Any = None,
) -> Any:
    """A RouteOrderRequest; the idempotency key defaults to `key-<order_id>`."""
    request = pb.RouteOrderRequest(
        order_id=order_id,
        idempotency_key=f"key-{order_id}" if key is None else key,
        dry_run=dry_run,
        strategy=strategy,
        lines=[
            pb.OrderLine(line_id=str(n), sku_id=sku, quantity=qty, allow_split=True)
            for n, (sku, qty) in enumerate(lines, start=1)
        ],
    )
    if pickup is not None:
        request.pickup_location_id = pickup
    else:
        lat, lon = destination
        request.ship_to.point.CopyFrom(common_pb2.GeoPoint(latitude=lat, longitude=lon))
    if hold_for_s is not None:
        request.hold_for.CopyFrom(Duration(seconds=hold_for_s))
    if constraints is not None:
        request.constraints.CopyFrom(constraints)
    return request
