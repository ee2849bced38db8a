"""The loyalty programme's arithmetic, in whole points and cents (integers only).

* **Earn:** 1 point per full euro paid (100 cents), counted per purchase: the points of a
  purchase are ``floor(paid / 100)`` however its shipments split it, so a credit is the
  difference between the purchase's points after and before the shipment.
* **Value:** 1 point is worth 1 cent when redeemed on a basket.
* **Reverse:** a refund takes back points in proportion to the amount refunded out of the
  amount they were earned on, again counted per purchase so that a full refund takes back
  exactly what was earned: ``floor(earned * refunded_total / earned_on) - reversed_before``.
* **Never negative:** if the points due back were already spent, the balance goes to 0 and
  the rest is written off (recorded on the REVERSE entry as `written_off_points`); the
  refund itself is not reduced.
"""

from __future__ import annotations

CENTS_PER_POINT_EARNED = 100
POINT_VALUE_CENTS = 1


def points_earned(paid_before_cents: int, paid_cents: int) -> int:
    """Points for paying `paid_cents` more on a purchase already paid `paid_before_cents`."""
    total = paid_before_cents + paid_cents
    return total // CENTS_PER_POINT_EARNED - paid_before_cents // CENTS_PER_POINT_EARNED


def points_value_cents(points: int) -> int:
    """What `points` are worth on a basket, in cents."""
    return points * POINT_VALUE_CENTS


def points_due_back(
    earned_points: int,
    earned_on_cents: int,
    refunded_before_cents: int,
    refunded_cents: int,
    due_before: int,
) -> int:
    """Points a refund of `refunded_cents` takes back from a purchase that earned
    `earned_points` on `earned_on_cents`, after earlier refunds took back `due_before`."""
    if earned_on_cents <= 0 or earned_points <= 0:
        return 0
    refunded_total = min(refunded_before_cents + refunded_cents, earned_on_cents)
    return max(0, earned_points * refunded_total // earned_on_cents - due_before)
