"""Plans for a run of upcoming orders, settled together and kept only while valid.

`optimal` settles most orders by proving one location best (`routing.settle_batch`).
A replay asks for the next `size` orders at once, on the stock as it is now, and at
each order's turn keeps its plan only if nothing it relied on has changed:

- the chosen location still takes the same units at the same prices: the same units
  of each line, as many of them from its protected last units (its stock may have
  gone down, as long as that changes neither), and it still has room on its dispatch
  day for them;
- none of the order's SKUs was restocked anywhere since (more stock elsewhere could
  make another plan cheaper);
- for click & collect, the pickup store still keeps the same units, as many of them
  from its protected last units.

Other orders only take stock and capacity away from other locations, which removes
options and can raise, never lower, any other plan's cost: the kept plan is still the
optimum, and the very plan `route` would return (same location, same tie-break). A
plan that fails the check is dropped; the order is settled again, alone, on the state
as it is at its turn (nothing left to check), or else routed live.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from omniroute.scenario.network import Network
from omniroute.scenario.stock_state import IntArray, StockState
from omniroute.scenario.stream import DAY_NS, Stream
from routing import Candidates, Constraints, CostModel, FulfilmentMode, Order, Plan
from routing.batch import OrderBatch, Settlement, settle_batch


@dataclass(slots=True)
class TakeRule:
    """How one location serves an order alone (`routing.single_source`), per line."""

    qty: tuple[int, ...]
    price: tuple[int, ...]  # cents per unit at the location
    keep_below: int  # units the location protects (stores) or 0
    complete: bool
    protect_cents: int
    unfilled_cents: int
    room: int  # what the location could still dispatch that day, when settled

    def taken(self, stock: list[int]) -> list[tuple[int, int]] | None:
        """Per line, (units taken, of which protected) given the location's stock."""
        if self.complete:
            result = []
            for q, held in zip(self.qty, stock, strict=True):
                if held < q:
                    return None
                result.append((q, max(q - max(held - self.keep_below, 0), 0)))
            return result
        # Partial: free units, then protected ones, cheaper than unfilled, within room.
        tiers = []
        for i, (q, price, held) in enumerate(zip(self.qty, self.price, stock, strict=True)):
            free = max(held - self.keep_below, 0)
            first = min(free, q) if price < self.unfilled_cents else 0
            dear = price + self.protect_cents < self.unfilled_cents
            second = min(held - free, q - first) if dear else 0
            tiers.append((price, i, first, i))
            tiers.append((price + self.protect_cents, len(self.qty) + i, second, i))
        units, protected, room = [0] * len(self.qty), [0] * len(self.qty), self.room
        for _, position, count, i in sorted(tiers):
            take = min(count, room)
            room -= take
            units[i] += take
            if position >= len(self.qty):
                protected[i] += take
        return list(zip(units, protected, strict=True))


@dataclass(slots=True)
class KeepRule:
    """What a pickup store keeps of a click & collect order (`routing.click_collect`)."""

    qty: list[int]
    splittable: list[bool]
    keep_below: int

    def taken(self, stock: list[int]) -> list[tuple[int, int]]:
        """Per line, (units kept, of which protected) given the store's stock."""
        result = []
        for q, splittable, held in zip(self.qty, self.splittable, stock, strict=True):
            keep = min(held, q) if splittable or held >= q else 0
            result.append((keep, max(keep - max(held - self.keep_below, 0), 0)))
        return result


@dataclass(eq=False, slots=True)
class Reliance:
    """One location's part of a settled plan: what it gives, for the same stock."""

    row: int
    columns: list[int]
    rule: TakeRule | KeepRule
    stock: list[int]  # what the location had of `columns` when settled
    taken: list[tuple[int, int]]  # `rule.taken(stock)`
    dispatch_day: int  # -1 when nothing is dispatched (units kept at a pickup store)

    def holds(self, state: StockState) -> bool:
        """True while the location gives the same units at the same prices."""
        stock = state.available_at(self.row, self.columns)
        if stock != self.stock and self.rule.taken(stock) != self.taken:
            return False
        if self.dispatch_day < 0:
            return True
        return state.room_at(self.row, self.dispatch_day) >= sum(u for u, _ in self.taken)


@dataclass(eq=False, slots=True)
class Settled:
    """A plan settled ahead of its turn, and what it relied on."""

    plan: Plan
    columns: set[int]
    relies_on: tuple[Reliance, ...]
    by_lagrangian: bool  # proven by Lagrangian steps, not the cheap bound


class Speculation:
    """Settles upcoming orders in batches and checks each plan at its turn."""

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
        self.pending: dict[int, Settled] = {}
        self.restocked: set[int] = set()
        self.until = 0  # orders before this index have been considered
        self.kept = 0
        self.dropped = 0
        self.kept_lagrangian = 0  # of `kept`, proven by Lagrangian steps
        self.resettled = 0  # of `kept`, dropped and settled again at the order's turn

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
        if not (fresh and all(part.holds(state) for part in settled.relies_on)):
            self.dropped += 1
            # Settle it again, alone, on the stock as it is now: nothing to check.
            again = self._settle(i, i + 1, stream, state).get(i)
            if again is None:
                return None
            self.resettled += 1
            settled = again
        self.kept += 1
        self.kept_lagrangian += settled.by_lagrangian
        return settled.plan

    def _settle_from(self, start: int, stream: Stream, state: StockState) -> None:
        self.restocked.clear()
        after = int(np.searchsorted(self.breaks, start, side="right"))
        stop = int(self.breaks[after]) if after < self.breaks.size else len(stream.orders)
        self.until = min(start + self.size, stop)
        self.pending = self._settle(start, self.until, stream, state)

    def _settle(
        self, start: int, end: int, stream: Stream, state: StockState
    ) -> dict[int, Settled]:
        """Plans for orders start..end-1 on the current state, where settled."""
        pending: dict[int, Settled] = {}
        net = self.network
        picks = list(range(start, end))
        columns = np.concatenate([stream.order_columns[i] for i in picks])
        stock = state.available(columns).T
        at = stream.order_at_ns[start:end]
        day = at // DAY_NS - self.first_index
        minute = (at % DAY_NS) // (60 * 10**9)
        dispatch = day[:, None] + (minute[:, None] >= net.cutoff_minute[None, :])
        rows = np.arange(len(net.location_ids))[None, :]
        capacity = state.remaining_capacity(rows, dispatch)
        batch = OrderBatch(tuple(stream.orders[start:end]), stock, capacity)
        settlements = settle_batch(batch, self.candidates, self.cost_model, self.constraints)
        offset = 0
        for b, (i, settled) in enumerate(zip(picks, settlements, strict=True)):
            order = stream.orders[i]
            order_columns = stream.order_columns[i].tolist()
            width = len(order_columns)
            if settled is not None:
                lines = stock[offset : offset + width]
                parts = []
                if order.mode is FulfilmentMode.COLLECT:
                    parts.append(self._keep(int(stream.pickup_row[i]), order, order_columns, lines))
                if settled.row >= 0:
                    k = settled.row
                    held = lines[:, k].tolist()
                    room = int(capacity[b, k])
                    parts.append(
                        self._take(settled, order_columns, held, int(dispatch[b, k]), room)
                    )
                pending[i] = Settled(
                    settled.plan, set(order_columns), tuple(parts), settled.by_lagrangian
                )
            offset += width
        return pending

    def _protects(self, row: int) -> int:
        return self.cost_model.protect_below_units if self.network.is_store[row] else 0

    def _keep(self, row: int, order: Order, columns: list[int], stock: IntArray) -> Reliance:
        rule = KeepRule(
            qty=[line.qty for line in order.lines],
            splittable=[line.splittable for line in order.lines],
            keep_below=self._protects(row),
        )
        held = stock[:, row].tolist()
        return Reliance(row, columns, rule, held, rule.taken(held), -1)

    def _take(
        self,
        settled: Settlement,
        columns: list[int],
        stock: list[int],
        dispatch_day: int,
        room: int,
    ) -> Reliance:
        """What the location `settled.row` gives; `stock` is what it has of each order line."""
        row, lines = settled.row, settled.lines
        rule = TakeRule(
            qty=settled.qty,
            price=settled.price,
            keep_below=self._protects(row),
            complete=self.constraints.ship_complete,
            protect_cents=self.cost_model.protect_cents_per_unit,
            unfilled_cents=self.cost_model.unfilled_cents_per_unit,
            room=room,
        )
        held = [stock[j] for j in lines]
        served = [columns[j] for j in lines]
        return Reliance(row, served, rule, held, list(settled.taken), dispatch_day)
