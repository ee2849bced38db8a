"""Checkout: coupons, loyalty points and the customer's purchase history around an order.

The orders workflow calls `Checkout` at four moments, always inside the transaction that
moves the stock, so an order and what it redeemed or earned stand or fall together:

- before solving, `price` prices the basket with the order's coupon codes and points
  (`PromotionsPort.quote`) and apportions every discount to the lines, in cents (a code
  no coupon has is `UnknownCoupon`, one that does not apply `CouponRefused`);
- when the stock is reserved, `redeem` consumes the coupons and points and records the
  purchase in the customer's history;
- when the order is cancelled, `release` gives the coupons and points back;
- when a shipment leaves, `credit` earns points on what the customer paid for it (points
  come on shipment, never when the order is placed).

An order may name a customer the service has no account for (a shop's guest id): it is
routed as usual, and nothing is recorded or earned for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Connection

from omniroute.customers import loyalty_rules
from omniroute.customers.ports import CustomerPort, has_account
from omniroute.customers.purchases import PurchaseLine
from omniroute.errors import InvalidRequest
from omniroute.money import units_share
from omniroute.orders.commands import LinePrice, RouteOrder
from omniroute.orders.errors import OrderStateError
from omniroute.orders.records import OrderRecord, ShipmentRecord
from omniroute.promotions.basket import BasketLine, LoyaltyOffer
from omniroute.promotions.errors import UnknownCoupon
from omniroute.promotions.port import PromotionsPort
from omniroute.promotions.quote import Quote, Refusal


class CouponRefused(OrderStateError):
    """A coupon given with the order does not apply (expired, used up, another customer's,
    conditions not met): the order is not placed, so the shop can tell the customer."""

    reason = "COUPON_REFUSED"


@dataclass(frozen=True)
class Priced:
    """An order priced with its coupons and points: the command carries the apportioned
    discounts; `quote` is what `redeem` consumes."""

    command: RouteOrder
    quote: Quote | None = None

    @property
    def points(self) -> int:
        """Points spent on the order."""
        return self.quote.loyalty.points if self.quote and self.quote.loyalty else 0


class Checkout:
    """Coupons and points for orders, on the service's promotions and customers."""

    def __init__(self, promotions: PromotionsPort, customers: CustomerPort) -> None:
        self.promotions = promotions
        self.customers = customers

    def price(self, conn: Connection, command: RouteOrder) -> Priced:
        """Apportion the coupons' and points' discounts to the order's lines."""
        if not command.coupon_codes and not command.redeem_points:
            return Priced(command)
        if command.customer_id is None and command.redeem_points:
            raise InvalidRequest("redeem_points needs the order's customer_id")
        prices = command.line_prices()
        if any(price.discount_cents for price in prices):
            raise InvalidRequest(
                "discount_cents must be 0 on every line when the service prices coupon_codes"
                " or redeem_points"
            )
        loyalty = None
        if command.redeem_points:
            balance = self.customers.points_balance(conn, command.customer_id or "")
            if command.redeem_points > balance:
                raise CouponRefused(
                    f"customer {command.customer_id} has {balance} points,"
                    f" {command.redeem_points} asked to redeem"
                )
            loyalty = LoyaltyOffer(command.redeem_points, loyalty_rules.POINT_VALUE_CENTS)
        quote = self.promotions.quote(
            [
                BasketLine(price.line_id, line.sku, line.qty, price.unit_price_cents)
                for line, price in zip(command.lines, prices, strict=True)
            ],
            command.placed_at,
            coupon_codes=command.coupon_codes,
            customer_id=command.customer_id,
            loyalty=loyalty,
            conn=conn,
        )
        unknown = [r for r in quote.refused if r.reason is Refusal.UNKNOWN]
        if unknown:
            raise UnknownCoupon(f"unknown coupon {unknown[0].code!r}")
        if quote.refused:
            refused = quote.refused[0]
            raise CouponRefused(f"coupon {refused.code!r} does not apply: {refused.reason}")
        discounts = {ln.line_id: ln.discount_cents + ln.loyalty_cents for ln in quote.lines}
        priced = tuple(
            LinePrice(p.line_id, p.unit_price_cents, discounts.get(p.line_id, 0)) for p in prices
        )
        # The points actually spent (capped by what is left to pay) are what the order keeps.
        spent = quote.loyalty.points if quote.loyalty else 0
        return Priced(
            replace(
                command,
                prices=priced,
                redeem_points=spent,
                request_hash=command.fingerprint(),
            ),
            quote,
        )

    def redeem(self, conn: Connection, priced: Priced, record: OrderRecord, at: datetime) -> None:
        """Consume the order's coupons and points; record the purchase for its customer."""
        command = priced.command
        if priced.quote is not None:
            self.promotions.redeem(conn, priced.quote, order_id=command.order_id, at=at)
        if priced.points and command.customer_id:
            self.customers.redeem_points(
                conn,
                customer_id=command.customer_id,
                order_id=command.order_id,
                points=priced.points,
                at=at,
            )
        if command.customer_id and has_account(self.customers, conn, command.customer_id):
            self.customers.record_online_purchase(
                conn,
                order_id=command.order_id,
                customer_id=command.customer_id,
                lines=[
                    PurchaseLine(ln.line_id, ln.sku, ln.qty, ln.unit_price_cents, ln.discount_cents)
                    for ln in record.lines
                ],
                at=at,
            )

    def release(self, conn: Connection, record: OrderRecord, at: datetime) -> None:
        """Give back what a cancelled order redeemed. With nothing shipped, its coupons and
        all its points come back; once some shipments left, the coupons count as used and
        the points come back in proportion to the value of what was never shipped."""
        shipped = _shipped_units(record)
        if not shipped:
            self.promotions.release(conn, record.order_id, at=at)
        points = record.redeemed_points
        if shipped and record.paid_cents:
            unshipped = record.paid_cents - _paid_for(record, shipped)
            points = points * unshipped // record.paid_cents
        if record.customer_id and points > 0:
            self.customers.restore_points(
                conn,
                customer_id=record.customer_id,
                order_id=record.order_id,
                reference=f"cancel:{record.order_id}",
                points=points,
                at=at,
            )

    def credit(
        self, conn: Connection, record: OrderRecord, shipment: ShipmentRecord, at: datetime
    ) -> None:
        """Earn points on what the customer paid for the units of a shipment that left."""
        if not record.customer_id or not has_account(self.customers, conn, record.customer_id):
            return
        self.customers.credit_shipment(
            conn,
            customer_id=record.customer_id,
            order_id=record.order_id,
            shipment_id=shipment.shipment_id,
            paid_cents=shipment_paid_cents(record, shipment),
            at=at,
        )


def _shipped_units(record: OrderRecord, *, besides: str = "") -> dict[str, int]:
    """Units shipped so far per SKU, leaving out the shipment `besides`."""
    shipped: dict[str, int] = {}
    for s in record.shipments:
        if s.handed_over and s.shipment_id != besides:
            for item in s.lines:
                shipped[item.sku] = shipped.get(item.sku, 0) + item.qty
    return shipped


def _paid_for(record: OrderRecord, units: dict[str, int]) -> int:
    """What the customer paid for the first `units` of each SKU's line."""
    lines = {ln.sku: ln for ln in record.lines}
    return sum(
        units_share(lines[sku].paid_cents, lines[sku].qty, 0, min(qty, lines[sku].qty))
        for sku, qty in units.items()
        if sku in lines and lines[sku].qty
    )


def shipment_paid_cents(record: OrderRecord, shipment: ShipmentRecord) -> int:
    """What the customer paid for a shipment's units: each line's paid amount shared over
    its units (the same cumulative rule as refunds, so the shipments add up to the order)."""
    lines = {ln.sku: ln for ln in record.lines}
    shipped_before = _shipped_units(record, besides=shipment.shipment_id)
    total = 0
    for item in shipment.lines:
        line = lines.get(item.sku)
        if line is None or line.qty == 0:
            continue
        before = shipped_before.get(item.sku, 0)
        after = min(line.qty, before + item.qty)
        total += units_share(line.paid_cents, line.qty, before, after - before)
    return total
