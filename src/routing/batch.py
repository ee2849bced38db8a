"""Settle many ship orders at once, each by the single-location proof of `single_source`.

A replay routes thousands of orders over one network. For most of them the best single
location is provably optimal, and that proof needs only a few array operations; done
one order at a time, numpy's per-call overhead dominates. `settle_batch` runs the same
arithmetic as `compile_instance` + `settle_single` on a whole batch of orders (lines
flattened, reduced per order), and returns the same `Plan` the `optimal` strategy
would give with ``explain=False``, or None for an order it cannot settle (route that
one with `route`).

The caller owns the freshness of the data: `OrderBatch.stock` and `OrderBatch.capacity`
are what each order would see. A replay computes them once for the batch and checks,
at each order's turn, that the chosen location's stock and capacity are unchanged and
that no SKU of the order was restocked anywhere since; taking stock elsewhere only
removes options, so the plan stays optimal (see `omniroute.scenario.replay`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, timedelta

import numpy as np

from routing.click_collect import PickupPart, pickup_part
from routing.cost_model import TERMS, CostModel
from routing.errors import InvalidProblem
from routing.geo import haversine_km
from routing.instance import IntArray
from routing.plan import Plan, PlanLine, PlanStatus, Shipment, ShipmentKind
from routing.problem import Candidates, Constraints, FulfilmentMode, LocationKind, Order
from routing.validation import validate_constraints, validate_order

BIG = np.iinfo(np.int64).max // 8


@dataclass(frozen=True, eq=False)
class OrderBatch:
    """Ship orders over one network, with the stock and capacity each would see.

    Lines of all orders are flattened in order: row j of `stock` is line j, i.e. the
    lines of ``orders[0]``, then those of ``orders[1]``, ... `capacity[b, k]` is what
    location k may still dispatch on the day it would dispatch ``orders[b]``.
    """

    orders: tuple[Order, ...]
    stock: IntArray  # (lines, locations) available units of each line's SKU
    capacity: IntArray  # (orders, locations) remaining units on the dispatch day


@dataclass(frozen=True)
class Settlement:
    """A settled order's plan and what its proof rests on.

    `row` is the location that ships (-1 when a pickup store keeps everything); it
    serves the order's lines `lines` (indices into ``order.lines``), `qty[j]` units of
    line ``lines[j]`` wanted from it at `price[j]` cents per unit, and takes `taken[j]`.
    `plan.solve_ms` is the batch's time shared by its orders.
    """

    plan: Plan
    row: int
    lines: tuple[int, ...]
    qty: tuple[int, ...]
    price: tuple[int, ...]
    taken: tuple[tuple[int, int], ...]  # per line served: units, of which protected


@dataclass(frozen=True)
class _Job:
    """One ship order to settle: a ship order itself, or a collect order's transfers."""

    index: int  # position in the batch
    order: Order
    lines: tuple[int, ...]  # which lines of the batch order it serves
    exclude: int  # the pickup store's row, or -1
    part: PickupPart | None


def settle_batch(
    batch: OrderBatch,
    network: Candidates,
    cost_model: CostModel,
    constraints: Constraints,
) -> list[Settlement | None]:
    """Per order, the `optimal` plan when one location provably serves it best, else None.

    A click & collect order keeps what its store has (as `route` does); the units the
    store lacks are settled like an order shipped to the store, from elsewhere.
    `network` gives the per-location arrays (its `stock`, `skus` and `capacity_units`
    are not used: the batch carries them). Per-SKU unit costs are not supported here.
    """
    started = time.perf_counter()
    validate_constraints(constraints)
    for order in batch.orders:
        validate_order(order)
        if order.mode is FulfilmentMode.COLLECT and (
            order.pickup_location_id not in network.location_ids
        ):
            raise InvalidProblem(
                f"order.pickup_location_id {order.pickup_location_id!r} is not a candidate"
            )
    if network.unit_cost_cents is not None:
        raise InvalidProblem("settle_batch does not take per-SKU unit costs")
    n_lines = sum(len(order.lines) for order in batch.orders)
    n = network.size
    if np.shape(batch.stock) != (n_lines, n) or np.shape(batch.capacity) != (len(batch.orders), n):
        raise InvalidProblem("batch.stock / batch.capacity do not match the orders and network")
    result: list[Settlement | None] = [None] * len(batch.orders)
    jobs = _jobs(batch, network, cost_model, constraints, result)
    kept_whole = [b for b, settled in enumerate(result) if settled is not None]
    if jobs:
        arrays = _BatchArrays(batch, jobs, network, cost_model, constraints, started)
        for job, settled in zip(jobs, arrays.settle(), strict=True):
            if settled is not None and job.part is not None:
                whole = job.part.with_transfers(settled.plan, constraints)
                settled = replace(settled, plan=whole)
            result[job.index] = settled
    share_ms = round((time.perf_counter() - started) * 1000.0 / max(len(batch.orders), 1), 3)
    for b in kept_whole:
        settled = result[b]
        assert settled is not None
        result[b] = replace(settled, plan=replace(settled.plan, solve_ms=share_ms))
    return result


def _jobs(
    batch: OrderBatch,
    network: Candidates,
    cost_model: CostModel,
    constraints: Constraints,
    result: list[Settlement | None],
) -> list[_Job]:
    """The ship orders to settle; collect orders kept whole go straight to `result`."""
    jobs, start = [], 0
    for b, order in enumerate(batch.orders):
        m = len(order.lines)
        every = tuple(range(m))
        if order.mode is FulfilmentMode.SHIP:
            jobs.append(_Job(b, order, every, -1, None))
        else:
            p = network.location_ids.index(str(order.pickup_location_id))
            if network.can_pickup[p]:
                store = replace(
                    network,
                    skus=tuple(line.sku for line in order.lines),
                    stock=np.asarray(batch.stock[start : start + m, :]).T,
                )
                part = pickup_part(order, store, cost_model, constraints, p, explain=False)
                if part.transfer_order is None:
                    result[b] = Settlement(part.alone("optimal"), -1, (), (), (), ())
                else:
                    kept = {line.sku: line.qty for line in part.pickup.lines}
                    wanted = tuple(
                        i for i, line in enumerate(order.lines) if line.qty > kept.get(line.sku, 0)
                    )
                    jobs.append(_Job(b, part.transfer_order, wanted, p, part))
        start += m
    return jobs


class _BatchArrays:
    """The priced arrays of a batch and the proof, order by order."""

    def __init__(
        self,
        batch: OrderBatch,
        jobs: list[_Job],
        c: Candidates,
        cm: CostModel,
        constraints: Constraints,
        started: float,
    ) -> None:
        self.started, self.batch_size = started, len(batch.orders)
        self.solve_ms = 0.0
        orders, n = tuple(job.order for job in jobs), c.size
        self.jobs, self.network, self.cm, self.constraints = jobs, c, cm, constraints
        sizes = np.array([len(order.lines) for order in orders], dtype=np.int64)
        self.starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        self.owner = np.repeat(np.arange(len(orders)), sizes)
        lines = [line for order in orders for line in order.lines]
        self.qty = np.array([line.qty for line in lines], dtype=np.int64)
        weights = np.array([line.unit_weight_g for line in lines], dtype=np.int64)
        first_line = np.cumsum([0] + [len(order.lines) for order in batch.orders])
        source = [int(first_line[job.index]) + i for job in jobs for i in job.lines]
        self.stock = np.asarray(batch.stock, dtype=np.int64)[source]
        jobs_at = np.array([job.index for job in jobs])

        # Distances and shipping prices, as `compile_instance` computes them.
        to_lat = np.array([order.destination[0] for order in orders])[:, None]
        to_lon = np.array([order.destination[1] for order in orders])[:, None]
        self.km = haversine_km(c.lat[None, :], c.lon[None, :], to_lat, to_lon)
        kg = weights.astype(np.float64)[:, None] / 1000.0
        per_kg = cm.cents_per_tonne_km / 1000.0 * self.km + cm.zone_cents_per_kg(self.km)
        self.distance = np.rint(per_kg[self.owner] * kg).astype(np.int64)
        handling = _or_default(c.handling_cents_per_unit, n, cm.handling_cents_per_unit)
        self.handling = np.broadcast_to(handling, (len(lines), n))
        self.price = self.distance + self.handling
        keep_below = np.where(c.is_store, cm.protect_below_units, 0)
        self.free = np.maximum(self.stock - keep_below, 0)

        # Who may serve each order, and at what fixed cost.
        kinds = constraints.allowed_kinds
        kind_ok = np.where(c.is_store, LocationKind.STORE in kinds, LocationKind.WAREHOUSE in kinds)
        has_any = np.logical_or.reduceat(self.stock > 0, self.starts, axis=0)
        self.capacity = np.asarray(batch.capacity, dtype=np.int64)[jobs_at]
        eligible = has_any & (kind_ok & c.can_ship) & (self.capacity > 0)
        exclude = np.array([job.exclude for job in jobs])
        eligible &= np.arange(n)[None, :] != exclude[:, None]
        if constraints.max_radius_km is not None:
            eligible &= self.km <= constraints.max_radius_km
        self.eligible = eligible
        self._fixed_costs(orders, c, cm, n)

    def _fixed_costs(self, orders: tuple[Order, ...], c: Candidates, cm: CostModel, n: int) -> None:
        now = [order.created_at.astimezone(UTC) for order in orders]
        minute = np.array([t.hour * 60 + t.minute for t in now], dtype=np.int64)
        cutoff = _or_default(c.cutoff_minute_utc, n, 24 * 60)
        transfer = np.array([job.part is not None for job in self.jobs])
        ship_lead = _or_default(c.ship_lead_days, n, 1)
        transfer_lead = _or_default(c.transfer_lead_days, n, 1)
        lead = np.where(transfer[:, None], transfer_lead[None, :], ship_lead[None, :])
        self.today = [t.date() for t in now]
        self.dispatch_offset = (minute[:, None] >= cutoff[None, :]).astype(np.int64)
        self.arrive_offset = self.dispatch_offset + lead
        promised = np.array([order.promised_on is not None for order in orders])
        slack = np.array(
            [
                (order.promised_on - day).days if order.promised_on is not None else 0
                for order, day in zip(orders, self.today, strict=True)
            ],
            dtype=np.int64,
        )
        late = np.maximum(self.arrive_offset - slack[:, None], 0) * cm.late_cents_per_day
        self.late = np.where(promised[:, None], late, 0)
        self.base = _or_default(c.base_cost_cents, n, cm.base_cents_per_shipment)
        self.fixed = self.base + self.late

    def settle(self) -> list[Settlement | None]:
        cm, q = self.cm, self.qty
        protect, penalty = cm.protect_cents_per_unit, cm.unfilled_cents_per_unit
        complete = self.constraints.ship_complete
        qcol = q[:, None]
        if complete:
            # Exactly what each location alone costs, where it can serve everything.
            q_total = np.add.reduceat(q, self.starts)
            able = np.logical_and.reduceat(self.stock >= qcol, self.starts, axis=0)
            able &= self.capacity >= q_total[:, None]
            units = np.broadcast_to(qcol, self.stock.shape)
            protected = np.maximum(qcol - self.free, 0)
            variable = self.price * qcol + protected * protect
            alone = np.where(
                able & self.eligible, self.fixed + np.add.reduceat(variable, self.starts), BIG
            )
        else:
            # Its free units, then protected ones, then unfilled: the cheapest first.
            first = np.where(self.price < penalty, np.minimum(self.free, qcol), 0)
            dear = self.price + protect < penalty
            protected = np.where(dear, np.minimum(self.stock - self.free, qcol - first), 0)
            first, protected = self._within_capacity(first, protected)
            units = first + protected
            variable = first * self.price + protected * (self.price + protect)
            variable = variable + (qcol - units) * penalty
            alone = np.where(
                self.eligible, self.fixed + np.add.reduceat(variable, self.starts), BIG
            )
        best = np.argmin(alone, axis=1)
        order_index = np.arange(best.size)
        best_cost = alone[order_index, best]
        bound = np.minimum(best_cost, self._multi_shipment_bound())
        if not complete:
            bound = np.minimum(bound, np.add.reduceat(q, self.starts) * penalty)
        line_rows = best[self.owner]
        line_index = np.arange(q.size)
        taken = units[line_index, line_rows]
        served = np.add.reduceat(taken, self.starts)
        room = self.capacity[order_index, best]
        settled = (best_cost < BIG) & (best_cost <= bound) & (served > 0) & (served <= room)
        # Per line, as Python ints: what the chosen location takes, and its prices there.
        lines = _TakenLines(
            taken=taken.tolist(),
            protected=protected[line_index, line_rows].tolist(),
            distance=self.distance[line_index, line_rows].tolist(),
            handling=self.handling[line_index, line_rows].tolist(),
        )
        chosen = np.flatnonzero(settled)
        rows = best[chosen].tolist()
        per_order = _PerOrder(
            base=self.base[rows].tolist(),
            late=self.late[chosen, rows].tolist(),
            km=self.km[chosen, rows].tolist(),
            dispatch=self.dispatch_offset[chosen, rows].tolist(),
            arrive=self.arrive_offset[chosen, rows].tolist(),
        )
        # Every plan carries the batch's time so far shared by its orders.
        elapsed = time.perf_counter() - self.started
        self.solve_ms = round(elapsed * 1000.0 / self.batch_size, 3)
        result: list[Settlement | None] = [None] * best.size
        for j, (b, k) in enumerate(zip(chosen.tolist(), rows, strict=True)):
            result[b] = self._plan(b, k, lines, per_order, j)
        return result

    def _within_capacity(self, first: IntArray, second: IntArray) -> tuple[IntArray, IntArray]:
        """Partial orders: cut each location's units to its capacity, cheapest tiers first.

        As `lower_bound.alone_units` does for one order: the tiers (free units of each
        line, then protected ones) sorted stably by price, taken up to the capacity.
        Only the (order, location) pairs over capacity are sorted, padded to the
        longest order with tiers that sort last.
        """
        served = np.add.reduceat(first + second, self.starts)
        over_job, over_row = np.nonzero((served > self.capacity) & self.eligible)
        if over_job.size == 0:
            return first, second
        sizes = np.diff(np.append(self.starts, self.qty.size))
        width = int(sizes.max())
        slot = np.arange(width)
        valid = slot[None, :] < sizes[over_job][:, None]
        line = np.where(valid, self.starts[over_job][:, None] + slot[None, :], 0)
        row = over_row[:, None]
        price = np.where(valid, self.price[line, row], BIG)
        protect = self.cm.protect_cents_per_unit
        cost = np.concatenate((price, np.where(valid, price + protect, BIG)), axis=1)
        count = np.concatenate(
            (np.where(valid, first[line, row], 0), np.where(valid, second[line, row], 0)), axis=1
        )
        order = np.argsort(cost, axis=1, kind="stable")
        sorted_count = np.take_along_axis(count, order, axis=1)
        before = np.cumsum(sorted_count, axis=1) - sorted_count
        room = np.maximum(self.capacity[over_job, over_row][:, None] - before, 0)
        take = np.zeros_like(count)
        np.put_along_axis(take, order, np.minimum(sorted_count, room), axis=1)
        first, second = first.copy(), second.copy()
        first[line[valid], np.broadcast_to(row, line.shape)[valid]] = take[:, :width][valid]
        second[line[valid], np.broadcast_to(row, line.shape)[valid]] = take[:, width:][valid]
        return first, second

    def _multi_shipment_bound(self) -> IntArray:
        """Per order, a lower bound on plans of two or more shipments (BIG if none may)."""
        cm, eligible = self.cm, self.eligible
        count = eligible.sum(axis=1)
        limit = self.constraints.max_shipments
        most = np.minimum(count, limit) if limit is not None else count
        fixed = np.where(eligible, self.fixed, BIG)
        if fixed.shape[1] < 2:
            return np.full(count.size, BIG, dtype=np.int64)
        two = np.partition(fixed, 1, axis=1)[:, :2].sum(axis=1)
        held = (self.stock > 0) & eligible[self.owner]
        cheapest = np.where(held, self.price, BIG).min(axis=1)
        if self.constraints.ship_complete:
            # A line no eligible location holds: no plan at all, and no order is settled.
            cheapest = np.where(cheapest < BIG, cheapest, 0)
        else:
            cheapest = np.minimum(cheapest, cm.unfilled_cents_per_unit)
        units = np.add.reduceat(cheapest * self.qty, self.starts)
        bound = two + cm.split_penalty_cents + units
        return np.where(most >= 2, bound, BIG)

    def _plan(self, b: int, k: int, lines: _TakenLines, chosen: _PerOrder, j: int) -> Settlement:
        job, cm = self.jobs[b], self.cm
        order = job.order
        start = int(self.starts[b])
        end = start + len(order.lines)
        taken = lines.taken[start:end]
        protected = lines.protected[start:end]
        distance = sum(t * d for t, d in zip(taken, lines.distance[start:end], strict=True))
        handling = sum(t * h for t, h in zip(taken, lines.handling[start:end], strict=True))
        missing = [line.qty - t for line, t in zip(order.lines, taken, strict=True)]
        base, late = chosen.base[j], chosen.late[j]
        protection = sum(protected) * cm.protect_cents_per_unit
        terms = dict.fromkeys(TERMS, 0)
        terms.update(
            base=base,
            late=late,
            distance=distance,
            handling=handling,
            protect_last_units=protection,
            unfilled=sum(missing) * cm.unfilled_cents_per_unit,
        )
        today = self.today[b]
        shipment = Shipment(
            location_id=self.network.location_ids[k],
            kind=ShipmentKind.SHIP if job.part is None else ShipmentKind.TRANSFER,
            lines=tuple(
                PlanLine(line.sku, t) for line, t in zip(order.lines, taken, strict=True) if t
            ),
            cost_cents=base + late + distance + handling + protection,
            distance_km=round(chosen.km[j], 3),
            dispatch_on=today + timedelta(days=chosen.dispatch[j]),
            arrive_on=today + timedelta(days=chosen.arrive[j]),
        )
        total = sum(terms.values())
        plan = Plan(
            order_id=order.order_id,
            strategy="optimal",
            status=PlanStatus.ROUTED,
            shipments=(shipment,),
            unfilled=tuple(
                PlanLine(line.sku, gap)
                for line, gap in zip(order.lines, missing, strict=True)
                if gap
            ),
            cost_terms=terms,
            total_cents=total,
            proven_optimal=True,
            lower_bound_cents=total,
            solve_ms=self.solve_ms,
        )
        price = [
            d + h for d, h in zip(lines.distance[start:end], lines.handling[start:end], strict=True)
        ]
        qty = tuple(line.qty for line in order.lines)
        return Settlement(
            plan, k, job.lines, qty, tuple(price), tuple(zip(taken, protected, strict=True))
        )


@dataclass(frozen=True)
class _TakenLines:
    """Per flattened line, what the chosen location takes and its unit prices there."""

    taken: list[int]
    protected: list[int]
    distance: list[int]
    handling: list[int]


@dataclass(frozen=True)
class _PerOrder:
    """Per settled order, at its chosen location: fixed costs, distance and days."""

    base: list[int]
    late: list[int]
    km: list[float]
    dispatch: list[int]
    arrive: list[int]


def _or_default(array: IntArray | None, n: int, default: int) -> IntArray:
    return np.full(n, default, dtype=np.int64) if array is None else array.astype(np.int64)
