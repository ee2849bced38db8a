"""Domain objects of the stock model: plain dataclasses, no framework.

Ids are the business's own strings (``"BER-MITTE"``, ``"SKU-42"``); money is integer
cents, weights grams, coordinates degrees (WGS84), timestamps timezone-aware UTC.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from inventory.errors import InvalidInput


class LocationKind(enum.StrEnum):
    STORE = "store"
    WAREHOUSE = "warehouse"


class Capability(enum.StrEnum):
    SHIP = "ship"
    PICKUP = "pickup"
    ACCEPT_RETURNS = "accept_returns"


class MovementKind(enum.StrEnum):
    """Every kind of ledger row; the sign of each delta is checked by `StockEvent`."""

    RECEIPT = "receipt"
    POS_SALE = "pos_sale"
    ADJUSTMENT = "adjustment"
    SHIPMENT = "shipment"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    RETURN_RECEIPT = "return_receipt"
    RESERVE = "reserve"
    RELEASE = "release"
    COMMIT = "commit"
    #: Safety stock or incoming units set (no units move; see `stock_events.set_planning`).
    PLANNING = "planning"


#: Movements a stock feed may send; the others are made by reservations.
EVENT_KINDS = frozenset(
    {
        MovementKind.RECEIPT,
        MovementKind.POS_SALE,
        MovementKind.ADJUSTMENT,
        MovementKind.TRANSFER_OUT,
        MovementKind.TRANSFER_IN,
        MovementKind.RETURN_RECEIPT,
    }
)
#: Movements that take units out of a location (their quantity is subtracted).
OUTBOUND_KINDS = frozenset({MovementKind.POS_SALE, MovementKind.TRANSFER_OUT})


class ReservationStatus(enum.StrEnum):
    HELD = "held"
    COMMITTED = "committed"
    FULFILLED = "fulfilled"
    RELEASED = "released"
    EXPIRED = "expired"

    @property
    def is_open(self) -> bool:
        """Whether the reservation still holds units."""
        return self in (ReservationStatus.HELD, ReservationStatus.COMMITTED)


_TRANSITIONS: dict[ReservationStatus, frozenset[ReservationStatus]] = {
    ReservationStatus.HELD: frozenset(
        {ReservationStatus.COMMITTED, ReservationStatus.RELEASED, ReservationStatus.EXPIRED}
    ),
    ReservationStatus.COMMITTED: frozenset(
        {ReservationStatus.FULFILLED, ReservationStatus.RELEASED}
    ),
    ReservationStatus.FULFILLED: frozenset(),
    ReservationStatus.RELEASED: frozenset(),
    ReservationStatus.EXPIRED: frozenset(),
}


def can_transition(current: ReservationStatus, target: ReservationStatus) -> bool:
    """Whether a reservation may move from `current` to `target`."""
    return target in _TRANSITIONS[current]


def require_id(value: str, what: str) -> str:
    """Return a stripped, non-empty id or raise `InvalidInput` naming `what`."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} must be a non-empty string, got {value!r}")
    if len(value) > 64:
        raise InvalidInput(f"{what} must be at most 64 characters, got {len(value)}")
    return value.strip()


def require_positive(qty: int, what: str) -> int:
    """Return `qty` if it is an integer > 0, else raise `InvalidInput`."""
    if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
        raise InvalidInput(f"{what} must be a positive whole number, got {qty!r}")
    return qty


def require_non_negative(value: int, what: str) -> int:
    """Return `value` if it is an integer >= 0, else raise `InvalidInput`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(f"{what} must be a whole number >= 0, got {value!r}")
    return value


def require_utc(moment: datetime, what: str) -> datetime:
    """Return `moment` if it is timezone-aware, converted to UTC."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(f"{what} must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class PostalAddress:
    """Where a location is, as printed on a label (a return's destination, say)."""

    line1: str = ""
    line2: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country_code: str = ""


@dataclass(frozen=True)
class Location:
    """A store or warehouse that holds stock."""

    id: str
    name: str
    kind: LocationKind
    latitude: float
    longitude: float
    capabilities: frozenset[Capability] = frozenset({Capability.SHIP})
    daily_capacity: int = 0
    handling_cost_cents: int = 0
    cutoff: time = time(16, 0)
    active: bool = True
    address: PostalAddress = PostalAddress()

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", require_id(self.id, "location id"))
        object.__setattr__(self, "kind", LocationKind(self.kind))
        object.__setattr__(self, "capabilities", frozenset(map(Capability, self.capabilities)))
        for value, bound, what in (
            (self.latitude, 90, "latitude"),
            (self.longitude, 180, "longitude"),
        ):
            if not isinstance(value, int | float) or not math.isfinite(value) or abs(value) > bound:
                raise InvalidInput(
                    f"location {self.id}: {what} must be within ±{bound}, got {value!r}"
                )
        require_non_negative(self.daily_capacity, f"location {self.id}: daily capacity")
        require_non_negative(self.handling_cost_cents, f"location {self.id}: handling cost")


@dataclass(frozen=True)
class Sku:
    """A stock-keeping unit: what is counted on shelves."""

    id: str
    name: str
    category: str = ""
    weight_g: int = 0
    price_cents: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", require_id(self.id, "SKU id"))
        require_non_negative(self.weight_g, f"SKU {self.id}: weight")
        require_non_negative(self.price_cents, f"SKU {self.id}: price")


@dataclass(frozen=True)
class IncomingStock:
    """Units on their way to a location, expected at a UTC moment."""

    qty: int
    expected_at: datetime


@dataclass(frozen=True)
class StockLevel:
    """The counters of one (location, SKU)."""

    location_id: str
    sku_id: str
    on_hand: int
    reserved: int
    safety_stock: int
    incoming: IncomingStock | None = None

    @property
    def available(self) -> int:
        """Available to promise; never below zero."""
        return max(0, self.on_hand - self.reserved - self.safety_stock)


@dataclass(frozen=True)
class StockEvent:
    """A movement reported by a feed (POS, warehouse): receipt, sale, adjustment, transfer.

    `qty` is positive for every kind but `ADJUSTMENT`, whose sign says the direction.
    """

    kind: MovementKind
    location_id: str
    sku_id: str
    qty: int
    reference: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MovementKind(self.kind))
        if self.kind not in EVENT_KINDS:
            raise InvalidInput(f"stock event kind {self.kind.value!r} cannot be sent by a feed")
        require_id(self.location_id, "stock event location id")
        require_id(self.sku_id, "stock event SKU id")
        if self.kind is MovementKind.ADJUSTMENT:
            if isinstance(self.qty, bool) or not isinstance(self.qty, int) or self.qty == 0:
                raise InvalidInput(
                    f"an adjustment must be a non-zero whole number, got {self.qty!r}"
                )
        else:
            require_positive(self.qty, f"{self.kind.value} quantity")

    @property
    def on_hand_delta(self) -> int:
        """The signed change of on-hand units."""
        return -self.qty if self.kind in OUTBOUND_KINDS else self.qty


@dataclass(frozen=True)
class ReservationLine:
    """Units of one SKU held at one location.

    With `dispatch_on` the units also count on the location's dispatch capacity of that
    day (`Location.daily_capacity`), until they are released.
    """

    location_id: str
    sku_id: str
    qty: int
    shipped_qty: int = 0
    released_qty: int = 0
    dispatch_on: date | None = None

    def __post_init__(self) -> None:
        require_id(self.location_id, "reservation line location id")
        require_id(self.sku_id, "reservation line SKU id")
        require_positive(self.qty, f"quantity of {self.sku_id} at {self.location_id}")

    @property
    def open_qty(self) -> int:
        """Units still held: neither shipped nor released."""
        return self.qty - self.shipped_qty - self.released_qty


@dataclass(frozen=True)
class Reservation:
    """A hold on units at one or more locations, for one order or checkout."""

    id: str
    status: ReservationStatus
    lines: tuple[ReservationLine, ...]
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None = None
    idempotency_key: str | None = None
    order_ref: str = ""
    history: tuple[tuple[ReservationStatus, datetime], ...] = field(default=())

    @property
    def total_qty(self) -> int:
        """Units held across all lines."""
        return sum(line.qty for line in self.lines)
