"""Keyset pages of a master-data table (locations, SKUs, promotions), ordered by id.

Ids are compared byte-wise on both backends: SQLite's default collation already does, and
PostgreSQL is told ``COLLATE "C"``, so the order does not depend on the database's locale
and a page continues exactly after the last id of the one before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, Table


def id_page(
    conn: Connection, table: Table, query: Select[Any], after: str | None, limit: int
) -> Sequence[Row[Any]]:
    """At most `limit` rows of `query` (a select of `table`), by id, after the id `after`."""
    key = byte_order(conn, table.c.id)
    if after is not None:
        query = query.where(key > after)
    return conn.execute(query.order_by(key).limit(limit)).all()


def byte_order(conn: Connection, column: ColumnElement[Any]) -> ColumnElement[Any]:
    """`column` compared and sorted byte-wise on this connection's backend."""
    return column.collate("C") if conn.dialect.name == "postgresql" else column
