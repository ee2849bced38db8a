"""Property: whatever sequence of credits, redemptions, restorations and reversals is
booked (retries and refused requests included), the points ledger reconciles: balance ==
sum of entries, never negative, one entry per reference, nothing given back beyond what
was earned or spent. The SQL ledger and the fake book exactly the same entries."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.model import StockModel
from omniroute.customers import CustomerError
from omniroute.customers.domain import Customer
from omniroute.customers.fake import FakeCustomers
from omniroute.customers.loyalty import LoyaltyKind
from omniroute.customers.loyalty_audit import audit_points
from omniroute.customers.ports import CustomerPort
from omniroute.customers.store import SqlCustomers

AT = datetime(2026, 11, 20, tzinfo=UTC)
ORDERS = ["O1", "O2", "O3"]

operation = st.one_of(
    st.tuples(
        st.just("credit"),
        st.sampled_from(ORDERS),
        st.sampled_from(["S1", "S2"]),
        st.integers(0, 20_000),
    ),
    st.tuples(st.just("redeem"), st.sampled_from(ORDERS), st.integers(1, 300)),
    st.tuples(
        st.just("restore"),
        st.sampled_from(ORDERS),
        st.sampled_from(["X1", "X2"]),
        st.integers(1, 300),
    ),
    st.tuples(
        st.just("reverse"),
        st.sampled_from(ORDERS),
        st.sampled_from(["R1", "R2", "R3"]),
        st.integers(0, 20_000),
    ),
)


def apply(port: CustomerPort, conn: Any, customer_id: str, op: tuple[Any, ...]) -> str:
    """Book one operation; the entry it booked or replayed, or the error it raised."""
    kind, order_id, *rest = op
    who = {"customer_id": customer_id, "order_id": order_id, "at": AT}
    try:
        if kind == "credit":
            entry = port.credit_shipment(conn, shipment_id=rest[0], paid_cents=rest[1], **who)
        elif kind == "redeem":
            entry = port.redeem_points(conn, points=rest[0], **who)
        elif kind == "restore":
            entry = port.restore_points(conn, reference=rest[0], points=rest[1], **who)
        else:
            entry = port.reverse_points(conn, return_id=rest[0], refunded_cents=rest[1], **who)
    except CustomerError as exc:
        return type(exc).__name__
    return f"{entry.kind}:{entry.points}:{entry.balance_after}:{entry.written_off_points}"


def check_reconciles(port: CustomerPort, conn: Any, customer_id: str) -> None:
    entries = list(reversed(port.loyalty_entries(conn, customer_id, limit=10_000)))
    balance = port.points_balance(conn, customer_id)
    running = list(itertools.accumulate(e.points for e in entries))
    assert balance == (running[-1] if running else 0) >= 0
    assert [e.balance_after for e in entries] == running
    keys = [(e.kind, e.source, e.reference) for e in entries]
    assert len(keys) == len(set(keys))
    for source in {e.source for e in entries}:
        mine = [e for e in entries if e.source == source]
        total = {k: sum(e.points for e in mine if e.kind is k) for k in LoyaltyKind}
        taken = sum(-e.points + e.written_off_points for e in mine if e.kind is LoyaltyKind.REVERSE)
        assert 0 <= taken <= total[LoyaltyKind.EARN]
        assert 0 <= total[LoyaltyKind.RESTORE] <= -total[LoyaltyKind.REDEEM]


@settings(max_examples=300, deadline=None)
@given(st.lists(operation, max_size=40))
def test_the_fake_ledger_always_reconciles(ops):
    port = FakeCustomers()
    port.upsert_customer(None, Customer("C1"), now=AT)
    for op in ops:
        apply(port, None, "C1", op)
        check_reconciles(port, None, "C1")


@pytest.fixture
def sql_model(database_url: str):
    model = StockModel.open(database_url)
    yield model
    model.close()


_customers = itertools.count()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(operation, max_size=25))
def test_the_sql_ledger_books_what_the_fake_books_and_its_audit_passes(sql_model, ops):
    customer_id = f"C{next(_customers)}"
    fake, sql = FakeCustomers(), SqlCustomers()
    fake.upsert_customer(None, Customer(customer_id), now=AT)
    with sql_model.write() as conn:
        sql.upsert_customer(conn, Customer(customer_id), now=AT)
    # Orders are per customer in the ledger: name them apart for this example.
    ops = [(op[0], f"{customer_id}-{op[1]}", *op[2:]) for op in ops]
    for op in ops:
        expected = apply(fake, None, customer_id, op)
        with sql_model.write() as conn:
            got = apply(sql, conn, customer_id, op)
        assert got == expected, op
    with sql_model.read() as conn:
        check_reconciles(sql, conn, customer_id)
        assert audit_points(conn).ok
