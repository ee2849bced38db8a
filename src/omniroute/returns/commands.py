"""Commands of the returns workflow (imperative names, plain data)."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from datetime import datetime

from inventory.domain import require_id, require_utc
from inventory.errors import InvalidInput
from omniroute.returns.records import Channel
from routing import ReturnCondition as Condition


class Reason(enum.StrEnum):
    """Why the customer sends it back."""

    WRONG_SIZE = "wrong_size"
    NOT_AS_DESCRIBED = "not_as_described"
    DEFECTIVE = "defective"
    ARRIVED_DAMAGED = "arrived_damaged"
    WRONG_ITEM = "wrong_item"
    CHANGED_MIND = "changed_mind"
    OTHER = "other"


@dataclass(frozen=True)
class ReturnItem:
    """Units of one order line to send back."""

    line_id: str
    qty: int
    condition: Condition = Condition.NEW
    reason: Reason = Reason.OTHER
    reason_note: str = ""

    def __post_init__(self) -> None:
        require_id(self.line_id, "order line id")
        if self.qty < 1:
            raise InvalidInput(f"line {self.line_id}: quantity must be at least 1, got {self.qty}")


@dataclass(frozen=True)
class RequestReturn:
    """Quote (or, with `register`, register) a return of some of an order's units."""

    order_id: str
    items: tuple[ReturnItem, ...]
    channel: Channel
    drop_off_location_id: str | None = None
    ship_from: tuple[float, float] | None = None
    idempotency_key: str | None = None
    strategy: str = "optimal"

    def __post_init__(self) -> None:
        require_id(self.order_id, "order id")
        if not self.items:
            raise InvalidInput("a return needs at least one line")
        ids = [item.line_id for item in self.items]
        if len(set(ids)) != len(ids):
            raise InvalidInput("each order line may appear once in a return")
        if self.channel is Channel.STORE_DROP_OFF and not self.drop_off_location_id:
            raise InvalidInput("a store drop-off needs drop_off_location_id")
        if self.channel is Channel.POST and self.drop_off_location_id:
            raise InvalidInput("drop_off_location_id is only for a store drop-off")

    def fingerprint(self) -> str:
        """A hash of what is asked, to tell a retry from a different return."""
        parts = [
            self.order_id,
            repr(sorted((i.line_id, i.qty, i.condition.value, i.reason.value) for i in self.items)),
            self.channel.value,
            str(self.drop_off_location_id),
            repr(self.ship_from),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class ReceivedItem:
    """Units of a line that arrived at a location, in the condition seen there."""

    line_id: str
    qty: int
    condition: Condition

    def __post_init__(self) -> None:
        require_id(self.line_id, "order line id")
        if self.qty < 0:
            raise InvalidInput(f"line {self.line_id}: quantity must not be negative")


@dataclass(frozen=True)
class ReceiveReturn:
    """The `items` of a return arrived at `location_id` (None: where the return is
    expected); units not listed did not arrive."""

    return_id: str
    location_id: str | None
    items: tuple[ReceivedItem, ...]
    received_at: datetime

    def __post_init__(self) -> None:
        require_id(self.return_id, "return id")
        if self.location_id is not None:
            require_id(self.location_id, "location id")
        if not self.items:
            raise InvalidInput("a receipt lists the units that arrived: at least one line")
        require_utc(self.received_at, "received_at")
