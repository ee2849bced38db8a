"""`lookahead` in the service: prices computed in the background from the stored orders,
read by RouteOrder, shown by GetOpportunityPrices; off unless the server turns it on.

The network: two warehouses, Berlin (few units) and Hamburg (many). The stored history
is two days of orders shipped into Berlin, so the forecast expects more Berlin demand
than Berlin's warehouse holds: its units are worth keeping for Berlin. A customer about
halfway between, a little nearer Berlin, is served from Berlin by `optimal` and from
Hamburg by `lookahead`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from e2e_server import ServerHandle, StartServer, wait_until
from order_messages import route_request

from omniroute.cli.main import main
from omniroute.lookahead import LookaheadConfig
from omniroute.v1 import inventory_service_pb2 as inv
from omniroute.v1 import inventory_service_pb2_grpc, order_service_pb2_grpc
from omniroute.v1 import order_service_pb2 as pb

BERLIN, HAMBURG = (52.52, 13.40), (53.55, 9.99)
#: Nearer Berlin (about 117 km) than Hamburg (about 133 km).
BETWEEN = (53.05, 11.90)
BERLIN_UNITS = 5


def write_network(directory: Path) -> Path:
    """Two warehouses without a dispatch cap, one SKU."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "locations.csv").write_text(
        "id,name,kind,latitude,longitude,capabilities,daily_capacity,handling_cost_cents,"
        "cutoff,active\n"
        f"WH-BER,Berlin,warehouse,{BERLIN[0]},{BERLIN[1]},ship,0,60,16:00,true\n"
        f"WH-HAM,Hamburg,warehouse,{HAMBURG[0]},{HAMBURG[1]},ship,0,60,16:00,true\n"
    )
    (directory / "skus.csv").write_text(
        "id,name,category,weight_g,price_cents\nKETTLE,Kettle,home,1500,3999\n"
    )
    (directory / "stock.csv").write_text(
        f"location_id,sku_id,on_hand,safety_stock\nWH-BER,KETTLE,{BERLIN_UNITS},0\n"
        "WH-HAM,KETTLE,1000,0\n"
    )
    return directory


def store_history(orders: Any, days: int = 2, per_day: int = 30) -> None:
    """`per_day` one-unit orders into Berlin on each of the `days` whole days before
    today (placed then, routed now: what an order system importing its history does),
    then cancelled so that their stock is back: a cancelled order still was demand."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    for d in range(days, 0, -1):
        for n in range(per_day):
            placed = today - timedelta(days=d) + timedelta(minutes=n * 1440 // per_day)
            request = route_request(
                f"H-{d}-{n}",
                ("KETTLE", 1),
                destination=(BERLIN[0] + (n % 5) * 0.01, BERLIN[1] + (n % 3) * 0.01),
            )
            request.placed_at.FromDatetime(placed)
            orders.RouteOrder(request)
            orders.CancelOrder(pb.CancelOrderRequest(order_id=request.order_id))


@pytest.fixture
def lookahead_server(
    running_server: StartServer, database_url: str, tmp_path: Path
) -> ServerHandle:
    """A server with look-ahead on (solving every second) on the two-warehouse network."""
    return running_server(
        database_url,
        load_network=write_network(tmp_path / "network"),
        lookahead=LookaheadConfig(every_s=1.0, check_s=0.2, history_days=7),
    )


@pytest.fixture
def priced(lookahead_server: ServerHandle) -> Iterator[Any]:
    """An OrderService stub on `lookahead_server` whose prices were computed once from
    the stored history, by hand (the background job stopped: nothing changes them)."""
    job = lookahead_server.app.price_job
    assert job is not None
    with lookahead_server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        store_history(orders)
        job.stop()
        assert job.refresh() is not None
        yield orders


def test_prices_are_computed_in_the_background_from_stored_orders(
    lookahead_server: ServerHandle,
) -> None:
    board = lookahead_server.app.prices
    assert board is not None
    with lookahead_server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        before = orders.GetOpportunityPrices(pb.GetOpportunityPricesRequest())
        assert not before.available
        assert before.status  # why: not computed yet, or no order history
        store_history(orders)
        stored = datetime.now(UTC)
        # The job tries at every check, so it may have priced part of the history already.
        wait_until(lambda: board.current is not None and board.current.computed_at > stored, 30)
        shown = orders.GetOpportunityPrices(pb.GetOpportunityPricesRequest())
    assert shown.available
    assert shown.history_days >= 1
    assert shown.expected_units > BERLIN_UNITS
    assert shown.trigger in {"schedule", "start", "restock"}
    computed = shown.computed_at.ToDatetime(tzinfo=UTC)
    assert abs((datetime.now(UTC) - computed).total_seconds()) < 60
    prices = {(p.location_id, p.sku_id): p.cents_per_unit for p in shown.stock_prices}
    # Berlin's few units are worth what Hamburg's longer trip into Berlin costs more.
    assert prices.get(("WH-BER", "KETTLE"), 0) > 0
    assert prices.get(("WH-HAM", "KETTLE"), 0) == 0


def test_lookahead_keeps_scarce_units_for_the_demand_expected_there(priced: Any) -> None:
    myopic = priced.RouteOrder(
        route_request("NOW-1", ("KETTLE", 1), destination=BETWEEN, dry_run=True)
    ).order.plan
    steered = priced.RouteOrder(
        route_request("NOW-2", ("KETTLE", 1), destination=BETWEEN, strategy="lookahead")
    ).order.plan
    stored = priced.GetOrder(pb.GetOrderRequest(order_id="NOW-2")).order.plan
    assert [s.location_id for s in myopic.shipments] == ["WH-BER"]
    assert [s.location_id for s in steered.shipments] == ["WH-HAM"]
    assert steered.strategy == "lookahead"
    # The prices steer; the customer's cost stays the real one, the shadow shown apart.
    assert steered.total_cost_cents == sum(t.amount_cents for t in steered.cost_terms)
    assert steered.total_cost_cents > myopic.total_cost_cents
    assert steered.opportunity_cents == 0  # Hamburg's units are not scarce
    assert myopic.opportunity_cents == 0
    assert stored.strategy == "lookahead"
    assert stored.total_cost_cents == steered.total_cost_cents


def test_theta_zero_routes_as_optimal(
    running_server: StartServer, database_url: str, tmp_path: Path
) -> None:
    server = running_server(
        database_url,
        load_network=write_network(tmp_path / "network"),
        lookahead=LookaheadConfig(theta=0.0, every_s=3600),
        strategy="lookahead",
    )
    assert server.app.price_job is not None
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        store_history(orders, per_day=10)
        assert server.app.price_job.refresh() is not None
        plan = orders.RouteOrder(
            route_request("NOW-1", ("KETTLE", 1), destination=BETWEEN)
        ).order.plan
    assert plan.strategy == "lookahead"  # the server's default strategy
    assert [s.location_id for s in plan.shipments] == ["WH-BER"]


def test_lookahead_is_refused_where_the_server_computes_no_prices(
    running_server: StartServer, database_url: str, tmp_path: Path
) -> None:
    server = running_server(database_url, load_network=write_network(tmp_path / "network"))
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        with pytest.raises(grpc.RpcError) as routed:
            orders.RouteOrder(route_request("O-1", ("KETTLE", 1), strategy="lookahead"))
        with pytest.raises(grpc.RpcError) as shown:
            orders.GetOpportunityPrices(pb.GetOpportunityPricesRequest())
    assert routed.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "--lookahead" in (routed.value.details() or "")
    assert shown.value.code() is grpc.StatusCode.FAILED_PRECONDITION


def test_price_pages_walk_every_price_once_and_refuse_foreign_tokens(priced: Any) -> None:
    orders = priced
    whole = orders.GetOpportunityPrices(pb.GetOpportunityPricesRequest(page_size=1000))
    seen, token = [], ""
    while True:
        page = orders.GetOpportunityPrices(
            pb.GetOpportunityPricesRequest(page_size=1, page_token=token)
        )
        seen += [(p.location_id, p.sku_id) for p in page.stock_prices]
        token = page.next_page_token
        if not token:
            break
    with pytest.raises(grpc.RpcError) as foreign:
        orders.GetOpportunityPrices(
            pb.GetOpportunityPricesRequest(page_token=token or "bm90LWEtdG9rZW4=")
        )
    with pytest.raises(grpc.RpcError) as unknown:
        orders.GetOpportunityPrices(pb.GetOpportunityPricesRequest(location_ids=["NOPE"]))
    assert seen == [(p.location_id, p.sku_id) for p in whole.stock_prices]
    assert len(seen) == len(set(seen)) >= 1
    assert foreign.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert unknown.value.code() is grpc.StatusCode.NOT_FOUND


def test_a_large_stock_change_prices_again_at_the_next_check(
    running_server: StartServer, database_url: str, tmp_path: Path
) -> None:
    server = running_server(
        database_url,
        load_network=write_network(tmp_path / "network"),
        lookahead=LookaheadConfig(every_s=3600, check_s=60, restock_units=50),
    )
    job = server.app.price_job
    assert job is not None
    with server.channel() as channel:
        orders = order_service_pb2_grpc.OrderServiceStub(channel)
        inventory = inventory_service_pb2_grpc.InventoryServiceStub(channel)
        store_history(orders)
        job.stop()  # the checks below are made by hand
        first = job.tick()
        assert first is not None and first.trigger == "start"
        assert job.tick() is None  # nothing moved, not due
        inventory.ApplyStockEvents(receipt("small", 10))
        assert job.tick() is None  # 10 units: not a large change
        inventory.ApplyStockEvents(receipt("large", 45))
        again = job.tick()  # 55 units since the last solve
        assert again is not None and again.trigger == "restock"
        assert again.computed_at >= first.computed_at
        # Berlin now holds plenty: its units are worth less than before.
        assert again.prices.stock.sum() < first.prices.stock.sum()


def receipt(key: str, units: int) -> Any:
    """A receipt of `units` kettles at the Berlin warehouse."""
    return inv.ApplyStockEventsRequest(
        idempotency_key=key,
        events=[
            inv.StockEvent(
                type=inv.STOCK_EVENT_TYPE_RECEIPT,
                location_id="WH-BER",
                sku_id="KETTLE",
                quantity=units,
            )
        ],
    )


def test_client_prices_shows_when_and_what(
    lookahead_server: ServerHandle, priced: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    address = ["client", "--address", lookahead_server.address]
    capsys.readouterr()
    assert main([*address, "prices", "--location", "WH-BER"]) == 0
    head, *prices = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert head["available"] is True
    assert head["trigger"] == "request" and head["computed_at"].endswith("Z")
    assert [(p["location_id"], p["sku_id"]) for p in prices] == [("WH-BER", "KETTLE")]
    assert int(prices[0]["cents_per_unit"]) > 0
    assert main([*address, "prices", "--limit", "-1"]) == 2
    assert main([*address, "prices", "--location", "NOWHERE"]) == 1
    assert "NOT_FOUND" in capsys.readouterr().err
