"""The audit of the points ledger, like the stock ledger's: it proves that

* every customer's balance equals the sum of their ledger entries, and is never negative;
* each entry's `balance_after` is the running sum of the customer's entries up to it;
* each (kind, source, reference) is booked once: one credit per shipment or store purchase,
  one redemption per order, one reversal per return;
* no purchase gave back more points than it earned (reversed + written off <= earned), and
  no order got back more redeemed points than it spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, case, func, select

from omniroute.customers.loyalty import LoyaltyKind
from omniroute.customers.tables import customers, loyalty_ledger


@dataclass(frozen=True)
class LoyaltyMismatch:
    """One thing the ledger does not prove: who or what, and why."""

    subject: str
    problem: str


@dataclass(frozen=True)
class LoyaltyAuditReport:
    """The result of `audit_points`: ok when nothing is wrong."""

    customers: int
    entries: int
    mismatches: tuple[LoyaltyMismatch, ...]

    @property
    def ok(self) -> bool:
        """Whether no mismatch was found."""
        return not self.mismatches


def audit_points(conn: Connection, *, limit: int = 100) -> LoyaltyAuditReport:
    """Check the counters and the ledger against each other (read-only)."""
    c, lg = customers, loyalty_ledger
    found: list[LoyaltyMismatch] = []
    sums = (
        select(lg.c.customer_pk, func.sum(lg.c.points).label("points"))
        .group_by(lg.c.customer_pk)
        .subquery()
    )
    summed = func.coalesce(sums.c.points, 0)
    for customer_id, balance, total in conn.execute(
        select(c.c.id, c.c.points_balance, summed)
        .outerjoin(sums, sums.c.customer_pk == c.c.pk)
        .where((c.c.points_balance != summed) | (c.c.points_balance < 0))
        .limit(limit)
    ):
        found.append(
            LoyaltyMismatch(customer_id, f"balance {balance} but the ledger sums to {total}")
        )
    running = func.sum(lg.c.points).over(partition_by=lg.c.customer_pk, order_by=lg.c.pk)
    chain = select(lg.c.pk, lg.c.balance_after, running.label("running")).subquery()
    for pk, after, total in conn.execute(
        select(chain).where(chain.c.balance_after != chain.c.running).limit(limit)
    ):
        found.append(LoyaltyMismatch(f"entry {pk}", f"balance_after {after}, running sum {total}"))
    for kind, source, reference, count in conn.execute(
        select(lg.c.kind, lg.c.source, lg.c.reference, func.count())
        .group_by(lg.c.kind, lg.c.source, lg.c.reference)
        .having(func.count() > 1)
        .limit(limit)
    ):
        found.append(LoyaltyMismatch(f"{source} {reference}", f"{kind} booked {count} times"))
    found.extend(_over_returned(conn, limit))
    n_customers = conn.execute(select(func.count()).select_from(c)).scalar_one()
    n_entries = conn.execute(select(func.count()).select_from(lg)).scalar_one()
    return LoyaltyAuditReport(n_customers, n_entries, tuple(found[:limit]))


def _over_returned(conn: Connection, limit: int) -> list[LoyaltyMismatch]:
    lg = loyalty_ledger

    def total(kind: LoyaltyKind, expression: Any) -> Any:
        return func.sum(case((lg.c.kind == kind.value, expression), else_=0))

    earned = total(LoyaltyKind.EARN, lg.c.points)
    given_back = total(LoyaltyKind.REVERSE, lg.c.written_off_points - lg.c.points)
    redeemed = total(LoyaltyKind.REDEEM, -lg.c.points)
    restored = total(LoyaltyKind.RESTORE, lg.c.points)
    rows = conn.execute(
        select(lg.c.source, earned, given_back, redeemed, restored)
        .group_by(lg.c.source)
        .having((given_back > earned) | (restored > redeemed))
        .limit(limit)
    ).all()
    return [
        LoyaltyMismatch(
            source,
            f"earned {e}, taken back {g}; redeemed {r}, given back {s}",
        )
        for source, e, g, r, s in rows
    ]
