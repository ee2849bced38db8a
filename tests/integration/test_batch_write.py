"""Writing a batch of orders (`batch_write.write_planned`): all at once by a constant number
of statements, the very rows one-at-a-time routing writes; and when that fails because
another process took stock or stored an order since the plan, order by order, handing back
exactly the order that failed."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from berlin_network import berlin_network
from sqlalchemy import Connection, event, select

from inventory import ReservationLine, schema
from inventory.model import StockModel
from inventory.reservations import Reserve
from omniroute.orders.batching import OrderBatcher
from omniroute.orders.commands import RouteOrder
from omniroute.orders.records import OrderRecord, OrderStatus
from omniroute.orders.workflow import OrderRouter
from routing import OrderLine

SKUS = ("JACKET", "SCARF", "SHOE")
# id: (latitude, longitude, daily capacity, cut-off UTC)
LOCATIONS = {
    "MITTE": (52.5219, 13.4132, 8, time(16)),
    "KREUZBERG": (52.4986, 13.4030, 0, time(16)),
    "SPANDAU": (52.5351, 13.2006, 5, time(8)),  # past its cut-off: dispatches tomorrow
    "WH": (52.356, 13.307, 10, time(18)),
}
PLACED_AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
FALLBACK = "written one at a time"


class RacingModel(StockModel):
    """A stock model whose next write transaction first runs `before_write`: what another
    process does between a batch's plan and its write."""

    before_write: Callable[[], None] | None = None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        hook, self.before_write = self.before_write, None
        if hook is not None:
            hook()
        with super().write() as conn:
            yield conn


def stock_network(model: StockModel, units: int = 6) -> StockModel:
    return berlin_network(model, LOCATIONS, SKUS, units)


def order(n: int, lines: list[tuple[str, int]], **kwargs: Any) -> RouteOrder:
    return RouteOrder(
        order_id=f"o{n}",
        lines=tuple(OrderLine(sku, qty) for sku, qty in lines),
        placed_at=PLACED_AT,
        destination=(52.3 + 0.03 * (n % 10), 13.0 + 0.05 * (n % 9)),
        idempotency_key=f"key-o{n}",
        **kwargs,
    )


def orders() -> list[RouteOrder]:
    """Orders that share stock rows and dispatch days; some held (not committed)."""
    shapes = [
        [("JACKET", 1)],
        [("SCARF", 2), ("SHOE", 1)],
        [("JACKET", 2), ("SCARF", 1)],
        [("SHOE", 3)],
        [("JACKET", 1), ("SCARF", 1), ("SHOE", 1)],
        [("SCARF", 1)],
    ]
    return [
        order(n, lines, hold_for=timedelta(minutes=30) if n % 3 == 1 else None)
        for n, lines in enumerate(shapes)
    ]


def stored_rows(model: StockModel) -> dict[str, list[Any]]:
    """Every row the orders wrote, reservation ids told by pk, times by what they must equal."""
    r, ln, ledger, ev, o = (
        schema.reservations,
        schema.reservation_lines,
        schema.stock_ledger,
        schema.reservation_events,
        schema.orders,
    )
    with model.engine.connect() as conn:
        reservations = conn.execute(select(r).order_by(r.c.pk)).all()
        pk_of = {row.id: row.pk for row in reservations}
        created = {row.pk: row.created_at for row in reservations}

        def record(text: str) -> dict[str, Any]:
            data = json.loads(text)
            del data["created_at"], data["updated_at"], data["plan"]["solve_ms"]
            data["reservation_ids"] = [pk_of[i] for i in data["reservation_ids"]]
            for shipment in data["shipments"]:
                shipment["reservation_id"] = pk_of[shipment["reservation_id"]]
            return data

        return {
            "reservations": [
                (
                    row.pk,
                    row.idempotency_key,
                    row.request_hash,
                    row.status,
                    row.order_ref,
                    row.updated_at == row.created_at,
                    row.expires_at and row.expires_at - row.created_at,
                )
                for row in reservations
            ],
            "lines": [tuple(row) for row in conn.execute(select(ln).order_by(*ln.primary_key))],
            "ledger": [
                (
                    row.id,
                    row.location_pk,
                    row.sku_pk,
                    row.kind,
                    row.on_hand_delta,
                    row.reserved_delta,
                    row.safety_stock_delta,
                    row.reservation_pk,
                    pk_of.get(row.reference, row.reference),
                    row.reservation_pk is None or row.recorded_at == created[row.reservation_pk],
                )
                for row in conn.execute(select(ledger).order_by(ledger.c.id))
            ],
            "events": [
                (row.id, row.reservation_pk, row.status, row.recorded_at == created[row.pk])
                for row in conn.execute(
                    select(ev, r.c.pk).join(r, r.c.pk == ev.c.reservation_pk).order_by(ev.c.id)
                )
            ],
            "orders": [
                (row.pk, row.id, row.idempotency_key, row.request_hash, row.status)
                + (record(row.record), row.created_at == created[pk_of[reservation_of(row)]])
                for row in conn.execute(select(o).order_by(o.c.pk))
            ],
            "stock": [
                tuple(row)
                for row in conn.execute(
                    select(schema.stock).order_by(schema.stock.c.sku_pk, schema.stock.c.location_pk)
                )
            ],
            "dispatch_capacity": [
                tuple(row)
                for row in conn.execute(
                    select(schema.dispatch_capacity).order_by(*schema.dispatch_capacity.primary_key)
                )
            ],
        }


def shipped(record: OrderRecord | None) -> object:
    if record is None:
        return None
    return [(s.location_id, s.lines, s.dispatch_on) for s in record.shipments]


def reservation_of(order_row: Any) -> str:
    return str(json.loads(order_row.record)["reservation_ids"][0])


def test_a_batch_writes_the_very_rows_one_order_at_a_time_writes(
    database_url: str, second_database_url: str, caplog: pytest.LogCaptureFixture
):
    batched = stock_network(StockModel.open(database_url))
    alone = stock_network(StockModel.open(second_database_url))
    try:
        commands = orders()
        with caplog.at_level(logging.DEBUG, logger="omniroute.orders.batching"):
            records = OrderBatcher(OrderRouter(batched)).write_batch(commands)
        assert FALLBACK not in caplog.text
        router = OrderRouter(alone)
        sequential = [router.route(command) for command in commands]
        assert all(not replayed for _, replayed in sequential)
        assert all(r is not None and r.status is OrderStatus.RESERVED for r in records)
        assert [shipped(r) for r in records] == [shipped(r) for r, _ in sequential]
        rows = stored_rows(batched)
        assert rows == stored_rows(alone)
        assert {status for *_, status, _ in rows["events"]} == {"held", "committed"}
        assert any(rows["dispatch_capacity"])
        # What the batch answered is what it stored.
        router = OrderRouter(batched)
        for record in records:
            assert record is not None and router.get(record.order_id) == record
            reservation = batched.get_reservation(record.reservation_ids[0])
            assert reservation.order_ref == record.order_id
        assert batched.audit().ok
    finally:
        batched.close()
        alone.close()


def written_statements(model: StockModel) -> list[str]:
    """The statements that change something, as SQLite runs them on `model`'s writer."""
    statements: list[str] = []

    @event.listens_for(model.engine, "checkout")
    def trace(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    return statements


def written(statement: str) -> str:
    """What a statement is, and the table it writes: "INSERT orders", "UPDATE stock"."""
    words = statement.split()
    if words[0] == "INSERT":
        return f"INSERT {words[2]}"
    if words[0] == "UPDATE":
        return f"UPDATE {words[1]}"
    return words[0]


def test_a_batch_takes_as_many_statements_whatever_its_size(sqlite_url: str):
    model = stock_network(StockModel.open(sqlite_url), units=40)
    try:
        batcher = OrderBatcher(OrderRouter(model))
        statements = written_statements(model)
        writes = []
        for first, size in ((0, 2), (10, 2), (20, 8), (40, 12)):
            commands = [
                order(first + n, [(SKUS[n % 3], 1), (SKUS[(n + 1) % 3], 2)]) for n in range(size)
            ]
            statements.clear()
            records = batcher.write_batch(commands)
            assert all(r is not None for r in records)
            changing = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE", "ROLLBACK TO")
            writes.append([written(s) for s in statements if s.startswith(changing)])
        # Whatever its size, a batch is: one savepoint, the holds, one insert per table (the
        # orders' events and work queue rows too).
        assert writes == [writes[0]] * 4
        assert writes[0] == [
            "SAVEPOINT",
            "UPDATE stock",
            "INSERT dispatch_capacity",
            "INSERT reservations",
            "INSERT reservation_lines",
            "INSERT stock_ledger",
            "INSERT reservation_events",
            "INSERT orders",
            "INSERT order_events",
            "INSERT work_queue",
            "RELEASE",
        ]
        assert model.audit().ok
    finally:
        model.close()


def take_every_unit_of(other: StockModel, sku: str) -> Callable[[], None]:
    """Another process reserves every unit of `sku` still available."""

    def take() -> None:
        lines = [
            ReservationLine(level.location_id, sku, level.available)
            for level in other.availability(sku)
            if level.available > 0
        ]
        other.reserve(Reserve(lines=tuple(lines), commit=True))

    return take


def test_an_order_whose_stock_another_process_took_since_the_plan_is_handed_back(
    database_url: str, caplog: pytest.LogCaptureFixture
):
    model = stock_network(RacingModel.open(database_url))
    other = StockModel.open(database_url)
    try:
        router = OrderRouter(model)
        batcher = OrderBatcher(router)
        commands = [
            order(0, [("SCARF", 1)]),
            order(1, [("JACKET", 2)]),
            order(2, [("SHOE", 2), ("SCARF", 1)]),
        ]
        # Between the batch's plan and its write, every JACKET goes.
        model.before_write = take_every_unit_of(other, "JACKET")
        with caplog.at_level(logging.DEBUG, logger="omniroute.orders.batching"):
            records = batcher.write_batch(commands)
        assert FALLBACK in caplog.text
        assert [r is not None for r in records] == [True, False, True]
        for record in (records[0], records[2]):
            assert record is not None and router.get(record.order_id) == record
        assert model.audit().ok
        levels = {
            (level.location_id, sku): level for sku in SKUS for level in model.availability(sku)
        }
        assert sum(level.reserved for (_, sku), level in levels.items() if sku == "SCARF") == 2
        assert sum(level.reserved for (_, sku), level in levels.items() if sku == "SHOE") == 2
        assert all(level.available == 0 for (_, sku), level in levels.items() if sku == "JACKET")
        # Handed back, it is routed alone on fresh stock: none left.
        alone, replayed = batcher.route(commands[1])
        assert not replayed and alone.status is OrderStatus.UNFULFILLABLE
    finally:
        other.close()
        model.close()


def test_an_order_a_concurrent_retry_stored_since_the_plan_is_handed_back_and_replayed(
    database_url: str, caplog: pytest.LogCaptureFixture
):
    model = stock_network(RacingModel.open(database_url))
    other = StockModel.open(database_url)
    try:
        router = OrderRouter(model)
        batcher = OrderBatcher(router)
        commands = [order(0, [("SCARF", 1)]), order(1, [("JACKET", 1)]), order(2, [("SHOE", 2)])]
        stored: list[OrderRecord] = []
        # Between the batch's plan and its write, a retry of o1 is routed by another process.
        model.before_write = lambda: stored.append(OrderRouter(other).route(commands[1])[0])
        with caplog.at_level(logging.DEBUG, logger="omniroute.orders.batching"):
            records = batcher.write_batch(commands)
        assert FALLBACK in caplog.text
        assert [r is not None for r in records] == [True, False, True]
        assert model.audit().ok
        reserved = sum(level.reserved for sku in SKUS for level in model.availability(sku))
        assert reserved == 1 + 1 + 2  # o1 once, by the other process
        again, replayed = batcher.route(commands[1])
        assert replayed and again == stored[0]
    finally:
        other.close()
        model.close()
