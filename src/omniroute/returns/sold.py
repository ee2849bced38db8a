"""What a customer bought and may send back: an order's lines with what was paid for them."""

from __future__ import annotations

from dataclasses import dataclass

from omniroute.customers.purchases import Purchase
from omniroute.orders.records import OrderRecord


@dataclass(frozen=True)
class SoldLine:
    """A line as sold: `qty` units for `paid_cents` in all; `delivered` of them left us."""

    line_id: str
    sku: str
    qty: int
    paid_cents: int
    delivered: int
    origin_location_id: str | None


@dataclass(frozen=True)
class Sale:
    """An order (or a store purchase) that returns refer to."""

    order_id: str
    customer_id: str | None
    lines: tuple[SoldLine, ...]
    ship_to: tuple[float, float] | None
    #: Set when the sale is a store purchase (a till receipt), not an online order.
    purchase_id: str | None = None

    @property
    def paid_cents(self) -> int:
        """What the customer paid in all."""
        return sum(line.paid_cents for line in self.lines)

    def line(self, line_id: str) -> SoldLine | None:
        """The line with this id, if any."""
        return next((ln for ln in self.lines if ln.line_id == line_id), None)


def sale_of_order(order: OrderRecord) -> Sale:
    """An online order as a sale: only shipped (or collected) units can come back."""
    delivered: dict[str, int] = {}
    origin: dict[str, str] = {}
    for shipment in order.shipments:
        if shipment.handed_over:
            for ln in shipment.lines:
                delivered[ln.sku] = delivered.get(ln.sku, 0) + ln.qty
                origin.setdefault(ln.sku, shipment.location_id)
    return Sale(
        order_id=order.order_id,
        customer_id=order.customer_id,
        lines=tuple(
            SoldLine(
                line_id=ln.line_id,
                sku=ln.sku,
                qty=ln.qty,
                paid_cents=ln.paid_cents,
                delivered=delivered.get(ln.sku, 0),
                origin_location_id=origin.get(ln.sku),
            )
            for ln in order.lines
        ),
        ship_to=order.destination,
    )


def sale_of_purchase(purchase: Purchase) -> Sale:
    """A store purchase as a sale: every unit left with the customer at the till."""
    return Sale(
        order_id=purchase.purchase_id,
        customer_id=purchase.customer_id,
        lines=tuple(
            SoldLine(
                line_id=ln.line_id,
                sku=ln.sku_id,
                qty=ln.quantity,
                paid_cents=ln.quantity * ln.unit_price_cents - ln.discount_cents,
                delivered=ln.quantity,
                origin_location_id=purchase.location_id,
            )
            for ln in purchase.lines
        ),
        ship_to=None,
        purchase_id=purchase.purchase_id,
    )
