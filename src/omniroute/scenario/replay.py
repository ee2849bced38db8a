"""Replay a scenario's stream with one strategy against an in-memory stock model.

Events run in time order (arrivals before orders at equal times). Each order is routed
with `routing.route` on candidates built from the live arrays (available stock of the
order's SKUs, remaining capacity of each location's dispatch day), and its plan is
reserved at once. An order the strategy cannot route is charged the unfilled penalty for
every unit, so every strategy pays for what it leaves unserved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from omniroute.scenario.decisions import DecisionLog
from omniroute.scenario.loading import Scenario
from omniroute.scenario.lookahead import Lookahead
from omniroute.scenario.network import Network
from omniroute.scenario.speculation import Speculation
from omniroute.scenario.stock_state import IntArray, StockState
from omniroute.scenario.stream import DAY_NS
from routing import Candidates, Plan, ShipmentKind, route
from routing.problem import PER_LOCATION

Tick = Callable[[int], None]
# Orders settled ahead together; larger batches amortise more but are checked out more.
BATCH_SIZE = 32
#: Orders between progress reports: a progress bar's update costs more than settling an
#: order ahead.
TICK_EVERY = 100


@dataclass(eq=False)
class Replay:
    """What one strategy did: its decisions and the final stock state."""

    strategy: str
    log: DecisionLog
    state: StockState
    first_day: date
    order_days: int
    wall_s: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)


def scenario_days(scenario: Scenario) -> tuple[date, int]:
    """First UTC day of the scenario and the number of days its orders span."""
    stream = scenario.stream
    first = stream.first_day
    first_index = first.toordinal() - 719163
    last_index = int(stream.order_at_ns[-1] // DAY_NS)
    return first, last_index - first_index + 1


def replay(
    scenario: Scenario,
    strategy: str,
    tick: Tick | None = None,
    *,
    batch_size: int = BATCH_SIZE,
) -> Replay:
    """Run `strategy` over the whole stream; `tick(n)` reports n more orders done.

    With `optimal`, ship orders are settled `batch_size` at a time where one location
    is provably best (`speculation.py`); the decisions are the same as one at a time
    (``batch_size=1``), only faster.
    """
    spec, net, stream = scenario.spec, scenario.network, scenario.stream
    first, order_days = scenario_days(scenario)
    first_index = first.toordinal() - 719163
    state = StockState(net, order_days + 2)
    log = DecisionLog(strategy, net, spec.cost_model)
    ids = np.array(net.location_ids, dtype=object)
    handling = np.where(
        net.handling_cents < 0, spec.cost_model.handling_cents_per_unit, net.handling_cents
    )
    base = np.where(net.base_cents < 0, spec.cost_model.base_cents_per_shipment, net.base_cents)
    row_of = net.location_index()
    column_of = net.sku_index()
    network = _network_candidates(net, base, handling)
    arrivals = _arrivals(scenario)
    speculation = None
    if strategy == "optimal" and batch_size > 1:
        # Arrivals at or before an order's time are received before it is routed.
        breaks = np.searchsorted(stream.order_at_ns, arrivals[0], side="left")
        speculation = Speculation(
            net, network, spec.cost_model, spec.constraints, first_index, batch_size, breaks
        )
    lookahead = Lookahead(scenario, first_day=first_index) if strategy == "lookahead" else None
    n_refills = stream.replenishments.at_ns.size
    a, n_arrivals = 0, len(arrivals[0])
    today = -1
    for i, order in enumerate(stream.orders):
        at = int(stream.order_at_ns[i])
        while a < n_arrivals and arrivals[0][a] <= at:
            state.receive(int(arrivals[1][a]), int(arrivals[2][a]), int(arrivals[3][a]))
            if speculation is not None:
                speculation.received(int(arrivals[2][a]))
            if lookahead is not None and arrivals[4][a] < n_refills:
                lookahead.received_refill()
            a += 1
        day = at // DAY_NS - first_index
        if day != today:
            state.ship_through(day - 1)
            today = day
        plan = speculation.plan_for(i, stream, state) if speculation is not None else None
        if plan is None:
            columns = stream.order_columns[i]
            atp = state.available(columns)
            keep: np.ndarray = np.asarray(atp.any(axis=1))
            pickup = int(stream.pickup_row[i])
            if pickup >= 0:
                keep[pickup] = True
            rows = np.flatnonzero(keep)
            minute = (at % DAY_NS) // (60 * 10**9)
            dispatch_day = day + (minute >= net.cutoff_minute[rows])
            candidates = _order_candidates(
                network,
                ids,
                rows,
                skus=tuple(line.sku for line in order.lines),
                stock=atp[rows],
                capacity=state.remaining_capacity(rows, dispatch_day),
            )
            if lookahead is not None:
                prices = lookahead.prices_for(i, at, state)
                if prices is not None and spec.lookahead.theta > 0:
                    opportunity = prices.unit_cents(
                        spec.lookahead.theta, rows, columns, dispatch_day + first_index
                    )
                    if pickup >= 0:
                        # Units kept for the customer leave no dispatch capacity.
                        k = int(np.searchsorted(rows, pickup))
                        opportunity[k] = prices.kept_cents(spec.lookahead.theta, pickup, columns)
                    candidates = replace(candidates, opportunity_cents=opportunity)
            plan = route(
                order,
                candidates,
                spec.cost_model,
                spec.constraints,
                strategy=strategy,
                time_limit_s=spec.time_limit_s,
                explain=False,
            )
        _reserve(state, plan, row_of, column_of, first)
        log.add(order, plan)
        if tick is not None and (i + 1) % TICK_EVERY == 0:
            tick(TICK_EVERY)
    if tick is not None and len(stream.orders) % TICK_EVERY:
        tick(len(stream.orders) % TICK_EVERY)
    while a < n_arrivals:
        state.receive(int(arrivals[1][a]), int(arrivals[2][a]), int(arrivals[3][a]))
        a += 1
    state.ship_through(len(state.used) + 1)
    result = Replay(strategy, log, state, first, order_days)
    if lookahead is not None:
        stats = lookahead.stats
        result.extra.update(
            lp_solves=stats.solves,
            lp_solve_s=round(stats.solve_s, 3),
            forecast_s=round(stats.forecast_s, 3),
            forecast_history_days=stats.history_days,
        )
    if speculation is not None:
        result.extra.update(
            settled_ahead=speculation.kept,
            settled_ahead_void=speculation.dropped,
            settled_by_lagrangian=speculation.kept_lagrangian,
            settled_again=speculation.resettled,
        )
    return result


def _network_candidates(net: Network, base: IntArray, handling: IntArray) -> Candidates:
    """The network's per-location arrays, for settling batches (no stock: the batch has it)."""
    n = len(net.location_ids)
    return Candidates(
        location_ids=tuple(net.location_ids),
        skus=(),
        stock=np.zeros((n, 0), dtype=np.int64),
        lat=net.lat,
        lon=net.lon,
        is_store=net.is_store,
        can_ship=net.can_ship,
        can_pickup=net.can_pickup,
        base_cost_cents=base,
        handling_cents_per_unit=handling,
        cutoff_minute_utc=net.cutoff_minute,
        ship_lead_days=net.ship_lead_days,
        transfer_lead_days=net.transfer_lead_days,
        priority=net.priority,
    )


def _order_candidates(
    network: Candidates,
    ids: np.ndarray,
    rows: IntArray,
    *,
    skus: tuple[str, ...],
    stock: IntArray,
    capacity: IntArray,
) -> Candidates:
    """The network's locations in `rows`, with an order's stock and remaining capacity."""
    arrays: dict[str, Any] = {
        name: getattr(network, name)[rows] for name in PER_LOCATION if name != "capacity_units"
    }
    return replace(
        network,
        location_ids=tuple(ids[rows]),
        skus=skus,
        stock=stock,
        capacity_units=capacity,
        **arrays,
    )


def _reserve(
    state: StockState, plan: Plan, row_of: dict[str, int], column_of: dict[str, int], first: date
) -> None:
    if not plan.is_feasible:
        return
    ready = plan.collect.ready_at.date() if plan.collect and plan.collect.ready_at else None
    for shipment in plan.shipments:
        row = row_of[shipment.location_id]
        dispatch = shipment.kind is not ShipmentKind.PICKUP
        leaves = shipment.dispatch_on if dispatch or ready is None else ready
        for line in shipment.lines:
            state.reserve(row, column_of[line.sku], line.qty, (leaves - first).days, dispatch)


def _arrivals(
    scenario: Scenario,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Replenishments and resellable returns merged in time order (replenishments first),
    with each one's index in the two tables together (replenishments first)."""
    rep, ret = scenario.stream.replenishments, scenario.stream.returns
    at = np.concatenate([rep.at_ns, ret.at_ns])
    rank = np.concatenate([np.zeros(rep.at_ns.size), np.ones(ret.at_ns.size)])
    order = np.lexsort((rank, at))
    loc = np.concatenate([rep.location, ret.location])[order]
    sku = np.concatenate([rep.sku, ret.sku])[order]
    qty = np.concatenate([rep.qty, ret.qty])[order]
    return at[order], loc, sku, qty, order
