"""The `lookahead` strategy in a replay: opportunity prices from a learned forecast.

The forecast is learned from the scenario's `history` table (orders before the replay,
never the orders being replayed) or, without one, from the orders already replayed
(once a whole day has passed; until then the prices are zero and `lookahead` routes
as `optimal`). The remaining-horizon LP (`routing.opportunity`) is solved again every
`resolve_every` orders and at the first order after a replenishment arrives, on the
replay's stock, remaining capacity and the replenishments still to come; each order's
candidates carry theta x (stock price + capacity price of its dispatch day).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from omniroute.scenario.loading import Scenario
from omniroute.scenario.stock_state import IntArray, StockState
from omniroute.scenario.stream import DAY_NS, Stream
from routing import UNLIMITED, InvalidProblem
from routing.forecast import DemandForecast, OrderHistory, fit_forecast
from routing.opportunity import BUCKETS, HorizonState, OpportunityPrices, solve_opportunity


@dataclass
class LookaheadStats:
    """What the look-ahead did in one replay."""

    solves: int = 0
    solve_s: float = 0.0
    forecast_s: float = 0.0
    history_days: int = 0


class Lookahead:
    """Prices for the orders of one replay (see the module docstring)."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        handling: IntArray,
        base: IntArray,
        first_day: int,
    ) -> None:
        """`handling`/`base`: the replay's cents per location (defaults filled in);
        `first_day`: the UTC day index of the replay's day 0."""
        self.scenario, self.settings = scenario, scenario.spec.lookahead
        self.history = scenario.history
        self.stats = LookaheadStats()
        self.prices: OpportunityPrices | None = None
        self.forecast: DemandForecast | None = None
        self._since = 0
        self._stale = True
        self._handling, self._base, self._first_day = handling, base, first_day
        self._refills = scenario.stream.replenishments
        self._end_ns = (int(scenario.stream.order_at_ns[-1]) // DAY_NS + 1) * DAY_NS
        if self.history is not None:
            last_day = int(self.history.order_at_ns[-1]) // DAY_NS
            self.forecast = self._fit(
                order_history(self.history, len(self.history.orders), last_day + 1)
            )

    def received_refill(self) -> None:
        """A replenishment arrived: price again at the next order."""
        self._stale = True

    def prices_for(self, i: int, now_ns: int, state: StockState) -> OpportunityPrices | None:
        """The prices for order i of the stream, solved again when they are due."""
        if self._stale or i - self._since >= self.settings.resolve_every:
            self._refresh(i, now_ns, state)
        return self.prices

    def _refresh(self, i: int, now_ns: int, state: StockState) -> None:
        self._since, self._stale = i, False
        if self.history is None:
            stream = self.scenario.stream
            self.forecast = self._fit(order_history(stream, i, now_ns // DAY_NS))
        if self.forecast is None:
            return
        started = time.perf_counter()
        self.prices = solve_opportunity(
            self._horizon(now_ns, state),
            self.forecast,
            now_ns,
            self._end_ns,
            self.scenario.spec.cost_model,
            neighbours=self.settings.neighbours,
            time_limit_s=self.settings.time_limit_s,
        )
        self.stats.solves += 1
        self.stats.solve_s += time.perf_counter() - started

    def _fit(self, history: OrderHistory) -> DemandForecast | None:
        """The forecast, or None while the history holds no whole day with a shipped line."""
        started = time.perf_counter()
        net = self.scenario.network
        try:
            forecast = fit_forecast(
                history,
                len(net.sku_ids),
                len(net.location_ids),
                regions=self.settings.regions,
                half_life_days=self.settings.half_life_days,
            )
        except InvalidProblem:
            return None
        finally:
            self.stats.forecast_s += time.perf_counter() - started
        self.stats.history_days = forecast.history_days
        return forecast

    def _horizon(self, now_ns: int, state: StockState) -> HorizonState:
        net, first = self.scenario.network, self._first_day
        today = now_ns // DAY_NS - first
        arriving = np.zeros_like(net.on_hand)
        rep = self._refills
        later = rep.at_ns > now_ns
        np.add.at(arriving, (rep.location[later], rep.sku[later]), rep.qty[later])
        return HorizonState(
            lat=net.lat,
            lon=net.lon,
            is_store=net.is_store,
            can_ship=net.can_ship,
            can_pickup=net.can_pickup,
            handling=self._handling,
            base=self._base,
            cutoff_minute=net.cutoff_minute,
            weight_g=net.weight_g,
            available=np.maximum(state.on_hand - state.reserved - state.safety, 0),
            arriving=arriving,
            capacity=_capacity(state, today, (self._end_ns // DAY_NS) - first),
        )


def _capacity(state: StockState, today: int, last: int) -> IntArray:
    """Remaining dispatch capacity per location: today, tomorrow, the days after (summed)."""
    cap = state.daily_capacity
    n = cap.size
    days = len(state.used)
    left = np.zeros((n, BUCKETS), dtype=np.int64)
    for b, span in enumerate(([today], [today + 1], range(today + 2, last + 1))):
        for d in span:
            used = state.used[min(d, days - 1)] if d < days else np.zeros(n, dtype=np.int64)
            left[:, b] += np.maximum(cap - used, 0)
    return np.where(cap[:, None] > 0, left, UNLIMITED)


def order_history(stream: Stream, end: int, until_day: int) -> OrderHistory:
    """Orders 0..end-1 of `stream`, covering the days from the first's to `until_day`."""
    at, order, sku, qty, lat, lon, pickup = [], [], [], [], [], [], []
    for i in range(end):
        o = stream.orders[i]
        p = int(stream.pickup_row[i])
        for line, column in zip(o.lines, stream.order_columns[i].tolist(), strict=True):
            at.append(int(stream.order_at_ns[i]))
            order.append(i)
            sku.append(column)
            qty.append(line.qty)
            lat.append(o.destination[0] if p < 0 else np.nan)
            lon.append(o.destination[1] if p < 0 else np.nan)
            pickup.append(p)
    since = int(stream.order_at_ns[0]) // DAY_NS * DAY_NS
    return OrderHistory(
        np.array(at, dtype=np.int64), np.array(order, dtype=np.int64),
        np.array(sku, dtype=np.int64), np.array(qty, dtype=np.int64),
        np.array(lat, dtype=np.float64), np.array(lon, dtype=np.float64),
        np.array(pickup, dtype=np.int64), since, until_day * DAY_NS,
    )  # fmt: skip
