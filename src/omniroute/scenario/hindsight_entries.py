"""The (order, line, location) options of the hindsight LP, priced by `routing` itself.

Each order is compiled with `routing.instance.compile_instance` against the stock the
location could ever offer (initial + every arrival), so the LP prices every unit and
every shipment exactly as the replay does: distance, handling, unit cost, base and late
cost per shipment (transfer lead times for click & collect), eligibility by kind,
capability and radius. Units kept at a click & collect store pay handling only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from omniroute.scenario.loading import Scenario
from omniroute.scenario.stream import DAY_NS
from routing import UNLIMITED, Candidates, FulfilmentMode
from routing.instance import Instance, compile_instance

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


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
    line_qty: IntArray  # (lines,)
    line_order: IntArray  # (lines,)

    def subset(self, keep: NDArray[np.bool_]) -> Entries:
        """Only the options where `keep` is true (lines stay as they are)."""
        return Entries(
            self.order[keep], self.line[keep], self.location[keep], self.sku[keep],
            self.at_ns[keep], self.day[keep], self.dispatched[keep], self.price[keep],
            self.fixed[keep], self.line_qty, self.line_order,
        )  # fmt: skip


def supply(scenario: Scenario) -> IntArray:
    """Units each (location, SKU) can ever promise: on hand + arrivals - safety, >= 0."""
    net, stream = scenario.network, scenario.stream
    total = net.on_hand.copy()
    for arrivals in (stream.replenishments, stream.returns):
        np.add.at(total, (arrivals.location, arrivals.sku), arrivals.qty)
    return np.asarray(np.maximum(total - net.safety, 0), dtype=np.int64)


def build_entries(scenario: Scenario, first_index: int) -> Entries:
    """Every option of every order, with `compile_instance`'s prices."""
    spec, net, stream = scenario.spec, scenario.network, scenario.stream
    cm = spec.cost_model
    most = supply(scenario)
    handling = np.where(net.handling_cents < 0, cm.handling_cents_per_unit, net.handling_cents)
    base = np.where(net.base_cents < 0, cm.base_cents_per_shipment, net.base_cents)
    capacity = np.where(net.daily_capacity > 0, net.daily_capacity, UNLIMITED)
    parts: list[tuple[IntArray, ...]] = []
    line_qty: list[int] = []
    line_order: list[int] = []
    for o, order in enumerate(stream.orders):
        columns = stream.order_columns[o]
        first_line = len(line_qty)
        line_qty.extend(line.qty for line in order.lines)
        line_order.extend([o] * len(order.lines))
        candidates = Candidates(
            location_ids=net.location_ids,
            skus=tuple(line.sku for line in order.lines),
            stock=most[:, columns],
            lat=net.lat,
            lon=net.lon,
            is_store=net.is_store,
            can_ship=net.can_ship,
            can_pickup=net.can_pickup,
            capacity_units=capacity,
            base_cost_cents=base,
            handling_cents_per_unit=handling,
            cutoff_minute_utc=net.cutoff_minute,
            ship_lead_days=net.ship_lead_days,
            transfer_lead_days=net.transfer_lead_days,
        )
        at = int(stream.order_at_ns[o])
        day = at // DAY_NS - first_index
        head = (o, first_line, at, day, columns)
        if order.mode is FulfilmentMode.SHIP:
            inst = compile_instance(order, candidates, cm, spec.constraints)
            parts.append(_shipped(inst, *head))
            continue
        p = int(stream.pickup_row[o])
        if not net.can_pickup[p]:
            continue  # the replay cannot route it either: all units unfilled
        m = len(order.lines)
        kept = np.flatnonzero(most[p, columns] > 0)
        parts.append(
            (
                np.full(kept.size, o), first_line + kept, np.full(kept.size, p),
                columns[kept], np.full(kept.size, at), np.full(kept.size, day),
                np.zeros(kept.size, dtype=bool), np.full(kept.size, handling[p]),
                np.zeros(kept.size, dtype=np.int64),
            )
        )  # fmt: skip
        store = (float(net.lat[p]), float(net.lon[p]))
        transfer = compile_instance(
            replace(order, destination=store),
            candidates,
            cm,
            spec.constraints,
            exclude=frozenset({net.location_ids[p]}),
            use_transfer_lead=True,
        )
        assert transfer.qty.size == m
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
    )


def _shipped(
    inst: Instance, o: int, first_line: int, at: int, day: int, columns: IntArray
) -> tuple[IntArray, ...]:
    r, i = np.nonzero(inst.stock > 0)
    rows = inst.rows[r]
    return (
        np.full(r.size, o), first_line + i, rows, columns[i], np.full(r.size, at),
        day + inst.dispatch_offset[r], np.ones(r.size, dtype=bool), inst.price[r, i],
        inst.fixed[r],
    )  # fmt: skip
