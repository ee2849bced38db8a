"""Applying a feed batch: movements and planning figures in one transaction.

A batch may mix movements (receipt, sale, ...) with planning figures (safety stock,
incoming); all are applied atomically. The idempotency key covers the movements: a batch
whose movements were seen before under the key is a replay and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from inventory import StockEvent, StockLevel, stock_events
from inventory.model import StockModel, utc_now


@dataclass(frozen=True)
class PlanningChange:
    """New safety stock and/or incoming units of one (location, SKU)."""

    location_id: str
    sku_id: str
    safety_stock: int | None = None
    incoming: int | None = None
    incoming_at: datetime | None = None


FeedItem = StockEvent | PlanningChange


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch did: events applied (0 on replay), replay flag, levels after."""

    applied_count: int
    replayed: bool
    levels: list[StockLevel]


def apply_batch(model: StockModel, items: Sequence[FeedItem], idempotency_key: str) -> BatchOutcome:
    """Apply `items` all or none; the levels of the touched pairs after."""
    pairs = list(dict.fromkeys((i.location_id, i.sku_id) for i in items))
    now = utc_now()
    movements = [i for i in items if isinstance(i, StockEvent)]
    planning = [i for i in items if isinstance(i, PlanningChange)]
    with model.write() as conn:
        fresh = not movements or stock_events.apply_events(
            conn, model.catalog, movements, now, idempotency_key
        )
        for change in planning if fresh else ():
            stock_events.set_planning(
                conn,
                model.catalog,
                change.location_id,
                change.sku_id,
                safety_stock=change.safety_stock,
                incoming=change.incoming,
                incoming_at=change.incoming_at,
                now=now,
                reference=idempotency_key,
            )
    after = levels_of(model, pairs)
    return BatchOutcome(len(items) if fresh else 0, not fresh, after)


def levels_of(model: StockModel, pairs: Sequence[tuple[str, str]]) -> list[StockLevel]:
    """Current levels of (location, SKU) pairs, in the given order (zeros if never stocked).

    Raises `UnknownLocation`/`UnknownSku` for an unknown id."""
    model.catalog.location_pks(loc for loc, _ in pairs)
    by_pair: dict[tuple[str, str], StockLevel] = {}
    for sku_id in dict.fromkeys(sku for _, sku in pairs):
        by_pair.update({(lv.location_id, lv.sku_id): lv for lv in model.availability(sku_id)})
    return [by_pair.get(p) or StockLevel(p[0], p[1], 0, 0, 0) for p in pairs]
