"""The server's sweep of expired checkout holds: `omniroute stock expire`, on a schedule.

Each run releases, in batches, every held reservation whose expiry has passed
(`StockModel.expire_due`): each hold in its own transaction, by a conditional status change,
so that sweeps of several processes or servers on one database never release a hold twice
(the loser of a race finds it expired already and skips it). Each run that released
anything logs ``expired holds released`` with the count and the reservation ids.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from inventory.model import StockModel
from omniroute.periodic_job import PeriodicJob

log = logging.getLogger("omniroute.expiry")

#: Holds released per transaction batch; the run goes on while batches come back full.
BATCH = 100
#: Ids named in one log line at most.
LOGGED_IDS = 50


class ExpirySweep:
    """Releases expired holds at start and every `interval_s` until `stop()`."""

    def __init__(
        self,
        model: StockModel,
        interval_s: float,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.model = model
        self.clock = clock
        self._job = PeriodicJob("expiry-sweep", interval_s, self.run_once)

    def start(self) -> ExpirySweep:
        """Start the job's thread; returns self."""
        self._job.start()
        return self

    def stop(self) -> None:
        """Stop after the batch in progress; waits for the thread."""
        self._job.stop()

    def run_once(self) -> list[str]:
        """Release every hold due now; the ids this run released."""
        now = self.clock()
        released: list[str] = []
        while not self._job.stopping:
            batch = self.model.expire_due(now=now, limit=BATCH)
            released += batch
            if len(batch) < BATCH:
                break
        if released:
            log.info(
                "expired holds released",
                extra={"count": len(released), "reservations": released[:LOGGED_IDS]},
            )
        return released
