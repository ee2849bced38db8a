"""`ExpirySweep`: expired holds are released once, also when two sweeps (two processes'
models on one database) run at the same moment."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from inventory import ReservationLine, ReservationStatus
from inventory.model import StockModel
from inventory.reservations import Reserve
from omniroute.expiry_sweep import ExpirySweep

NOW = datetime.now(UTC)


def hold(model: StockModel, store: str, sku: str, expires_in: timedelta) -> str:
    made = NOW - timedelta(minutes=10)
    command = Reserve(
        (ReservationLine(store, sku, 1),), expires_at=made + expires_in, created_at=made
    )
    return model.reserve(command).id


def test_two_sweeps_at_once_release_each_expired_hold_exactly_once(
    network: StockModel, database_url: str
):
    stores, skus = ["MITTE", "KREUZBERG", "SPANDAU", "POTSDAM"], ["JACKET", "SCARF"]
    expired = [
        hold(network, store, sku, timedelta(minutes=1)) for store in stores for sku in skus
    ] * 1
    expired += [hold(network, store, "JACKET", timedelta(minutes=2)) for store in stores]
    kept = hold(network, "MITTE", "SCARF", timedelta(hours=1))
    committed = network.reserve(Reserve((ReservationLine("SPANDAU", "SCARF", 1),), commit=True))
    other = StockModel.open(database_url)  # a second process's view of the database
    sweeps = [
        ExpirySweep(network, 60, clock=lambda: NOW),
        ExpirySweep(other, 60, clock=lambda: NOW),
    ]
    released: list[list[str]] = [[], []]
    barrier = threading.Barrier(2)

    def sweep(n: int) -> None:
        barrier.wait()
        released[n] = sweeps[n].run_once()

    threads = [threading.Thread(target=sweep, args=(n,)) for n in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        other.close()
    assert sorted(released[0] + released[1]) == sorted(expired)  # each once, none twice
    for reservation_id in expired:
        reservation = network.get_reservation(reservation_id)
        assert reservation.status is ReservationStatus.EXPIRED
        assert [s for s, _ in reservation.history].count(ReservationStatus.EXPIRED) == 1
    assert network.get_reservation(kept).status is ReservationStatus.HELD
    assert network.get_reservation(committed.id).status is ReservationStatus.COMMITTED
    assert network.get_stock("MITTE", "SCARF").reserved == 1
    assert network.audit().ok
    assert ExpirySweep(network, 60, clock=lambda: NOW).run_once() == []


def test_a_sweep_goes_on_past_a_full_batch(network: StockModel, monkeypatch):
    monkeypatch.setattr("omniroute.expiry_sweep.BATCH", 2)
    ids = [
        hold(network, store, "JACKET", timedelta(minutes=1))
        for store in ["MITTE", "KREUZBERG", "SPANDAU", "POTSDAM", "WH"][:4]
    ]
    ids.append(hold(network, "MITTE", "SCARF", timedelta(minutes=1)))
    assert sorted(ExpirySweep(network, 60, clock=lambda: NOW).run_once()) == sorted(ids)
    assert network.audit().ok
