"""Two ways to turn a choice of locations into units per (location, line).

`fill_in_order` is how today's systems fill an order: walk locations in a given
order and take whatever each has. `assign_to_open` serves every line from the
cheapest units among a fixed set of open locations; greedy and optimal use it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from routing.instance import Instance, IntArray


def fill_in_order(inst: Instance, order_rows: Iterable[int]) -> IntArray | None:
    """Take what each location has, in the given order; None if the order stays unserved."""
    m = inst.qty.size
    x = np.zeros((inst.n, m), dtype=np.int64)
    remaining = inst.qty.copy()
    shipments = 0
    for k in order_rows:
        if not remaining.any() or shipments >= inst.max_shipments:
            break
        room = int(inst.capacity[k])
        take = np.minimum(inst.stock[k], remaining)
        for i in range(m):
            take[i] = min(take[i], room)
            # An unsplittable line is taken whole from one location, or not at all here.
            if not inst.splittable[i] and take[i] < inst.qty[i]:
                take[i] = 0
            room -= int(take[i])
        if take.any():
            x[k] = take
            remaining -= take
            shipments += 1
    if inst.constraints.ship_complete and remaining.any():
        return None
    return x


def assign_to_open(inst: Instance, open_rows: list[int]) -> IntArray | None:
    """Serve each line from the cheapest units of the open locations; None if impossible."""
    m = inst.qty.size
    x = np.zeros((inst.n, m), dtype=np.int64)
    room = {k: int(inst.capacity[k]) for k in open_rows}
    price = inst.price
    protect = inst.cost_model.protect_cents_per_unit
    complete = inst.constraints.ship_complete
    # Unsplittable and large lines first: they are the hardest to place.
    for i in sorted(range(m), key=lambda i: (bool(inst.splittable[i]), -int(inst.qty[i]))):
        q = int(inst.qty[i])
        if not inst.splittable[i]:
            able = [k for k in open_rows if inst.stock[k, i] >= q and room[k] >= q]
            if not able:
                if complete:
                    return None
                continue
            k = min(
                able,
                key=lambda k: q * int(price[k, i]) + protect * max(q - int(inst.free[k, i]), 0),
            )
            x[k, i] = q
            room[k] -= q
            continue
        tiers = []
        for k in open_rows:
            free = min(int(inst.free[k, i]), int(inst.stock[k, i]))
            tiers.append((int(price[k, i]), k, free))
            tiers.append((int(price[k, i]) + protect, k, int(inst.stock[k, i]) - free))
        tiers.sort()
        for _, k, units in tiers:
            take = min(units, q, room[k])
            x[k, i] += take
            room[k] -= take
            q -= take
        if q and complete:
            return None
    return x
