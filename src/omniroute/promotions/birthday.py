"""Birthday coupons: a personal, single-use coupon issued in the days before a customer's
birthday, only with their marketing consent, once per customer per year.

`issue_birthday_coupons` is idempotent (the idempotency key is the customer and the year of
the birthday), so it may run as often as wanted and on several replicas at once.
`BirthdayJob` runs it periodically (a `PeriodicJob`); the server starts one from
`bootstrap` when a birthday promotion is configured.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from omniroute.periodic_job import PeriodicJob
from omniroute.promotions.domain import Coupon, CouponUsage, IssueCoupon
from omniroute.promotions.errors import CouponConflict, InvalidPromotionInput
from omniroute.promotions.port import BirthdayCalendar, BirthdayCustomer, PromotionsPort

log = logging.getLogger("omniroute.promotions.birthday")


@dataclass(frozen=True)
class BirthdayPolicy:
    """Which promotion birthday coupons unlock, and when they are valid: from `lead_days`
    before the birthday (when they are issued) to the end of `valid_days_after` days after
    it. Dates are UTC days."""

    promotion_id: str
    lead_days: int = 7
    valid_days_after: int = 7

    def __post_init__(self) -> None:
        if not self.promotion_id.strip():
            raise InvalidPromotionInput("the birthday promotion_id must not be empty")
        if not 0 <= self.lead_days <= 60:
            raise InvalidPromotionInput("birthday lead_days must be between 0 and 60")
        if not 0 <= self.valid_days_after <= 60:
            raise InvalidPromotionInput("birthday valid_days_after must be between 0 and 60")

    def command(self, customer: BirthdayCustomer, now: datetime) -> IssueCoupon:
        """The coupon to issue for this birthday (the same one for every run that year)."""
        first_day = customer.birthday - timedelta(days=self.lead_days)
        last_day = customer.birthday + timedelta(days=self.valid_days_after)
        return IssueCoupon(
            idempotency_key=f"birthday:{customer.customer_id}:{customer.birthday.year}",
            promotion_id=self.promotion_id,
            usage=CouponUsage.SINGLE_USE,
            customer_id=customer.customer_id,
            valid_from=_midnight(first_day),
            valid_until=_midnight(last_day + timedelta(days=1)),
            issued_at=now,
        )


@dataclass(frozen=True)
class BirthdayRun:
    """What one run did: coupons issued now, customers who already had theirs, and
    customers skipped for lack of consent."""

    issued: tuple[Coupon, ...]
    already_issued: tuple[str, ...]
    without_consent: tuple[str, ...]


def issue_birthday_coupons(
    promotions: PromotionsPort,
    calendar: BirthdayCalendar,
    policy: BirthdayPolicy,
    *,
    now: datetime,
) -> BirthdayRun:
    """Issue the coupons of every birthday from today to `lead_days` ahead (UTC days)."""
    today = now.astimezone(UTC).date()
    issued: list[Coupon] = []
    already: list[str] = []
    skipped: list[str] = []
    horizon = today + timedelta(days=policy.lead_days)
    for customer in calendar.customers_with_birthday_between(today, horizon):
        if not customer.marketing_consent:
            skipped.append(customer.customer_id)
            continue
        command = policy.command(customer, now)
        try:
            coupon = promotions.issue_coupon(command)
        except CouponConflict:
            # Issued this year under an earlier policy: still once per year.
            already.append(customer.customer_id)
            continue
        if coupon.issued_at == command.issued_at:
            issued.append(coupon)
        else:
            already.append(customer.customer_id)
    return BirthdayRun(tuple(issued), tuple(already), tuple(skipped))


class BirthdayJob:
    """Runs `issue_birthday_coupons` at start and then every `interval_s` (a `PeriodicJob`),
    until `stop()`; `clock` gives the current moment. A failed run is logged and retried at
    the next interval."""

    def __init__(
        self,
        promotions: PromotionsPort,
        calendar: BirthdayCalendar,
        policy: BirthdayPolicy,
        interval_s: float = 3600.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if interval_s <= 0:
            raise InvalidPromotionInput("the birthday job interval must be positive")
        self.promotions = promotions
        self.calendar = calendar
        self.policy = policy
        self.interval_s = interval_s
        self.clock = clock
        self._job = PeriodicJob("birthday-coupons", interval_s, self.run_once)

    def start(self) -> BirthdayJob:
        """Start the job's thread; returns self."""
        self._job.start()
        return self

    def stop(self) -> None:
        """Stop after the run in progress (if any); waits for the thread."""
        self._job.stop()

    def run_once(self) -> BirthdayRun | None:
        """One run, logged; None when it failed."""
        try:
            run = issue_birthday_coupons(
                self.promotions, self.calendar, self.policy, now=self.clock()
            )
        except Exception:
            log.exception("birthday coupons: run failed")
            return None
        log.info(
            "birthday coupons issued",
            extra={
                "issued": len(run.issued),
                "already_issued": len(run.already_issued),
                "without_consent": len(run.without_consent),
            },
        )
        return run


def birthday_in(month: int, day: int, year: int) -> date:
    """The birthday in `year`; 29 February falls on 28 February in common years."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, day - 1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)
