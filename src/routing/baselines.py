"""Routing rules today's order-management systems use, for side-by-side comparison.

- `priority`: walk locations in a fixed priority order (Magento MSI "source priority",
  Saleor's warehouse sorting order).
- `nearest`: walk locations by distance to the customer (Magento MSI distance
  algorithm, Shopify's closest location).
- `highest_stock`: walk locations by stock of the ordered SKUs, highest first (Saleor).

Each takes what a location has and moves on; none looks at cost.
"""

from __future__ import annotations

import numpy as np

from routing.fill import fill_in_order
from routing.instance import Instance, IntArray


def priority_plan(inst: Instance) -> IntArray | None:
    """Fill from locations in priority order (lower first; ties by input order)."""
    given = inst.candidates.priority
    keys = inst.rows if given is None else np.asarray(given, dtype=np.int64)[inst.rows]
    return fill_in_order(inst, (int(k) for k in np.argsort(keys, kind="stable")))


def nearest_plan(inst: Instance) -> IntArray | None:
    """Fill from the nearest location outwards."""
    return fill_in_order(inst, (int(k) for k in np.argsort(inst.km, kind="stable")))


def highest_stock_plan(inst: Instance) -> IntArray | None:
    """Fill from the location holding most units of the ordered SKUs first."""
    held = inst.stock.sum(axis=1)
    return fill_in_order(inst, (int(k) for k in np.argsort(-held, kind="stable")))
