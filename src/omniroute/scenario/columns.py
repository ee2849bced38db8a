"""Read a scenario table (CSV or Parquet) and parse its columns, vectorised.

Every bad cell is reported as ``FILE: row N: field F: what is wrong``. Rows are numbered
as in the file: in a CSV the header is row 1, so the first record is row 2 (as
`inventory.network_files` does); in a Parquet file the first record is row 1.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from numpy.typing import NDArray

from omniroute.scenario.errors import InvalidScenario

_OFFSET = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


class Table:
    """The cells of one table as stripped strings, with the file it came from."""

    def __init__(self, path: Path, required: tuple[str, ...]) -> None:
        self.path = path
        try:
            if path.suffix == ".parquet":
                frame = pd.read_parquet(path)
                frame = frame.astype(str).where(frame.notna(), "")
                self._first_row = 1
            else:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False)
                self._first_row = 2
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise InvalidScenario(f"{path}: cannot be read: {exc}") from exc
        self.frame = frame
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise InvalidScenario(f"{path}: missing column(s) {', '.join(missing)}")

    def __len__(self) -> int:
        return len(self.frame)

    def error(self, index: int, field: str, problem: str) -> InvalidScenario:
        """An `InvalidScenario` naming this file, record `index` (0-based) and `field`."""
        return InvalidScenario(
            f"{self.path}: row {index + self._first_row}: field {field}: {problem}"
        )

    def _fail_first(self, bad: NDArray[np.bool_], field: str, problem: str) -> None:
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            value = self.text(field, "")[k]
            raise self.error(k, field, f"{problem}, got {value!r}")

    def text(self, field: str, default: str | None = None) -> NDArray[Any]:
        """The column as stripped strings; a missing optional column is all `default`."""
        if field not in self.frame.columns:
            if default is None:
                raise InvalidScenario(f"{self.path}: missing column {field}")
            return np.full(len(self.frame), default, dtype=object)
        return self.frame[field].str.strip().to_numpy(dtype=object)

    def required_text(self, field: str) -> NDArray[Any]:
        """Non-empty strings."""
        values = self.text(field)
        self._fail_first(values == "", field, "a value is required")
        return values

    def integers(
        self, field: str, default: int | None = None, minimum: int | None = None
    ) -> NDArray[np.int64]:
        """Whole numbers; empty cells (or a missing column) take `default` if given."""
        raw = self.text(field, "" if default is not None else None)
        empty = raw == ""
        if default is None:
            self._fail_first(empty, field, "a whole number is required")
        numbers = pd.to_numeric(pd.Series(np.where(empty, "0", raw)), errors="coerce").to_numpy()
        bad = np.isnan(numbers) | (np.mod(np.nan_to_num(numbers), 1) != 0)
        self._fail_first(bad, field, "a whole number is required")
        values = np.where(empty, default or 0, numbers).astype(np.int64)
        if minimum is not None:
            self._fail_first(values < minimum, field, f"a whole number >= {minimum} is required")
        return values

    def floats(self, field: str, low: float, high: float) -> NDArray[np.float64]:
        """Numbers in [low, high]."""
        raw = self.text(field)
        numbers = pd.to_numeric(pd.Series(raw), errors="coerce").to_numpy(dtype=np.float64)
        bad = np.isnan(numbers) | (numbers < low) | (numbers > high)
        self._fail_first(bad, field, f"a number between {low:g} and {high:g} is required")
        return numbers

    def choices(self, field: str, allowed: tuple[str, ...], default: str | None = None) -> Any:
        """Values from `allowed` (empty cells take `default` if given)."""
        values = self.text(field, default)
        if default is not None:
            values = np.where(values == "", default, values)
        bad = ~np.isin(values, allowed)
        self._fail_first(bad, field, f"one of {', '.join(allowed)} is required")
        return values

    def timestamps(self, field: str) -> NDArray[np.int64]:
        """Timezone-aware ISO 8601 timestamps, as UTC nanoseconds since the epoch."""
        raw = self.text(field)
        aware = np.array([bool(_OFFSET.search(v)) for v in raw], dtype=bool)
        self._fail_first(~aware, field, "an ISO 8601 timestamp with a UTC offset is required")
        parsed = pd.to_datetime(pd.Series(raw), utc=True, format="ISO8601", errors="coerce")
        self._fail_first(parsed.isna().to_numpy(), field, "an ISO 8601 timestamp is required")
        return parsed.to_numpy(dtype="datetime64[ns]").astype(np.int64)

    def dates(self, field: str) -> NDArray[np.int64]:
        """Optional YYYY-MM-DD dates as days since the epoch; -1 where empty."""
        raw = self.text(field, "")
        empty = raw == ""
        parsed = pd.to_datetime(pd.Series(np.where(empty, "1970-01-01", raw)), errors="coerce")
        parsed_ok = ~parsed.isna().to_numpy()
        self._fail_first(~parsed_ok, field, "a date YYYY-MM-DD is required")
        days = parsed.to_numpy(dtype="datetime64[D]").astype(np.int64)
        return np.where(empty, -1, days)

    def references(self, field: str, index: dict[str, int], what: str) -> NDArray[np.int64]:
        """Row numbers in another table of the ids in `field`."""
        raw = self.required_text(field)
        positions = pd.Series(raw).map(index)
        self._fail_first(positions.isna().to_numpy(), field, f"unknown {what}")
        return np.asarray(positions.to_numpy(dtype=np.int64), dtype=np.int64)

    def unique_ids(self, field: str) -> tuple[str, ...]:
        """Non-empty, distinct ids."""
        ids = self.required_text(field)
        self._fail_first(pd.Series(ids).duplicated().to_numpy(), field, "duplicate id")
        return tuple(str(v) for v in ids)
