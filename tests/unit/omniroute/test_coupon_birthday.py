"""Birthday coupons on the in-memory fakes: when they are issued, to whom, and only once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from omniroute.promotions import (
    BasketLine,
    CouponUnavailable,
    DiscountKind,
    InvalidPromotionInput,
    Promotion,
    Refusal,
)
from omniroute.promotions.birthday import BirthdayJob, BirthdayPolicy, issue_birthday_coupons
from omniroute.promotions.fake import FakeBirthdayCalendar, FakePromotions

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
POLICY = BirthdayPolicy("birthday", lead_days=7, valid_days_after=3)


@pytest.fixture
def promotions() -> FakePromotions:
    fake = FakePromotions()
    fake.add_sku("JKT", "outerwear", 10000)
    fake.upsert_promotion(
        Promotion(
            "birthday",
            "10 EUR for your birthday",
            DiscountKind.FIXED_AMOUNT,
            amount_off_cents=1000,
            requires_coupon=True,
        )
    )
    return fake


@pytest.fixture
def calendar() -> FakeBirthdayCalendar:
    calendar = FakeBirthdayCalendar()
    calendar.add("anna", date(1990, 3, 15))  # in 5 days
    calendar.add("bob", date(1985, 3, 25))  # in 15 days: too early
    calendar.add("carl", date(2001, 3, 12), marketing_consent=False)
    return calendar


def test_coupons_are_issued_in_the_days_before_the_birthday_with_consent_only(promotions, calendar):
    run = issue_birthday_coupons(promotions, calendar, POLICY, now=NOW)
    assert [c.customer_id for c in run.issued] == ["anna"]
    assert run.without_consent == ("carl",)
    coupon = run.issued[0]
    assert coupon.max_redemptions == 1
    assert coupon.valid_from == datetime(2026, 3, 8, tzinfo=UTC)
    assert coupon.valid_until == datetime(2026, 3, 19, tzinfo=UTC)


def test_running_again_the_same_year_issues_nothing_new(promotions, calendar):
    first = issue_birthday_coupons(promotions, calendar, POLICY, now=NOW)
    again = issue_birthday_coupons(promotions, calendar, POLICY, now=NOW + timedelta(days=2))
    changed = issue_birthday_coupons(
        promotions, calendar, BirthdayPolicy("birthday", lead_days=10), now=NOW
    )
    assert again.issued == () and again.already_issued == ("anna",)
    assert changed.issued == () and "anna" in changed.already_issued
    assert len(promotions.coupons) == len(first.issued) == 1


def test_the_window_spans_new_year_and_leap_day_birthdays():
    calendar = FakeBirthdayCalendar()
    calendar.add("newyear", date(1990, 1, 2))
    calendar.add("leap", date(2000, 2, 29))
    promotions = FakePromotions()
    promotions.upsert_promotion(
        Promotion(
            "birthday", "b", DiscountKind.PERCENT, percent_basis_points=1000, requires_coupon=True
        )
    )
    dec = issue_birthday_coupons(
        promotions, calendar, POLICY, now=datetime(2026, 12, 29, tzinfo=UTC)
    )
    feb = issue_birthday_coupons(
        promotions, calendar, POLICY, now=datetime(2027, 2, 25, tzinfo=UTC)
    )
    assert [c.customer_id for c in dec.issued] == ["newyear"]
    assert dec.issued[0].valid_until == datetime(2027, 1, 6, tzinfo=UTC)
    assert [c.customer_id for c in feb.issued] == ["leap"]


def test_a_birthday_coupon_is_used_once_and_refused_the_second_time(promotions, calendar):
    (coupon,) = issue_birthday_coupons(promotions, calendar, POLICY, now=NOW).issued
    basket = [BasketLine("1", "JKT", 1)]
    quote = promotions.quote(basket, NOW, coupon_codes=[coupon.code], customer_id="anna")
    assert quote.total_cents == 9000
    assert (
        promotions.quote(basket, NOW, coupon_codes=[coupon.code], customer_id="bob")
        .refused[0]
        .reason
        is Refusal.OTHER_CUSTOMER
    )
    promotions.redeem(None, quote, order_id="o1", at=NOW)
    second = promotions.quote(basket, NOW, coupon_codes=[coupon.code], customer_id="anna")
    assert second.refused[0].reason is Refusal.USED_UP
    with pytest.raises(CouponUnavailable):
        promotions.redeem(None, quote, order_id="o2", at=NOW)
    promotions.release(None, "o1", at=NOW)
    assert (
        promotions.quote(basket, NOW, coupon_codes=[coupon.code], customer_id="anna").refused == ()
    )


def test_the_job_runs_at_once_and_stops(promotions, calendar):
    job = BirthdayJob(promotions, calendar, POLICY, interval_s=3600, clock=lambda: NOW).start()
    job.stop()
    assert [c.customer_id for c in promotions.coupons.values()] == ["anna"]


def test_the_job_survives_a_failing_run(calendar):
    # No birthday promotion is defined: issuing fails.
    job = BirthdayJob(FakePromotions(), calendar, POLICY, clock=lambda: NOW)
    assert job.run_once() is None


def test_policy_bounds_are_checked():
    with pytest.raises(InvalidPromotionInput, match="lead_days"):
        BirthdayPolicy("birthday", lead_days=-1)
