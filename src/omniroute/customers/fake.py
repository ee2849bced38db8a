"""`FakeCustomers`: an in-memory `CustomerPort` for tests (ours and users').

It applies the same rules as `store.SqlCustomers` (the shared `points_requests` bookings),
ignores the connection it is given (pass anything, e.g. None) and does not roll back with
the caller's transaction. It does not check locations or SKUs against a stock model.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from omniroute.customers import points_requests
from omniroute.customers.domain import BirthdayCustomer, Customer, birthdays_between
from omniroute.customers.errors import (
    EmailTaken,
    LoyaltyConflict,
    PurchaseConflict,
    UnknownCustomer,
    UnknownPurchase,
)
from omniroute.customers.loyalty import LoyaltyEntry, LoyaltyKind, order_source, purchase_source
from omniroute.customers.points_requests import Booking
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
from omniroute.customers.validation import require_id, require_utc


class FakeCustomers(CustomerPort):
    """Customers, purchases and an append-only points ledger in dictionaries."""

    def __init__(self) -> None:
        self.customers: dict[str, Customer] = {}
        self.balances: dict[str, int] = {}
        self.purchases_by_id: dict[str, tuple[Purchase, str]] = {}
        self.ledger: list[LoyaltyEntry] = []
        self._ids = itertools.count(1)

    # Accounts

    def upsert_customer(
        self, conn: Any, customer: Customer, *, now: datetime
    ) -> tuple[Customer, bool]:
        now = require_utc(now, "now")
        for other in self.customers.values():
            if customer.email and other.email == customer.email:
                if other.customer_id != customer.customer_id:
                    raise EmailTaken(f"email {customer.email!r} belongs to another customer")
        before = self.customers.get(customer.customer_id)
        created = before.created_at if before and before.created_at else now
        stored = customer.stamped(created, now)
        self.customers[customer.customer_id] = stored
        self.balances.setdefault(customer.customer_id, 0)
        return stored, before is None

    def get_customer(self, conn: Any, customer_id: str) -> Customer:
        try:
            return self.customers[customer_id]
        except KeyError:
            raise UnknownCustomer(
                f"unknown customer {customer_id!r}", customer_id=customer_id
            ) from None

    def has_marketing_consent(self, conn: Any, customer_id: str) -> bool:
        return self.get_customer(conn, customer_id).marketing_consent

    def customers_with_birthday_between(
        self, conn: Any, start: date, end: date
    ) -> list[BirthdayCustomer]:
        days = birthdays_between(start, end)
        return [
            BirthdayCustomer(c.customer_id, c.birthday, c.marketing_consent)
            for c in sorted(self.customers.values(), key=lambda c: c.customer_id)
            if c.birthday is not None and (c.birthday.month, c.birthday.day) in days
        ]

    # Purchases

    def record_online_purchase(
        self,
        conn: Any,
        *,
        order_id: str,
        customer_id: str,
        lines: Sequence[PurchaseLine],
        at: datetime,
    ) -> Purchase:
        order_id = require_id(order_id, "order_id")
        checked = check_lines(lines)
        self.get_customer(conn, customer_id)
        request_hash = lines_fingerprint(customer_id, checked)
        for purchase, recorded_hash in self.purchases_by_id.values():
            if purchase.order_id == order_id:
                if recorded_hash != request_hash:
                    raise PurchaseConflict(f"order {order_id} was recorded before with other lines")
                return self._with_points(purchase)
        purchase = Purchase(
            f"P-{next(self._ids)}",
            customer_id,
            PurchaseChannel.ONLINE,
            checked,
            require_utc(at, "at"),
            order_id=order_id,
        )
        self.purchases_by_id[purchase.purchase_id] = (purchase, request_hash)
        return purchase

    def record_store_purchase(self, conn: Any, command: RecordStorePurchase) -> RecordedPurchase:
        self.get_customer(conn, command.customer_id)
        for purchase, recorded_hash in self.purchases_by_id.values():
            if (purchase.location_id, purchase.receipt_id) == (
                command.location_id,
                command.receipt_id,
            ):
                if recorded_hash != command.fingerprint():
                    raise PurchaseConflict(
                        f"receipt {command.receipt_id} of store {command.location_id} was"
                        " recorded before with other lines or customer"
                    )
                return RecordedPurchase(
                    self._with_points(purchase), self.balances[command.customer_id], True
                )
        purchase = Purchase(
            f"P-{next(self._ids)}",
            command.customer_id,
            PurchaseChannel.STORE,
            command.lines,
            command.purchased_at,
            location_id=command.location_id,
            receipt_id=command.receipt_id,
        )
        self.purchases_by_id[purchase.purchase_id] = (purchase, command.fingerprint())
        entry = self._book(
            points_requests.credit_purchase(
                command.customer_id,
                purchase.purchase_id,
                purchase.paid_cents,
                purchase.purchased_at,
            )
        )
        return RecordedPurchase(self._with_points(purchase), entry.balance_after, False)

    def get_purchase(self, conn: Any, purchase_id: str, *, lock: bool = False) -> Purchase:
        try:
            return self._with_points(self.purchases_by_id[purchase_id][0])
        except KeyError:
            raise UnknownPurchase(
                f"unknown purchase {purchase_id!r}", purchase_id=purchase_id
            ) from None

    def purchase_of_order(self, conn: Any, order_id: str) -> Purchase:
        for purchase, _ in self.purchases_by_id.values():
            if purchase.order_id == order_id:
                return self._with_points(purchase)
        raise UnknownPurchase(f"no purchase was recorded for order {order_id!r}", order_id=order_id)

    def purchases(
        self, conn: Any, customer_id: str, *, limit: int, after: PurchaseCursor | None = None
    ) -> list[Purchase]:
        self.get_customer(conn, customer_id)
        mine = sorted(
            (p for p, _ in self.purchases_by_id.values() if p.customer_id == customer_id),
            key=lambda p: (p.purchased_at, p.purchase_id),
            reverse=True,
        )
        if after is not None:
            mine = [p for p in mine if (p.purchased_at, p.purchase_id) < after]
        return [self._with_points(p) for p in mine[:limit]]

    # Loyalty points

    def points_balance(self, conn: Any, customer_id: str) -> int:
        self.get_customer(conn, customer_id)
        return self.balances[customer_id]

    def loyalty_entries(
        self, conn: Any, customer_id: str, *, limit: int, before_entry_id: int | None = None
    ) -> list[LoyaltyEntry]:
        self.get_customer(conn, customer_id)
        mine = [
            e
            for e in reversed(self.ledger)
            if e.customer_id == customer_id
            and (before_entry_id is None or e.entry_id < before_entry_id)
        ]
        return mine[:limit]

    def credit_shipment(
        self,
        conn: Any,
        *,
        customer_id: str,
        order_id: str,
        shipment_id: str,
        paid_cents: int,
        at: datetime,
    ) -> LoyaltyEntry:
        return self._book(
            points_requests.credit_shipment(customer_id, order_id, shipment_id, paid_cents, at)
        )

    def redeem_points(
        self, conn: Any, *, customer_id: str, order_id: str, points: int, at: datetime
    ) -> LoyaltyEntry:
        return self._book(points_requests.redeem(customer_id, order_id, points, at))

    def restore_points(
        self,
        conn: Any,
        *,
        customer_id: str,
        order_id: str,
        reference: str,
        points: int,
        at: datetime,
    ) -> LoyaltyEntry:
        return self._book(points_requests.restore(customer_id, order_id, reference, points, at))

    def reverse_points(
        self,
        conn: Any,
        *,
        customer_id: str,
        return_id: str,
        refunded_cents: int,
        at: datetime,
        order_id: str | None = None,
        purchase_id: str | None = None,
    ) -> LoyaltyEntry:
        return self._book(
            points_requests.reverse(
                customer_id, return_id, refunded_cents, at, order_id, purchase_id
            )
        )

    # The ledger

    def _book(self, booking: Booking) -> LoyaltyEntry:
        self.get_customer(None, booking.customer_id)
        on_source = [e for e in self.ledger if e.source == booking.source]
        if any(e.customer_id != booking.customer_id for e in on_source):
            raise LoyaltyConflict(f"{booking.what} belongs to another customer")
        for entry in on_source:
            if (entry.kind, entry.reference) == (booking.kind, booking.reference):
                if entry.amount_cents != booking.amount_cents or (
                    booking.requested_points is not None
                    and abs(entry.points) != booking.requested_points
                ):
                    raise LoyaltyConflict(f"{booking.what} was booked before with other figures")
                return entry
        totals: dict[LoyaltyKind, tuple[int, int, int]] = {}
        for e in on_source:
            p, a, w = totals.get(e.kind, (0, 0, 0))
            totals[e.kind] = (p + e.points, a + e.amount_cents, w + e.written_off_points)
        balance = self.balances[booking.customer_id]
        points, written_off = booking.points(totals, balance)
        entry = LoyaltyEntry(
            entry_id=len(self.ledger) + 1,
            customer_id=booking.customer_id,
            kind=booking.kind,
            points=points,
            balance_after=balance + points,
            source=booking.source,
            reference=booking.reference,
            booked_at=booking.at,
            amount_cents=booking.amount_cents,
            written_off_points=written_off,
        )
        self.ledger.append(entry)
        self.balances[booking.customer_id] = entry.balance_after
        return entry

    def _with_points(self, purchase: Purchase) -> Purchase:
        source = (
            order_source(purchase.order_id)
            if purchase.order_id
            else purchase_source(purchase.purchase_id)
        )
        earned = sum(
            e.points for e in self.ledger if e.source == source and e.kind is LoyaltyKind.EARN
        )
        return replace(purchase, points_earned=earned)
