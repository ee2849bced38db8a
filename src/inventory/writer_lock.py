"""One SQLite writer at a time, across the threads and the processes of one database.

SQLite takes one writer at a time; a writer that finds the database locked waits in
SQLite's busy handler, which sleeps and polls (1, 2, 5 ... 100 ms). Queued on this lock
instead (a thread lock, then an advisory `flock` on a file beside the database), the next
writer starts as soon as the previous one commits, whether it is a thread of this process or
of another `omniroute serve` process on the same file.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from types import TracebackType

#: How long `close` waits for a write in progress in another thread before it gives up
#: and leaves the file open (a write cannot outlast its transaction).
CLOSE_WAIT_S = 10.0


class WriterLock:
    """Re-entrant within a thread; exclusive across threads and processes.

    Each instance holds its own descriptor of the lock file, and flock locks of separate
    descriptors exclude each other even within one process: a thread that writes through
    one `StockModel` must not start a write through another model of the same file inside
    it (it would wait for itself).
    """

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + "-writer.lock")
        self._thread = threading.RLock()
        self._depth = 0
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)

    def __enter__(self) -> None:
        self._thread.acquire()
        if self._depth == 0:
            try:
                if self._fd < 0:
                    raise RuntimeError("the database was closed")
                fcntl.flock(self._fd, fcntl.LOCK_EX)  # waits without the GIL
            except BaseException:
                self._thread.release()
                raise
        self._depth += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._depth -= 1
            if self._depth == 0 and self._fd >= 0:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread.release()

    def close(self) -> None:
        """Give the file descriptor back once no thread of this process writes (a write
        after it fails); closing twice is harmless, as closing the model twice is."""
        if not self._thread.acquire(timeout=CLOSE_WAIT_S):
            return
        try:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1
        finally:
            self._thread.release()
