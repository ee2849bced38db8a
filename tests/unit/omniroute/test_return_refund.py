"""Refunds from the price paid: exact cents, whatever the split into returns."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omniroute.money import apportion
from omniroute.returns.refund import refund_cents


def test_a_partial_return_refunds_its_share_and_the_last_unit_the_rest() -> None:
    # 3 scarves for 100 cents in all (after discounts): 33 + 33 + 34.
    assert refund_cents(100, 3, 0, 1) == 33
    assert refund_cents(100, 3, 1, 1) == 33
    assert refund_cents(100, 3, 2, 1) == 34
    assert refund_cents(100, 3, 0, 3) == 100


def test_returning_more_than_the_line_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot return"):
        refund_cents(100, 3, 2, 2)
    with pytest.raises(ValueError, match="positive quantity"):
        refund_cents(100, 0, 0, 0)


@st.composite
def order_and_returns(draw: st.DrawFn) -> tuple[list[tuple[int, int]], list[dict[int, int]]]:
    """Lines (qty, paid) after an apportioned order discount, and returns of their units."""
    n = draw(st.integers(1, 5))
    qtys = draw(st.lists(st.integers(1, 6), min_size=n, max_size=n))
    prices = draw(st.lists(st.integers(0, 50_000), min_size=n, max_size=n))
    amounts = [q * p for q, p in zip(qtys, prices, strict=True)]
    discount = draw(st.integers(0, sum(amounts)))
    paid = [a - d for a, d in zip(amounts, apportion(discount, amounts), strict=True)]
    left = list(qtys)
    returns: list[dict[int, int]] = []
    for _ in range(draw(st.integers(0, 6))):
        ret = {}
        for i in range(n):
            k = draw(st.integers(0, left[i]))
            if k:
                ret[i] = k
                left[i] -= k
        returns.append(ret)
    return list(zip(qtys, paid, strict=True)), returns


@given(order_and_returns())
def test_refunds_never_exceed_what_was_paid_and_match_it_when_all_comes_back(
    case: tuple[list[tuple[int, int]], list[dict[int, int]]],
) -> None:
    lines, returns = case
    back = [0] * len(lines)
    refunded = 0
    for ret in returns:
        for i, k in ret.items():
            qty, paid = lines[i]
            refund = refund_cents(paid, qty, back[i], k)
            assert refund >= 0
            refunded += refund
            back[i] += k
    total_paid = sum(paid for _, paid in lines)
    assert refunded <= total_paid
    everything = [qty - b for (qty, _), b in zip(lines, back, strict=True)]
    refunded += sum(
        refund_cents(paid, qty, b, rest)
        for (qty, paid), b, rest in zip(lines, back, everything, strict=True)
    )
    assert refunded == total_paid
