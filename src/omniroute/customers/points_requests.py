"""Points bookings: what each ledger writer asks for, and how many points it moves.

Shared by the SQL ledger and the fake, so both apply the very same rules
(`loyalty_rules`). A `Booking` is checked when built (bad input changes nothing) and turned
into points against the purchase's totals and the customer's balance at booking time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from omniroute.customers import loyalty_rules
from omniroute.customers.errors import InsufficientPoints, InvalidCustomerInput
from omniroute.customers.loyalty import LoyaltyKind, order_source, purchase_source
from omniroute.customers.validation import require_count, require_id, require_utc

#: Per kind, the sums of (points, amount_cents, written_off_points) booked on one source.
SourceTotals = Mapping[LoyaltyKind, tuple[int, int, int]]


@dataclass(frozen=True)
class Booking:
    """One ledger entry to book, once per (kind, source, reference)."""

    kind: LoyaltyKind
    customer_id: str
    source: str
    reference: str
    at: datetime
    amount_cents: int = 0
    #: REDEEM and RESTORE: the points asked for (EARN and REVERSE compute theirs).
    requested_points: int | None = None
    #: Names the request in error messages.
    what: str = ""

    def points(self, totals: SourceTotals, balance: int) -> tuple[int, int]:
        """(points to add, points written off) for this booking."""
        earn = totals.get(LoyaltyKind.EARN, (0, 0, 0))
        if self.kind is LoyaltyKind.EARN:
            return loyalty_rules.points_earned(earn[1], self.amount_cents), 0
        requested = self.requested_points or 0
        if self.kind is LoyaltyKind.REDEEM:
            if requested > balance:
                raise InsufficientPoints(
                    f"{self.what}: {requested} points asked for, the balance is {balance}",
                    balance=balance,
                    requested=requested,
                )
            return -requested, 0
        if self.kind is LoyaltyKind.RESTORE:
            redeemed = -totals.get(LoyaltyKind.REDEEM, (0, 0, 0))[0]
            left = redeemed - totals.get(LoyaltyKind.RESTORE, (0, 0, 0))[0]
            if requested > left:
                raise InsufficientPoints(
                    f"{self.what}: {requested} points to give back, but only {left} redeemed"
                    " points are left to give back",
                    balance=left,
                    requested=requested,
                )
            return requested, 0
        reversed_points, refunded_before, written_off_before = totals.get(
            LoyaltyKind.REVERSE, (0, 0, 0)
        )
        due = loyalty_rules.points_due_back(
            earned_points=earn[0],
            earned_on_cents=earn[1],
            refunded_before_cents=refunded_before,
            refunded_cents=self.amount_cents,
            due_before=-reversed_points + written_off_before,
        )
        taken = min(due, balance)
        return -taken, due - taken


def credit_shipment(
    customer_id: str, order_id: str, shipment_id: str, paid_cents: int, at: datetime
) -> Booking:
    """EARN for a shipment of an order."""
    order_id = require_id(order_id, "order_id")
    shipment_id = require_id(shipment_id, "shipment_id")
    return Booking(
        LoyaltyKind.EARN,
        require_id(customer_id, "customer_id"),
        order_source(order_id),
        shipment_id,
        require_utc(at, "at"),
        amount_cents=require_count(paid_cents, "paid_cents"),
        what=f"shipment {shipment_id} of order {order_id}",
    )


def credit_purchase(customer_id: str, purchase_id: str, paid_cents: int, at: datetime) -> Booking:
    """EARN for a store purchase."""
    return Booking(
        LoyaltyKind.EARN,
        customer_id,
        purchase_source(purchase_id),
        purchase_id,
        require_utc(at, "at"),
        amount_cents=require_count(paid_cents, "paid_cents"),
        what=f"purchase {purchase_id}",
    )


def redeem(customer_id: str, order_id: str, points: int, at: datetime) -> Booking:
    """REDEEM on an order."""
    order_id = require_id(order_id, "order_id")
    return Booking(
        LoyaltyKind.REDEEM,
        require_id(customer_id, "customer_id"),
        order_source(order_id),
        order_id,
        require_utc(at, "at"),
        requested_points=require_count(points, "points", minimum=1),
        what=f"redemption on order {order_id}",
    )


def restore(customer_id: str, order_id: str, reference: str, points: int, at: datetime) -> Booking:
    """RESTORE of points redeemed on an order."""
    order_id = require_id(order_id, "order_id")
    reference = require_id(reference, "reference")
    return Booking(
        LoyaltyKind.RESTORE,
        require_id(customer_id, "customer_id"),
        order_source(order_id),
        reference,
        require_utc(at, "at"),
        requested_points=require_count(points, "points", minimum=1),
        what=f"restoration {reference} on order {order_id}",
    )


def reverse(
    customer_id: str,
    return_id: str,
    refunded_cents: int,
    at: datetime,
    order_id: str | None,
    purchase_id: str | None,
) -> Booking:
    """REVERSE for a refund of an order or a store purchase."""
    if (order_id is None) == (purchase_id is None):
        raise InvalidCustomerInput("give exactly one of order_id and purchase_id")
    source = (
        order_source(require_id(order_id, "order_id"))
        if order_id is not None
        else purchase_source(require_id(purchase_id or "", "purchase_id"))
    )
    return_id = require_id(return_id, "return_id")
    return Booking(
        LoyaltyKind.REVERSE,
        require_id(customer_id, "customer_id"),
        source,
        return_id,
        require_utc(at, "at"),
        amount_cents=require_count(refunded_cents, "refunded_cents"),
        what=f"return {return_id}",
    )
