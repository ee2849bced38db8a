"""`omniroute client prices`: the look-ahead's current opportunity prices on a running
server (`serve --lookahead`): when and how they were computed, then the largest prices.

Prints one JSON object for the solve (computed_at, theta, trigger, status, history_days,
expected_units, refresh_time, capacity_prices), then one per stock price, largest first.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from google.protobuf import json_format


def register(commands: Any, run: Callable[..., Any]) -> None:
    """Add the `prices` sub-command of `client`."""
    prices = commands.add_parser(
        "prices", help="the look-ahead's opportunity prices and when they were computed"
    )
    prices.add_argument("--location", action="append", default=[], help="only this location")
    prices.add_argument("--sku", action="append", default=[], help="only this SKU")
    prices.add_argument(
        "--limit", type=int, default=50, help="largest prices to print (default 50; 0: all)"
    )
    prices.set_defaults(func=run(_prices, service="orders"))


def _prices(calls: Any, args: argparse.Namespace) -> int:
    from omniroute.v1 import order_service_pb2 as pb

    if args.limit < 0:
        print("error: --limit must not be negative", file=sys.stderr)
        return 2
    request = pb.GetOpportunityPricesRequest(
        location_ids=args.location, sku_ids=args.sku, page_size=min(args.limit or 1000, 1000)
    )
    first = calls.GetOpportunityPrices(request)
    head = json_format.MessageToDict(first, preserving_proto_field_name=True)
    stock = head.pop("stock_prices", [])
    head.pop("next_page_token", None)
    print(json.dumps(head, sort_keys=True))
    token = first.next_page_token
    while token and (args.limit == 0 or len(stock) < args.limit):
        request.page_token = token
        page = calls.GetOpportunityPrices(request)
        stock += json_format.MessageToDict(page, preserving_proto_field_name=True).get(
            "stock_prices", []
        )
        token = page.next_page_token
    for price in stock[: args.limit or None]:
        print(json.dumps(price, sort_keys=True))
    return 0
