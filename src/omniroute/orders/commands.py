"""Commands of the orders workflow (imperative names, plain data)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from inventory.domain import require_id, require_utc
from inventory.errors import InvalidInput
from routing import Constraints, FulfilmentMode, OrderLine


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

    @property
    def mode(self) -> FulfilmentMode:
        """Ship to the customer, or collect in a store."""
        return FulfilmentMode.SHIP if self.pickup_location_id is None else FulfilmentMode.COLLECT

    def fingerprint(self) -> str:
        """A hash of what is asked, to tell a retry from a different order."""
        parts = [
            self.order_id,
            repr(sorted((ln.sku, ln.qty, ln.splittable) for ln in self.lines)),
            repr(self.destination),
            str(self.pickup_location_id),
            str(self.promised_on),
            self.strategy,
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
