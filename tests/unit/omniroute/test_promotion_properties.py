"""Properties of the pricing engine on random baskets and promotions: no line is ever
discounted below zero, and every split adds up to the cent."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from omniroute.promotions import DiscountKind, LineItem, LoyaltyOffer, Promotion, Stacking
from omniroute.promotions.engine import price_basket

NOW = datetime(2026, 3, 10, tzinfo=UTC)
CATEGORIES = ["outerwear", "shoes", "accessories"]

lines = st.lists(
    st.builds(
        lambda n, qty, price, cat: LineItem(str(n), f"SKU{n % 4}", qty, price, cat),
        st.integers(0, 10**6),
        st.integers(1, 5),
        st.integers(0, 50_000),
        st.sampled_from(CATEGORIES),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda line: line.line_id,
)


@st.composite
def promotions(draw: st.DrawFn) -> Promotion:
    kind = draw(st.sampled_from(DiscountKind))
    return Promotion(
        promotion_id=f"p{draw(st.integers(0, 10**6))}",
        name="promotion",
        kind=kind,
        percent_basis_points=draw(st.integers(1, 10_000)) if kind is DiscountKind.PERCENT else 0,
        amount_off_cents=draw(st.integers(1, 100_000)) if kind is DiscountKind.FIXED_AMOUNT else 0,
        category=draw(st.sampled_from(["", *CATEGORIES])),
        min_spend_cents=draw(st.sampled_from([0, 0, 5_000, 20_000])),
        stacking=draw(st.sampled_from(Stacking)),
        priority=draw(st.integers(0, 3)),
    )


@settings(max_examples=300, deadline=None)
@given(
    lines,
    st.lists(promotions(), max_size=5, unique_by=lambda p: p.promotion_id),
    st.integers(0, 10_000),
)
def test_discounts_never_exceed_lines_and_add_up_to_the_cent(items, promos, points):
    quote = price_basket(items, promos, {}, at=NOW, loyalty=LoyaltyOffer(points, 3))
    for line in quote.lines:
        assert all(share.amount_cents > 0 for share in line.shares)
        assert 0 <= line.discount_cents + line.loyalty_cents <= line.gross_cents
        assert line.net_cents >= 0
    by_promotion: dict[str, int] = defaultdict(int)
    for line in quote.lines:
        for share in line.shares:
            by_promotion[share.promotion_id] += share.amount_cents
    assert by_promotion == {a.promotion_id: a.discount_cents for a in quote.applied}
    assert quote.total_cents == quote.subtotal_cents - quote.discount_cents - quote.loyalty_cents
    loyalty = quote.loyalty.amount_cents if quote.loyalty else 0
    assert quote.loyalty_cents == loyalty


@settings(max_examples=200, deadline=None)
@given(lines, promotions())
def test_one_promotion_alone_gives_exactly_its_rounded_down_amount(items, promo):
    quote = price_basket(items, [promo], {}, at=NOW)
    base = sum(i.gross_cents for i in items if promo.matches(i.sku_id, i.category))
    qualifies = base > 0 and base >= promo.min_spend_cents
    if promo.kind is DiscountKind.PERCENT:
        expected = base * promo.percent_basis_points // 10_000
    else:
        expected = min(promo.amount_off_cents, base)
    assert quote.discount_cents == (expected if qualifies else 0)
    for item, line in zip(items, quote.lines, strict=True):
        if not promo.matches(item.sku_id, item.category):
            assert line.discount_cents == 0


@settings(max_examples=200, deadline=None)
@given(lines, st.lists(promotions(), min_size=1, max_size=4, unique_by=lambda p: p.promotion_id))
def test_the_basket_never_gets_less_than_the_best_single_promotion_gives_alone(items, promos):
    together = price_basket(items, promos, {}, at=NOW).discount_cents
    stackable = [p for p in promos if p.stacking is Stacking.STACKABLE]
    exclusive = [p for p in promos if p.stacking is Stacking.EXCLUSIVE]
    assert together >= max(
        [price_basket(items, [p], {}, at=NOW).discount_cents for p in exclusive] or [0]
    )
    assert together >= price_basket(items, stackable, {}, at=NOW).discount_cents
