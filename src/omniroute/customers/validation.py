"""Field checks shared by the customer types; each raises `InvalidCustomerInput` naming the
field."""

from __future__ import annotations

from datetime import UTC, datetime

from omniroute.customers.errors import InvalidCustomerInput

MAX_ID_LENGTH = 64


def require_id(value: str, what: str) -> str:
    """A stripped id of 1 to 64 characters."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidCustomerInput(f"{what} must be a non-empty string, got {value!r}")
    if len(value.strip()) > MAX_ID_LENGTH:
        raise InvalidCustomerInput(f"{what} must be at most {MAX_ID_LENGTH} characters")
    return value.strip()


def require_utc(moment: datetime, what: str) -> datetime:
    """`moment` in UTC; a naive datetime is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidCustomerInput(f"{what} must be timezone-aware, got {moment.isoformat()}")
    return moment.astimezone(UTC)


def require_count(value: int, what: str, *, minimum: int = 0) -> int:
    """A whole number (not a bool) of at least `minimum`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidCustomerInput(f"{what} must be a whole number >= {minimum}, got {value!r}")
    return value
