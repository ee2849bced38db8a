"""Commands of the orders workflow (imperative names, plain data)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from inventory.domain import require_id, require_utc
from inventory.errors import InvalidInput
from routing import Constraints, FulfilmentMode, OrderLine


@dataclass(frozen=True)
class LinePrice:
    """What the customer pays for an order line: `line_id`, the unit price and the discount
    on the whole line (apportioned at order time), in cents."""

    line_id: str
    unit_price_cents: int = 0
    discount_cents: int = 0


@dataclass(frozen=True)
class RouteOrder:
    """Plan an order on the live stock and (unless `dry_run`) reserve the plan."""

    order_id: str
    lines: tuple[OrderLine, ...]
    placed_at: datetime
    destination: tuple[float, float] | None = None
    pickup_location_id: str | None = None
    promised_on: date | None = None
    constraints: Constraints = field(default_factory=Constraints)
    strategy: str = "optimal"
    dry_run: bool = False
    idempotency_key: str | None = None
    hold_for: timedelta | None = None
    exclude_locations: frozenset[str] = frozenset()
    time_limit_s: float = 1.0
    #: A `time.monotonic()` instant after which the order must not be written (the caller's
    #: deadline less a margin, see `write_deadline`); None: no deadline. Not part of the
    #: request's fingerprint.
    deadline: float | None = None
    #: One per line, in the order of `lines`; empty means unpriced lines "1", "2", ...
    prices: tuple[LinePrice, ...] = ()
    customer_id: str | None = None
    #: Coupons to redeem and loyalty points to spend: the service then prices the lines.
    coupon_codes: tuple[str, ...] = ()
    redeem_points: int = 0
    #: Set on a copy the service priced: the fingerprint of the request as it came in.
    request_hash: str = ""

    def __post_init__(self) -> None:
        require_id(self.order_id, "order id")
        require_utc(self.placed_at, "placed_at")
        if not self.lines:
            raise InvalidInput("an order needs at least one line")
        if (self.destination is None) == (self.pickup_location_id is None):
            raise InvalidInput("give either a destination to ship to or a pickup location")
        if self.hold_for is not None and self.hold_for <= timedelta(0):
            raise InvalidInput("hold_for must be positive")
        if self.time_limit_s <= 0:
            raise InvalidInput("the time limit must be positive")
        if self.redeem_points < 0:
            raise InvalidInput("redeem_points must not be negative")
        if self.prices and len(self.prices) != len(self.lines):
            raise InvalidInput("give one price per order line, or none")
        line_ids = [price.line_id for price in self.line_prices()]
        if len(set(line_ids)) != len(line_ids):
            raise InvalidInput("line ids must be unique within the order")
        for line, price in zip(self.lines, self.line_prices(), strict=True):
            if price.unit_price_cents < 0:
                raise InvalidInput(f"line {price.line_id}: unit_price_cents must not be negative")
            if not 0 <= price.discount_cents <= line.qty * price.unit_price_cents:
                raise InvalidInput(
                    f"line {price.line_id}: discount_cents must be between 0 and the line's"
                    f" amount ({line.qty * price.unit_price_cents}), got {price.discount_cents}"
                )

    def line_prices(self) -> tuple[LinePrice, ...]:
        """The lines' prices, unpriced lines numbered "1", "2", ... when none were given."""
        return self.prices or tuple(LinePrice(str(n)) for n in range(1, len(self.lines) + 1))

    @property
    def mode(self) -> FulfilmentMode:
        """Ship to the customer, or collect in a store."""
        return FulfilmentMode.SHIP if self.pickup_location_id is None else FulfilmentMode.COLLECT

    def fingerprint(self) -> str:
        """A hash of what is asked, to tell a retry from a different order."""
        return self.request_hash or self.fingerprint_with(self.prices)

    def fingerprint_with(self, prices: tuple[LinePrice, ...]) -> str:
        """The fingerprint of this order asked with `prices` (as sent, before list prices
        filled the lines priced 0)."""
        parts = [
            self.order_id,
            repr(sorted((ln.sku, ln.qty, ln.splittable) for ln in self.lines)),
            repr(self.destination),
            str(self.pickup_location_id),
            str(self.promised_on),
            self.strategy,
            repr(prices),
            str(self.customer_id),
            repr(sorted(code.upper() for code in self.coupon_codes)),
            str(self.redeem_points),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
