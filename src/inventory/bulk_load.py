"""Bulk load of a network (locations, SKUs, stock) from CSV or Parquet files.

Stock files of millions of rows are streamed in batches (pyarrow), mapped to surrogate keys
with pandas indexes, copied into a staging table (COPY on PostgreSQL, executemany on
SQLite) and merged in SQL, ledger rows included, in one transaction: a bad row anywhere
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from pyarrow import csv as pa_csv
from pyarrow import parquet as pq
from sqlalchemy import Connection, bindparam, select, text

from inventory import schema
from inventory.domain import MovementKind
from inventory.errors import InvalidInput

BATCH_ROWS = 1_000_000
#: Above this many rows a load rebuilds the stock table's location index instead of updating it.
INDEX_REBUILD_ROWS = 500_000
STOCK_COLUMNS = {
    "location_id": pa.string(),
    "sku_id": pa.string(),
    "on_hand": pa.int64(),
    "safety_stock": pa.int64(),
}
Progress = Callable[[int], None]


@dataclass(frozen=True)
class StockLoadResult:
    """What a stock load did."""

    rows: int
    changed: int


def find_table(directory: Path, name: str) -> Path:
    """The file `name`.parquet or `name`.csv in `directory`."""
    for suffix in (".parquet", ".csv"):
        candidate = directory / f"{name}{suffix}"
        if candidate.exists():
            return candidate
    raise InvalidInput(f"{directory}: no {name}.csv or {name}.parquet")


def read_table(path: Path) -> pd.DataFrame:
    """A small table (locations, SKUs) as a DataFrame of strings, or `InvalidInput`."""
    try:
        if path.suffix == ".parquet":
            return pd.read_parquet(path).astype(str)
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise InvalidInput(f"{path}: cannot be read: {exc}") from exc


def stock_batches(path: Path) -> Iterator[pa.RecordBatch]:
    """Stream a stock table in batches, translating format errors once."""
    try:
        if path.suffix == ".parquet":
            with pq.ParquetFile(path) as parquet:
                yield from parquet.iter_batches(batch_size=BATCH_ROWS)
            return
        with path.open("rb") as source:
            header = source.readline().decode("utf-8").strip().split(",")
        types = {c: t for c, t in STOCK_COLUMNS.items() if c in header}
        with pa.OSFile(str(path), "rb") as source:
            reader = pa_csv.open_csv(
                source,
                read_options=pa_csv.ReadOptions(block_size=32 << 20),
                convert_options=pa_csv.ConvertOptions(
                    column_types=types, strings_can_be_null=False
                ),
            )
            yield from reader
    except (OSError, UnicodeDecodeError, pa.ArrowException) as exc:
        raise InvalidInput(f"{path}: malformed stock file: {exc}") from exc


def load_stock(
    conn: Connection, path: Path, *, now: datetime | None = None, progress: Progress | None = None
) -> StockLoadResult:
    """Set on-hand and safety stock from `path`, with a ledger row for every change."""
    moment = now or datetime.now(UTC)
    locations = _key_index(conn, schema.locations)
    skus = _key_index(conn, schema.skus)
    frames: list[pd.DataFrame] = []
    rows = 0
    for batch in stock_batches(path):
        frames.append(_validated(batch, path, rows, locations, skus))
        rows += len(frames[-1])
        if progress is not None:
            progress(rows)
    if rows == 0:
        raise InvalidInput(f"{path}: no stock rows")
    # Sorted by the stock table's key, the staging and stock B-trees are filled in order
    # (appends, not random page splits), and a duplicate pair sits next to its twin.
    frame = pd.concat(frames, ignore_index=True)
    del frames
    frame = frame.sort_values(["sku_pk", "location_pk"], kind="stable")
    twins = (frame["sku_pk"].diff() == 0).to_numpy() & (frame["location_pk"].diff() == 0).to_numpy()
    if twins.any():
        row = int(frame.index[np.flatnonzero(twins)[0]]) + 2
        raise InvalidInput(
            f"{path}: row {row}, field sku_id: the same (location, SKU) appears twice"
        )
    _create_staging(conn)
    for start in range(0, len(frame), BATCH_ROWS):
        _copy_to_staging(conn, frame.iloc[start : start + BATCH_ROWS])
    del frame
    large = rows > INDEX_REBUILD_ROWS
    if large:  # one sorted index build beats millions of random index inserts
        conn.execute(text("DROP INDEX ix_stock_location"))
    changed = _merge_staging(conn, moment, path.name)
    if large:
        conn.execute(text("CREATE INDEX ix_stock_location ON stock (location_pk)"))
    conn.execute(text("DROP TABLE stock_staging"))
    return StockLoadResult(rows=rows, changed=changed)


def _key_index(conn: Connection, table: Any) -> tuple[pd.Index, np.ndarray]:
    rows = conn.execute(select(table.c.id, table.c.pk)).all()
    return pd.Index([r[0] for r in rows]), np.array([r[1] for r in rows], dtype=np.int64)


def _validated(
    batch: pa.RecordBatch,
    path: Path,
    offset: int,
    locations: tuple[pd.Index, np.ndarray],
    skus: tuple[pd.Index, np.ndarray],
) -> pd.DataFrame:
    names = set(batch.schema.names)
    for column in ("location_id", "sku_id", "on_hand"):
        if column not in names:
            raise InvalidInput(f"{path}: missing column {column!r}")
    frame = batch.to_pandas()
    if "safety_stock" not in frame:
        frame["safety_stock"] = 0

    def fail(mask: np.ndarray, field: str, why: str) -> None:
        bad = np.flatnonzero(mask)
        if len(bad):
            row = offset + int(bad[0]) + 2  # 1-based, after the header line
            value = frame[field].iloc[int(bad[0])]
            raise InvalidInput(f"{path}: row {row}, field {field}: {why} (got {value!r})")

    for field in ("on_hand", "safety_stock"):
        fail(frame[field].isna().to_numpy(), field, "a whole number is required")
        fail((frame[field] < 0).to_numpy(), field, "must be >= 0")
    location_rows = locations[0].get_indexer(frame["location_id"])
    sku_rows = skus[0].get_indexer(frame["sku_id"])
    fail(location_rows < 0, "location_id", "unknown location")
    fail(sku_rows < 0, "sku_id", "unknown SKU")
    out = pd.DataFrame(
        {
            "sku_pk": skus[1][sku_rows],
            "location_pk": locations[1][location_rows],
            "on_hand": frame["on_hand"].to_numpy(dtype=np.int64),
            "safety_stock": frame["safety_stock"].to_numpy(dtype=np.int64),
        }
    )
    out.index = pd.RangeIndex(offset, offset + len(out))
    return out


def _create_staging(conn: Connection) -> None:
    conn.execute(text("DROP TABLE IF EXISTS stock_staging"))
    without_rowid = " WITHOUT ROWID" if conn.dialect.name == "sqlite" else ""
    conn.execute(
        text(
            "CREATE TEMPORARY TABLE stock_staging (sku_pk INTEGER NOT NULL, location_pk INTEGER NOT"
            " NULL, on_hand INTEGER NOT NULL, safety_stock INTEGER NOT NULL,"
            f" PRIMARY KEY (sku_pk, location_pk)){without_rowid}"
        )
    )


def _copy_to_staging(conn: Connection, frame: pd.DataFrame) -> None:
    raw = conn.connection.driver_connection
    assert raw is not None
    try:
        if conn.dialect.name == "postgresql":
            # One CSV text block per batch: COPY parses it in C, no Python loop per row.
            payload = frame.to_csv(header=False, index=False)
            copy_sql = (
                "COPY stock_staging (sku_pk, location_pk, on_hand, safety_stock)"
                " FROM STDIN (FORMAT csv)"
            )
            with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
                copy.write(payload)
        else:
            columns = [frame[c].to_numpy().tolist() for c in frame.columns]
            cursor = raw.cursor()
            cursor.executemany(
                "INSERT INTO stock_staging VALUES (?, ?, ?, ?)", zip(*columns, strict=True)
            )
            cursor.close()
    except Exception as exc:  # a duplicate pair across two batches
        if "UNIQUE" in str(exc).upper() or "duplicate key" in str(exc):
            raise InvalidInput(
                f"a (location, SKU) pair appears twice in the stock file: {exc}"
            ) from exc
        raise


def _merge_staging(conn: Connection, now: datetime, reference: str) -> int:
    under_reserved = conn.execute(
        text(
            "SELECT COUNT(*) FROM stock_staging st JOIN stock s ON s.sku_pk = st.sku_pk"
            " AND s.location_pk = st.location_pk WHERE st.on_hand < s.reserved"
        )
    ).scalar_one()
    if under_reserved:
        raise InvalidInput(
            f"{under_reserved} stock row(s) would set on hand below the units already reserved"
        )
    statement = text(
        "INSERT INTO stock_ledger (recorded_at, sku_pk, location_pk, kind, on_hand_delta,"
        " reserved_delta, reservation_pk, reference)"
        " SELECT :now, st.sku_pk, st.location_pk,"
        " CASE WHEN s.sku_pk IS NULL THEN 'receipt' ELSE 'adjustment' END,"
        " st.on_hand - COALESCE(s.on_hand, 0), 0, NULL, :ref"
        " FROM stock_staging st LEFT JOIN stock s"
        " ON s.sku_pk = st.sku_pk AND s.location_pk = st.location_pk"
        " WHERE st.on_hand <> COALESCE(s.on_hand, 0)"
    ).bindparams(bindparam("now", type_=schema.UtcDateTime()))
    changed = conn.execute(statement, {"now": now, "ref": f"bulk load {reference}"[:200]}).rowcount
    # A changed safety stock moves no unit but changes what is available: a planning row,
    # as `stock_events.set_planning` writes (WatchStock follows the ledger).
    planning = text(
        "INSERT INTO stock_ledger (recorded_at, sku_pk, location_pk, kind, on_hand_delta,"
        " reserved_delta, reservation_pk, reference, safety_stock_delta)"
        " SELECT :now, st.sku_pk, st.location_pk, :kind, 0, 0, NULL, :ref,"
        " st.safety_stock - COALESCE(s.safety_stock, 0)"
        " FROM stock_staging st LEFT JOIN stock s"
        " ON s.sku_pk = st.sku_pk AND s.location_pk = st.location_pk"
        " WHERE st.safety_stock <> COALESCE(s.safety_stock, 0)"
    ).bindparams(bindparam("now", type_=schema.UtcDateTime()))
    conn.execute(
        planning,
        {"now": now, "ref": f"bulk load {reference}"[:200], "kind": MovementKind.PLANNING.value},
    )
    conn.execute(
        text(
            "INSERT INTO stock (sku_pk, location_pk, on_hand, reserved, safety_stock, incoming)"
            " SELECT sku_pk, location_pk, on_hand, 0, safety_stock, 0 FROM stock_staging"
            " WHERE true ORDER BY sku_pk, location_pk"
            " ON CONFLICT (sku_pk, location_pk) DO UPDATE"
            " SET on_hand = excluded.on_hand, safety_stock = excluded.safety_stock"
        )
    )
    return int(changed)
