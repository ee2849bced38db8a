"""WatchStock on one `omniroute serve` process sees what another process on the same
database writes: stock events and orders sent to the other server reach the watcher."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from order_messages import route_request
from order_network import write_hot_network

from omniroute.v1 import inventory_service_pb2 as pb
from omniroute.v1 import inventory_service_pb2_grpc, order_service_pb2_grpc

SKUS = ["WATCH-A", "WATCH-B"]


def test_a_watcher_on_one_server_sees_the_writes_sent_to_another(
    serve_processes: Any, database_url: str, tmp_path: Path
) -> None:
    network = write_hot_network(tmp_path / "network", SKUS, units_per_store=20)
    watched = serve_processes("--database-url", database_url, "--load-network", str(network))
    writer = serve_processes("--database-url", database_url)
    with watched.channel() as watch_channel, writer.channel() as write_channel:
        stream = inventory_service_pb2_grpc.InventoryServiceStub(watch_channel).WatchStock(
            pb.WatchStockRequest(sku_ids=["WATCH-A"], send_initial=True), timeout=60
        )
        snapshot = [next(stream) for _ in range(6)]  # six stores
        assert {m.cause for m in snapshot} == {pb.STOCK_CHANGE_CAUSE_SNAPSHOT}
        inventory = inventory_service_pb2_grpc.InventoryServiceStub(write_channel)
        inventory.ApplyStockEvents(
            pb.ApplyStockEventsRequest(
                idempotency_key="delivery-1",
                events=[
                    pb.StockEvent(
                        type=pb.STOCK_EVENT_TYPE_RECEIPT,
                        location_id="SPANDAU",
                        sku_id="WATCH-A",
                        quantity=3,
                    ),
                    pb.StockEvent(
                        type=pb.STOCK_EVENT_TYPE_RECEIPT,
                        location_id="SPANDAU",
                        sku_id="WATCH-B",  # not watched
                        quantity=3,
                    ),
                ],
            ),
            timeout=30,
        )
        orders = order_service_pb2_grpc.OrderServiceStub(write_channel)
        order = orders.RouteOrder(route_request("w-1", ("WATCH-A", 2)), timeout=30).order
        received, reserve = [], None
        for message in stream:
            received.append(message)
            if message.cause == pb.STOCK_CHANGE_CAUSE_RESERVE:
                reserve = message
                break
        stream.cancel()
    receipt = received[0]
    assert receipt.cause == pb.STOCK_CHANGE_CAUSE_STOCK_EVENT
    assert (receipt.level.location_id, receipt.level.sku_id) == ("SPANDAU", "WATCH-A")
    assert (receipt.level.on_hand, receipt.available_delta) == (23, 3)
    assert all(m.level.sku_id == "WATCH-A" for m in received)
    assert reserve is not None
    assert reserve.level.location_id == order.plan.shipments[0].location_id
    assert (reserve.level.reserved, reserve.available_delta) == (2, -2)
    sequences = [m.sequence for m in [*snapshot, *received]]
    assert sequences == sorted(set(sequences))
