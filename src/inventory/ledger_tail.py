"""The stock ledger read as a change feed: every committed row, whichever process wrote it.

Every change of a stock row is a ledger row written in the change's own transaction
(movements, reservations and their steps, planning figures), so a reader that follows the
ledger by increasing id sees the changes of every process on the database, without any
work on the writers' side.

Ids are handed out before commit, so ids and commit order differ on PostgreSQL: a row with a
smaller id can become visible after a larger one (its transaction was slower), and rolled
back transactions leave ids that never appear. The tail therefore keeps the ids it skipped
("gaps") and reads them again until every transaction that was running when the gap was
seen has ended (the database's snapshot says so: its oldest running transaction is newer
than the gap's snapshot). A gap then either filled (its row is delivered, late) or never
will. Every writer writes something before its first ledger row, so a transaction holding
a ledger id always has a transaction id that snapshots see. On SQLite writers run one at a
time, ids are given in commit order and nothing is ever late.

Each read runs in one snapshot (REPEATABLE READ on PostgreSQL, one read transaction on
SQLite) that also reads the current levels of the touched pairs; each change's level is the
snapshot's level less the changes after it in the batch, so the last change of a pair in a
batch carries the pair's level in the snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, Engine, Row, Select, func, select, text, tuple_

from inventory import schema
from inventory.database import reader
from inventory.domain import IncomingStock, MovementKind, StockLevel

#: Ledger rows that change no counter (a hold turned firm) are not changes of a level.
SILENT_KINDS = frozenset({MovementKind.COMMIT.value})
#: Pairs per level query, ids per gap re-read: below every driver's parameter limit.
_CHUNK = 500


@dataclass(frozen=True)
class LedgerChange:
    """One ledger row as a change of its pair: the level after it, its kind (a
    `MovementKind` value) and its effect on available units."""

    entry_id: int
    level: StockLevel
    kind: str
    available_delta: int


class LedgerTail:
    """Follows the stock ledger from `start()` on: `read()` returns each committed row once.

    Not thread-safe: one reader (a poller thread) per tail."""

    def __init__(self, engine: Engine, *, page: int = 2000) -> None:
        self.engine = engine
        self.page = page
        self.postgres = engine.dialect.name == "postgresql"
        self._snapshots = (
            engine.execution_options(isolation_level="REPEATABLE READ")
            if self.postgres
            else reader(engine)
        )
        self._cursor: int | None = None
        #: Skipped ids -> the snapshot xmax when they were seen (PostgreSQL only).
        self._gaps: dict[int, int] = {}
        self._settle_xmax = 0
        self._settled = not self.postgres

    @property
    def gaps(self) -> int:
        """How many skipped ids may still fill."""
        return len(self._gaps)

    def start(self) -> None:
        """Position at the end of the ledger: rows committed from now on will be read."""
        with self._snapshots.connect() as conn, conn.begin():
            self._cursor = conn.execute(
                select(func.coalesce(func.max(schema.stock_ledger.c.id), 0))
            ).scalar_one()
            if self.postgres:
                _, self._settle_xmax = _snapshot(conn)
        self._gaps.clear()
        self._settled = not self.postgres

    def settled(self) -> bool:
        """Whether every transaction running at `start()` has ended: from then on no change
        is committed that is older than the tail and not read by it."""
        if not self._settled:
            with self.engine.connect() as conn:
                xmin, _ = _snapshot(conn)
                conn.rollback()
            self._settled = xmin >= self._settle_xmax
        return self._settled

    def read(self) -> tuple[list[LedgerChange], bool]:
        """The rows committed since the last read (late ones first), and whether more are
        waiting already (a full page)."""
        if self._cursor is None:
            raise RuntimeError("LedgerTail.read() before start()")
        with self._snapshots.connect() as conn, conn.begin():
            xmin, xmax = _snapshot(conn) if self.postgres else (0, 0)
            late = self._late_rows(conn, xmin)
            rows = list(
                conn.execute(
                    _rows_query()
                    .where(schema.stock_ledger.c.id > self._cursor)
                    .order_by(schema.stock_ledger.c.id)
                    .limit(self.page)
                )
            )
            more = len(rows) == self.page
            if rows:
                if self.postgres:
                    self._note_gaps(self._cursor, [r.id for r in rows], xmax)
                self._cursor = rows[-1].id
            ordered = [*late, *rows]
            changes = [r for r in ordered if r.kind not in SILENT_KINDS]
            levels = _levels(conn, {(r.location_pk, r.sku_pk) for r in changes})
        return _as_changes(changes, levels), more

    def _late_rows(self, conn: Connection, xmin: int) -> list[Row[tuple[object, ...]]]:
        """Rows of earlier gaps that are visible now; gaps that never will fill are dropped."""
        if not self._gaps:
            return []
        ids = sorted(self._gaps)
        found: list[Row[tuple[object, ...]]] = []
        for chunk in _chunks(ids):
            found += conn.execute(
                _rows_query()
                .where(schema.stock_ledger.c.id.in_(chunk))
                .order_by(schema.stock_ledger.c.id)
            ).all()
        for row in found:
            del self._gaps[row.id]
        # Every transaction that could have held one of these ids has ended before this
        # snapshot: an id still missing was rolled back.
        for gap in [g for g, seen_xmax in self._gaps.items() if seen_xmax <= xmin]:
            del self._gaps[gap]
        return found

    def _note_gaps(self, after: int, ids: Sequence[int], xmax: int) -> None:
        expected = after + 1
        for entry_id in ids:
            for gap in range(expected, entry_id):
                self._gaps[gap] = xmax
            expected = entry_id + 1


def _snapshot(conn: Connection) -> tuple[int, int]:
    """(xmin, xmax) of the current snapshot: the oldest transaction still running, and the
    first transaction id not yet given out."""
    row = conn.execute(
        text(
            "SELECT pg_snapshot_xmin(s)::text::bigint, pg_snapshot_xmax(s)::text::bigint"
            " FROM pg_current_snapshot() AS s"
        )
    ).one()
    return int(row[0]), int(row[1])


def _rows_query() -> Select[Any]:
    lg = schema.stock_ledger
    return select(
        lg.c.id,
        lg.c.location_pk,
        lg.c.sku_pk,
        lg.c.kind,
        lg.c.on_hand_delta,
        lg.c.reserved_delta,
        lg.c.safety_stock_delta,
    )


def _levels(
    conn: Connection, pairs: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], StockLevel]:
    """The levels of (location_pk, SKU pk) pairs in this snapshot."""
    s, loc, sku = schema.stock, schema.locations, schema.skus
    levels: dict[tuple[int, int], StockLevel] = {}
    for chunk in _chunks(sorted(pairs)):
        query = (
            select(
                s.c.location_pk,
                s.c.sku_pk,
                loc.c.id,
                sku.c.id,
                s.c.on_hand,
                s.c.reserved,
                s.c.safety_stock,
                s.c.incoming,
                s.c.incoming_at,
            )
            .join(loc, loc.c.pk == s.c.location_pk)
            .join(sku, sku.c.pk == s.c.sku_pk)
            .where(tuple_(s.c.location_pk, s.c.sku_pk).in_(chunk))
        )
        for row in conn.execute(query):
            incoming = row.incoming and row.incoming_at
            levels[(row.location_pk, row.sku_pk)] = StockLevel(
                row[2],
                row[3],
                row.on_hand,
                row.reserved,
                row.safety_stock,
                IncomingStock(row.incoming, row.incoming_at) if incoming else None,
            )
    return levels


def _as_changes(
    rows: Sequence[Row[tuple[object, ...]]], levels: dict[tuple[int, int], StockLevel]
) -> list[LedgerChange]:
    """Each row with the level after it: the snapshot's level less the later rows' deltas."""
    running = dict(levels)
    changes: list[LedgerChange] = []
    for row in reversed(rows):
        pair = (int(row.location_pk), int(row.sku_pk))
        level = running.get(pair)
        if level is None:  # the pair's stock row is gone: nothing to report
            continue
        before = replace(
            level,
            on_hand=level.on_hand - int(row.on_hand_delta),
            reserved=level.reserved - int(row.reserved_delta),
            safety_stock=level.safety_stock - int(row.safety_stock_delta),
        )
        delta = level.available - before.available
        changes.append(LedgerChange(int(row.id), level, str(row.kind), delta))
        running[pair] = before
    changes.reverse()
    return changes


def _chunks(items: Sequence[object]) -> Iterable[list[object]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start : start + _CHUNK])
