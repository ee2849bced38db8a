"""Customer accounts: plain, validated value objects (no framework imports)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime

from omniroute.customers.errors import InvalidCustomerInput
from omniroute.customers.validation import require_id, require_utc

MAX_NAME_LENGTH = 200
MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True)
class Birthday:
    """A birthday; the year may be unknown. A 29 February birthday falls on 28 February in
    years without one."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        if self.year is not None and not 1 <= self.year <= 9999:
            raise InvalidCustomerInput(f"birthday.year must be 1 to 9999, got {self.year}")
        try:
            # 2000 is a leap year: 29 February is a valid birthday when the year is unknown.
            date(self.year or 2000, self.month, self.day)
        except (TypeError, ValueError):
            raise InvalidCustomerInput(
                f"birthday {self.year or '----'}-{self.month}-{self.day} is not a calendar date"
            ) from None

    def in_year(self, year: int) -> date:
        """The day the birthday is celebrated in `year`."""
        if (self.month, self.day) == (2, 29) and not calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)


@dataclass(frozen=True)
class Customer:
    """A customer account. `email` is stored trimmed and lower-case; the timestamps are set
    by the store (ignored on upsert)."""

    customer_id: str
    name: str = ""
    email: str | None = None
    birthday: Birthday | None = None
    #: Agreed to personalised offers (birthday coupons): no personal offer without it.
    marketing_consent: bool = False
    #: The preferred store.
    home_location_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "customer_id", require_id(self.customer_id, "customer_id"))
        if len(self.name) > MAX_NAME_LENGTH:
            raise InvalidCustomerInput(f"name must be at most {MAX_NAME_LENGTH} characters")
        object.__setattr__(self, "email", normalize_email(self.email))
        if self.home_location_id is not None:
            object.__setattr__(
                self, "home_location_id", require_id(self.home_location_id, "home_location_id")
            )
        for what in ("created_at", "updated_at"):
            moment = getattr(self, what)
            if moment is not None:
                object.__setattr__(self, what, require_utc(moment, what))

    def stamped(self, created_at: datetime, updated_at: datetime) -> Customer:
        """The same customer with its timestamps."""
        return replace(self, created_at=created_at, updated_at=updated_at)


@dataclass(frozen=True)
class BirthdayCustomer:
    """A customer whose birthday falls in a window, with their marketing consent."""

    customer_id: str
    birthday: Birthday
    marketing_consent: bool


def normalize_email(email: str | None) -> str | None:
    """`email` trimmed and lower-case, None when empty; a malformed address is refused."""
    if email is None or not email.strip():
        return None
    normal = email.strip().lower()
    local, at, domain = normal.partition("@")
    if not at or not local or "." not in domain or "@" in domain or " " in normal:
        raise InvalidCustomerInput(f"email {email!r} is not an email address")
    if len(normal) > MAX_EMAIL_LENGTH:
        raise InvalidCustomerInput(f"email must be at most {MAX_EMAIL_LENGTH} characters")
    return normal


def birthdays_between(start: date, end: date) -> set[tuple[int, int]]:
    """The (month, day) birthdays celebrated on a day from `start` to `end` inclusive."""
    if end < start:
        raise InvalidCustomerInput(f"the window ends ({end}) before it starts ({start})")
    if (end - start).days >= 366:
        return {(m, d) for m in range(1, 13) for d in range(1, 32) if _valid(m, d)}
    days: set[tuple[int, int]] = set()
    day = start
    while day <= end:
        days.add((day.month, day.day))
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            days.add((2, 29))
        day = date.fromordinal(day.toordinal() + 1)
    return days


def _valid(month: int, day: int) -> bool:
    try:
        date(2000, month, day)
    except ValueError:
        return False
    return True
