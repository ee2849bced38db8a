"""Racing reservations for the last units: nobody gets a unit twice, the audit passes."""

from __future__ import annotations

import multiprocessing
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from inventory import InsufficientStock, Location, ReservationLine, Sku, StockEvent
from inventory.model import StockModel
from inventory.reservations import Reserve

LOCATIONS = [f"L{i}" for i in range(4)]
HOT_SKUS = ["HOT1", "HOT2", "HOT3"]
UNITS_PER_PAIR = 3
ATTEMPTS_PER_WORKER = 40


def seed_hot_network(model: StockModel) -> None:
    model.upsert_locations([Location(loc, loc, "store", 52.5, 13.4) for loc in LOCATIONS])
    model.upsert_skus([Sku(sku, sku) for sku in HOT_SKUS])
    model.apply_events(
        [StockEvent("receipt", loc, sku, UNITS_PER_PAIR) for loc in LOCATIONS for sku in HOT_SKUS]
    )


def race(url: str, seed: int) -> list[tuple[str, int]]:
    """Try many random multi-line reservations; return (reservation id, units) of the wins."""
    model = StockModel.open(url)
    rng = random.Random(seed)
    won: list[tuple[str, int]] = []
    try:
        for _ in range(ATTEMPTS_PER_WORKER):
            pairs = rng.sample([(loc, sku) for loc in LOCATIONS for sku in HOT_SKUS], k=3)
            request = Reserve(
                tuple(ReservationLine(loc, sku, rng.randint(1, 2)) for loc, sku in pairs)
            )
            try:
                reservation = model.reserve(request)
            except InsufficientStock:
                continue
            won.append((reservation.id, reservation.total_qty))
    finally:
        model.close()
    return won


def assert_nothing_oversold(model: StockModel, winners: list[tuple[str, int]]) -> None:
    held = sum(model.get_stock(loc, sku).reserved for loc in LOCATIONS for sku in HOT_SKUS)
    assert held == sum(units for _, units in winners)
    for loc in LOCATIONS:
        for sku in HOT_SKUS:
            level = model.get_stock(loc, sku)
            assert level.on_hand == UNITS_PER_PAIR
            assert 0 <= level.reserved <= level.on_hand
    assert len({rid for rid, _ in winners}) == len(winners)
    report = model.audit()
    assert report.ok, report.mismatches
    # The race was real: some reservations won and some lost.
    assert 0 < len(winners) < 8 * ATTEMPTS_PER_WORKER


def test_eight_threads_racing_on_sqlite_never_oversell(sqlite_url: str):
    model = StockModel.open(sqlite_url)
    seed_hot_network(model)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda seed: race(sqlite_url, seed), range(8)))
    assert_nothing_oversold(model, [w for ws in results for w in ws])
    model.close()


def test_eight_processes_racing_on_postgresql_never_oversell(postgres_url: str):
    model = StockModel.open(postgres_url)
    seed_hot_network(model)
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        results = pool.starmap(race, [(postgres_url, seed) for seed in range(8)])
    assert_nothing_oversold(model, [w for ws in results for w in ws])
    model.close()


def test_the_same_request_sent_concurrently_yields_one_reservation(database_url: str):
    model = StockModel.open(database_url)
    seed_hot_network(model)
    barrier = threading.Barrier(8)

    def send(_: int) -> str:
        barrier.wait()
        request = Reserve((ReservationLine("L0", "HOT1", 2),), idempotency_key="checkout-42")
        return model.reserve(request).id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(send, range(8)))
    assert len(ids) == 1
    assert model.get_stock("L0", "HOT1").reserved == 2
    assert model.audit().ok
    model.close()


@pytest.mark.parametrize("workers", [8])
def test_stock_feed_events_racing_with_reservations_keep_counters_exact(sqlite_url: str, workers):
    model = StockModel.open(sqlite_url)
    seed_hot_network(model)

    def work(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(20):
            loc, sku = rng.choice(LOCATIONS), rng.choice(HOT_SKUS)
            try:
                if rng.random() < 0.5:
                    model.apply_events([StockEvent("pos_sale", loc, sku, 1)])
                else:
                    model.reserve(Reserve((ReservationLine(loc, sku, 1),)))
            except InsufficientStock:
                pass

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(work, range(workers)))
    for loc in LOCATIONS:
        for sku in HOT_SKUS:
            level = model.get_stock(loc, sku)
            assert 0 <= level.reserved <= level.on_hand
    assert model.audit().ok
    model.close()
