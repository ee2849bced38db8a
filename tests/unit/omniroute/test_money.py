"""Largest-remainder apportionment: whole cents that add up, in proportion, deterministic."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omniroute.money import apportion


def test_splits_in_proportion_with_the_odd_cent_to_the_largest_remainder() -> None:
    # 1000 over 1:1:1 -> 333.33 each; the odd cent goes to the first line (tie, earlier wins).
    assert apportion(1000, [100, 100, 100]) == [334, 333, 333]
    # 10 over 2:1 -> 6.67 and 3.33: the larger remainder gets the cent.
    assert apportion(10, [200, 100]) == [7, 3]


def test_zero_weights_share_evenly_and_empty_is_empty() -> None:
    assert apportion(5, [0, 0]) == [3, 2]
    assert apportion(0, []) == []


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="negative amount"):
        apportion(-1, [1])
    with pytest.raises(ValueError, match="weights"):
        apportion(1, [1, -1])
    with pytest.raises(ValueError, match="no lines"):
        apportion(1, [])


@given(
    st.integers(min_value=0, max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=30),
)
def test_shares_add_up_to_the_cent_and_stay_within_one_cent_of_exact(
    amount: int, weights: list[int]
) -> None:
    shares = apportion(amount, weights)
    assert sum(shares) == amount
    total = sum(weights) or len(weights)
    effective = weights if sum(weights) else [1] * len(weights)
    for share, weight in zip(shares, effective, strict=True):
        exact_times_total = amount * weight
        assert share * total <= exact_times_total + total
        assert share * total >= exact_times_total - total
        assert share >= 0


@given(st.integers(min_value=0, max_value=10**6), st.lists(st.integers(0, 10**5), min_size=1))
def test_a_share_never_exceeds_its_weight_when_the_amount_does_not(
    amount: int, weights: list[int]
) -> None:
    # A discount no larger than the basket never takes more than a line is worth.
    if sum(weights) == 0 or amount > sum(weights):
        return
    for share, weight in zip(apportion(amount, weights), weights, strict=True):
        assert share <= weight
