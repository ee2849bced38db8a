"""`SqlCustomers`: the built-in `CustomerPort` on the service's database.

It holds no state: every method works in the caller's connection (and transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import Connection

from omniroute.customers import account_store, points_requests, points_store, purchase_store
from omniroute.customers.domain import BirthdayCustomer, Customer
from omniroute.customers.loyalty import LoyaltyEntry
from omniroute.customers.ports import CustomerPort, PurchaseCursor
from omniroute.customers.purchases import (
    Purchase,
    PurchaseChannel,
    PurchaseLine,
    RecordedPurchase,
    RecordStorePurchase,
    check_lines,
    lines_fingerprint,
)
from omniroute.customers.tables import purchases
from omniroute.customers.validation import require_id, require_utc


class SqlCustomers(CustomerPort):
    """Customers, purchases and points in the service's own tables."""

    # Accounts

    def upsert_customer(
        self, conn: Connection, customer: Customer, *, now: datetime
    ) -> tuple[Customer, bool]:
        return account_store.upsert_customer(conn, customer, require_utc(now, "now"))

    def get_customer(self, conn: Connection, customer_id: str) -> Customer:
        return account_store.get_customer(conn, customer_id)

    def has_marketing_consent(self, conn: Connection, customer_id: str) -> bool:
        return self.get_customer(conn, customer_id).marketing_consent

    def customers_with_birthday_between(
        self, conn: Connection, start: date, end: date
    ) -> list[BirthdayCustomer]:
        return account_store.customers_with_birthday_between(conn, start, end)

    # Purchases

    def record_online_purchase(
        self,
        conn: Connection,
        *,
        order_id: str,
        customer_id: str,
        lines: Sequence[PurchaseLine],
        at: datetime,
    ) -> Purchase:
        order_id = require_id(order_id, "order_id")
        customer_id = require_id(customer_id, "customer_id")
        checked = check_lines(lines)
        at = require_utc(at, "at")
        account_store.customer_pk(conn, customer_id, lock=True)
        request_hash = lines_fingerprint(customer_id, checked)
        found = purchase_store.find_purchase(conn, purchases.c.order_id == order_id)
        if found is not None:
            return purchase_store.check_replay(found, request_hash, f"order {order_id}")
        purchase_id = purchase_store.insert_purchase(
            conn,
            customer_id=customer_id,
            channel=PurchaseChannel.ONLINE,
            lines=checked,
            purchased_at=at,
            request_hash=request_hash,
            now=datetime.now(UTC),
            order_id=order_id,
        )
        return purchase_store.get_purchase(conn, purchase_id)

    def record_store_purchase(
        self, conn: Connection, command: RecordStorePurchase
    ) -> RecordedPurchase:
        account_store.customer_pk(conn, command.customer_id, lock=True)
        account_store.require_location(conn, command.location_id)
        request_hash = command.fingerprint()
        found = purchase_store.find_purchase(
            conn,
            purchases.c.location_id == command.location_id,
            purchases.c.receipt_id == command.receipt_id,
        )
        what = f"receipt {command.receipt_id} of store {command.location_id}"
        if found is not None:
            purchase = purchase_store.check_replay(found, request_hash, what)
            balance = points_store.balance(conn, command.customer_id)
            return RecordedPurchase(purchase, balance, replayed=True)
        purchase_id = purchase_store.insert_purchase(
            conn,
            customer_id=command.customer_id,
            channel=PurchaseChannel.STORE,
            lines=command.lines,
            purchased_at=command.purchased_at,
            request_hash=request_hash,
            now=datetime.now(UTC),
            location_id=command.location_id,
            receipt_id=command.receipt_id,
        )
        paid = sum(line.paid_cents for line in command.lines)
        entry = points_store.book(
            conn,
            points_requests.credit_purchase(
                command.customer_id, purchase_id, paid, command.purchased_at
            ),
        )
        purchase = purchase_store.get_purchase(conn, purchase_id)
        return RecordedPurchase(purchase, entry.balance_after, replayed=False)

    def get_purchase(self, conn: Connection, purchase_id: str, *, lock: bool = False) -> Purchase:
        return purchase_store.get_purchase(conn, purchase_id, lock=lock)

    def purchase_of_order(self, conn: Connection, order_id: str) -> Purchase:
        return purchase_store.purchase_of_order(conn, order_id)

    def purchases(
        self,
        conn: Connection,
        customer_id: str,
        *,
        limit: int,
        after: PurchaseCursor | None = None,
    ) -> list[Purchase]:
        return purchase_store.customer_purchases(conn, customer_id, limit, after)

    # Loyalty points

    def points_balance(self, conn: Connection, customer_id: str) -> int:
        return points_store.balance(conn, customer_id)

    def loyalty_entries(
        self,
        conn: Connection,
        customer_id: str,
        *,
        limit: int,
        before_entry_id: int | None = None,
    ) -> list[LoyaltyEntry]:
        return points_store.entries(conn, customer_id, limit, before_entry_id)

    def credit_shipment(
        self,
        conn: Connection,
        *,
        customer_id: str,
        order_id: str,
        shipment_id: str,
        paid_cents: int,
        at: datetime,
    ) -> LoyaltyEntry:
        booking = points_requests.credit_shipment(
            customer_id, order_id, shipment_id, paid_cents, at
        )
        return points_store.book(conn, booking)

    def redeem_points(
        self, conn: Connection, *, customer_id: str, order_id: str, points: int, at: datetime
    ) -> LoyaltyEntry:
        return points_store.book(conn, points_requests.redeem(customer_id, order_id, points, at))

    def restore_points(
        self,
        conn: Connection,
        *,
        customer_id: str,
        order_id: str,
        reference: str,
        points: int,
        at: datetime,
    ) -> LoyaltyEntry:
        booking = points_requests.restore(customer_id, order_id, reference, points, at)
        return points_store.book(conn, booking)

    def reverse_points(
        self,
        conn: Connection,
        *,
        customer_id: str,
        return_id: str,
        refunded_cents: int,
        at: datetime,
        order_id: str | None = None,
        purchase_id: str | None = None,
    ) -> LoyaltyEntry:
        booking = points_requests.reverse(
            customer_id, return_id, refunded_cents, at, order_id, purchase_id
        )
        return points_store.book(conn, booking)
