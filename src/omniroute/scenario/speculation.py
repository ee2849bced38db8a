"""Plans for a run of upcoming ship orders, settled together and kept only while valid.

`optimal` settles most orders by proving one location best (`routing.settle_batch`).
A replay asks for the next `size` orders at once, on the stock as it is now, and at
each order's turn keeps its plan only if nothing it relied on has changed:

- the chosen location still takes the same units at the same prices: the same units
  of each line, as many of them from its protected last units (its stock may have
  gone down, as long as that changes neither), and it still has room on its dispatch
  day for them;
- none of the order's SKUs was restocked anywhere since (more stock elsewhere could
  make another plan cheaper).

Other orders only take stock and capacity away from other locations, which removes
options and can raise, never lower, any other plan's cost: the kept plan is still the
optimum, and the very plan `route` would return (same location, same tie-break). A
plan that fails the check is dropped and the order routed on the live state.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from omniroute.scenario.network import Network
from omniroute.scenario.stock_state import IntArray, StockState
from omniroute.scenario.stream import DAY_NS, Stream
from routing import Candidates, Constraints, CostModel, FulfilmentMode, Plan
from routing.batch import ShipBatch, settle_batch


@dataclass(frozen=True, eq=False)
class Settled:
    """A plan settled ahead of its turn, and what it relied on."""

    plan: Plan
    row: int
    columns: list[int]
    take: TakeRule
    taken: list[tuple[int, int]]  # per line: units taken, of which protected
    units: int
    dispatch_day: int


@dataclass(frozen=True)
class TakeRule:
    """How a single location serves an order alone (`routing.single_source`), per line."""

    qty: list[int]
    price: list[int]  # cents per unit at the chosen location
    keep_below: int  # units the location protects (stores) or 0
    complete: bool
    protect_cents: int
    unfilled_cents: int

    def taken(self, stock: list[int]) -> list[tuple[int, int]] | None:
        """Per line, (units taken, of which protected) given the location's stock."""
        result = []
        for q, price, held in zip(self.qty, self.price, stock, strict=True):
            free = max(held - self.keep_below, 0)
            if self.complete:
                if held < q:
                    return None
                result.append((q, max(q - free, 0)))
                continue
            first = min(free, q) if price < self.unfilled_cents else 0
            dear = price + self.protect_cents < self.unfilled_cents
            second = min(held - free, q - first) if dear else 0
            result.append((first + second, second))
        return result


class Speculation:
    """Settles upcoming ship orders in batches and checks each plan at its turn."""

    def __init__(
        self,
        network: Network,
        candidates: Candidates,
        cost_model: CostModel,
        constraints: Constraints,
        first_index: int,
        size: int,
        breaks: IntArray,
    ) -> None:
        self.network, self.candidates = network, candidates
        self.cost_model, self.constraints = cost_model, constraints
        self.first_index, self.size = first_index, size
        # Order indices before which stock arrives: a batch stops there, as arrivals
        # would void the plans of every later order for the SKUs they bring.
        self.breaks = np.unique(breaks)
        self.row_of = network.location_index()
        self.pending: dict[int, Settled] = {}
        self.restocked: set[int] = set()
        self.until = 0  # orders before this index have been considered
        self.kept = 0
        self.dropped = 0

    def received(self, column: int) -> None:
        """Units of SKU `column` arrived somewhere: plans for it may no longer be optimal."""
        self.restocked.add(column)

    def plan_for(self, i: int, stream: Stream, state: StockState) -> Plan | None:
        """The settled plan of order i if it still holds, else None (route it live)."""
        if i >= self.until:
            self._settle_from(i, stream, state)
        settled = self.pending.pop(i, None)
        if settled is None:
            return None
        fresh = not self.restocked.intersection(settled.columns)
        if fresh:
            stock = state.available_at(settled.row, settled.columns)
            room = state.room_at(settled.row, settled.dispatch_day)
            fresh = settled.take.taken(stock) == settled.taken and room >= settled.units
        if not fresh:
            self.dropped += 1
            return None
        self.kept += 1
        return settled.plan

    def _settle_from(self, start: int, stream: Stream, state: StockState) -> None:
        started = time.perf_counter()
        self.pending.clear()
        self.restocked.clear()
        after = int(np.searchsorted(self.breaks, start, side="right"))
        stop = int(self.breaks[after]) if after < self.breaks.size else len(stream.orders)
        end = min(start + self.size, stop)
        self.until = end
        picks = [i for i in range(start, end) if stream.orders[i].mode is FulfilmentMode.SHIP]
        if not picks:
            return
        net = self.network
        columns = np.concatenate([stream.order_columns[i] for i in picks])
        stock = state.available(columns).T
        at = stream.order_at_ns[picks]
        day = at // DAY_NS - self.first_index
        minute = (at % DAY_NS) // (60 * 10**9)
        dispatch = day[:, None] + (minute[:, None] >= net.cutoff_minute[None, :])
        rows = np.arange(len(net.location_ids))[None, :]
        capacity = state.remaining_capacity(rows, dispatch)
        batch = ShipBatch(tuple(stream.orders[i] for i in picks), stock, capacity)
        settled = settle_batch(batch, self.candidates, self.cost_model, self.constraints)
        plans, price = settled.plans, settled.price
        share_ms = round((time.perf_counter() - started) * 1000.0 / len(picks), 3)
        offset = 0
        for b, (i, plan) in enumerate(zip(picks, plans, strict=True)):
            order_columns = stream.order_columns[i]
            width = len(order_columns)
            if plan is not None:
                row = self.row_of[plan.shipments[0].location_id]
                take = TakeRule(
                    qty=[line.qty for line in stream.orders[i].lines],
                    price=price[offset : offset + width, row].tolist(),
                    keep_below=self.cost_model.protect_below_units if net.is_store[row] else 0,
                    complete=self.constraints.ship_complete,
                    protect_cents=self.cost_model.protect_cents_per_unit,
                    unfilled_cents=self.cost_model.unfilled_cents_per_unit,
                )
                taken = take.taken(stock[offset : offset + width, row].tolist())
                assert taken is not None
                self.pending[i] = Settled(
                    plan=replace(plan, solve_ms=share_ms),
                    row=row,
                    columns=order_columns.tolist(),
                    take=take,
                    taken=taken,
                    units=sum(units for units, _ in taken),
                    dispatch_day=int(dispatch[b, row]),
                )
            offset += width
