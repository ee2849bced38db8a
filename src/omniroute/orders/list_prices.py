"""List prices of the SKU catalog: what an order line priced 0 costs.

`unit_price_cents = 0` means the SKU's list price in RouteOrder as in QuoteBasket (proto3
cannot tell an unset price from 0); a line that is really free says so with its discount.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from inventory import schema
from inventory.model import StockModel


def list_prices(model: StockModel, sku_ids: Sequence[str]) -> dict[str, int]:
    """The list prices of `sku_ids`, in cents; unknown SKUs are left out."""
    skus = schema.skus.c
    with model.read() as conn:
        rows = conn.execute(
            select(skus.id, skus.price_cents).where(skus.id.in_(sorted(set(sku_ids))))
        )
        return {row.id: int(row.price_cents) for row in rows}
