"""`omniroute client ...`: talk to a running server (load a network, list its locations
and SKUs, ask what is nearby, route an order, show the look-ahead's prices)."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import json_format

from inventory import InventoryError
from inventory.bulk_load import find_table, read_table

# The row parsers of `load_network`, so that a directory means the same here and there.
from inventory.network_files import LOCATION_COLUMNS, SKU_COLUMNS, _location, _sku, parse_rows
from omniroute.cli import listing, opportunity_prices
from omniroute.convert.common import location_to_proto, sku_to_proto
from omniroute.shop import ShopError

DEFAULT_ADDRESS = "127.0.0.1:50051"
STOCK_BATCH_ROWS = 500


def register(subparsers: Any) -> None:
    """Add the `client` command and its sub-commands."""
    parser = subparsers.add_parser("client", help="call a running omniroute server")
    parser.add_argument(
        "--address", default=None, help=f"host:port ($OMNIROUTE_ADDRESS, default {DEFAULT_ADDRESS})"
    )
    parser.add_argument("--token", help="bearer token (default $OMNIROUTE_TOKEN)")
    parser.add_argument("--tls-ca", type=Path, help="PEM roots to verify the server; enables TLS")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per call")
    commands = parser.add_subparsers(dest="client_command", required=True, metavar="ACTION")

    load = commands.add_parser("load", help="upsert a network directory's locations, SKUs, stock")
    load.add_argument("directory", type=Path)
    load.set_defaults(func=_run(_load))

    nearby = commands.add_parser("nearby", help="locations near a point that have the SKUs")
    nearby.add_argument("--lat", type=float, required=True)
    nearby.add_argument("--lon", type=float, required=True)
    nearby.add_argument("--sku", action="append", required=True, metavar="SKU[:QTY]")
    nearby.add_argument("--radius-km", type=float, default=0.0)
    nearby.add_argument("--k", type=int, default=0, help="at most this many (default 10)")
    nearby.add_argument("--partial", action="store_true", help="also locations with only some")
    nearby.set_defaults(func=_run(_nearby))

    route = commands.add_parser(
        "route", help="route an order (a RouteOrderRequest as JSON) and print the plan as JSON"
    )
    route.add_argument("order", type=Path, nargs="?", metavar="ORDER.json")
    route.add_argument(
        "--shopify", type=Path, metavar="FILE", help="route a Shopify order JSON file instead"
    )
    route.add_argument("--pickup", metavar="LOCATION", help="with --shopify: collect here")
    route.add_argument("--dry-run", action="store_true", help="plan only, reserve nothing")
    route.add_argument("--idempotency-key", help="override the file's idempotency_key")
    route.set_defaults(func=_run(_route, service="orders"))
    listing.register(commands, _run)
    opportunity_prices.register(commands, _run)


def _run(action: Any, service: str = "inventory") -> Any:
    def run(args: argparse.Namespace) -> int:
        from omniroute.v1 import inventory_service_pb2_grpc, order_service_pb2_grpc

        address = args.address or os.environ.get("OMNIROUTE_ADDRESS") or DEFAULT_ADDRESS
        token = args.token or os.environ.get("OMNIROUTE_TOKEN")
        metadata = [("authorization", f"Bearer {token}")] if token else []
        try:
            with _channel(address, args.tls_ca) as channel:
                stub = (
                    order_service_pb2_grpc.OrderServiceStub(channel)
                    if service == "orders"
                    else inventory_service_pb2_grpc.InventoryServiceStub(channel)
                )
                result: int = action(Calls(stub, metadata, args.timeout), args)
                return result
        except grpc.RpcError as exc:
            print(f"error: {exc.code().name}: {exc.details()}", file=sys.stderr)
            return 1
        except (InventoryError, ShopError, OSError, json_format.ParseError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2

    return run


def _channel(address: str, tls_ca: Path | None) -> grpc.Channel:
    if tls_ca is None:
        return grpc.insecure_channel(address)
    return grpc.secure_channel(address, grpc.ssl_channel_credentials(tls_ca.read_bytes()))


class Calls:
    """A stub with the caller's metadata and timeout applied to every call."""

    def __init__(self, stub: Any, metadata: Sequence[tuple[str, str]], timeout: float) -> None:
        self._stub, self._metadata, self._timeout = stub, list(metadata), timeout

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._stub, name)
        return lambda request: method(request, metadata=self._metadata, timeout=self._timeout)


def _load(calls: Calls, args: argparse.Namespace) -> int:
    from omniroute.v1 import inventory_service_pb2 as pb

    directory: Path = args.directory
    locations = parse_rows(find_table(directory, "locations"), LOCATION_COLUMNS, _location)
    skus = parse_rows(find_table(directory, "skus"), SKU_COLUMNS, _sku)
    calls.UpsertLocations(pb.UpsertLocationsRequest(locations=map(location_to_proto, locations)))
    calls.UpsertSkus(pb.UpsertSkusRequest(skus=map(sku_to_proto, skus)))
    rows = read_table(find_table(directory, "stock")).to_dict("records")
    changed = 0
    for batch in _chunks(rows, STOCK_BATCH_ROWS):
        events = _stock_events(calls, batch)
        if events:
            key = (
                "client-load:"
                + hashlib.sha256(
                    b"".join(e.SerializeToString(deterministic=True) for e in events)
                ).hexdigest()[:40]
            )
            calls.ApplyStockEvents(pb.ApplyStockEventsRequest(idempotency_key=key, events=events))
            changed += len(events)
    print(
        f"loaded {len(locations)} locations, {len(skus)} SKUs, {len(rows)} stock rows"
        f" ({changed} stock events)"
    )
    return 0


def _stock_events(calls: Calls, rows: list[dict[Any, Any]]) -> list[Any]:
    """Adjustments and safety-stock settings that bring the server to the rows' figures."""
    from omniroute.v1 import inventory_service_pb2 as pb

    current = calls.GetStock(
        pb.GetStockRequest(
            sku_ids=sorted({str(r["sku_id"]) for r in rows}),
            location_ids=sorted({str(r["location_id"]) for r in rows}),
        )
    )
    now = {(lv.location_id, lv.sku_id): lv for lv in current.levels}
    events = []
    for row in rows:
        pair = (str(row["location_id"]), str(row["sku_id"]))
        level = now[pair]
        delta = int(row["on_hand"]) - level.on_hand
        if delta:
            events.append(
                pb.StockEvent(
                    type=pb.STOCK_EVENT_TYPE_ADJUSTMENT,
                    location_id=pair[0],
                    sku_id=pair[1],
                    quantity=delta,
                    reason="omniroute client load",
                )
            )
        safety = int(row.get("safety_stock") or 0)
        if safety != level.safety_stock:
            events.append(
                pb.StockEvent(
                    type=pb.STOCK_EVENT_TYPE_SAFETY_STOCK_SET,
                    location_id=pair[0],
                    sku_id=pair[1],
                    quantity=safety,
                )
            )
    return events


def _chunks(rows: list[dict[Any, Any]], size: int) -> Iterator[list[dict[Any, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _nearby(calls: Calls, args: argparse.Namespace) -> int:
    from omniroute.v1 import common_pb2
    from omniroute.v1 import inventory_service_pb2 as pb

    items = []
    for item in args.sku:
        sku_id, _, qty = item.partition(":")
        try:
            items.append(common_pb2.SkuQuantity(sku_id=sku_id, quantity=int(qty or 1)))
        except ValueError:
            print(f"error: --sku {item!r}: quantity must be a whole number", file=sys.stderr)
            return 2
    reply = calls.FindNearby(
        pb.FindNearbyRequest(
            origin=common_pb2.GeoPoint(latitude=args.lat, longitude=args.lon),
            radius_km=args.radius_km,
            limit=args.k,
            items=items,
            require_all=not args.partial,
        )
    )
    rows = [
        {
            "location": n.location.location_id,
            "name": n.location.name,
            "distance_km": round(n.distance_km, 3),
            "has_all": n.has_all,
            "available": {i.sku_id: i.available for i in n.items},
        }
        for n in reply.locations
    ]
    print(json.dumps(rows, indent=2, ensure_ascii=False))
    return 0


def _route(calls: Calls, args: argparse.Namespace) -> int:
    from omniroute.v1 import order_service_pb2 as pb

    if (args.order is None) == (args.shopify is None):
        raise ShopError("give either ORDER.json or --shopify FILE")
    if args.shopify is not None:
        from omniroute.shop.request import route_request
        from omniroute.shop.shopify import load_order

        order = load_order(args.shopify.read_text(), pickup_location_id=args.pickup)
        request = route_request(order)
    else:
        request = json_format.Parse(args.order.read_text(), pb.RouteOrderRequest())
    if args.dry_run:
        request.dry_run = True
    if args.idempotency_key:
        request.idempotency_key = args.idempotency_key
    reply = calls.RouteOrder(request)
    print(json_format.MessageToJson(reply, preserving_proto_field_name=True, indent=2))
    return 0
