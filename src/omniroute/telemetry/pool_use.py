"""Database pool use: connections checked out, counted by the pool's own events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

from omniroute.telemetry.metrics import Metrics


def watch_pool(engine: Engine, metrics: Metrics) -> None:
    """Keep `omniroute_db_pool_checked_out` and `omniroute_db_pool_size` for `engine`.

    Counted at checkout and checkin rather than read from the pool at scrape time, so that
    the processes of a group (which do not serve /metrics themselves) report it too."""
    size = getattr(engine.pool, "size", None)
    metrics.pool_size.set(size() if callable(size) else 0)
    checked_out = metrics.pool_checked_out

    @event.listens_for(engine, "checkout")
    def _on_checkout(_dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        checked_out.inc()

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, _record: Any) -> None:
        checked_out.dec()
