"""The loyalty points ledger's entries (value objects)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

ORDER_SOURCE = "order:"
PURCHASE_SOURCE = "purchase:"


class LoyaltyKind(enum.StrEnum):
    """What a ledger entry records."""

    #: Points credited for goods that left: an order's shipment, a store purchase.
    EARN = "earn"
    #: Points spent on an order (a discount worth their value).
    REDEEM = "redeem"
    #: Points taken back because goods were returned and refunded.
    REVERSE = "reverse"
    #: Redeemed points given back (the order was cancelled, or the goods returned).
    RESTORE = "restore"


@dataclass(frozen=True)
class LoyaltyEntry:
    """One append-only ledger entry.

    `source` is the purchase the points belong to (``order:<order_id>`` or
    ``purchase:<purchase_id>``); `reference` the event within it (the shipment, the return,
    the restoration; the order id for a redemption). Each (kind, source, reference) is
    booked once.
    """

    entry_id: int
    customer_id: str
    kind: LoyaltyKind
    #: Points added (positive) or removed (negative).
    points: int
    balance_after: int
    source: str
    reference: str
    booked_at: datetime
    #: EARN: the amount paid the points were earned on; REVERSE: the amount refunded.
    amount_cents: int = 0
    #: REVERSE: points due back that the balance no longer held (already spent).
    written_off_points: int = 0

    @property
    def order_id(self) -> str | None:
        """The order the points belong to, if any."""
        return self.source.removeprefix(ORDER_SOURCE) if is_order(self.source) else None

    @property
    def purchase_id(self) -> str | None:
        """The store purchase the points belong to, if any."""
        return self.source.removeprefix(PURCHASE_SOURCE) if not is_order(self.source) else None


def order_source(order_id: str) -> str:
    """The ledger source of an online order."""
    return ORDER_SOURCE + order_id


def purchase_source(purchase_id: str) -> str:
    """The ledger source of a recorded (store) purchase."""
    return PURCHASE_SOURCE + purchase_id


def is_order(source: str) -> bool:
    """Whether `source` names an online order."""
    return source.startswith(ORDER_SOURCE)
