"""Wiring: open the database, load a network if asked, and build the shared parts.

Nothing here runs at import time; `bootstrap(config)` does it all, once, at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from inventory.model import StockModel
from inventory.network_files import load_network
from omniroute.config import ServerConfig
from omniroute.stock_watch import StockWatch

log = logging.getLogger("omniroute.bootstrap")


@dataclass
class App:
    """The parts every servicer may use: the stock model and the change notifier.

    The order service adds its own parts here (e.g. the cost model, strategy registry)."""

    model: StockModel
    watch: StockWatch
    #: Called first on shutdown, before the server stops taking calls (newest first).
    on_shutdown: list[Callable[[], None]] = field(default_factory=list)

    def begin_shutdown(self) -> None:
        """Say NOT_SERVING, end watch streams: what must happen before `server.stop`."""
        for hook in reversed(self.on_shutdown):
            hook()
        self.watch.close()

    def close(self) -> None:
        """Close the database pool (after the server has stopped)."""
        self.model.close()


def bootstrap(config: ServerConfig) -> App:
    """Open (and migrate) the database, optionally load a network, build the `App`."""
    model = StockModel.open(config.database_url, pool_size=min(config.workers, 16))
    try:
        if config.load_network is not None:
            result = load_network(model, config.load_network)
            log.info(
                "network loaded",
                extra={
                    "directory": str(config.load_network),
                    "locations": result.locations,
                    "skus": result.skus,
                    "stock_rows": result.stock.rows,
                },
            )
    except BaseException:
        model.close()
        raise
    return App(model, StockWatch(max_subscriptions=config.max_watchers))
