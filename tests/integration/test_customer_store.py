"""SqlCustomers on a real database (SQLite file and PostgreSQL): accounts, purchases,
points, idempotency, and the audit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from inventory import UnknownLocation, UnknownSku
from inventory.model import StockModel
from omniroute.customers import (
    EmailTaken,
    InsufficientPoints,
    InvalidCustomerInput,
    LoyaltyConflict,
    PurchaseConflict,
    UnknownCustomer,
    UnknownPurchase,
)
from omniroute.customers.domain import Birthday, Customer
from omniroute.customers.loyalty import LoyaltyKind
from omniroute.customers.loyalty_audit import audit_points
from omniroute.customers.purchases import PurchaseLine, RecordStorePurchase
from omniroute.customers.store import SqlCustomers
from omniroute.customers.tables import customers as customers_table

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
STORE = SqlCustomers()


def _customer(customer_id: str = "C1", **fields: object) -> Customer:
    values: dict[str, object] = {
        "name": "Ada Lovelace",
        "email": f"{customer_id.lower()}@example.com",
        "birthday": Birthday(12, 10, 1990),
        "marketing_consent": True,
        "home_location_id": "MITTE",
    }
    values.update(fields)
    return Customer(customer_id, **values)  # type: ignore[arg-type]


def _receipt(receipt_id: str = "R1", *, price: int = 3995, qty: int = 1) -> RecordStorePurchase:
    return RecordStorePurchase(
        "C1", "MITTE", receipt_id, (PurchaseLine("1", "SCARF", qty, price, 500),), T0
    )


@pytest.fixture
def shop(network: StockModel) -> StockModel:
    with network.write() as conn:
        STORE.upsert_customer(conn, _customer(), now=T0)
    return network


def test_a_customer_is_created_then_replaced_and_keeps_its_creation_time(network: StockModel):
    with network.write() as conn:
        created, new = STORE.upsert_customer(conn, _customer(email=" Ada@Example.COM "), now=T0)
    later = T0 + timedelta(days=1)
    with network.write() as conn:
        replaced, again = STORE.upsert_customer(
            conn, _customer(name="Ada King", marketing_consent=False), now=later
        )
    assert (new, again) == (True, False)
    assert created.email == "ada@example.com"
    assert (replaced.name, replaced.created_at, replaced.updated_at) == ("Ada King", T0, later)
    with network.read() as conn:
        assert STORE.get_customer(conn, "C1") == replaced
        assert STORE.has_marketing_consent(conn, "C1") is False


def test_an_email_of_another_customer_is_refused_and_changes_nothing(shop: StockModel):
    with pytest.raises(EmailTaken), shop.write() as conn:
        STORE.upsert_customer(conn, _customer("C2", email="c1@example.com"), now=T0)
    with shop.read() as conn, pytest.raises(UnknownCustomer):
        STORE.get_customer(conn, "C2")


def test_an_unknown_home_store_is_refused(network: StockModel):
    with pytest.raises(UnknownLocation), network.write() as conn:
        STORE.upsert_customer(conn, _customer(home_location_id="NOWHERE"), now=T0)


def test_birthdays_are_found_across_new_year_and_on_28_february(network: StockModel):
    with network.write() as conn:
        for cid, birthday, consent in [
            ("NYE", Birthday(12, 31), True),
            ("JAN", Birthday(1, 2, 1980), False),
            ("LEAP", Birthday(2, 29, 2000), True),
            ("MAR", Birthday(3, 1), True),
        ]:
            STORE.upsert_customer(
                conn, _customer(cid, birthday=birthday, marketing_consent=consent), now=T0
            )
    with network.read() as conn:
        new_year = STORE.customers_with_birthday_between(conn, date(2026, 12, 30), date(2027, 1, 3))
        february = STORE.customers_with_birthday_between(conn, date(2027, 2, 28), date(2027, 2, 28))
    assert [(c.customer_id, c.marketing_consent) for c in new_year] == [
        ("JAN", False),
        ("NYE", True),
    ]
    assert [c.customer_id for c in february] == ["LEAP"]


def test_a_store_purchase_is_recorded_once_and_credits_its_points(shop: StockModel):
    with shop.write() as conn:
        first = STORE.record_store_purchase(conn, _receipt(qty=3))
    with shop.write() as conn:
        again = STORE.record_store_purchase(conn, _receipt(qty=3))
    # 3 x 39.95 - 5.00 = 114.85 EUR paid: 114 points.
    assert (first.replayed, first.points_balance) == (False, 114)
    assert (again.replayed, again.points_balance, again.purchase) == (True, 114, first.purchase)
    assert first.purchase.points_earned == 114
    with shop.read() as conn:
        assert STORE.get_purchase(conn, first.purchase.purchase_id) == first.purchase
        assert STORE.points_balance(conn, "C1") == 114
        assert audit_points(conn).ok


def test_a_receipt_recorded_again_with_other_lines_conflicts(shop: StockModel):
    with shop.write() as conn:
        STORE.record_store_purchase(conn, _receipt())
    with pytest.raises(PurchaseConflict), shop.write() as conn:
        STORE.record_store_purchase(conn, _receipt(qty=2))


def test_a_store_purchase_of_an_unknown_sku_or_store_changes_nothing(shop: StockModel):
    bad_sku = RecordStorePurchase("C1", "MITTE", "R9", (PurchaseLine("1", "NOPE", 1, 100),), T0)
    bad_store = RecordStorePurchase("C1", "MARS", "R9", (PurchaseLine("1", "SCARF", 1, 100),), T0)
    with pytest.raises(UnknownSku), shop.write() as conn:
        STORE.record_store_purchase(conn, bad_sku)
    with pytest.raises(UnknownLocation), shop.write() as conn:
        STORE.record_store_purchase(conn, bad_store)
    with shop.read() as conn:
        assert STORE.purchases(conn, "C1", limit=10) == []
        assert STORE.points_balance(conn, "C1") == 0


def test_purchases_of_both_channels_page_newest_first(shop: StockModel):
    with shop.write() as conn:
        for n in range(3):
            command = _receipt(f"R{n}")
            STORE.record_store_purchase(
                conn,
                RecordStorePurchase(
                    "C1", "MITTE", command.receipt_id, command.lines, T0 + timedelta(hours=n)
                ),
            )
        online = STORE.record_online_purchase(
            conn,
            order_id="O1",
            customer_id="C1",
            lines=[PurchaseLine("a", "JACKET", 1, 29900, 2990)],
            at=T0 + timedelta(hours=5),
        )
    with shop.read() as conn:
        page1 = STORE.purchases(conn, "C1", limit=2)
        last = page1[-1]
        page2 = STORE.purchases(conn, "C1", limit=2, after=(last.purchased_at, last.purchase_id))
        assert STORE.purchase_of_order(conn, "O1") == online
    assert [p.order_id or p.receipt_id for p in page1 + page2] == ["O1", "R2", "R1", "R0"]
    assert online.paid_cents == 26910 and online.points_earned == 0


def test_an_order_earns_per_shipment_as_much_as_in_one_go(shop: StockModel):
    with shop.write() as conn:
        a = STORE.credit_shipment(
            conn, customer_id="C1", order_id="O1", shipment_id="S1", paid_cents=150, at=T0
        )
        b = STORE.credit_shipment(
            conn, customer_id="C1", order_id="O1", shipment_id="S2", paid_cents=150, at=T0
        )
    # 3.00 EUR paid in two halves earns 3 points, as it would in one shipment.
    assert (a.points, b.points, b.balance_after) == (1, 2, 3)


def test_a_credit_booked_again_replays_and_other_figures_conflict(shop: StockModel):
    kwargs = {"customer_id": "C1", "order_id": "O1", "shipment_id": "S1", "at": T0}
    with shop.write() as conn:
        first = STORE.credit_shipment(conn, paid_cents=12345, **kwargs)  # type: ignore[arg-type]
        again = STORE.credit_shipment(conn, paid_cents=12345, **kwargs)  # type: ignore[arg-type]
        with pytest.raises(LoyaltyConflict):
            STORE.credit_shipment(conn, paid_cents=999, **kwargs)  # type: ignore[arg-type]
    assert first == again and first.points == 123


def test_redeeming_more_than_the_balance_is_refused_and_changes_nothing(shop: StockModel):
    with shop.write() as conn:
        STORE.credit_shipment(
            conn, customer_id="C1", order_id="O1", shipment_id="S1", paid_cents=5000, at=T0
        )
    with pytest.raises(InsufficientPoints) as refused, shop.write() as conn:
        STORE.redeem_points(conn, customer_id="C1", order_id="O2", points=51, at=T0)
    assert (refused.value.balance, refused.value.requested) == (50, 51)
    with shop.write() as conn:
        spent = STORE.redeem_points(conn, customer_id="C1", order_id="O2", points=50, at=T0)
        replay = STORE.redeem_points(conn, customer_id="C1", order_id="O2", points=50, at=T0)
    assert spent == replay and spent.balance_after == 0


def test_cancelled_redemptions_come_back_but_never_more_than_was_spent(shop: StockModel):
    with shop.write() as conn:
        STORE.credit_shipment(
            conn, customer_id="C1", order_id="O1", shipment_id="S1", paid_cents=10000, at=T0
        )
        STORE.redeem_points(conn, customer_id="C1", order_id="O2", points=60, at=T0)
        back = STORE.restore_points(
            conn, customer_id="C1", order_id="O2", reference="cancel", points=60, at=T0
        )
        with pytest.raises(InsufficientPoints):
            STORE.restore_points(
                conn, customer_id="C1", order_id="O2", reference="again", points=1, at=T0
            )
    assert (back.kind, back.points, back.balance_after) == (LoyaltyKind.RESTORE, 60, 100)


def test_a_return_takes_back_points_in_proportion_and_writes_off_what_was_spent(
    shop: StockModel,
):
    at = {"customer_id": "C1", "at": T0}
    with shop.write() as conn:
        STORE.credit_shipment(conn, order_id="O1", shipment_id="S1", paid_cents=10000, **at)  # type: ignore[arg-type]
        STORE.redeem_points(conn, order_id="O2", points=80, **at)  # type: ignore[arg-type]
        # 30 % refunded: 30 of 100 points due, 20 still held, 10 written off.
        first = STORE.reverse_points(
            conn,
            return_id="RT1",
            order_id="O1",
            refunded_cents=3000,
            **at,  # type: ignore[arg-type]
        )
        # The rest refunded: the remaining 70 points are due; nothing is left to take.
        rest = STORE.reverse_points(
            conn,
            return_id="RT2",
            order_id="O1",
            refunded_cents=7000,
            **at,  # type: ignore[arg-type]
        )
        assert audit_points(conn).ok
    assert (first.points, first.written_off_points, first.balance_after) == (-20, 10, 0)
    assert (rest.points, rest.written_off_points, rest.balance_after) == (0, 70, 0)


def test_a_store_purchase_return_reverses_its_points(shop: StockModel):
    with shop.write() as conn:
        purchase = STORE.record_store_purchase(conn, _receipt(qty=2)).purchase
        entry = STORE.reverse_points(
            conn,
            customer_id="C1",
            return_id="RT1",
            purchase_id=purchase.purchase_id,
            refunded_cents=purchase.paid_cents,
            at=T0,
        )
    assert entry.points == -purchase.points_earned and entry.balance_after == 0


def test_points_of_an_order_belong_to_one_customer(shop: StockModel):
    with shop.write() as conn:
        STORE.upsert_customer(conn, _customer("C2"), now=T0)
        STORE.credit_shipment(
            conn, customer_id="C1", order_id="O1", shipment_id="S1", paid_cents=100, at=T0
        )
    with pytest.raises(LoyaltyConflict), shop.write() as conn:
        STORE.credit_shipment(
            conn, customer_id="C2", order_id="O1", shipment_id="S2", paid_cents=100, at=T0
        )


def test_bad_points_requests_name_the_field(shop: StockModel):
    with shop.write() as conn:
        with pytest.raises(InvalidCustomerInput, match="points"):
            STORE.redeem_points(conn, customer_id="C1", order_id="O1", points=0, at=T0)
        with pytest.raises(InvalidCustomerInput, match="exactly one"):
            STORE.reverse_points(conn, customer_id="C1", return_id="R", refunded_cents=1, at=T0)
        with pytest.raises(UnknownCustomer):
            STORE.points_balance(conn, "NOBODY")
        with pytest.raises(UnknownPurchase):
            STORE.get_purchase(conn, "P-nope")


def test_the_audit_finds_a_balance_the_ledger_does_not_prove(shop: StockModel):
    with shop.write() as conn:
        STORE.credit_shipment(
            conn, customer_id="C1", order_id="O1", shipment_id="S1", paid_cents=1000, at=T0
        )
        conn.execute(update(customers_table).values(points_balance=11))
    with shop.read() as conn:
        report = audit_points(conn)
        assert conn.execute(select(customers_table.c.points_balance)).scalar_one() == 11
    assert not report.ok
    assert report.mismatches[0].subject == "C1"
