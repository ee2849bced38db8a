"""CustomerService messages <-> customers domain (accounts, purchases, points entries)."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from omniroute.convert.common import from_timestamp, optional_timestamp, to_timestamp
from omniroute.customers.domain import Birthday, Customer
from omniroute.customers.loyalty import LoyaltyEntry, LoyaltyKind
from omniroute.customers.ports import PurchaseCursor
from omniroute.customers.purchases import (
    Purchase,
    PurchaseChannel,
    PurchaseLine,
    RecordStorePurchase,
)
from omniroute.errors import InvalidRequest, MissingField
from omniroute.v1 import common_pb2
from omniroute.v1 import customer_service_pb2 as pb

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

CHANNELS = {
    PurchaseChannel.ONLINE: pb.PURCHASE_CHANNEL_ONLINE,
    PurchaseChannel.STORE: pb.PURCHASE_CHANNEL_STORE,
}
KINDS = {
    LoyaltyKind.EARN: pb.LOYALTY_ENTRY_KIND_EARN,
    LoyaltyKind.REDEEM: pb.LOYALTY_ENTRY_KIND_REDEEM,
    LoyaltyKind.REVERSE: pb.LOYALTY_ENTRY_KIND_REVERSE,
    LoyaltyKind.RESTORE: pb.LOYALTY_ENTRY_KIND_RESTORE,
}


def customer_from_proto(message: Any) -> Customer:
    """A domain Customer; the server's timestamps in the message are ignored."""
    if not message.customer_id:
        raise MissingField("customer.customer_id is required", field="customer.customer_id")
    birthday = None
    if message.HasField("birthday") and (message.birthday.month or message.birthday.day):
        date = message.birthday
        birthday = Birthday(date.month, date.day, date.year or None)
    return Customer(
        customer_id=message.customer_id,
        name=message.name,
        email=message.email or None,
        birthday=birthday,
        marketing_consent=message.marketing_consent,
        home_location_id=message.home_location_id or None,
    )


def customer_to_proto(customer: Customer) -> Any:
    """The proto Customer."""
    message = pb.Customer(
        customer_id=customer.customer_id,
        name=customer.name,
        email=customer.email or "",
        marketing_consent=customer.marketing_consent,
        home_location_id=customer.home_location_id or "",
    )
    if customer.birthday is not None:
        b = customer.birthday
        message.birthday.CopyFrom(
            common_pb2.CalendarDate(year=b.year or 0, month=b.month, day=b.day)
        )
    if customer.created_at is not None:
        message.created_at.CopyFrom(to_timestamp(customer.created_at))
    if customer.updated_at is not None:
        message.updated_at.CopyFrom(to_timestamp(customer.updated_at))
    return message


def store_purchase_command(request: Any, now: datetime) -> RecordStorePurchase:
    """The command of a RecordStorePurchaseRequest; lines without id are numbered."""
    for field in ("customer_id", "location_id", "receipt_id"):
        if not getattr(request, field):
            raise MissingField(f"{field} is required", field=field)
    if not request.lines:
        raise InvalidRequest("lines: at least one line is required")
    lines = tuple(
        PurchaseLine(
            line.line_id or str(n),
            line.sku_id,
            line.quantity,
            line.unit_price_cents,
            line.discount_cents,
        )
        for n, line in enumerate(request.lines, start=1)
    )
    return RecordStorePurchase(
        request.customer_id,
        request.location_id,
        request.receipt_id,
        lines,
        optional_timestamp(request, "purchased_at") or now,
    )


def purchase_to_proto(purchase: Purchase) -> Any:
    """The proto Purchase."""
    return pb.Purchase(
        purchase_id=purchase.purchase_id,
        channel=CHANNELS[purchase.channel],
        order_id=purchase.order_id or "",
        location_id=purchase.location_id or "",
        receipt_id=purchase.receipt_id or "",
        lines=[
            pb.PurchaseLine(
                line_id=line.line_id,
                sku_id=line.sku_id,
                quantity=line.quantity,
                unit_price_cents=line.unit_price_cents,
                discount_cents=line.discount_cents,
            )
            for line in purchase.lines
        ],
        paid_cents=purchase.paid_cents,
        points_earned=purchase.points_earned,
        purchased_at=to_timestamp(purchase.purchased_at),
    )


def entry_to_proto(entry: LoyaltyEntry) -> Any:
    """The proto LoyaltyEntry."""
    return pb.LoyaltyEntry(
        entry_id=str(entry.entry_id),
        kind=KINDS[entry.kind],
        points=entry.points,
        balance_after=entry.balance_after,
        reference=entry.reference,
        booked_at=to_timestamp(entry.booked_at),
        order_id=entry.order_id or "",
        purchase_id=entry.purchase_id or "",
        amount_cents=entry.amount_cents,
        written_off_points=entry.written_off_points,
    )


def page_size(request: Any) -> int:
    """The request's page size: the default for 0, at most `MAX_PAGE_SIZE`."""
    if request.page_size < 0:
        raise InvalidRequest(f"page_size must not be negative, got {request.page_size}")
    return min(request.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def purchase_token(purchase: Purchase) -> str:
    """The page token continuing after `purchase`."""
    return _encode([purchase.purchased_at.isoformat(), purchase.purchase_id])


def purchase_cursor(token: str) -> PurchaseCursor | None:
    """The cursor of a purchases page token ('' for the first page)."""
    if not token:
        return None
    value = _decode(token)
    try:
        moment, purchase_id = value
        return from_timestamp(to_timestamp(datetime.fromisoformat(moment))), str(purchase_id)
    except (TypeError, ValueError):
        raise InvalidRequest("page_token is not a token this server gave") from None


def entry_token(entry: LoyaltyEntry) -> str:
    """The page token continuing after `entry`."""
    return _encode([entry.entry_id])


def entry_cursor(token: str) -> int | None:
    """The entry id of a ledger page token ('' for the first page)."""
    if not token:
        return None
    value = _decode(token)
    if not (isinstance(value, list) and len(value) == 1 and isinstance(value[0], int)):
        raise InvalidRequest("page_token is not a token this server gave")
    return int(value[0])


def _encode(value: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def _decode(token: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidRequest("page_token is not a token this server gave") from None
