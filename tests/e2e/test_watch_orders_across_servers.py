"""WatchOrders on one `omniroute serve` process sees the status changes another process on
the same database makes (orders, shipments, the sweep of `serve --collect-within-days`),
in commit order, and a stream resumed from a cursor goes on right after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from order_messages import route_request
from order_network import write_hot_network

from omniroute.v1 import order_service_pb2 as pb
from omniroute.v1 import order_service_pb2_grpc

SKU = "WATCH-A"


def events(stream: Any, count: int) -> list[Any]:
    return [next(stream) for _ in range(count)]


def seen(event: Any) -> tuple[str, str, str]:
    """(order, shipment or "", status name) of an event."""
    if event.subject == pb.ORDER_EVENT_SUBJECT_ORDER:
        return event.order_id, "", pb.OrderStatus.Name(event.order_status)
    return event.order_id, event.shipment_id, pb.ShipmentStatus.Name(event.shipment_status)


def test_a_watcher_on_one_server_sees_the_order_events_written_by_another(
    serve_processes: Any, database_url: str, tmp_path: Path
) -> None:
    network = write_hot_network(tmp_path / "network", [SKU], units_per_store=20)
    watched = serve_processes("--database-url", database_url, "--load-network", str(network))
    writer = serve_processes(
        "--database-url", database_url, "--collect-within-days", "0.00001", "--expire-every", "0.2"
    )
    with watched.channel() as watch_channel, writer.channel() as write_channel:
        stream = order_service_pb2_grpc.OrderServiceStub(watch_channel).WatchOrders(
            pb.WatchOrdersRequest(), timeout=60
        )
        orders = order_service_pb2_grpc.OrderServiceStub(write_channel)
        # The stream is open once the server answers a call made after it on its channel.
        order_service_pb2_grpc.OrderServiceStub(watch_channel).ListShipments(
            pb.ListShipmentsRequest(location_id="MITTE"), timeout=30
        )
        parcel = orders.RouteOrder(route_request("w-1", (SKU, 2)), timeout=30).order
        shipment = parcel.plan.shipments[0].shipment_id
        orders.ShipOrder(pb.ShipOrderRequest(order_id="w-1", shipment_id=shipment), timeout=30)
        collect = orders.RouteOrder(route_request("w-2", (SKU, 1), pickup="MITTE"), timeout=30)
        kept = collect.order.plan.shipments[0].shipment_id
        orders.MarkReadyForPickup(pb.MarkReadyForPickupRequest(order_id="w-2"), timeout=30)
        received = events(stream, 9)  # the sweep releases w-2 within a second or so
        stream.cancel()
    assert [seen(e) for e in received] == [
        ("w-1", "", "ORDER_STATUS_RESERVED"),
        ("w-1", shipment, "SHIPMENT_STATUS_PLANNED"),
        ("w-1", "", "ORDER_STATUS_SHIPPED"),
        ("w-1", shipment, "SHIPMENT_STATUS_SHIPPED"),
        ("w-2", "", "ORDER_STATUS_RESERVED"),
        ("w-2", kept, "SHIPMENT_STATUS_PLANNED"),
        ("w-2", "", "ORDER_STATUS_READY_FOR_PICKUP"),
        ("w-2", "", "ORDER_STATUS_NOT_COLLECTED"),
        ("w-2", kept, "SHIPMENT_STATUS_NOT_COLLECTED"),
    ]
    cursors = [int(e.cursor) for e in received]
    assert cursors == sorted(set(cursors))
    assert received[-1].location_id == "MITTE"

    # Resumed after the second event, on the other server: the same events from the third.
    with writer.channel() as channel:
        resumed = order_service_pb2_grpc.OrderServiceStub(channel).WatchOrders(
            pb.WatchOrdersRequest(after_cursor=received[1].cursor, order_ids=["w-1", "w-2"]),
            timeout=30,
        )
        again = events(resumed, len(received) - 2)
        resumed.cancel()
    assert again == received[2:]
