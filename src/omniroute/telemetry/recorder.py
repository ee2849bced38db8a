"""`Telemetry`: what the service reports as it works, as Prometheus metrics and
OpenTelemetry spans. `Telemetry()` reports nothing (metrics and tracing off), at the cost
of an attribute test per report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

from inventory import InsufficientStock, NoDispatchCapacity
from omniroute.telemetry.metrics import Metrics
from routing import Plan

if TYPE_CHECKING:
    from opentelemetry.trace import Tracer

    from omniroute.lookahead.board import PriceSet

_NO_SPAN: AbstractContextManager[object] = nullcontext()


class Telemetry:
    """Reports to `metrics` and `tracer` (each None: off); `close` ends both."""

    def __init__(
        self,
        metrics: Metrics | None = None,
        tracer: Tracer | None = None,
        on_close: Iterable[Callable[[], None]] = (),
    ) -> None:
        self.metrics = metrics
        self.tracer = tracer
        #: Where /metrics is served (None: not by this process).
        self.metrics_port: int | None = None
        self._on_close = list(on_close)

    @property
    def enabled(self) -> bool:
        """Whether anything is reported."""
        return self.metrics is not None or self.tracer is not None

    def span(self, name: str) -> AbstractContextManager[object]:
        """A span of the current trace around a step (routing, write)."""
        if self.tracer is None:
            return _NO_SPAN
        return self.tracer.start_as_current_span(name)

    def plan_made(self, plan: Plan) -> None:
        """An order was planned (solve time, proven or not)."""
        if self.metrics is None:
            return
        proven = "true" if plan.proven_optimal else "false"
        self.metrics.plans.labels(plan.strategy, proven).inc()
        self.metrics.solve_seconds.labels(plan.strategy).observe(plan.solve_ms / 1000)

    def reservation_conflict(self, error: Exception) -> None:
        """A reservation was refused at the write (`error`: why); nothing was written."""
        if self.metrics is None:
            return
        if isinstance(error, NoDispatchCapacity):
            reason = "capacity"
        elif isinstance(error, InsufficientStock):
            reason = "stock"
        else:
            reason = "lock"
        self.metrics.conflicts.labels(reason).inc()

    def route_retried(self) -> None:
        """An order is solved again after a conflict."""
        if self.metrics is not None:
            self.metrics.retries.inc()

    def batch_taken(self, size: int) -> None:
        """A leader took `size` RouteOrder calls to plan and write together."""
        if self.metrics is not None:
            self.metrics.batch_size.observe(size)

    def feed_applied(self, occurred: Iterable[float], received: float) -> None:
        """A stock feed batch received at `received` was applied; `occurred`: the Unix
        times its events occurred (read only when metrics are on)."""
        if self.metrics is None:
            return
        for moment in occurred:
            self.metrics.feed_lag.observe(max(0.0, received - moment))

    def prices_published(self, prices: PriceSet) -> None:
        """The look-ahead price job published `prices`."""
        if self.metrics is None:
            return
        self.metrics.prices_computed.set(prices.computed_at.timestamp())
        self.metrics.prices_solve.set(prices.prices.solve_s)
        self.metrics.prices_refresh.set(prices.refresh_s)

    def close(self) -> None:
        """Stop serving /metrics and flush the spans not yet exported."""
        for close in reversed(self._on_close):
            close()
        self._on_close.clear()
