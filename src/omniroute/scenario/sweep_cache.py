"""Finished sweep runs and generated scenarios, kept by content hash in a directory.

A run's key hashes the code (package version and every source file of `routing` and
`omniroute.scenario`), the base scenario file and the bytes of each of its tables, the
sweep's `new_locations`, the run's overrides and the hindsight time limit: a re-run of
a sweep executes only the runs whose key is not there yet. A generated scenario's key
hashes the code and its generator settings; it is written once, whichever runs use it.

Layout: ``runs/KEY/`` (the run's scenario.yaml, edited tables, ``kpis.parquet`` once it
finished) and ``generated/KEY/`` (a generated scenario). Failed runs are not kept. On a
Ray cluster the directory must be one that every node sees (a shared file system).
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

import omniroute.scenario
import routing
from omniroute.scenario.spec import load_spec

KPIS_FILE = "kpis.parquet"


@cache
def code_version() -> str:
    """The package version and a digest of the routing and scenario source files."""
    digest = hashlib.sha256(metadata.version("omniroute").encode())
    for package in (routing, omniroute.scenario):
        root = Path(package.__file__ or "").parent
        for file in sorted(root.rglob("*.py")):
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def base_digest(scenario: Path, new_locations: tuple[dict[str, Any], ...] = ()) -> str:
    """A digest of the scenario file, the bytes of each of its tables and the new locations."""
    digest = hashlib.sha256(scenario.read_bytes())
    for name, path in sorted(load_spec(scenario).tables.items()):
        digest.update(name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(_canonical(list(new_locations)).encode())
    return digest.hexdigest()


def content_key(*parts: Any) -> str:
    """A short hex key of JSON-serialisable parts."""
    return hashlib.sha256(_canonical(list(parts)).encode()).hexdigest()[:24]


class SweepCache:
    """The cache directory: where each run and generated scenario lives."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def run_dir(self, key: str) -> Path:
        """The directory of the run with `key`."""
        return self.root / "runs" / key

    def generated_dir(self, key: str) -> Path:
        """The directory of the generated scenario with `key`."""
        return self.root / "generated" / key

    def kpis(self, key: str) -> pd.DataFrame | None:
        """The KPI rows of a finished run, or None."""
        path = self.run_dir(key) / KPIS_FILE
        return pd.read_parquet(path) if path.exists() else None

    def generated(self, key: str) -> Path | None:
        """The scenario file of a generated scenario, or None."""
        path = self.generated_dir(key) / "scenario.yaml"
        return path if path.exists() else None


def store_kpis(run_dir: Path, kpis: pd.DataFrame) -> None:
    """Keep a finished run's KPI rows; written whole or not at all."""
    run_dir.mkdir(parents=True, exist_ok=True)
    partial = run_dir / f".{KPIS_FILE}.{os.getpid()}"
    kpis.to_parquet(partial, index=False)
    partial.replace(run_dir / KPIS_FILE)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
