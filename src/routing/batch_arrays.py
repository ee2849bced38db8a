"""The priced arrays of a batch of orders and the single-location proof, order by order.

`batch.settle_batch` prepares the jobs (ship orders, and the transfers of click &
collect orders) and hands them here: the arithmetic is that of `compile_instance` and
`single_source.settle_single`, on all jobs at once (lines flattened, reduced per job).
Ship orders whose best single location serves every unit but that the cheap bound
leaves open get a few Lagrangian steps (`batch_lagrangian`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from functools import lru_cache
from operator import add, mul, sub
from typing import TYPE_CHECKING

import numpy as np

from routing.batch_lagrangian import BoolArray, lagrangian_proof
from routing.click_collect import PickupPart
from routing.cost_model import TERMS, CostModel
from routing.geo import haversine_km
from routing.instance import IntArray, or_default
from routing.plan import Plan, PlanLine, PlanStatus, RunnerUp, Shipment, ShipmentKind
from routing.problem import Candidates, Constraints, LocationKind, Order

if TYPE_CHECKING:
    from routing.batch import OrderBatch

BIG = np.iinfo(np.int64).max // 8
_NO_TERMS = dict.fromkeys(TERMS, 0)


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
    by_lagrangian: bool = False  # proven by `batch_lagrangian`, not the cheap bound


@dataclass(slots=True)
class Job:
    """One ship order to settle: a ship order itself, or a collect order's transfers."""

    index: int  # position in the batch
    order: Order
    lines: tuple[int, ...]  # which lines of the batch order it serves
    exclude: int  # the pickup store's row, or -1
    part: PickupPart | None


class BatchArrays:
    """The priced arrays of a batch and the proof, order by order."""

    def __init__(
        self,
        batch: OrderBatch,
        jobs: list[Job],
        c: Candidates,
        cm: CostModel,
        constraints: Constraints,
        started: float,
        *,
        explain: bool = False,
    ) -> None:
        self.started, self.batch_size = started, len(batch.orders)
        self.explain = explain
        self.solve_ms = 0.0
        orders, n = tuple(job.order for job in jobs), c.size
        self.jobs, self.network, self.cm, self.constraints = jobs, c, cm, constraints
        sizes = np.array([len(order.lines) for order in orders], dtype=np.int64)
        self.sizes = sizes
        self.starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        self.ship = np.array([job.part is None for job in jobs])
        self.lagrangian = np.zeros(len(jobs), dtype=bool)  # settled by `batch_lagrangian`
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
        handling = or_default(c.handling_cents_per_unit, n, cm.handling_cents_per_unit)
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
        count = eligible.sum(axis=1)
        limit = constraints.max_shipments
        self.most = np.minimum(count, limit) if limit is not None else count
        self._fixed_costs(orders, c, cm, n)

    def _fixed_costs(self, orders: tuple[Order, ...], c: Candidates, cm: CostModel, n: int) -> None:
        now = [order.created_at.astimezone(UTC) for order in orders]
        minute = np.array([t.hour * 60 + t.minute for t in now], dtype=np.int64)
        cutoff = or_default(c.cutoff_minute_utc, n, 24 * 60)
        transfer = np.array([job.part is not None for job in self.jobs])
        ship_lead = or_default(c.ship_lead_days, n, 1)
        transfer_lead = or_default(c.transfer_lead_days, n, 1)
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
        self.base = or_default(c.base_cost_cents, n, cm.base_cents_per_shipment)
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
        possible = (best_cost < BIG) & (served > 0) & (served <= room)
        settled = possible & (best_cost <= bound)
        if not complete:
            possible &= best_cost <= np.add.reduceat(q, self.starts) * penalty
            # Route's greedy incumbent is the cheapest location serving every unit.
            possible &= np.logical_and.reduceat(taken == q, self.starts)
        self._by_lagrangian(possible & ~settled & self.ship, best_cost, settled)
        # Per line, as Python ints: what the chosen location takes, and its prices there.
        lines = _TakenLines(
            qty=q.tolist(),
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
        starts, by_lagrangian = self.starts.tolist(), self.lagrangian.tolist()
        for j, (b, k) in enumerate(zip(chosen.tolist(), rows, strict=True)):
            result[b] = self._plan(b, k, starts[b], by_lagrangian[b], lines, per_order, j)
        return result

    def _runners_up(self, b: int, k: int, start: int, taken: list[int]) -> tuple[RunnerUp, ...]:
        """`explanation.runners_up` of job b's plan, which ships `taken` from location k
        alone: the eligible location that could ship those units instead at the least cost
        (the first of equals), and by how much it loses."""
        end = start + len(taken)
        row = np.array(taken, dtype=np.int64)[:, None]
        protect = self.cm.protect_cents_per_unit
        cost = (
            self.fixed[b]
            + (self.price[start:end] * row).sum(axis=0)
            + np.maximum(row - self.free[start:end], 0).sum(axis=0) * protect
        )
        able = self.eligible[b] & (self.stock[start:end] >= row).all(axis=0)
        able &= self.capacity[b] >= int(row.sum())
        able[k] = False
        chosen_id = self.network.location_ids[k]
        if not able.any():
            return (
                RunnerUp(chosen_id, None, None, "no other location could ship these lines alone"),
            )
        options = np.flatnonzero(able)
        best = int(options[np.argmin(cost[options])])
        return (RunnerUp(chosen_id, self.network.location_ids[best], int(cost[best] - cost[k])),)

    def _by_lagrangian(self, open_: BoolArray, best_cost: IntArray, settled: BoolArray) -> None:
        """Settle, in place, the `open_` orders that a few Lagrangian steps prove."""
        jobs = np.flatnonzero(open_ & (self.most >= 2))
        if jobs.size == 0:
            return
        sizes = self.sizes[jobs]
        starts = np.cumsum(sizes) - sizes
        lines = np.repeat(self.starts[jobs] - starts, sizes) + np.arange(sizes.sum())
        cm = self.cm
        proven = lagrangian_proof(
            target=best_cost[jobs],
            qty=self.qty[lines],
            starts=starts,
            price=self.price[lines],
            free=self.free[lines],
            stock=self.stock[lines],
            opening=self.fixed[jobs],
            eligible=self.eligible[jobs],
            most=self.most[jobs],
            protect_cents=cm.protect_cents_per_unit,
            unfilled_cents=None if self.constraints.ship_complete else cm.unfilled_cents_per_unit,
            split_cents=cm.split_penalty_cents,
        )
        settled[jobs[proven]] = True
        self.lagrangian[jobs[proven]] = True

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
        pair = np.arange(order.shape[0])[:, None]
        sorted_count = count[pair, order]
        before = np.cumsum(sorted_count, axis=1) - sorted_count
        room = np.maximum(self.capacity[over_job, over_row][:, None] - before, 0)
        take = np.zeros_like(count)
        take[pair, order] = np.minimum(sorted_count, room)
        first, second = first.copy(), second.copy()
        at_line, at_row = line[valid], np.broadcast_to(row, line.shape)[valid]
        first[at_line, at_row] = take[:, :width][valid]
        second[at_line, at_row] = take[:, width:][valid]
        return first, second

    def _multi_shipment_bound(self) -> IntArray:
        """Per order, a lower bound on plans of two or more shipments (BIG if none may)."""
        cm, eligible, most = self.cm, self.eligible, self.most
        fixed = np.where(eligible, self.fixed, BIG)
        if fixed.shape[1] < 2:
            return np.full(most.size, BIG, dtype=np.int64)
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

    def _plan(
        self,
        b: int,
        k: int,
        start: int,
        by_lagrangian: bool,
        lines: _TakenLines,
        chosen: _PerOrder,
        j: int,
    ) -> Settlement:
        job, cm = self.jobs[b], self.cm
        order = job.order
        end = start + len(order.lines)
        taken = lines.taken[start:end]
        protected = lines.protected[start:end]
        unit_distance, unit_handling = lines.distance[start:end], lines.handling[start:end]
        distance = sum(map(mul, taken, unit_distance))
        handling = sum(map(mul, taken, unit_handling))
        qty = lines.qty[start:end]
        missing = list(map(sub, qty, taken))
        base, late = chosen.base[j], chosen.late[j]
        protection = sum(protected) * cm.protect_cents_per_unit
        terms = _NO_TERMS.copy()
        terms["base"], terms["late"] = base, late
        terms["distance"], terms["handling"] = distance, handling
        terms["protect_last_units"] = protection
        terms["unfilled"] = sum(missing) * cm.unfilled_cents_per_unit
        today = self.today[b]
        skus = [line.sku for line in order.lines]
        shipment = Shipment(
            location_id=self.network.location_ids[k],
            kind=ShipmentKind.SHIP if job.part is None else ShipmentKind.TRANSFER,
            lines=tuple(PlanLine(sku, t) for sku, t in zip(skus, taken, strict=True) if t),
            cost_cents=base + late + distance + handling + protection,
            distance_km=round(chosen.km[j], 3),
            dispatch_on=_day(today, chosen.dispatch[j]),
            arrive_on=_day(today, chosen.arrive[j]),
        )
        total = sum(terms.values())
        plan = Plan(
            order_id=order.order_id,
            strategy="optimal",
            status=PlanStatus.ROUTED,
            shipments=(shipment,),
            unfilled=tuple(
                PlanLine(sku, gap) for sku, gap in zip(skus, missing, strict=True) if gap
            ),
            cost_terms=terms,
            total_cents=total,
            proven_optimal=True,
            lower_bound_cents=total,
            solve_ms=self.solve_ms,
            runners_up=self._runners_up(b, k, start, taken) if self.explain else (),
        )
        return Settlement(
            plan,
            k,
            job.lines,
            tuple(qty),
            tuple(map(add, unit_distance, unit_handling)),
            tuple(zip(taken, protected, strict=True)),
            by_lagrangian,
        )


@lru_cache(maxsize=1024)
def _day(today: date, days: int) -> date:
    return today + timedelta(days=days)


@dataclass(frozen=True)
class _TakenLines:
    """Per flattened line, what the chosen location takes and its unit prices there."""

    qty: list[int]
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
