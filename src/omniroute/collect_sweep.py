"""The server's sweep of collect orders not collected in time, on a schedule.

Each run releases every order ready for pickup whose `collect_by` has passed
(`orders.collect.release_not_collected`): each order in its own transaction, locked and
checked again there, so that sweeps of several processes or servers on one database release
an order once (the loser finds it released and skips it). Its units become the pickup
store's stock again. Each run that released anything logs ``uncollected orders released``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from omniroute.orders.collect import release_not_collected
from omniroute.orders.work_queue import due_for_release
from omniroute.orders.workflow import OrderRouter
from omniroute.periodic_job import PeriodicJob

log = logging.getLogger("omniroute.collect")

#: Orders read per batch; the run goes on while batches come back full.
BATCH = 100
#: How long a collect order waits at the counter when nothing else is configured.
DEFAULT_COLLECT_WITHIN = timedelta(days=7)


class CollectSweep:
    """Releases uncollected orders at start and every `interval_s` until `stop()`."""

    def __init__(
        self,
        router: OrderRouter,
        interval_s: float,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.router = router
        self.clock = clock
        self._job = PeriodicJob("collect-sweep", interval_s, self.run_once)

    def start(self) -> CollectSweep:
        """Start the job's thread; returns self."""
        self._job.start()
        return self

    def stop(self) -> None:
        """Stop after the order in progress; waits for the thread."""
        self._job.stop()

    def run_once(self) -> list[str]:
        """Release every order due now; the ids this run released."""
        now = self.clock()
        released: list[str] = []
        while not self._job.stopping:
            with self.router.model.read() as conn:
                due = due_for_release(conn, now, BATCH)
            done = [
                order_id
                for order_id in due
                if release_not_collected(self.router, order_id, now) is not None
            ]
            released += done
            if len(due) < BATCH or not done:
                break
        if released:
            log.info(
                "uncollected orders released",
                extra={"count": len(released), "orders": released[:50]},
            )
        return released
