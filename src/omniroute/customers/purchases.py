"""Purchases in every channel: value objects and the store-purchase command."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from omniroute.customers.errors import InvalidCustomerInput
from omniroute.customers.validation import require_count, require_id, require_utc

MAX_LINES = 1000


class PurchaseChannel(enum.StrEnum):
    """Where a purchase was made."""

    ONLINE = "online"
    STORE = "store"


@dataclass(frozen=True)
class PurchaseLine:
    """One line of a purchase: units of a SKU at a unit price, less a discount on the line."""

    line_id: str
    sku_id: str
    quantity: int
    unit_price_cents: int
    discount_cents: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "line_id", require_id(self.line_id, "line_id"))
        object.__setattr__(self, "sku_id", require_id(self.sku_id, f"line {self.line_id}: sku_id"))
        require_count(self.quantity, f"line {self.line_id}: quantity", minimum=1)
        require_count(self.unit_price_cents, f"line {self.line_id}: unit_price_cents")
        require_count(self.discount_cents, f"line {self.line_id}: discount_cents")
        if self.discount_cents > self.gross_cents:
            raise InvalidCustomerInput(
                f"line {self.line_id}: discount_cents ({self.discount_cents}) exceeds the line's"
                f" amount ({self.gross_cents})"
            )

    @property
    def gross_cents(self) -> int:
        """quantity * unit price."""
        return self.quantity * self.unit_price_cents

    @property
    def paid_cents(self) -> int:
        """What the customer paid for the line."""
        return self.gross_cents - self.discount_cents


@dataclass(frozen=True)
class Purchase:
    """A purchase by a customer, online (an order) or at a store till (a receipt)."""

    purchase_id: str
    customer_id: str
    channel: PurchaseChannel
    lines: tuple[PurchaseLine, ...]
    purchased_at: datetime
    order_id: str | None = None
    location_id: str | None = None
    receipt_id: str | None = None
    #: Points credited for it so far (online: as its shipments leave).
    points_earned: int = 0

    @property
    def paid_cents(self) -> int:
        """What the customer paid: the sum of the lines' paid amounts."""
        return sum(line.paid_cents for line in self.lines)

    def line(self, line_id: str) -> PurchaseLine:
        """The line with `line_id`, else `InvalidCustomerInput`."""
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise InvalidCustomerInput(f"purchase {self.purchase_id} has no line {line_id!r}")


def check_lines(lines: Sequence[PurchaseLine]) -> tuple[PurchaseLine, ...]:
    """The lines as a tuple: at least one, at most `MAX_LINES`, unique line ids."""
    if not lines:
        raise InvalidCustomerInput("a purchase needs at least one line")
    if len(lines) > MAX_LINES:
        raise InvalidCustomerInput(f"a purchase has at most {MAX_LINES} lines, got {len(lines)}")
    ids = [line.line_id for line in lines]
    if len(set(ids)) != len(ids):
        raise InvalidCustomerInput("line ids must be unique within a purchase")
    return tuple(lines)


def lines_fingerprint(customer_id: str, lines: Sequence[PurchaseLine]) -> str:
    """A hash of who bought what at which price, to tell a retry from another purchase."""
    parts = [customer_id] + [
        f"{ln.line_id}|{ln.sku_id}|{ln.quantity}|{ln.unit_price_cents}|{ln.discount_cents}"
        for ln in lines
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class RecordStorePurchase:
    """Record a purchase at a store till and credit its points; once per (store, receipt).

    Stock is not moved: a till reports its sales to the stock model through
    InventoryService.ApplyStockEvents (POS_SALE), and counting them here too would count
    every unit twice.
    """

    customer_id: str
    location_id: str
    receipt_id: str
    lines: tuple[PurchaseLine, ...]
    purchased_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "customer_id", require_id(self.customer_id, "customer_id"))
        object.__setattr__(self, "location_id", require_id(self.location_id, "location_id"))
        object.__setattr__(self, "receipt_id", require_id(self.receipt_id, "receipt_id"))
        object.__setattr__(self, "lines", check_lines(self.lines))
        object.__setattr__(self, "purchased_at", require_utc(self.purchased_at, "purchased_at"))

    def fingerprint(self) -> str:
        """A hash of the receipt's content."""
        return lines_fingerprint(self.customer_id, self.lines)


@dataclass(frozen=True)
class RecordedPurchase:
    """The outcome of `RecordStorePurchase`: the purchase, the balance after crediting it,
    and whether the receipt had been recorded before (nothing changed)."""

    purchase: Purchase
    points_balance: int
    replayed: bool
