"""Planning a batch of orders: one snapshot, each order planned on what the ones before it
left (their units and dispatch capacity taken off), as if they had come one at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, timedelta

from inventory.errors import UnknownSku
from inventory.snapshot import OrderSnapshot
from omniroute.orders.batch_write import left, log_handed_back
from omniroute.orders.commands import RouteOrder
from omniroute.orders.records import ids_in_use
from omniroute.orders.workflow import OrderRouter, reservation_lines
from routing import Plan, PlanStatus


def plan_batch(
    router: OrderRouter, commands: Sequence[RouteOrder], deadlines: Sequence[float]
) -> list[tuple[int, Plan]]:
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
        return []
    skus = list(dict.fromkeys(line.sku for n in fresh for line in commands[n].lines))
    shared = model.order_snapshot(skus, commands[0].placed_at)
    column = {sku: n for n, sku in enumerate(skus)}
    row = shared.index.row_of_id
    moment = commands[0].placed_at.astimezone(UTC)
    minute, today = moment.hour * 60 + moment.minute, moment.date()
    cutoff = shared.index.cutoff_minute
    available, capacity = shared.available.copy(), shared.capacity_left.copy()
    planned = []
    for n in fresh:
        command = commands[n]
        columns = [column[line.sku] for line in command.lines]
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
        planned.append((n, plan))
    return planned
