"""`omniroute stock ...`: load a network, query availability, audit the ledger."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from inventory import InventoryError
from inventory.database import database_url_from_env
from inventory.model import StockModel
from inventory.network_files import load_network


def register(subparsers: Any) -> None:
    """Add the `stock` command and its sub-commands."""
    parser = subparsers.add_parser("stock", help="the live stock model")
    parser.add_argument("--database-url", help="default: $OMNIROUTE_DATABASE_URL or SQLite file")
    commands = parser.add_subparsers(dest="stock_command", required=True, metavar="ACTION")

    load = commands.add_parser("load", help="load locations, SKUs and stock from a directory")
    load.add_argument("directory", type=Path)
    load.set_defaults(func=_run(_load))

    sku = commands.add_parser("availability", help="one SKU across the network")
    sku.add_argument("sku_id")
    sku.set_defaults(func=_run(_availability))

    nearby = commands.add_parser("nearby", help="stores near a point that have the SKUs")
    nearby.add_argument("--lat", type=float, required=True)
    nearby.add_argument("--lon", type=float, required=True)
    nearby.add_argument("--sku", action="append", required=True, metavar="SKU[:QTY]")
    group = nearby.add_mutually_exclusive_group(required=True)
    group.add_argument("--radius-km", type=float)
    group.add_argument("--k", type=int)
    nearby.set_defaults(func=_run(_nearby))

    audit = commands.add_parser("audit", help="prove counters == ledger == reservations")
    audit.set_defaults(func=_run(_audit))

    expire = commands.add_parser("expire", help="release checkout holds past their expiry")
    expire.set_defaults(func=_run(_expire))


def _run(action: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            model = StockModel.open(database_url_from_env(args.database_url))
        except InventoryError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        try:
            result: int = action(model, args)
            return result
        except InventoryError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        finally:
            model.close()

    return run


def _load(model: StockModel, args: argparse.Namespace) -> int:
    with tqdm(desc="stock rows", unit=" rows", unit_scale=True, file=sys.stderr) as bar:

        def progress(rows: int) -> None:
            bar.update(rows - bar.n)

        result = load_network(model, args.directory, progress=progress)
    print(
        f"loaded {result.locations} locations, {result.skus} SKUs, {result.stock.rows} stock rows"
        f" ({result.stock.changed} changed)"
    )
    return 0


def _availability(model: StockModel, args: argparse.Namespace) -> int:
    levels = model.availability(args.sku_id)
    print(f"{'location':<24} {'on hand':>8} {'reserved':>8} {'safety':>6} {'available':>9}")
    for level in levels:
        print(
            f"{level.location_id:<24} {level.on_hand:>8} {level.reserved:>8}"
            f" {level.safety_stock:>6} {level.available:>9}"
        )
    print(f"{'total':<24} {'':>8} {'':>8} {'':>6} {sum(lv.available for lv in levels):>9}")
    return 0


def _nearby(model: StockModel, args: argparse.Namespace) -> int:
    wanted: dict[str, int] = {}
    for item in args.sku:
        sku_id, _, qty = item.partition(":")
        try:
            wanted[sku_id] = int(qty or 1)
        except ValueError:
            print(f"error: --sku {item!r}: quantity must be a whole number", file=sys.stderr)
            return 2
    found = model.nearby((args.lat, args.lon), wanted, radius_km=args.radius_km, k=args.k)
    rows = [
        {
            "location": n.location.id,
            "name": n.location.name,
            "distance_km": n.distance_km,
            "available": dict(n.available),
        }
        for n in found
    ]
    print(json.dumps(rows, indent=2, ensure_ascii=False))
    return 0


def _audit(model: StockModel, args: argparse.Namespace) -> int:
    report = model.audit()
    print(f"{report.stock_rows} stock rows, {report.ledger_rows} ledger rows")
    for m in report.mismatches:
        print(
            f"MISMATCH {m.location_id} {m.sku_id} {m.counter}={m.counted}"
            f" but {m.evidence} says {m.expected}"
        )
    print("audit passed: counters == ledger == open reservations" if report.ok else "audit FAILED")
    return 0 if report.ok else 1


def _expire(model: StockModel, args: argparse.Namespace) -> int:
    expired = model.expire_due()
    print(f"expired {len(expired)} reservation(s)")
    return 0
