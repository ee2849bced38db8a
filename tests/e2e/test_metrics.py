"""/metrics after real gRPC calls: counts by status code, latency and solve histograms,
the stock feed's lag, batch sizes and the database pool."""

from __future__ import annotations

import time
from typing import Any

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, StartServer
from google.protobuf.timestamp_pb2 import Timestamp
from metrics_scrape import rpc, scrape, total, value
from order_messages import route_request

from omniroute.telemetry import MetricsConfig
from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import inventory_service_pb2_grpc, order_service_pb2_grpc
from omniroute.v1 import order_service_pb2 as pb

JACKET = "JACKET-LEATHER-M"
HANDLED, SECONDS = "grpc_server_handled_total", "grpc_server_handling_seconds"


def receipt(key: str, occurred_s_ago: float) -> Any:
    occurred = Timestamp()
    occurred.FromNanoseconds(int((time.time() - occurred_s_ago) * 1e9))
    event = inv.StockEvent(
        type=inv.STOCK_EVENT_TYPE_RECEIPT,
        location_id="BER-MITTE",
        sku_id=JACKET,
        quantity=2,
        occurred_at=occurred,
    )
    return inv.ApplyStockEventsRequest(idempotency_key=key, events=[event])


def test_real_calls_move_the_counters_by_code_and_fill_the_histograms(
    running_server: StartServer, database_url: str
) -> None:
    server = running_server(database_url, load_network=SAMPLE_NETWORK, metrics=MetricsConfig(0))
    port = server.app.telemetry.metrics_port
    assert port
    before = scrape(port)
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        inventory = inventory_service_pb2_grpc.InventoryServiceStub(channel)
        orders.RouteOrder(route_request("m-1", (JACKET, 1)))
        with pytest.raises(grpc.RpcError) as missing:
            orders.GetOrder(pb.GetOrderRequest(order_id="no-such-order"))
        assert missing.value.code() is grpc.StatusCode.NOT_FOUND
        inventory.ApplyStockEvents(receipt("feed-1", occurred_s_ago=45))
    after = scrape(port)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved(HANDLED, **rpc("RouteOrder", "OK")) == 1
    assert moved(HANDLED, **rpc("GetOrder", "NOT_FOUND")) == 1
    assert moved(HANDLED, **rpc("GetOrder", "OK")) == 0
    assert moved(HANDLED, **rpc("ApplyStockEvents", "OK")) == 1
    assert moved(f"{SECONDS}_count", **rpc("RouteOrder")) == 1
    assert value(after, f"{SECONDS}_sum", **rpc("RouteOrder")) > 0
    assert value(after, f"{SECONDS}_bucket", **rpc("GetOrder"), le="+Inf") == 1

    assert value(after, "omniroute_routing_plans_total", strategy="optimal", proven="true") == 1
    assert value(after, "omniroute_routing_solve_seconds_count", strategy="optimal") == 1
    assert value(after, "omniroute_route_batch_size_count") == 1
    assert value(after, "omniroute_route_batch_size_bucket", le="1.0") == 1

    assert value(after, "omniroute_stock_feed_lag_seconds_count") == 1
    assert 45 <= value(after, "omniroute_stock_feed_lag_seconds_sum") < 75
    assert value(after, "omniroute_stock_feed_lag_seconds_bucket", le="30.0") == 0

    assert ("omniroute_db_pool_checked_out", frozenset()) in after
    pool_size = value(after, "omniroute_db_pool_size")
    assert pool_size > 0 and 0 <= value(after, "omniroute_db_pool_checked_out") <= pool_size
    assert total(after, "process_cpu_seconds_total") > 0


def test_without_a_metrics_port_nothing_is_recorded(
    running_server: StartServer, sqlite_url: str
) -> None:
    server = running_server(sqlite_url)
    assert not server.app.telemetry.enabled and server.app.telemetry.metrics_port is None
