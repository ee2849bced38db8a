"""`PeriodicJob`: run a function at start and then every interval in a daemon thread.

The server's background work (birthday coupons, the sweep of expired holds) runs on it:
a failed run is logged with its trace and the job carries on at the next interval; `stop()`
lets the run in progress finish (a run may check `stopping` to end early) and waits for the
thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable


class PeriodicJob:
    """Calls `run` at once and then every `interval_s` seconds until `stop()`."""

    def __init__(self, name: str, interval_s: float, run: Callable[[], object]) -> None:
        if interval_s <= 0:
            raise ValueError(f"the interval of job {name!r} must be positive")
        self.name = name
        self.interval_s = interval_s
        self.run = run
        self.log = logging.getLogger(f"omniroute.jobs.{name}")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    @property
    def stopping(self) -> bool:
        """Whether `stop()` was called."""
        return self._stop.is_set()

    def start(self) -> PeriodicJob:
        """Start the thread; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop after the run in progress (if any); waits for the thread."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def run_once(self) -> bool:
        """One run; False (and the trace logged) when it raised."""
        try:
            self.run()
        except Exception:
            self.log.exception("%s: run failed", self.name)
            return False
        return True

    def _loop(self) -> None:
        self.run_once()
        while not self._stop.wait(self.interval_s):
            self.run_once()
