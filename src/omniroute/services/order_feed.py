"""Publishing the stock changes of order steps to `WatchStock` subscribers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar

from inventory import StockLevel, availability
from inventory.model import StockModel
from omniroute.stock_watch import ChangeCause, StockWatch

T = TypeVar("T")


def publish_reserved(
    model: StockModel, watch: StockWatch, lines: Iterable[tuple[str, str, int]]
) -> None:
    """Publish the levels of freshly reserved (location, SKU, qty): available fell by qty.

    The levels are read in one short read transaction, outside the watch's lock."""
    lines = list(lines)
    locations = model.catalog.location_pks(loc for loc, _, _ in lines)
    skus = model.catalog.sku_pks(sku for _, sku, _ in lines)
    with model.read() as conn:
        changes = [
            (level, ChangeCause.RESERVE, -qty)
            for location_id, sku_id, qty in lines
            for level in availability.stock_levels(
                conn, sku_pk=skus[sku_id], location_pk=locations[location_id]
            )
        ]
    watch.publish(changes)


def publishing_changes(
    model: StockModel,
    watch: StockWatch,
    skus: Iterable[str],
    cause: ChangeCause,
    step: Callable[[], T],
) -> T:
    """Run an order step and publish every level of `skus` it changed (at any location:
    a rejected shipment is re-reserved elsewhere)."""
    skus = sorted(set(skus))
    before = _levels(model, skus)
    result = step()
    changes = []
    for pair, level in _levels(model, skus).items():
        old = before.get(pair) or replace(level, on_hand=0, reserved=0, safety_stock=0)
        if old != level:
            changes.append((level, cause, level.available - old.available))
    watch.publish(changes)
    return result


def _levels(model: StockModel, skus: Iterable[str]) -> dict[tuple[str, str], StockLevel]:
    return {
        (level.location_id, level.sku_id): level
        for sku in skus
        for level in model.availability(sku)
    }
