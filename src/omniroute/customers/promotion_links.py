"""The customers store as the promotions package asks for it.

`CustomerLinks` implements `omniroute.promotions.BirthdayCalendar` (who has a birthday
soon, with consent) and `omniroute.promotions.LoyaltyBalances` (points and their value for
QuoteBasket). Those ports take no connection, so each call reads in its own snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from omniroute.customers import loyalty_rules
from omniroute.customers.domain import Birthday
from omniroute.customers.ports import CustomerPort
from omniroute.promotions.port import BirthdayCustomer


class CustomerLinks:
    """Birthdays and points balances of a `CustomerPort`, for promotions."""

    #: What one point is worth when redeemed, in cents.
    cents_per_point = loyalty_rules.POINT_VALUE_CENTS

    def __init__(
        self, customers: CustomerPort, read: Callable[[], AbstractContextManager[Any]]
    ) -> None:
        """`read` opens a read-only connection (e.g. `StockModel.read`; for the fake,
        `contextlib.nullcontext`)."""
        self.customers = customers
        self.read = read

    def customers_with_birthday_between(self, start: date, end: date) -> list[BirthdayCustomer]:
        """Customers whose birthday falls from `start` to `end`, with that day's date."""
        with self.read() as conn:
            found = self.customers.customers_with_birthday_between(conn, start, end)
        return [
            BirthdayCustomer(
                c.customer_id, celebrated_on(c.birthday, start, end), c.marketing_consent
            )
            for c in found
        ]

    def points_balance(self, customer_id: str) -> int:
        """Points the customer may redeem now (`UnknownCustomer` if unknown)."""
        with self.read() as conn:
            return self.customers.points_balance(conn, customer_id)

    def points_for(self, paid_cents: int) -> int:
        """Points a purchase of `paid_cents` earns."""
        return loyalty_rules.points_earned(0, paid_cents)


def celebrated_on(birthday: Birthday, start: date, end: date) -> date:
    """The first day from `start` to `end` on which `birthday` is celebrated."""
    for year in range(start.year, end.year + 1):
        day = birthday.in_year(year)
        if start <= day <= end:
            return day
    raise ValueError(f"{birthday} is not celebrated between {start} and {end}")
