"""Return records: one JSON document per return, written with the stock it moves.

A return goes registered -> handed to carrier (by post only) -> received -> refunded; each
step stamps its time. `lines` are what was registered; `received` what arrived, with the
condition seen and the disposition chosen.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from omniroute.orders.order_events import record_return_change
from omniroute.returns.errors import UnknownReturn
from omniroute.returns.tables import returns


class ReturnStatus(enum.StrEnum):
    REGISTERED = "registered"
    HANDED_TO_CARRIER = "handed_to_carrier"
    RECEIVED = "received"
    REFUNDED = "refunded"


class Channel(enum.StrEnum):
    STORE_DROP_OFF = "store_drop_off"
    POST = "post"


@dataclass(frozen=True)
class ReturnLineRecord:
    """Units of one order line coming back, and what they refund."""

    line_id: str
    sku: str
    qty: int
    reason: str
    condition: str
    refund_cents: int
    reason_note: str = ""
    #: For a drop-off: the store keeps these units (else they go on to the destination).
    kept_at_drop_off: bool = False
    #: The order line as sold, and how many of its units earlier returns claimed: what a
    #: partial receipt refunds is worked out from them (see `refund`).
    line_qty: int = 0
    line_paid_cents: int = 0
    units_before: int = 0

    def with_kept(self, kept: bool) -> ReturnLineRecord:
        """A copy that the drop-off store keeps (True) or sends on (False)."""
        return replace(self, kept_at_drop_off=kept)


@dataclass(frozen=True)
class ReceivedLineRecord:
    """Units of a line that arrived, their condition and where they went."""

    line_id: str
    sku: str
    qty: int
    condition: str
    disposition: str
    location_id: str
    refund_cents: int


@dataclass(frozen=True)
class DestinationRecord:
    """Where the units go and why, with the cost explanation."""

    location_id: str
    cost_cents: int
    cost_terms: dict[str, int]
    reason: str


@dataclass(frozen=True)
class ReturnRecord:
    """A return as the service knows it."""

    return_id: str
    order_id: str
    customer_id: str | None
    channel: Channel
    status: ReturnStatus
    lines: tuple[ReturnLineRecord, ...]
    destination: DestinationRecord
    alternatives: tuple[DestinationRecord, ...]
    drop_off_location_id: str | None
    registered_at: datetime
    updated_at: datetime
    strategy: str = "optimal"
    received: tuple[ReceivedLineRecord, ...] = ()
    carrier: str = ""
    tracking_number: str = ""
    received_location_id: str = ""
    refund_reference: str = ""
    refund_key: str = ""
    refunded_cents: int = 0
    handed_to_carrier_at: datetime | None = None
    received_at: datetime | None = None
    refunded_at: datetime | None = None

    @property
    def quoted_refund_cents(self) -> int:
        """The refund if every registered unit arrives."""
        return sum(line.refund_cents for line in self.lines)

    @property
    def refund_due_cents(self) -> int:
        """The refund for what arrived (what RefundReturn pays)."""
        return sum(line.refund_cents for line in self.received)

    def with_changes(self, **changes: Any) -> ReturnRecord:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_json(self) -> str:
        """The stored JSON document."""
        data = asdict(self)
        for name in _MOMENTS:
            value = getattr(self, name)
            data[name] = value.isoformat() if value is not None else None
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ReturnRecord:
        """Read a stored JSON document back."""
        data = json.loads(text)
        for name in _MOMENTS:
            if data[name] is not None:
                data[name] = datetime.fromisoformat(data[name])
        data["channel"] = Channel(data["channel"])
        data["status"] = ReturnStatus(data["status"])
        data["lines"] = tuple(ReturnLineRecord(**ln) for ln in data["lines"])
        data["received"] = tuple(ReceivedLineRecord(**ln) for ln in data["received"])
        data["destination"] = DestinationRecord(**data["destination"])
        data["alternatives"] = tuple(DestinationRecord(**a) for a in data["alternatives"])
        return cls(**data)


_MOMENTS = ("registered_at", "updated_at", "handed_to_carrier_at", "received_at", "refunded_at")


def insert_return(
    conn: Connection, record: ReturnRecord, idempotency_key: str | None, request_hash: str
) -> None:
    """Store a new return."""
    conn.execute(
        insert(returns),
        {
            "id": record.return_id,
            "order_id": record.order_id,
            "idempotency_key": idempotency_key,
            "request_hash": request_hash,
            "status": record.status.value,
            "record": record.to_json(),
            "created_at": record.registered_at,
            "updated_at": record.updated_at,
        },
    )
    record_return_change(conn, None, record)


def save_return(conn: Connection, record: ReturnRecord) -> None:
    """Overwrite a return's record (a new status is an order event of its order)."""
    before = conn.execute(
        select(returns.c.record).where(returns.c.id == record.return_id)
    ).scalar_one()
    conn.execute(
        update(returns)
        .where(returns.c.id == record.return_id)
        .values(status=record.status.value, record=record.to_json(), updated_at=record.updated_at)
    )
    record_return_change(conn, ReturnRecord.from_json(before), record)


def load_return(conn: Connection, return_id: str, *, lock: bool = False) -> ReturnRecord:
    """One return, or `UnknownReturn`."""
    query = select(returns.c.record).where(returns.c.id == return_id)
    if lock:
        query = query.with_for_update()
    text = conn.execute(query).scalar_one_or_none()
    if text is None:
        raise UnknownReturn(f"unknown return {return_id!r}", return_id=return_id)
    return ReturnRecord.from_json(text)


def returns_of_order(conn: Connection, order_id: str) -> list[ReturnRecord]:
    """Every return registered against an order, oldest first."""
    rows = conn.execute(
        select(returns.c.record).where(returns.c.order_id == order_id).order_by(returns.c.pk)
    ).scalars()
    return [ReturnRecord.from_json(text) for text in rows]


def find_by_key(conn: Connection, key: str) -> tuple[str, str] | None:
    """(request hash, record JSON) of the return registered with this key, if any."""
    row = conn.execute(
        select(returns.c.request_hash, returns.c.record).where(returns.c.idempotency_key == key)
    ).first()
    return None if row is None else (row.request_hash, row.record)
