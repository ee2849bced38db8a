"""`PriceJob`: the background job that keeps the `PriceBoard` fresh.

Every `check_s` seconds it looks whether prices are due: none yet, the last solve is
`every_s` old, or the stock feed moved at least `restock_units` units (receipts,
adjustments, sales in store, transfers, returns) since the last solve. A refresh reads the
stored orders and the network in one read transaction, learns the volume forecast, replays
the past days as the orders expected over `horizon_days` (`routing.expected_orders`),
solves the horizon LP over them (`routing.opportunity`) and publishes the prices. Orders'
own holds do not trigger it: they are what the schedule is for.

Until the stored orders cover a whole day the forecast cannot be learned: the board then
stays empty and `lookahead` routes as `optimal` (the job's `last_error` says why).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select

from inventory import MovementKind, schema
from inventory.model import StockModel, utc_now
from omniroute.lookahead.board import PriceBoard, PriceSet
from omniroute.lookahead.network_state import read_catalogue, read_network_state
from omniroute.lookahead.order_history import epoch_ns, read_past_orders
from omniroute.lookahead.settings import LookaheadConfig
from omniroute.periodic_job import PeriodicJob
from routing import Constraints, CostModel, InvalidProblem
from routing.expected_orders import expected_orders
from routing.forecast import fit_forecast
from routing.opportunity import solve_opportunity

log = logging.getLogger("omniroute.lookahead")

#: Ledger movements that count as a stock change (not the orders' own holds).
FEED_KINDS = tuple(
    kind.value
    for kind in (
        MovementKind.RECEIPT,
        MovementKind.POS_SALE,
        MovementKind.ADJUSTMENT,
        MovementKind.TRANSFER_OUT,
        MovementKind.TRANSFER_IN,
        MovementKind.RETURN_RECEIPT,
    )
)


class PriceJob:
    """Computes opportunity prices off the request path (see the module docstring)."""

    def __init__(
        self,
        model: StockModel,
        cost_model: CostModel,
        board: PriceBoard,
        config: LookaheadConfig,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.model, self.cost_model, self.board, self.config = model, cost_model, board, config
        self.clock = clock
        #: Why the last refresh published nothing (None after a successful one).
        self.last_error: str | None = None
        self._last_solve = -float("inf")
        self._ledger_seen = 0
        self._moved = 0
        self._lock = threading.Lock()
        self._job = PeriodicJob("lookahead-prices", config.check_s, self.tick)

    def start(self) -> PriceJob:
        """Run the first check now and then every `check_s`, in a daemon thread."""
        self._job.start()
        return self

    def stop(self) -> None:
        """Stop after the refresh in progress."""
        self._job.stop()

    def tick(self) -> PriceSet | None:
        """Refresh when prices are due (see the module docstring); the new set or None."""
        moved = self._feed_units_since_last()
        if self.board.current is None:
            # Until the history allows a forecast, every check tries (reading the catalogue
            # and the few orders stored so far is cheap).
            return self.refresh("start")
        if time.monotonic() - self._last_solve >= self.config.every_s:
            return self.refresh("schedule")
        if moved >= self.config.restock_units:
            return self.refresh("restock")
        return None

    def refresh(self, trigger: str = "request") -> PriceSet | None:
        """Solve now and publish; None (and `last_error` set) when there is no forecast."""
        with self._lock:
            started = time.perf_counter()
            self._last_solve = time.monotonic()
            self._moved = 0
            cfg = self.config
            now = self.clock()
            end = now + timedelta(days=cfg.horizon_days)
            with self.model.read() as conn:
                catalogue = read_catalogue(conn)
                past = read_past_orders(
                    conn,
                    now - timedelta(days=cfg.history_days),
                    now,
                    sku_column=catalogue.sku_column,
                    location_row=catalogue.location_row,
                    weight_g=catalogue.weight_g,
                    points=(catalogue.index.lats, catalogue.index.lons),
                )
                try:
                    if not past.sample.orders:
                        raise InvalidProblem("no whole day of stored orders yet")
                    forecast = fit_forecast(past.history, half_life_days=cfg.half_life_days)
                except InvalidProblem as exc:
                    if self.last_error != str(exc):  # said once, not at every check
                        log.info("lookahead prices not computed: %s", exc)
                    self.last_error = str(exc)
                    return None
                state = read_network_state(conn, catalogue, self.cost_model, now, end)
            now_ns, end_ns = epoch_ns(now), epoch_ns(end)
            prices = solve_opportunity(
                state.network,
                expected_orders(past.sample, now_ns, end_ns, forecast),
                state.supply,
                self.cost_model,
                Constraints(),
                now_ns,
                time_limit_s=cfg.time_limit_s,
            )
            published = PriceSet(
                prices=prices,
                location_ids=state.location_ids,
                sku_ids=state.sku_ids,
                theta=cfg.theta,
                computed_at=now,
                horizon_end=end,
                trigger=trigger,
                history_days=forecast.history_days,
                expected_units=prices.expected_units,
                refresh_s=round(time.perf_counter() - started, 3),
            )
            self.board.publish(published)
            self.last_error = None
            log.info(
                "lookahead prices computed",
                extra={
                    "trigger": trigger,
                    "status": prices.status,
                    "variables": prices.variables,
                    "constraints": prices.constraints,
                    "solve_s": prices.solve_s,
                    "refresh_s": published.refresh_s,
                    "history_days": forecast.history_days,
                },
            )
            return published

    def _feed_units_since_last(self) -> int:
        """Units the stock feed moved since the previous check (|on-hand change|)."""
        ledger = schema.stock_ledger.c
        with self.model.read() as conn:
            last_id, moved = conn.execute(
                select(
                    func.max(ledger.id),
                    func.coalesce(func.sum(func.abs(ledger.on_hand_delta)), 0),
                ).where(ledger.id > self._ledger_seen, ledger.kind.in_(FEED_KINDS))
            ).one()
        if last_id is not None:
            self._ledger_seen = int(last_id)
        self._moved += int(moved)
        return self._moved
