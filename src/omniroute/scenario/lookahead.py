"""The `lookahead` strategy in a replay: opportunity prices from the orders expected.

The orders expected until the horizon ends are the scenario's `forecast` table when it
has one; else they come from the past orders: the scenario's `history` table (orders
before the replay, never the orders being replayed) or, without one, the whole days
already replayed (until one has passed the prices are zero and `lookahead` routes as
`optimal`), replayed and scaled to the volume forecast learned from them
(`routing.expected_orders`, `routing.forecast`). The
horizon LP (`routing.opportunity`) is solved again every `resolve_every` orders and at the
first order after a replenishment arrives, on the replay's stock, capacity used per day and
the replenishments still to come; each order's candidates carry theta x (stock price +
capacity price of its dispatch day).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from omniroute.scenario.horizon_inputs import horizon_supply, network_candidates
from omniroute.scenario.loading import Scenario
from omniroute.scenario.stock_state import StockState
from omniroute.scenario.stream import DAY_NS, Arrivals, Stream
from routing import InvalidProblem
from routing.expected_orders import expected_orders
from routing.forecast import DemandForecast, OrderHistory, fit_forecast
from routing.horizon_entries import DemandSample
from routing.opportunity import OpportunityPrices, solve_opportunity


@dataclass
class LookaheadStats:
    """What the look-ahead did in one replay."""

    solves: int = 0
    solve_s: float = 0.0
    forecast_s: float = 0.0
    history_days: int = 0


class Lookahead:
    """Prices for the orders of one replay (see the module docstring)."""

    def __init__(self, scenario: Scenario, *, first_day: int) -> None:
        """`first_day`: the UTC day index of the replay's day 0."""
        self.scenario, self.settings = scenario, scenario.spec.lookahead
        self.stats = LookaheadStats()
        self.prices: OpportunityPrices | None = None
        self.forecast: DemandForecast | None = None
        self.past: DemandSample | None = None
        self._since = 0
        self._stale = True
        self._first_day = first_day
        self._refills = scenario.stream.replenishments
        self._end_ns = (int(scenario.stream.order_at_ns[-1]) // DAY_NS + 1) * DAY_NS
        #: The scenario's own forecast (the `forecast` table): the orders expected.
        self.planned = (
            None
            if scenario.forecast is None
            else DemandSample.unweighted(
                scenario.forecast.orders,
                scenario.forecast.order_at_ns,
                scenario.forecast.order_columns,
                scenario.forecast.pickup_row,
            )
        )
        history = scenario.history
        if self.planned is None and history is not None:  # with a forecast: nothing to learn
            last_day = int(history.order_at_ns[-1]) // DAY_NS
            self._learn(history, len(history.orders), last_day + 1)

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
        if self.scenario.history is None and self.planned is None:
            stream = self.scenario.stream
            whole = int(np.searchsorted(stream.order_at_ns, now_ns // DAY_NS * DAY_NS))
            self._learn(stream, whole, now_ns // DAY_NS)
        started = time.perf_counter()
        end_ns = min(self._end_ns, now_ns + int(self.settings.horizon_days * DAY_NS))
        if self.planned is not None:
            expected = self.planned.between(now_ns, end_ns)
        elif self.past is not None and self.past.orders:
            expected = expected_orders(
                self.past, now_ns, end_ns, self.forecast, sources=self.settings.sample_days
            )
        else:
            return
        net, spec = self.scenario.network, self.scenario.spec
        rep = self._refills
        later = (rep.at_ns > now_ns) & (rep.at_ns < end_ns)
        coming = Arrivals(rep.at_ns[later], rep.location[later], rep.sku[later], rep.qty[later])
        start = state.on_hand - state.reserved - state.safety
        most = np.maximum(start, 0)
        np.add.at(most, (coming.location, coming.sku), coming.qty)
        today = now_ns // DAY_NS - self._first_day
        self.prices = solve_opportunity(
            network_candidates(net, spec.cost_model, most),
            expected,
            horizon_supply(net, start, (coming,), state.used[max(today, 0) :]),
            spec.cost_model,
            spec.constraints,
            now_ns,
            nearest=self.settings.nearest,
            time_limit_s=self.settings.time_limit_s,
        )
        self.stats.solves += 1
        self.stats.solve_s += time.perf_counter() - started

    def _learn(self, stream: Stream, end: int, until_day: int) -> None:
        """Past orders 0..end-1 of `stream` (whole days before `until_day`) and the volume
        forecast learned from them; the forecast stays None while they hold no whole day."""
        started = time.perf_counter()
        self.past = DemandSample.unweighted(
            stream.orders[:end],
            stream.order_at_ns[:end],
            stream.order_columns[:end],
            stream.pickup_row[:end],
        )
        try:
            self.forecast = fit_forecast(
                order_history(stream, end, until_day),
                half_life_days=self.settings.half_life_days,
            )
            self.stats.history_days = self.forecast.history_days
        except InvalidProblem:
            self.forecast, self.past = None, None
        finally:
            self.stats.forecast_s += time.perf_counter() - started


def order_history(stream: Stream, end: int, until_day: int) -> OrderHistory:
    """The lines of orders 0..end-1 of `stream`, covering the days from the first's to
    `until_day`."""
    counts = [len(o.lines) for o in stream.orders[:end]]
    return OrderHistory(
        np.repeat(stream.order_at_ns[:end], counts).astype(np.int64),
        np.array([ln.qty for o in stream.orders[:end] for ln in o.lines], dtype=np.int64),
        int(stream.order_at_ns[0]) // DAY_NS * DAY_NS,
        until_day * DAY_NS,
    )
