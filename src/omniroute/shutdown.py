"""Stopping the server in bounded time: the grace, then cancel, then give up.

On SIGTERM or SIGINT health turns NOT_SERVING, WatchStock streams and background jobs end,
new calls are refused and running calls get the grace; grpcio then cancels those left
(logged). A shutdown still not over `FORCE_S` after the grace is abandoned: a handler may be
stuck where no cancellation reaches it (waiting on a lock another process holds, a database
that does not answer), or grpcio may never finish a call (client streams whose message
failed to deserialize kept `server.stop(grace).wait()` waiting forever). The worker threads
still busy are logged with the RPC each runs and where it waits, and `serve` ends the
process at once (`exit_now`): the interpreter's own exit would wait for those threads.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from pathlib import Path

import grpc

from omniroute.bootstrap import App

log = logging.getLogger("omniroute.server")

#: How long calls cancelled at the end of the grace (and closing the database) may take
#: before the shutdown gives up on them.
FORCE_S = 2.0
#: Name prefix of the RPC worker threads (`server.create_server`).
WORKER_THREAD_PREFIX = "rpc"
#: Exit status of a process whose shutdown had to abandon what still ran.
EXIT_FORCED = 1

_SERVICES = str(Path(__file__).parent / "services")


def shutdown(server: grpc.Server, app: App, grace_s: float) -> bool:
    """Stop taking calls, let running ones finish for `grace_s`, cancel those left, close the
    database: all within `grace_s + FORCE_S`. False when that bound was reached; what still
    ran is logged and left behind (the caller should end the process)."""
    grace_ends = time.monotonic() + grace_s
    step = ["ending streams and background jobs"]
    done = threading.Event()
    failed: list[BaseException] = []

    def orderly() -> None:
        try:
            app.begin_shutdown()
            step[0] = "waiting for running calls"
            server.stop(max(0.0, grace_ends - time.monotonic())).wait()
            step[0] = "closing the database"
            app.close()
        except BaseException as exc:
            failed.append(exc)
        finally:
            done.set()

    threading.Thread(target=orderly, name="shutdown", daemon=True).start()
    if not done.wait(grace_s):
        calls = running_calls()
        if calls:
            log.warning(
                "grace over: running calls cancelled", extra={"stuck_at": step[0], "calls": calls}
            )
        if not done.wait(FORCE_S):
            log.error(
                "shutdown forced: what still runs is abandoned",
                extra={"grace_s": grace_s, "stuck_at": step[0], "calls": running_calls()},
            )
            return False
    if failed:
        raise failed[0]
    log.info("stopped")
    return True


def running_calls() -> list[dict[str, str]]:
    """The RPC worker threads that run a handler: the thread, the servicer method and the
    innermost frame (where it runs or waits)."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    calls = []
    for ident, frame in sys._current_frames().items():
        name = names.get(ident, "")
        if not name.startswith(WORKER_THREAD_PREFIX):
            continue
        stack = traceback.extract_stack(frame)
        handler = next((f for f in reversed(stack) if f.filename.startswith(_SERVICES)), None)
        if handler is None:
            continue  # an idle worker
        where = stack[-1]
        calls.append(
            {"thread": name, "rpc": handler.name, "at": f"{where.filename}:{where.lineno}"}
        )
    return sorted(calls, key=lambda call: call["thread"])


def exit_now(status: int = EXIT_FORCED) -> None:
    """End the process without waiting for its threads, once the log is written."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
