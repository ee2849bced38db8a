"""The options of the horizon LP: every (order, line, location) a plan could use, priced
by `routing.instance.compile_instance`, exactly as routing one order prices them.

An order is compiled against the stock a location could ever offer over the horizon
(`network.stock`), so every unit and every shipment is priced as the router prices it:
distance, handling, unit cost, base and late cost per shipment (transfer lead times for
click & collect), eligibility by kind, capability and radius. Units kept at a click &
collect store pay handling only. Used by the hindsight bound (the actual orders) and by
the look-ahead (orders expected, each with a weight).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from routing.cost_model import CostModel
from routing.geo import haversine_km
from routing.instance import Instance, compile_instance, or_default
from routing.problem import PER_LOCATION, Candidates, Constraints, FulfilmentMode, Order

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
DAY_NS = 86_400 * 10**9


@dataclass(frozen=True, eq=False)
class DemandSample:
    """Orders for the horizon LP: when each is placed (UTC ns), the SKU column of each line
    in the network, its pickup row (-1: shipped to the customer) and its weight (each unit
    counts `weight` units: expected orders stand for a share of an order)."""

    orders: tuple[Order, ...]
    at_ns: IntArray
    columns: tuple[IntArray, ...]
    pickup_row: IntArray
    weight: FloatArray

    @classmethod
    def unweighted(
        cls,
        orders: tuple[Order, ...],
        at_ns: IntArray,
        columns: tuple[IntArray, ...],
        pickup_row: IntArray,
    ) -> DemandSample:
        """Every order counts once."""
        return cls(orders, at_ns, columns, pickup_row, np.ones(len(orders)))

    def between(self, start_ns: int, end_ns: int) -> DemandSample:
        """The orders placed in [start_ns, end_ns)."""
        keep = np.flatnonzero((self.at_ns >= start_ns) & (self.at_ns < end_ns))
        return DemandSample(
            tuple(self.orders[k] for k in keep.tolist()),
            self.at_ns[keep],
            tuple(self.columns[k] for k in keep.tolist()),
            self.pickup_row[keep],
            self.weight[keep],
        )


@dataclass(frozen=True, eq=False)
class Entries:
    """One row per option: a line of an order served by a location."""

    order: IntArray
    line: IntArray  # global line number
    location: IntArray
    sku: IntArray
    at_ns: IntArray
    day: IntArray  # dispatch day index (for capacity)
    dispatched: NDArray[np.bool_]  # False for units kept at the pickup store
    price: IntArray  # cents per unit
    fixed: IntArray  # cents per shipment (base + late), 0 when kept at the store
    line_qty: IntArray  # (lines,) units of each line
    line_order: IntArray  # (lines,)
    order_weight: FloatArray  # (orders,) what each order counts (1 for an actual order)

    def subset(self, keep: NDArray[np.bool_]) -> Entries:
        """Only the options where `keep` is true (lines stay as they are)."""
        return Entries(
            self.order[keep], self.line[keep], self.location[keep], self.sku[keep],
            self.at_ns[keep], self.day[keep], self.dispatched[keep], self.price[keep],
            self.fixed[keep], self.line_qty, self.line_order, self.order_weight,
        )  # fmt: skip


def build_entries(
    network: Candidates,
    sample: DemandSample,
    cost_model: CostModel,
    constraints: Constraints,
    first_day: int,
    *,
    nearest: int | None = None,
) -> Entries:
    """Every option of every order of `sample` on `network` (every location; columns are
    every SKU, `network.stock` what each location could ever offer); dispatch days are
    counted from `first_day` (UTC day index).

    `nearest`: only the `nearest` locations with stock of the order that can ship, nearest
    to where it goes (the pickup store for click & collect), and every warehouse, serve
    it: the LP then grows with orders, not orders x locations. None: every location (a
    bound must see every option)."""
    handling = or_default(
        network.handling_cents_per_unit, network.size, cost_model.handling_cents_per_unit
    )
    everywhere = np.arange(network.size)
    parts: list[tuple[IntArray, ...]] = []
    line_qty: list[int] = []
    line_order: list[int] = []
    for o, order in enumerate(sample.orders):
        columns = sample.columns[o]
        first_line = len(line_qty)
        line_qty.extend(line.qty for line in order.lines)
        line_order.extend([o] * len(order.lines))
        p = int(sample.pickup_row[o])
        collect = order.mode is not FulfilmentMode.SHIP
        rows = everywhere
        if nearest is not None:
            to = (network.lat[p], network.lon[p]) if collect else order.destination
            rows = _near(network, columns, to, nearest, p if collect else -1)
        candidates = _take(network, rows, tuple(line.sku for line in order.lines), columns)
        at = int(sample.at_ns[o])
        day = at // DAY_NS - first_day
        head = (o, first_line, at, day, columns, rows)
        if not collect:
            inst = compile_instance(order, candidates, cost_model, constraints)
            parts.append(_shipped(inst, *head))
            continue
        if not network.can_pickup[p]:
            continue  # routing cannot serve it either: all units unfilled
        kept = np.flatnonzero(network.stock[p, columns] > 0)
        parts.append(
            (
                np.full(kept.size, o), first_line + kept, np.full(kept.size, p),
                columns[kept], np.full(kept.size, at), np.full(kept.size, day),
                np.zeros(kept.size, dtype=bool), np.full(kept.size, handling[p]),
                np.zeros(kept.size, dtype=np.int64),
            )
        )  # fmt: skip
        store = (float(network.lat[p]), float(network.lon[p]))
        transfer = compile_instance(
            replace(order, destination=store),
            candidates,
            cost_model,
            constraints,
            exclude=frozenset({network.location_ids[p]}),
            use_transfer_lead=True,
        )
        assert transfer.qty.size == len(order.lines)
        parts.append(_shipped(transfer, *head))
    columns_out = [
        np.concatenate([p[c] for p in parts]) if parts else np.zeros(0) for c in range(9)
    ]
    ints = [np.asarray(c, dtype=np.int64) for c in columns_out]
    return Entries(
        order=ints[0],
        line=ints[1],
        location=ints[2],
        sku=ints[3],
        at_ns=ints[4],
        day=ints[5],
        dispatched=ints[6].astype(bool),
        price=ints[7],
        fixed=ints[8],
        line_qty=np.array(line_qty, dtype=np.int64),
        line_order=np.array(line_order, dtype=np.int64),
        order_weight=np.asarray(sample.weight, dtype=np.float64),
    )


def _near(
    network: Candidates, columns: IntArray, to: tuple[float, float], count: int, pickup: int
) -> IntArray:
    """Rows of the `count` shipping locations with stock of `columns` nearest to `to`, of
    every warehouse and of the pickup store (`pickup` >= 0)."""
    km = haversine_km(network.lat, network.lon, float(to[0]), float(to[1]))
    able = network.can_ship & (network.stock[:, columns] > 0).any(axis=1)
    if pickup >= 0:
        able[pickup] = False  # its own shelf is not a transfer source
    shipping = np.flatnonzero(able)
    chosen = shipping[np.argsort(km[shipping], kind="stable")[:count]]
    keep = np.zeros(network.size, dtype=bool)
    keep[chosen] = True
    keep |= ~network.is_store
    if pickup >= 0:
        keep[pickup] = True
    return np.flatnonzero(keep)


def _take(
    network: Candidates, rows: IntArray, skus: tuple[str, ...], columns: IntArray
) -> Candidates:
    """`network` on `rows`, its columns the order's SKUs."""
    fields: dict[str, Any] = {
        name: None if getattr(network, name) is None else getattr(network, name)[rows]
        for name in PER_LOCATION
    }
    return replace(
        network,
        location_ids=tuple(network.location_ids[k] for k in rows.tolist()),
        skus=skus,
        stock=network.stock[np.ix_(rows, columns)],
        **fields,
    )


def _shipped(
    inst: Instance,
    o: int,
    first_line: int,
    at: int,
    day: int,
    columns: IntArray,
    network_rows: IntArray,
) -> tuple[IntArray, ...]:
    r, i = np.nonzero(inst.stock > 0)
    rows = network_rows[inst.rows[r]]
    return (
        np.full(r.size, o), first_line + i, rows, columns[i], np.full(r.size, at),
        day + inst.dispatch_offset[r], np.ones(r.size, dtype=bool), inst.price[r, i],
        inst.fixed[r],
    )  # fmt: skip
