"""Two returns of one store purchase registered at the same instant: the purchase is
locked while a return is registered (PostgreSQL), so its units are returned once."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime

from inventory.model import StockModel
from omniroute.customers.domain import Customer
from omniroute.customers.purchases import Purchase, PurchaseLine, RecordStorePurchase
from omniroute.customers.store import SqlCustomers
from omniroute.returns.commands import RequestReturn, ReturnItem
from omniroute.returns.records import Channel
from omniroute.returns.workflow import ReturnDesk

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


class MeetingCustomers(SqlCustomers):
    """Each registration, having read the purchase, waits (up to a second) for the other
    to have read it too: without the lock both would go on with what they read and
    register the same unit."""

    def __init__(self) -> None:
        super().__init__()
        self.meeting = threading.Barrier(2, timeout=1.0)

    def get_purchase(self, conn, purchase_id: str, *, lock: bool = False) -> Purchase:
        purchase = super().get_purchase(conn, purchase_id, lock=lock)
        try:
            self.meeting.wait()  # once for the quotes, then once inside the writes
        except threading.BrokenBarrierError:
            pass  # the other one waits for the lock: it reads after this one commits
        return purchase


def test_two_returns_of_one_store_purchase_at_once_return_its_units_once(
    network: StockModel,
):
    customers = MeetingCustomers()
    mitte, kreuzberg = network.get_location("MITTE"), network.get_location("KREUZBERG")
    network.upsert_locations(
        [
            replace(loc, capabilities=loc.capabilities | {"accept_returns"})
            for loc in (mitte, kreuzberg)
        ]
    )
    with network.write() as conn:
        customers.upsert_customer(conn, Customer("C1", name="Ada"), now=T0)
        bought = customers.record_store_purchase(
            conn,
            RecordStorePurchase(
                "C1", "MITTE", "R1", (PurchaseLine("1", "SCARF", 1, 3995, 500),), T0
            ),
        )
    desk = ReturnDesk(network, customers=customers)
    line_id = bought.purchase.lines[0].line_id
    outcomes: list[object] = []

    def register(key: str) -> None:
        request = RequestReturn(
            bought.purchase.purchase_id,
            (ReturnItem(line_id, 1),),
            Channel.STORE_DROP_OFF,
            drop_off_location_id="KREUZBERG",
            idempotency_key=key,
        )
        try:
            outcomes.append(desk.register(request)[0])
        except Exception as error:
            outcomes.append(error)

    threads = [threading.Thread(target=register, args=(key,)) for key in ("r-1", "r-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    registered = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(registered) == 1 and len(refused) == 1, outcomes
