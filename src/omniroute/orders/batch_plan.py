"""Planning a batch of orders: one snapshot, each order planned on what the ones before it
left (their units and dispatch capacity taken off), as if they had come one at a time.

Most orders are settled together first (`routing.settle_batch`, with runners-up): one
location provably serves each best on the snapshot. At an order's turn its settled plan is
kept when the orders before it took nothing from that location's stock of its SKUs nor
from its dispatch capacity: they took only from other locations, which removes options
and can only make other plans dearer, so the plan is still optimal and the very plan
`route` gives on what is left (same location, same tie-break), when `route` has the time
to prove it (a kept plan is proven whatever time the order has left). Otherwise, and for
the orders not settled, the order is routed on what is left.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, timedelta

import numpy as np

from inventory.errors import UnknownSku
from inventory.snapshot import IntArray, OrderSnapshot
from omniroute.orders.batch_write import left, log_handed_back
from omniroute.orders.candidates import network_of
from omniroute.orders.commands import RouteOrder
from omniroute.orders.records import ids_in_use
from omniroute.orders.workflow import OrderRouter, reservation_lines
from routing import UNLIMITED, FulfilmentMode, Plan, PlanStatus
from routing.batch import OrderBatch, Settlement, settle_batch
from routing.instance import or_default

log = logging.getLogger("omniroute.orders.batching")


@dataclass
class BatchPlan:
    """The plans of a batch's orders, and how many were settled together."""

    #: (position in the batch, plan) of every order with a plan, in the batch's order.
    planned: list[tuple[int, Plan]] = field(default_factory=list)
    #: How many of them kept the plan settled for the whole batch (not routed one by one).
    settled: int = 0


def plan_batch(
    router: OrderRouter, commands: Sequence[RouteOrder], deadlines: Sequence[float]
) -> BatchPlan:
    """(position, plan) of every order with a plan, each planned on the stock and
    capacity the ones before it left. Left out, to route alone: retries (an order id
    or key already stored, or met earlier in the batch), orders naming an unknown SKU,
    and orders that fail to plan or have no plan."""
    model = router.model
    order_ids = [c.order_id for c in commands]
    keys = [c.idempotency_key for c in commands if c.idempotency_key]
    with model.read() as conn:
        seen = ids_in_use(conn, order_ids, keys)
    fresh = []
    for n, command in enumerate(commands):
        names = {command.order_id, command.idempotency_key or command.order_id}
        if names & seen:
            continue
        seen |= names
        try:
            model.catalog.sku_pks(line.sku for line in command.lines)
        except UnknownSku:
            continue
        fresh.append(n)
    if not fresh:
        return BatchPlan()
    skus = list(dict.fromkeys(line.sku for n in fresh for line in commands[n].lines))
    shared = model.order_snapshot(skus, commands[0].placed_at)
    column = {sku: n for n, sku in enumerate(skus)}
    row = shared.index.row_of_id
    moment = commands[0].placed_at.astimezone(UTC)
    minute, today = moment.hour * 60 + moment.minute, moment.date()
    cutoff = shared.index.cutoff_minute
    available, capacity = shared.available.copy(), shared.capacity_left.copy()
    settled = _settle(router, [commands[n] for n in fresh], shared, skus, column)
    result = BatchPlan()
    for n, settlement in zip(fresh, settled, strict=True):
        command = commands[n]
        columns = [column[line.sku] for line in command.lines]
        if settlement is not None and _still_settled(
            settlement, columns, available, capacity, shared
        ):
            plan = settlement.plan
            result.settled += 1
            router.telemetry.plan_made(plan)
        else:
            view = OrderSnapshot(shared.index, available[:, columns], capacity)
            try:
                plan = router.plan(command, left(deadlines[n]), view)
            except Exception as error:  # its own thread meets it again, and reports it
                log_handed_back(error, 1)
                continue
        if plan.status is PlanStatus.INFEASIBLE:
            continue  # nothing to reserve: routed alone, which answers UNFULFILLABLE
        for line in reservation_lines(plan):
            k = row[line.location_id]
            available[k, column[line.sku_id]] -= line.qty
            # Its capacity counts on its dispatch day: today before its cut-off.
            dispatch_day = today + timedelta(days=int(minute >= cutoff[k]))
            if line.dispatch_on == dispatch_day and capacity[k] >= 0:
                capacity[k] = max(0, capacity[k] - line.qty)
        result.planned.append((n, plan))
    return result


def _still_settled(
    settled: Settlement,
    columns: list[int],
    available: IntArray,
    capacity: IntArray,
    shared: OrderSnapshot,
) -> bool:
    """Whether `settled` (planned on `shared`) is still the plan `route` gives on
    `available` and `capacity`: its location still has the same stock of the order's SKUs
    (`columns`) and the same capacity; so has its runner-up, which also still has room
    for the units. Other locations can only have become dearer or unable to stand in, so
    neither the plan nor its runner-up changed."""
    k = settled.row
    if k < 0 or capacity[k] != shared.capacity_left[k]:
        return False
    if not np.array_equal(available[k, columns], shared.available[k, columns]):
        return False
    runner_up = settled.plan.runners_up[0].runner_up_id if settled.plan.runners_up else None
    if runner_up is None:
        return True
    r = shared.index.row_of_id[runner_up]
    units = sum(line.qty for shipment in settled.plan.shipments for line in shipment.lines)
    return (capacity[r] < 0 or capacity[r] >= units) and bool(
        np.array_equal(available[r, columns], shared.available[r, columns])
    )


def _settle(
    router: OrderRouter,
    commands: list[RouteOrder],
    shared: OrderSnapshot,
    skus: list[str],
    column: dict[str, int],
) -> list[Settlement | None]:
    """Per command, its plan settled on `shared` (whose columns are `skus`, SKU `s` in
    column `column[s]`), or None:
    settled are ship orders for `optimal` with no excluded location and no SKU on two
    lines, grouped by their constraints."""
    result: list[Settlement | None] = [None] * len(commands)
    groups: dict[object, list[int]] = {}
    for b, command in enumerate(commands):
        skus_of = [line.sku for line in command.lines]
        if (
            command.mode is FulfilmentMode.SHIP
            and command.strategy == "optimal"
            and not command.exclude_locations
            and len(set(skus_of)) == len(skus_of)
        ):
            groups.setdefault(command.constraints, []).append(b)
    if not groups:
        return result
    network = network_of(shared, skus)
    capacity = or_default(network.capacity_units, network.size, UNLIMITED)
    for members in groups.values():
        orders = tuple(router.order_of(commands[b]) for b in members)
        columns = [column[line.sku] for order in orders for line in order.lines]
        stock: IntArray = shared.available[:, columns].T
        batch = OrderBatch(orders, stock, np.tile(capacity, (len(orders), 1)))
        try:
            found = settle_batch(
                batch, network, router.cost_model, commands[members[0]].constraints, explain=True
            )
        except Exception:  # e.g. an invalid order: each is routed, and reports its error
            log.debug("settling %d orders together failed", len(members), exc_info=True)
            continue
        for b, settlement in zip(members, found, strict=True):
            result[b] = settlement
    return result
