"""CustomerLinks gives promotions birthdays (with the day they fall on) and points."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime

from omniroute.customers.domain import Birthday, Customer
from omniroute.customers.fake import FakeCustomers
from omniroute.customers.promotion_links import CustomerLinks
from omniroute.promotions import BirthdayCalendar, BirthdayCustomer, LoyaltyBalances

AT = datetime(2026, 11, 20, tzinfo=UTC)


def links() -> CustomerLinks:
    fake = FakeCustomers()
    for cid, birthday, consent in [
        ("NYE", Birthday(12, 31, 1990), True),
        ("JAN", Birthday(1, 2), False),
        ("LEAP", Birthday(2, 29, 2004), True),
    ]:
        fake.upsert_customer(
            None, Customer(cid, birthday=birthday, marketing_consent=consent), now=AT
        )
    return CustomerLinks(fake, contextlib.nullcontext)


def test_birthdays_come_with_the_day_they_fall_on_in_the_window():
    calendar: BirthdayCalendar = links()
    found = calendar.customers_with_birthday_between(date(2026, 12, 28), date(2027, 1, 5))
    assert list(found) == [
        BirthdayCustomer("JAN", date(2027, 1, 2), False),
        BirthdayCustomer("NYE", date(2026, 12, 31), True),
    ]


def test_a_29_february_birthday_falls_on_28_february_in_a_common_year():
    found = links().customers_with_birthday_between(date(2027, 2, 20), date(2027, 3, 1))
    assert found == [BirthdayCustomer("LEAP", date(2027, 2, 28), True)]


def test_points_are_one_per_full_euro_and_worth_a_cent():
    balances: LoyaltyBalances = links()
    assert (balances.points_for(9999), balances.points_for(10000), balances.cents_per_point) == (
        99,
        100,
        1,
    )
    assert balances.points_balance("NYE") == 0
