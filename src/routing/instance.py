"""Compile an order, its candidates and the cost model into priced arrays.

An `Instance` keeps only eligible locations that stock at least one unit of the order,
and prices every (location, line) unit once. Every strategy works on the same instance,
so they all see the same costs and the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from routing.cost_model import CostModel
from routing.geo import haversine_km
from routing.problem import UNLIMITED, Candidates, Constraints, LocationKind, Order

IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Instance:
    """Arrays over eligible locations (rows) and order lines (columns)."""

    order: Order
    candidates: Candidates
    cost_model: CostModel
    constraints: Constraints
    rows: IntArray  # index into candidates for each eligible location
    qty: IntArray  # (m,) units ordered per line
    stock: IntArray  # (n, m) available units, aligned to order lines
    free: IntArray  # (n, m) units takeable before the "last units" protection applies
    capacity: IntArray  # (n,) remaining units today
    km: NDArray[np.float64]  # (n,) distance to destination
    base: IntArray  # (n,) cents per shipment
    late: IntArray  # (n,) late penalty if this location ships
    distance: IntArray  # (n, m) shipping cents per unit
    handling: IntArray  # (n, m) handling cents per unit
    unit_cost: IntArray  # (n, m) per (location, sku) cents per unit
    shadow: IntArray  # (n, m) opportunity cents per unit: steers, never charged
    today: date
    dispatch_offset: IntArray  # (n,) days from today until the location dispatches
    arrive_offset: IntArray  # (n,) days from today until its shipment arrives
    splittable: NDArray[np.bool_]  # (m,)
    max_shipments: int

    @property
    def n(self) -> int:
        """Number of eligible locations."""
        return int(self.rows.size)

    @cached_property
    def price(self) -> IntArray:
        """Cents per unit before protection, (n, m), opportunity cents included."""
        return self.distance + self.handling + self.unit_cost + self.shadow

    @property
    def fixed(self) -> IntArray:
        """Cents per shipment from each location (base + late), (n,)."""
        return self.base + self.late

    def dispatch_on(self, k: int) -> date:
        """Day eligible row k dispatches (UTC)."""
        return self.today + timedelta(days=int(self.dispatch_offset[k]))

    def arrive_on(self, k: int) -> date:
        """Day a shipment from eligible row k arrives (UTC)."""
        return self.today + timedelta(days=int(self.arrive_offset[k]))

    def location_id(self, k: int) -> str:
        """Candidate location id of eligible row k."""
        return self.candidates.location_ids[int(self.rows[k])]


def or_default(array: IntArray | None, n: int, default: int) -> IntArray:
    """A per-location array as int64, or `default` everywhere when it is not given."""
    return np.full(n, default, dtype=np.int64) if array is None else array.astype(np.int64)


def compile_instance(
    order: Order,
    candidates: Candidates,
    cost_model: CostModel,
    constraints: Constraints,
    *,
    exclude: frozenset[str] = frozenset(),
    use_transfer_lead: bool = False,
) -> Instance:
    """Price every eligible (location, line) of an already validated problem."""
    c, n_all = candidates, candidates.size
    columns = [c.skus.index(line.sku) for line in order.lines]
    stock_all = np.asarray(c.stock, dtype=np.int64)[:, columns]
    km_all = haversine_km(c.lat, c.lon, order.destination[0], order.destination[1])
    capacity_all = or_default(c.capacity_units, n_all, UNLIMITED)
    # Data: who may serve — right kind, able to ship, in radius, with stock and capacity.
    kinds = constraints.allowed_kinds
    eligible = np.where(c.is_store, LocationKind.STORE in kinds, LocationKind.WAREHOUSE in kinds)
    eligible &= c.can_ship & (capacity_all > 0) & (stock_all > 0).any(axis=1)
    if constraints.max_radius_km is not None:
        eligible &= km_all <= constraints.max_radius_km
    if exclude:
        eligible &= np.array([loc not in exclude for loc in c.location_ids], dtype=bool)
    rows = np.flatnonzero(eligible).astype(np.int64)
    n, m = int(rows.size), len(order.lines)

    qty = np.array([line.qty for line in order.lines], dtype=np.int64)
    stock = stock_all[rows]
    km = km_all[rows]
    keep_below = np.where(c.is_store[rows], cost_model.protect_below_units, 0)
    free = np.maximum(stock - keep_below[:, None], 0)
    weights = np.array([line.unit_weight_g for line in order.lines], dtype=np.int64)
    distance = cost_model.distance_cents_per_unit(km, weights)
    handling_loc = or_default(c.handling_cents_per_unit, n_all, cost_model.handling_cents_per_unit)
    handling = np.repeat(handling_loc[rows][:, None], m, axis=1)
    if c.unit_cost_cents is None:
        unit_cost = np.zeros((n, m), dtype=np.int64)
    else:
        unit_cost = np.asarray(c.unit_cost_cents, dtype=np.int64)[rows][:, columns]
    base = or_default(c.base_cost_cents, n_all, cost_model.base_cents_per_shipment)[rows]

    # A location past its cut-off today dispatches tomorrow.
    now = order.created_at.astimezone(UTC)
    minute = now.hour * 60 + now.minute
    cutoff = or_default(c.cutoff_minute_utc, n_all, 24 * 60)[rows]
    lead_source = c.transfer_lead_days if use_transfer_lead else c.ship_lead_days
    lead = or_default(lead_source, n_all, 1)[rows]
    dispatch_offset = (minute >= cutoff).astype(np.int64)
    arrive_offset = dispatch_offset + lead
    if order.promised_on is None:
        late = np.zeros(n, dtype=np.int64)
    else:
        slack = (order.promised_on - now.date()).days
        late = np.maximum(arrive_offset - slack, 0) * cost_model.late_cents_per_day
    today = now.date()
    limit = constraints.max_shipments
    shadow = _shadow(
        c,
        rows,
        columns,
        distance + handling + unit_cost + (base + late)[:, None],
        cost_model.unfilled_cents_per_unit,
    )
    return Instance(
        order=order,
        candidates=c,
        cost_model=cost_model,
        constraints=constraints,
        rows=rows,
        qty=qty,
        stock=stock,
        free=free,
        capacity=capacity_all[rows],
        km=km,
        base=base,
        late=late,
        distance=distance,
        handling=handling,
        unit_cost=unit_cost,
        shadow=shadow,
        today=today,
        dispatch_offset=dispatch_offset,
        arrive_offset=arrive_offset,
        splittable=np.array([line.splittable for line in order.lines], dtype=bool),
        max_shipments=min(limit if limit is not None else n, n),
    )


def _shadow(
    c: Candidates, rows: IntArray, columns: list[int], price: IntArray, unfilled: int
) -> IntArray:
    """Opportunity cents per (row, line), capped so a unit stays cheaper than unfilled.

    An opportunity price says a unit is worth more later; it never makes shipping a unit
    alone (`price` includes the shipment's fixed cost) worse than leaving it unserved,
    which every later order would pay the same.
    """
    if c.opportunity_cents is None:
        return np.zeros(price.shape, dtype=np.int64)
    raw = np.asarray(c.opportunity_cents, dtype=np.int64)[rows][:, columns]
    room = np.maximum(unfilled - 1 - price, 0)
    return np.minimum(raw, room)
