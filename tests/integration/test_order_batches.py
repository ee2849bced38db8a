"""Group commit of RouteOrder (`OrderBatcher`): a batch writes what one-at-a-time routing
would have written, hands back what it cannot write, and never oversells under races."""

from __future__ import annotations

import random
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from berlin_network import berlin_network
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from inventory import Location, Sku, StockEvent, schema
from inventory.errors import UnknownSku
from inventory.model import StockModel
from omniroute.orders.batching import OrderBatcher
from omniroute.orders.commands import RouteOrder
from omniroute.orders.records import OrderRecord, OrderStatus
from omniroute.orders.workflow import OrderRouter
from routing import OrderLine

SKUS = ("JACKET", "SCARF", "SHOE")
# id: (latitude, longitude, daily capacity, cut-off UTC)
LOCATIONS = {
    "MITTE": (52.5219, 13.4132, 4, time(16)),
    "KREUZBERG": (52.4986, 13.4030, 0, time(16)),
    "SPANDAU": (52.5351, 13.2006, 3, time(8)),  # past its cut-off: dispatches tomorrow
    "POTSDAM": (52.3989, 13.0657, 0, time(16)),
    "WH": (52.356, 13.307, 6, time(18)),
}
PLACED_AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def stock_network(model: StockModel, units: int = 4) -> StockModel:
    """Five locations, three with a daily dispatch cap; `units` of every SKU everywhere."""
    return berlin_network(model, LOCATIONS, SKUS, units)


@pytest.fixture
def network(database_url: str) -> Iterator[StockModel]:
    """The network on SQLite or PostgreSQL, four units of each SKU everywhere."""
    model = stock_network(StockModel.open(database_url))
    try:
        yield model
    finally:
        model.close()


def order(order_id: str, lines: list[tuple[str, int]], seed: int = 0, **kwargs) -> RouteOrder:
    rng = random.Random(seed)
    return RouteOrder(
        order_id=order_id,
        lines=tuple(OrderLine(sku, qty) for sku, qty in lines),
        placed_at=kwargs.pop("placed_at", PLACED_AT),
        destination=(rng.uniform(52.3, 52.6), rng.uniform(13.0, 13.5)),
        idempotency_key=f"key-{order_id}",
        **kwargs,
    )


def shipped(record: OrderRecord | None) -> object:
    if record is None:
        return None
    return (record.status, [(s.location_id, s.lines, s.dispatch_on) for s in record.shipments])


def planned(record: OrderRecord | None) -> object:
    """The whole plan (costs, bound, runners-up) but its solve time."""
    return None if record is None else {k: v for k, v in record.plan.items() if k != "solve_ms"}


def stock_levels(model: StockModel) -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (level.location_id, sku): (level.on_hand, level.reserved)
        for sku in SKUS
        for level in model.availability(sku)
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the network, copied for each example."""
    path = tmp_path_factory.mktemp("template") / "network.db"
    model = StockModel.open(f"sqlite:///{path}")
    stock_network(model)
    model.close()
    return path


orders_lists = st.lists(
    st.lists(st.tuples(st.sampled_from(SKUS), st.integers(1, 3)), min_size=1, max_size=3).map(
        lambda lines: list(dict(lines).items())
    ),
    min_size=2,
    max_size=10,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    orders=orders_lists,
    seed=st.integers(0, 10_000),
    retried=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 12)), max_size=3),
)
def test_a_batch_writes_what_one_order_at_a_time_would(
    orders: list[list[tuple[str, int]]],
    seed: int,
    retried: list[tuple[int, int]],
    template: Path,
    tmp_path_factory,
):
    # Four units a location and tight caps: later orders of the batch must see the stock and
    # the dispatch capacity the earlier ones took, or they would plan differently. Retries
    # of an order (its copy later in the batch) must take nothing.
    folder = tmp_path_factory.mktemp("pair")
    commands = [order(f"o{n}", lines, seed + n) for n, lines in enumerate(orders)]
    for original, position in retried:
        if original < len(orders):
            commands.insert(max(position, original + 1), commands[original])
    models = []
    for name in ("batch", "sequential"):
        shutil.copy(template, folder / f"{name}.db")
        models.append(StockModel.open(f"sqlite:///{folder / name}.db"))
    batched, sequential = models
    try:
        records = OrderBatcher(OrderRouter(batched)).write_batch(commands)
        router = OrderRouter(sequential)
        alone = []
        for command in commands:
            record, replayed = router.route(command)
            written = record.status is OrderStatus.RESERVED and not replayed
            alone.append(record if written else None)
        assert [shipped(r) for r in records] == [shipped(r) for r in alone]
        assert [planned(r) for r in records] == [planned(r) for r in alone]
        assert stock_levels(batched) == stock_levels(sequential)
        assert batched.audit().ok
    finally:
        for model in models:
            model.close()


def wide_network(model: StockModel, seed: int) -> StockModel:
    """Thirty locations around Berlin with 0-3 units of each SKU, some with a daily cap."""
    rng = random.Random(seed)
    ids = [f"L{k:02d}" for k in range(30)]
    model.upsert_locations(
        [
            Location(
                loc_id,
                loc_id,
                rng.choice(["store", "warehouse"]),
                rng.uniform(52.3, 52.7),
                rng.uniform(13.0, 13.7),
                frozenset({"ship"}),
                daily_capacity=rng.choice([0, 0, 2, 5]),
                cutoff=time(16),
            )
            for loc_id in ids
        ]
    )
    model.upsert_skus([Sku(sku, sku.title(), "", 500, 1000) for sku in SKUS])
    units = [(loc, sku, rng.randint(0, 3)) for loc in ids for sku in SKUS]
    model.apply_events([StockEvent("receipt", loc, sku, n) for loc, sku, n in units if n])
    return model


@pytest.mark.parametrize("seed", range(6))
def test_plans_settled_for_the_whole_batch_are_the_plans_of_one_order_at_a_time(
    seed: int, tmp_path: Path
):
    # Many locations: most orders are settled with the whole batch's, and kept while
    # the orders before them took nothing that plan (or its runner-up) relies on.
    rng = random.Random(seed)
    commands = [
        order(f"o{n}", [(sku, rng.randint(1, 2)) for sku in rng.sample(SKUS, rng.randint(1, 3))])
        for n in range(16)
    ]
    commands = [
        replace(c, destination=(rng.uniform(52.3, 52.7), rng.uniform(13.0, 13.7))) for c in commands
    ]
    batched, sequential = (
        wide_network(StockModel.open(f"sqlite:///{tmp_path / name}.db"), seed)
        for name in ("batch", "sequential")
    )
    try:
        batcher = OrderBatcher(OrderRouter(batched))
        records = batcher.write_batch(commands)
        router = OrderRouter(sequential)
        alone = [router.route(command)[0] for command in commands]
        alone = [r if r.status is OrderStatus.RESERVED else None for r in alone]
        assert [planned(r) for r in records] == [planned(r) for r in alone]
        assert stock_levels(batched) == stock_levels(sequential)
        assert 0 < batcher.stats.settled < batcher.stats.written
    finally:
        batched.close()
        sequential.close()


def test_a_batch_hands_back_retries_and_unservable_orders_and_writes_the_rest(network: StockModel):
    model = network
    router = OrderRouter(model)
    batcher = OrderBatcher(router)
    first, _ = router.route(order("earlier", [("SCARF", 1)]))
    commands = [
        order("a", [("JACKET", 1)]),
        order("earlier", [("SCARF", 1)]),  # a retry: its key's row refuses it
        order("huge", [("SHOE", 500)]),  # no plan
        order("b", [("SHOE", 2), ("JACKET", 1)], seed=3),
    ]
    records = batcher.write_batch(commands)
    assert [r is not None for r in records] == [True, False, False, True]
    for record in (records[0], records[3]):
        assert record is not None and router.get(record.order_id) == record
        reservation = model.get_reservation(record.reservation_ids[0])
        held = sorted((ln.location_id, ln.sku_id, ln.qty) for ln in reservation.lines)
        planned = sorted(
            (s.location_id, ln.sku, ln.qty) for s in record.shipments for ln in s.lines
        )
        assert held == planned
    # The retry took nothing: one reservation for it, and the batch lived.
    assert model.audit().ok
    reserved = sum(r for _, r in stock_levels(model).values())
    assert reserved == 1 + 1 + 3
    assert batcher.stats.batches == 1 and batcher.stats.written == 2
    # Handed back, they are answered as one-at-a-time routing answers them.
    again, replayed = batcher.route(commands[1])
    assert replayed and again == first
    huge, replayed = batcher.route(commands[2])
    assert not replayed and huge.status is OrderStatus.UNFULFILLABLE


class StaleRouter(OrderRouter):
    """Plans order "stale" on a snapshot that shows 20 more units of every SKU everywhere:
    as if another process had taken them between the snapshot and the write."""

    def plan(self, command, time_limit_s, snapshot=None):
        if command.order_id == "stale" and snapshot is not None:
            snapshot = replace(snapshot, available=snapshot.available + 20)
        return super().plan(command, time_limit_s, snapshot)


def test_an_order_refused_by_the_database_mid_batch_is_rolled_back_and_routed_alone(
    network: StockModel,
):
    model = network
    router = StaleRouter(model)
    batcher = OrderBatcher(router)
    commands = [
        order("a", [("SCARF", 1)]),
        order("stale", [("JACKET", 6)]),  # no location has 6: the conditional update refuses
        order("b", [("SHOE", 2)], seed=3),
    ]
    records = batcher.write_batch(commands)
    assert [r is not None for r in records] == [True, False, True]
    assert model.audit().ok
    assert sum(r for _, r in stock_levels(model).values()) == 1 + 2
    # Its savepoint undid its holds; routed alone on fresh stock, it is split.
    alone, replayed = batcher.route(replace(commands[1], order_id="stale-alone"))
    assert not replayed and alone.status is OrderStatus.RESERVED
    assert sum(ln.qty for s in alone.shipments for ln in s.lines) == 6
    assert model.audit().ok


def test_an_order_naming_an_unknown_sku_does_not_hold_up_its_batch(network: StockModel):
    model = network
    batcher = OrderBatcher(OrderRouter(model))
    commands = [
        order("a", [("SCARF", 1)]),
        order("odd", [("NO-SUCH-SKU", 1)]),
        order("b", [("SHOE", 1)]),
    ]
    assert [r is not None for r in batcher.write_batch(commands)] == [True, False, True]
    with pytest.raises(UnknownSku):
        batcher.route(commands[1])


def test_orders_of_different_minutes_are_not_batched_together(network: StockModel):
    model = network
    batcher = OrderBatcher(OrderRouter(model))
    later = PLACED_AT.replace(minute=31)
    with pytest.raises(ValueError, match="same minute"):
        batcher.write_batch(
            [order("a", [("JACKET", 1)]), order("b", [("SCARF", 1)], placed_at=later)]
        )


def test_two_batchers_on_one_database_racing_for_few_units_never_oversell(database_url: str):
    # Two processes' worth: two stock models and batchers on one database, 8 threads each.
    models = [StockModel.open(database_url) for _ in range(2)]
    stock_network(models[0], units=3)
    batchers = [OrderBatcher(OrderRouter(m), max_batch=8) for m in models]
    results: list[tuple[RouteOrder, OrderRecord]] = []
    lock = threading.Lock()
    start = threading.Barrier(16)

    def client(number: int) -> None:
        batcher = batchers[number % 2]
        rng = random.Random(number)
        start.wait()
        for n in range(8):
            lines = [(sku, rng.randint(1, 2)) for sku in rng.sample(SKUS, 2)]
            command = order(f"c{number}-{n}", lines, seed=number * 100 + n)
            record, replayed = batcher.route(command)
            assert not replayed
            with lock:
                results.append((command, record))

    threads = [threading.Thread(target=client, args=(c,)) for c in range(16)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(results) == 128
        model = models[0]
        assert model.audit().ok
        levels = stock_levels(model)
        assert all(reserved <= on_hand for on_hand, reserved in levels.values())
        accepted = [r for _, r in results if r.status is OrderStatus.RESERVED]
        assert accepted and any(r.status is OrderStatus.UNFULFILLABLE for _, r in results)
        planned_units = 0
        for record in accepted:
            reservation = model.get_reservation(record.reservation_ids[0])
            assert reservation.order_ref == record.order_id
            planned_units += sum(ln.qty for ln in reservation.lines)
        assert planned_units == sum(reserved for _, reserved in levels.values())
        with model.engine.connect() as conn:
            counted = conn.execute(
                select(schema.dispatch_capacity.c.used, schema.locations.c.daily_capacity).join(
                    schema.locations,
                    schema.locations.c.pk == schema.dispatch_capacity.c.location_pk,
                )
            ).all()
        assert counted and all(cap == 0 or used <= cap for used, cap in counted)
        # Concurrent orders did share transactions.
        assert any(b.stats.largest > 1 for b in batchers)
    finally:
        for m in models:
            m.close()


class SlowRouter(OrderRouter):
    """Plans order "slow" slowly, as a batch stuck on a busy database would be."""

    def __init__(self, model: StockModel, started: threading.Event) -> None:
        super().__init__(model)
        self.started = started

    def order_of(self, command):  # batches settle or plan every order through it
        if command.order_id == "slow":
            self.started.set()
            threading.Event().wait(1.0)
        return super().order_of(command)


def test_an_order_whose_time_runs_out_in_the_queue_routes_alone(network: StockModel):
    started = threading.Event()
    batcher = OrderBatcher(SlowRouter(network, started))
    answers: dict[str, OrderRecord] = {}

    def send(command: RouteOrder) -> None:
        answers[command.order_id], _ = batcher.route(command)

    leader = threading.Thread(target=send, args=(order("slow", [("SCARF", 1)]),))
    leader.start()
    assert started.wait(10)
    # Queued behind the slow batch with 0.1 s to live: it gives up waiting and routes alone.
    send(order("quick", [("SHOE", 1)], time_limit_s=0.1))
    assert "slow" not in answers
    leader.join()
    assert answers["quick"].status is OrderStatus.RESERVED
    assert answers["slow"].status is OrderStatus.RESERVED
    # Neither was written in a batch: alone in the queue, "slow" took the plain path.
    assert batcher.stats.batches == 0
    assert network.audit().ok
