"""The returns table: one JSON record per return, like orders (see `records`)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from inventory.schema import UtcDateTime, metadata

returns = Table(
    "returns",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("order_id", String(64), nullable=False),
    Column("idempotency_key", String(200), nullable=True, unique=True),
    Column("request_hash", String(64), nullable=False),
    Column("status", String(24), nullable=False),
    Column("record", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_returns_order_id", "order_id"),
)
