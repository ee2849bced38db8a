"""`omniroute client locations` and `omniroute client skus`: every location or SKU of a
running server, page by page, printed as one JSON object per line (proto3 JSON)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from typing import Any

from google.protobuf import json_format


def register(commands: Any, run: Callable[[Any], Any]) -> None:
    """Add the `locations` and `skus` sub-commands of `client`."""
    locations = commands.add_parser("locations", help="print every location, one JSON a line")
    locations.add_argument("--kind", choices=["store", "warehouse"], help="only this kind")
    locations.add_argument("--page-size", type=int, default=0, help="per call (default 100)")
    locations.set_defaults(func=run(_locations))
    skus = commands.add_parser("skus", help="print every SKU, one JSON a line")
    skus.add_argument("--category", default="", help="only SKUs of this category")
    skus.add_argument("--page-size", type=int, default=0, help="per call (default 100)")
    skus.set_defaults(func=run(_skus))


def _locations(calls: Any, args: argparse.Namespace) -> int:
    from omniroute.v1 import common_pb2
    from omniroute.v1 import inventory_service_pb2 as pb

    kinds = {
        "store": common_pb2.LOCATION_KIND_STORE,
        "warehouse": common_pb2.LOCATION_KIND_WAREHOUSE,
    }
    request = pb.ListLocationsRequest(page_size=args.page_size)
    if args.kind:
        request.kinds.append(kinds[args.kind])
    _print(_pages(calls.ListLocations, request, "locations"))
    return 0


def _skus(calls: Any, args: argparse.Namespace) -> int:
    from omniroute.v1 import inventory_service_pb2 as pb

    request = pb.ListSkusRequest(page_size=args.page_size, category=args.category)
    _print(_pages(calls.ListSkus, request, "skus"))
    return 0


def _pages(call: Callable[[Any], Any], request: Any, items: str) -> Iterator[Any]:
    while True:
        reply = call(request)
        yield from getattr(reply, items)
        if not reply.next_page_token:
            return
        request.page_token = reply.next_page_token


def _print(messages: Iterator[Any]) -> None:
    for message in messages:
        print(json.dumps(json_format.MessageToDict(message), ensure_ascii=False), flush=True)
