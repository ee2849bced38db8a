"""`serve --otel`: a RouteOrder's spans, RPC -> routing and write, in the caller's trace."""

from __future__ import annotations

import grpc
import pytest
from e2e_server import SAMPLE_NETWORK, StartServer
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from order_messages import route_request

from omniroute.telemetry import tracing
from omniroute.v1 import order_service_pb2 as pb
from omniroute.v1 import order_service_pb2_grpc

TRACE_ID, CALLER_SPAN = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
ROUTE_ORDER, GET_ORDER = (
    "omniroute.v1.OrderService/RouteOrder",
    "omniroute.v1.OrderService/GetOrder",
)


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    monkeypatch.setattr(tracing, "span_exporter", lambda: exporter)
    return exporter


def test_route_order_spans_nest_routing_and_write_under_the_rpc(
    running_server: StartServer, sqlite_url: str, spans: InMemorySpanExporter
) -> None:
    server = running_server(sqlite_url, load_network=SAMPLE_NETWORK, otel=True)
    traceparent = [("traceparent", f"00-{TRACE_ID}-{CALLER_SPAN}-01")]
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        orders.RouteOrder(route_request("t-1", ("JACKET-LEATHER-M", 1)), metadata=traceparent)
        with pytest.raises(grpc.RpcError):
            orders.GetOrder(pb.GetOrderRequest(order_id="no-such-order"))
    server.app.telemetry.close()  # exports what is still buffered

    finished = {span.name: span for span in spans.get_finished_spans()}
    rpc, routing, write = finished[ROUTE_ORDER], finished["routing"], finished["write"]
    assert rpc.kind is SpanKind.SERVER and rpc.attributes is not None
    assert (
        rpc.attributes["rpc.method"] == "RouteOrder" and rpc.attributes["rpc.grpc.status_code"] == 0
    )
    assert format(rpc.context.trace_id, "032x") == TRACE_ID
    assert rpc.parent is not None and format(rpc.parent.span_id, "016x") == CALLER_SPAN
    for step in (routing, write):
        assert step.parent is not None and step.parent.span_id == rpc.context.span_id
        assert step.context.trace_id == rpc.context.trace_id
    assert routing.end_time <= write.start_time  # planned, then written

    missing = finished[GET_ORDER]
    assert missing.status.status_code is StatusCode.ERROR
    assert missing.attributes is not None and missing.attributes["rpc.grpc.status_code"] == 5
    assert missing.parent is None  # no caller trace: a trace of its own


def test_without_otel_no_span_is_made(
    running_server: StartServer, sqlite_url: str, spans: InMemorySpanExporter
) -> None:
    server = running_server(sqlite_url, load_network=SAMPLE_NETWORK)
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        orders.RouteOrder(route_request("t-2", ("JACKET-LEATHER-M", 1)))
    server.app.telemetry.close()
    assert server.app.telemetry.tracer is None and not spans.get_finished_spans()
