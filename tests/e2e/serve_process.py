"""`omniroute serve` as a child process: start it on a free port, kill it, start it again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc


class ServeProcess:
    """One `omniroute serve --port 0` process; its log (JSON lines) goes to a file, so a
    chatty server never blocks on a full pipe."""

    def __init__(self, workdir: Path, *args: str) -> None:
        self.workdir, self.args = workdir, args
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.starts = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60.0) -> ServeProcess:
        """Start the server and wait for its `serving` log line."""
        self.starts += 1
        log_path = self.workdir / f"serve-{self.starts}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("OMNIROUTE_")}
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "omniroute.cli.main", "serve", "--port", "0", *self.args],
                cwd=self.workdir,
                env=env,
                stderr=log,
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for line in log_path.read_text().splitlines():
                entry = json.loads(line)
                if entry.get("message") == "serving":
                    self.port = int(entry["port"])
                    return self
            if self.process.poll() is not None:
                raise RuntimeError(f"omniroute serve exited: {log_path.read_text()[-2000:]}")
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("omniroute serve did not start in time")

    def channel(self) -> grpc.Channel:
        return grpc.insecure_channel(self.address)

    def kill(self) -> None:
        """SIGKILL: no grace, no clean shutdown."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
