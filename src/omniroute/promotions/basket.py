"""A basket to price: its lines as the caller gives them and as the engine prices them.

The caller gives SKU, quantity and (optionally) the unit price; the category always comes
from the SKU catalog (the stock model's `skus.category`), never from the caller, so that a
client cannot move a line into a discounted category. A unit price of 0 means the SKU's
list price.
"""

from __future__ import annotations

from dataclasses import dataclass

from omniroute.promotions.errors import InvalidPromotionInput


@dataclass(frozen=True)
class BasketLine:
    """A line as the caller gives it."""

    line_id: str
    sku_id: str
    quantity: int
    #: Price of one unit before discounts; 0 means the SKU's list price.
    unit_price_cents: int = 0

    def __post_init__(self) -> None:
        if not self.line_id.strip():
            raise InvalidPromotionInput("line_id must not be empty")
        if not self.sku_id.strip():
            raise InvalidPromotionInput(f"line {self.line_id}: sku_id must not be empty")
        if self.quantity < 1:
            raise InvalidPromotionInput(
                f"line {self.line_id}: quantity must be at least 1, got {self.quantity}"
            )
        if self.unit_price_cents < 0:
            raise InvalidPromotionInput(
                f"line {self.line_id}: unit_price_cents must not be negative"
            )


@dataclass(frozen=True)
class LineItem:
    """A line as the engine prices it: unit price and category resolved."""

    line_id: str
    sku_id: str
    quantity: int
    unit_price_cents: int
    category: str = ""

    @property
    def gross_cents(self) -> int:
        """quantity x unit price."""
        return self.quantity * self.unit_price_cents


@dataclass(frozen=True)
class LoyaltyOffer:
    """Points the customer wants to redeem (already capped by their balance) and what one
    point is worth."""

    points: int
    cents_per_point: int

    def __post_init__(self) -> None:
        if self.points < 0:
            raise InvalidPromotionInput("redeem_points must not be negative")
        if self.cents_per_point < 1:
            raise InvalidPromotionInput("a loyalty point must be worth at least one cent")


def require_unique_lines(lines: tuple[BasketLine, ...] | tuple[LineItem, ...]) -> None:
    """At least one line and unique line ids, else `InvalidPromotionInput`."""
    if not lines:
        raise InvalidPromotionInput("lines: a basket needs at least one line")
    ids = [line.line_id for line in lines]
    if len(set(ids)) != len(ids):
        raise InvalidPromotionInput("lines: line_id must be unique within the basket")
