"""The ports of customer accounts, purchase history and loyalty points (Protocols).

Every method takes the caller's SQLAlchemy `Connection`: a writer books its rows in the
caller's transaction (an order's reservation, a shipment, a return), so they commit or roll
back together. Writers are idempotent by a reference (order, shipment, return, receipt): the
same call again returns the first result and changes nothing; the same reference with
other figures raises `LoyaltyConflict` / `PurchaseConflict`. `store.SqlCustomers` implements
them on the service's database, `fake.FakeCustomers` in memory (it ignores the connection).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import Connection

from omniroute.customers.domain import BirthdayCustomer, Customer
from omniroute.customers.errors import UnknownCustomer
from omniroute.customers.loyalty import LoyaltyEntry
from omniroute.customers.purchases import (
    Purchase,
    PurchaseLine,
    RecordedPurchase,
    RecordStorePurchase,
)

#: A position in a customer's purchases, newest first: (purchased_at, purchase_id) of the
#: last purchase of the previous page.
PurchaseCursor = tuple[datetime, str]


class CustomerAccounts(Protocol):
    """Customer accounts: who they are, their birthday and their consent."""

    def upsert_customer(
        self, conn: Connection, customer: Customer, *, now: datetime
    ) -> tuple[Customer, bool]:
        """Create or replace `customer` (by id); the stored customer and whether it is new.
        `EmailTaken` when another customer has the email; `UnknownLocation` (inventory) for
        an unknown home store."""
        ...

    def get_customer(self, conn: Connection, customer_id: str) -> Customer:
        """The customer, or `UnknownCustomer`."""
        ...

    def has_marketing_consent(self, conn: Connection, customer_id: str) -> bool:
        """Whether the customer agreed to personal offers; `UnknownCustomer` if unknown."""
        ...

    def customers_with_birthday_between(
        self, conn: Connection, start: date, end: date
    ) -> list[BirthdayCustomer]:
        """Customers whose birthday is celebrated from `start` to `end` inclusive (29 Feb on
        28 Feb in other years), with their consent, by customer id."""
        ...


class PurchaseHistory(Protocol):
    """Purchases across channels, retrievable later (returns refund them)."""

    def record_online_purchase(
        self,
        conn: Connection,
        *,
        order_id: str,
        customer_id: str,
        lines: Sequence[PurchaseLine],
        at: datetime,
    ) -> Purchase:
        """Record what an online order sold (once per order; a repeat returns the first).
        Earns nothing by itself: points come with `credit_shipment`."""
        ...

    def record_store_purchase(
        self, conn: Connection, command: RecordStorePurchase
    ) -> RecordedPurchase:
        """Record a till receipt and credit its points, once per (store, receipt). Moves no
        stock (POS sales reach the stock model through its own feed)."""
        ...

    def get_purchase(self, conn: Connection, purchase_id: str, *, lock: bool = False) -> Purchase:
        """A purchase with its lines, or `UnknownPurchase`; `lock`: held against concurrent
        writers until the transaction ends (a return registered against it)."""
        ...

    def purchase_of_order(self, conn: Connection, order_id: str) -> Purchase:
        """The purchase recorded for an online order, or `UnknownPurchase`."""
        ...

    def purchases(
        self,
        conn: Connection,
        customer_id: str,
        *,
        limit: int,
        after: PurchaseCursor | None = None,
    ) -> list[Purchase]:
        """A customer's purchases, newest first, starting after `after`."""
        ...


class LoyaltyLedger(Protocol):
    """The append-only points ledger. The balance never goes negative."""

    def points_balance(self, conn: Connection, customer_id: str) -> int:
        """Points the customer may redeem now; `UnknownCustomer` if unknown."""
        ...

    def loyalty_entries(
        self,
        conn: Connection,
        customer_id: str,
        *,
        limit: int,
        before_entry_id: int | None = None,
    ) -> list[LoyaltyEntry]:
        """Ledger entries of a customer, newest first, older than `before_entry_id`."""
        ...

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
        """Credit points for a shipment that left, worth `paid_cents` of the order (price
        paid after discounts); once per (order, shipment)."""
        ...

    def redeem_points(
        self, conn: Connection, *, customer_id: str, order_id: str, points: int, at: datetime
    ) -> LoyaltyEntry:
        """Spend `points` (> 0) on an order; once per order. `InsufficientPoints` when the
        balance is smaller (nothing changes)."""
        ...

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
        """Give back `points` redeemed on `order_id` (cancellation, or the points' share of
        returned lines); once per `reference`. `InsufficientPoints` when more than was
        redeemed on the order and not yet given back."""
        ...

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
        """Take back the points earned on a refunded amount of an order (`order_id`) or a
        store purchase (`purchase_id`), in proportion; once per return. What the balance
        no longer holds is written off (`written_off_points`), never made negative."""
        ...


class CustomerPort(CustomerAccounts, PurchaseHistory, LoyaltyLedger, Protocol):
    """Everything the service needs from customers, in one port."""


def has_account(accounts: CustomerAccounts, conn: Connection, customer_id: str) -> bool:
    """Whether `customer_id` has an account (an order may name a shop's guest id)."""
    try:
        accounts.get_customer(conn, customer_id)
    except UnknownCustomer:
        return False
    return True
