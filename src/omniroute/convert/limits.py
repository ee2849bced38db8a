"""The bounds every request is held to at the gRPC edge, before any servicer reads it.

One documented maximum per kind of value (docs/api.md, "Limits"). They are chosen so that
nothing the service computes from a request leaves a 64-bit integer (10,000 lines of
1,000,000 units at 1,000,000.00 each still fit) and nothing it stores leaves its column
(identifiers 64 characters, other text 200, quantities a 32-bit stock counter, no NUL
character, which PostgreSQL refuses). The kind of a field is read from its name and type,
so a field added to the contract is bounded without a change here.

`check_request` walks the fields set in a message and raises `LimitExceeded` naming the
first field beyond its bound (in its message and as its `field`), without echoing a long
value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from omniroute.errors import LimitExceeded

#: Units in one stock event, order or basket line, purchase line, return line, capacity.
MAX_QUANTITY = 1_000_000
#: One money amount in cents: a price, a discount, a refund, a threshold (1,000,000.00).
MAX_CENTS = 100_000_000
#: Loyalty points in one request.
MAX_POINTS = 1_000_000_000
#: Weight of one unit in grams (10 t).
MAX_GRAMS = 10_000_000
#: Entries in one repeated field (lines, events, locations, SKUs, ids).
MAX_LIST_ITEMS = 10_000
#: A duration, e.g. how long a checkout hold lasts.
MAX_DURATION = timedelta(days=30)
#: Instants from the Unix epoch up to (not including) the year 9000.
MIN_INSTANT = datetime(1970, 1, 1, tzinfo=UTC)
MAX_INSTANT = datetime(9000, 1, 1, tzinfo=UTC)
#: Characters of an identifier (`..._id`, `..._ids`, coupon codes).
MAX_ID_CHARS = 64
#: Characters of any other text (names, references, idempotency keys, address lines).
MAX_TEXT_CHARS = 200
#: Characters of a page token: one holds an identifier of up to 64 characters as UTF-8,
#: with a check, in base64 (at most 360).
MAX_PAGE_TOKEN_CHARS = 512
#: Text fields whose column is not the default one.
TEXT_CHARS_BY_NAME = {
    "category": 100,
    "email": 254,
    "code": MAX_ID_CHARS,
    "page_token": MAX_PAGE_TOKEN_CHARS,
}

_MIN_SECONDS = int(MIN_INSTANT.timestamp())
_MAX_SECONDS = int(MAX_INSTANT.timestamp())
_NANOS = 1_000_000_000
_MAX_DURATION_S = int(MAX_DURATION.total_seconds())

Check = Callable[[Any, str], None]


def check_request(message: Any) -> None:
    """Raise `LimitExceeded` naming the first field of `message` beyond its bound."""
    _check_message(message, "")


def shorten(text: str, limit: int = 80) -> str:
    """`text` cut to `limit` characters, marked when cut: for echoing a caller's value."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _check_message(message: Any, where: str) -> None:
    checks = _checks_of(message.DESCRIPTOR)
    for field, value in message.ListFields():
        path = f"{where}.{field.name}" if where else field.name
        check = checks.get(field.name)
        if field.is_repeated:
            if len(value) > MAX_LIST_ITEMS:
                raise LimitExceeded(
                    f"{path}: at most {MAX_LIST_ITEMS} entries, got {len(value)}", field=path
                )
            if check is not None:
                for index, item in enumerate(value):
                    check(item, f"{path}[{index}]")
        elif check is not None:
            check(value, path)


_PLANS: dict[str, dict[str, Check]] = {}


def _checks_of(descriptor: Descriptor) -> dict[str, Check]:
    """The check of each field of a message type that has one (cached per type)."""
    plan = _PLANS.get(descriptor.full_name)
    if plan is None:
        plan = {}
        for field in descriptor.fields:
            check = _check_for(field)
            if check is not None:
                plan[field.name] = check
        _PLANS[descriptor.full_name] = plan
    return plan


def _check_for(field: FieldDescriptor) -> Check | None:
    name = field.name
    if field.message_type is not None:
        full_name = field.message_type.full_name
        if full_name == "google.protobuf.Timestamp":
            return _check_timestamp
        if full_name == "google.protobuf.Duration":
            return _check_duration
        return _check_message
    if field.type == FieldDescriptor.TYPE_STRING:
        return _text_check(_text_limit(name))
    if field.type in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return _check_finite
    if field.type == FieldDescriptor.TYPE_INT64:
        return _int_check(*_int_kind(name))
    return None


def _text_limit(name: str) -> int:
    if name.endswith(("_id", "_ids")) or name == "coupon_codes":
        return MAX_ID_CHARS
    return TEXT_CHARS_BY_NAME.get(name, MAX_TEXT_CHARS)


def _int_kind(name: str) -> tuple[int, str]:
    if name.endswith("_cents"):
        return MAX_CENTS, "cents"
    if name.endswith("points"):
        return MAX_POINTS, "points"
    if name.endswith("_grams"):
        return MAX_GRAMS, "grams"
    return MAX_QUANTITY, "units"


def _text_check(limit: int) -> Check:
    def check(value: str, path: str) -> None:
        if len(value) > limit:
            raise LimitExceeded(f"{path}: at most {limit} characters, got {len(value)}", field=path)
        if "\x00" in value:
            raise LimitExceeded(f"{path}: must not contain the NUL character", field=path)

    return check


def _int_check(limit: int, unit: str) -> Check:
    def check(value: int, path: str) -> None:
        if abs(value) > limit:
            raise LimitExceeded(
                f"{path}: must be between -{limit:,} and {limit:,} {unit}, got {value:,}",
                field=path,
            )

    return check


def _check_finite(value: float, path: str) -> None:
    if not math.isfinite(value):
        raise LimitExceeded(f"{path}: must be a finite number, got {value}", field=path)


def _check_timestamp(stamp: Any, path: str) -> None:
    if not 0 <= stamp.nanos < _NANOS:
        raise LimitExceeded(
            f"{path}: nanos must be in [0, 999999999], got {stamp.nanos}", field=path
        )
    if not _MIN_SECONDS <= stamp.seconds < _MAX_SECONDS:
        raise LimitExceeded(
            f"{path}: must be from {MIN_INSTANT:%Y-%m-%d} up to {MAX_INSTANT:%Y-%m-%d}"
            f" (seconds {stamp.seconds:,})",
            field=path,
        )


def _check_duration(duration: Any, path: str) -> None:
    seconds, nanos = duration.seconds, duration.nanos
    if not -_NANOS < nanos < _NANOS or (seconds > 0 > nanos) or (seconds < 0 < nanos):
        raise LimitExceeded(
            f"{path}: nanos must be in (-1e9, 1e9) with the sign of seconds", field=path
        )
    if abs(seconds) + (1 if nanos else 0) > _MAX_DURATION_S:
        raise LimitExceeded(
            f"{path}: at most {MAX_DURATION.days} days either way (seconds {seconds:,})",
            field=path,
        )
