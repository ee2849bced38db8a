"""`WriterLock`: one SQLite writer at a time across threads and processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from inventory.writer_lock import WriterLock

HOLD_IN_ANOTHER_PROCESS = """
import sys, time
from pathlib import Path
from inventory.writer_lock import WriterLock
lock = WriterLock(Path(sys.argv[1]))
with lock:
    print("held", flush=True)
    time.sleep(0.5)
    Path(sys.argv[2]).write_text("released")
"""


def test_a_writer_of_another_process_waits_until_the_lock_is_released(tmp_path: Path) -> None:
    database, marker = tmp_path / "omniroute.db", tmp_path / "released"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_IN_ANOTHER_PROCESS, str(database), str(marker)],
        stdout=subprocess.PIPE,
        text=True,
    )
    lock = WriterLock(database)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        began = time.monotonic()
        with lock:
            # Only once the other process let go (it marks that before releasing).
            assert marker.read_text() == "released"
            assert time.monotonic() - began > 0.2
    finally:
        holder.communicate(timeout=30)
        lock.close()
    assert holder.returncode == 0


def test_threads_take_turns_and_a_thread_may_enter_again(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "omniroute.db")
    inside, most = 0, 0
    count = threading.Lock()

    def write() -> None:
        nonlocal inside, most
        for _ in range(50):
            with lock, lock:  # re-entrant: a write inside a write
                with count:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.0005)
                with count:
                    inside -= 1

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lock.close()
    lock.close()  # a model closed twice closes its lock twice
    assert most == 1 and inside == 0


def test_two_locks_on_one_database_in_one_process_exclude_each_other(tmp_path: Path) -> None:
    # Two models opened on one file (e.g. two test fixtures) each have their own lock file
    # descriptor; flock locks of separate descriptors exclude each other.
    first, second = WriterLock(tmp_path / "omniroute.db"), WriterLock(tmp_path / "omniroute.db")
    entered = threading.Event()

    def other() -> None:
        with second:
            entered.set()

    try:
        with first:
            thread = threading.Thread(target=other)
            thread.start()
            assert not entered.wait(0.2)
        assert entered.wait(5)
        thread.join()
    finally:
        first.close()
        second.close()


def test_closing_waits_for_the_write_in_progress_and_later_writes_fail(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "omniroute.db")
    inside, finish = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with lock:
                inside.set()
                finish.wait(5)
        except BaseException as error:
            errors.append(error)

    writer = threading.Thread(target=write)
    writer.start()
    assert inside.wait(5)
    closing = threading.Thread(target=lock.close)
    closing.start()
    closing.join(0.2)
    assert closing.is_alive()  # waits for the write to end
    finish.set()
    writer.join(5)
    closing.join(5)
    assert not closing.is_alive() and errors == []
    with pytest.raises(RuntimeError, match="closed"):
        with lock:
            pass
    # The lock is not left held: another descriptor of the file takes it at once.
    other = WriterLock(tmp_path / "omniroute.db")
    with other:
        pass
    other.close()
