"""The pricing rules on fixed baskets: thresholds, targeting, windows, stacking, coupons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from omniroute.promotions import (
    Coupon,
    CouponUsage,
    DiscountKind,
    InvalidPromotionInput,
    LineItem,
    LoyaltyOffer,
    Promotion,
    Refusal,
    Stacking,
)
from omniroute.promotions.engine import price_basket

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
JACKET = LineItem("1", "JKT", 1, 8000, "outerwear")
COAT = LineItem("2", "COAT", 1, 3000, "outerwear")
SCARF = LineItem("3", "SCARF", 2, 1000, "accessories")
OUTERWEAR_15 = Promotion(
    "outer15",
    "15% off outerwear over 100 EUR",
    DiscountKind.PERCENT,
    percent_basis_points=1500,
    category="outerwear",
    min_spend_cents=10000,
)


def percent(pid: str, bp: int, **kw: object) -> Promotion:
    return Promotion(pid, pid, DiscountKind.PERCENT, percent_basis_points=bp, **kw)  # type: ignore[arg-type]


def fixed(pid: str, cents: int, **kw: object) -> Promotion:
    return Promotion(pid, pid, DiscountKind.FIXED_AMOUNT, amount_off_cents=cents, **kw)  # type: ignore[arg-type]


def coupon(code: str, pid: str, **kw: object) -> Coupon:
    return Coupon(code, pid, CouponUsage.SINGLE_USE, NOW - timedelta(days=1), **kw)  # type: ignore[arg-type]


def discounts(quote) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {line.line_id: line.discount_cents for line in quote.lines}


def test_category_promotion_discounts_only_its_lines_when_the_threshold_is_met():
    quote = price_basket([JACKET, COAT, SCARF], [OUTERWEAR_15], {}, at=NOW)
    assert discounts(quote) == {"1": 1200, "2": 450, "3": 0}
    assert [(a.promotion_id, a.discount_cents) for a in quote.applied] == [("outer15", 1650)]
    assert quote.total_cents == 13000 - 1650


def test_category_promotion_does_not_apply_below_the_threshold_even_with_other_lines():
    quote = price_basket(
        [JACKET, SCARF, LineItem("4", "BAG", 1, 9000, "bags")], [OUTERWEAR_15], {}, at=NOW
    )
    assert quote.applied == ()
    assert quote.total_cents == quote.subtotal_cents


def test_a_coupon_whose_threshold_is_not_met_is_refused_with_the_reason():
    promo = fixed("ten-off", 1000, min_spend_cents=20000, requires_coupon=True)
    quote = price_basket(
        [JACKET], [promo], {"TEN": coupon("TEN", "ten-off")}, at=NOW, entered_codes=["ten"]
    )
    assert [(r.code, r.reason) for r in quote.refused] == [("TEN", Refusal.MIN_SPEND_NOT_REACHED)]
    assert quote.discount_cents == 0


def test_sku_targeting_and_minimum_basket():
    promo = percent("jkt", 1000, sku_ids=frozenset({"JKT"}), min_basket_cents=12000)
    assert discounts(price_basket([JACKET, COAT, SCARF], [promo], {}, at=NOW))["1"] == 800
    assert price_basket([JACKET, COAT], [promo], {}, at=NOW).applied == ()


def test_stackable_promotions_apply_in_priority_order_each_on_what_is_left():
    first = fixed("five-off", 1000, priority=1)
    second = percent("ten-pc", 1000, priority=2)
    quote = price_basket([JACKET], [second, first], {}, at=NOW)
    # 8000 - 1000 = 7000, then 10 % of 7000.
    assert [(a.promotion_id, a.discount_cents) for a in quote.applied] == [
        ("five-off", 1000),
        ("ten-pc", 700),
    ]
    assert quote.total_cents == 6300


def test_an_exclusive_promotion_wins_only_when_it_gives_more_than_the_stack():
    stack = [percent("a", 1000), percent("b", 500)]
    big = percent("big", 2000, stacking=Stacking.EXCLUSIVE)
    small = percent("small", 1000, stacking=Stacking.EXCLUSIVE)
    assert [a.promotion_id for a in price_basket([JACKET], [*stack, big], {}, at=NOW).applied] == [
        "big"
    ]
    assert [
        a.promotion_id for a in price_basket([JACKET], [*stack, small], {}, at=NOW).applied
    ] == [
        "a",
        "b",
    ]


def test_the_coupon_of_a_losing_promotion_is_refused_and_not_consumed():
    promo = percent("vip", 500, stacking=Stacking.EXCLUSIVE, requires_coupon=True)
    quote = price_basket(
        [JACKET],
        [percent("sale", 2000), promo],
        {"VIP5": coupon("VIP5", "vip")},
        at=NOW,
        entered_codes=["VIP5"],
    )
    assert [a.promotion_id for a in quote.applied] == ["sale"]
    assert quote.coupon_codes == ()
    assert quote.refused[0].reason is Refusal.NOT_COMBINABLE


def test_a_fixed_amount_never_exceeds_the_qualifying_lines():
    quote = price_basket(
        [SCARF, JACKET], [fixed("huge", 50000, category="accessories")], {}, at=NOW
    )
    assert discounts(quote) == {"3": 2000, "1": 0}


def test_later_discounts_stop_at_zero():
    quote = price_basket(
        [SCARF], [fixed("a", 1500, priority=1), fixed("b", 1500, priority=2)], {}, at=NOW
    )
    assert [(a.promotion_id, a.discount_cents) for a in quote.applied] == [("a", 1500), ("b", 500)]
    assert quote.total_cents == 0


def test_automatic_promotions_apply_only_inside_their_window():
    promo = percent("spring", 1000, valid_from=NOW, valid_until=NOW + timedelta(days=7))
    assert price_basket([JACKET], [promo], {}, at=NOW).applied != ()
    assert price_basket([JACKET], [promo], {}, at=NOW - timedelta(seconds=1)).applied == ()
    assert price_basket([JACKET], [promo], {}, at=NOW + timedelta(days=7)).applied == ()


@pytest.mark.parametrize(
    ("coupon_kw", "customer", "reason"),
    [
        ({"valid_from": NOW + timedelta(hours=1)}, None, Refusal.NOT_YET_VALID),
        ({"valid_until": NOW}, None, Refusal.EXPIRED),
        ({"customer_id": "anna"}, None, Refusal.NEEDS_CUSTOMER),
        ({"customer_id": "anna"}, "bob", Refusal.OTHER_CUSTOMER),
        ({"redemption_count": 1}, None, Refusal.USED_UP),
    ],
)
def test_coupon_refusals(coupon_kw, customer, reason):
    promo = fixed("bday", 1000, requires_coupon=True)
    quote = price_basket(
        [JACKET],
        [promo],
        {"CP1": coupon("CP1", "bday", **coupon_kw)},
        at=NOW,
        entered_codes=["CP1"],
        customer_id=customer,
    )
    assert [(r.code, r.reason) for r in quote.refused] == [("CP1", reason)]
    assert quote.applied == ()


def test_a_personal_coupon_applies_for_its_customer_in_any_case():
    promo = fixed("bday", 1000, requires_coupon=True)
    quote = price_basket(
        [JACKET],
        [promo],
        {"BDAY-1": coupon("BDAY-1", "bday", customer_id="anna")},
        at=NOW,
        entered_codes=[" bday-1 ", "BDAY-1", "nope!"],
        customer_id="anna",
    )
    assert quote.coupon_codes == ("BDAY-1",)
    assert [(r.code, r.reason) for r in quote.refused] == [("nope!", Refusal.UNKNOWN)]


def test_a_coupon_outside_its_promotions_window_is_refused():
    promo = fixed("old", 1000, requires_coupon=True, valid_until=NOW)
    quote = price_basket(
        [JACKET], [promo], {"OLD": coupon("OLD", "old")}, at=NOW, entered_codes=["OLD"]
    )
    assert quote.refused[0].reason is Refusal.PROMOTION_NOT_RUNNING


def test_two_coupons_for_one_promotion_apply_once():
    promo = fixed("p", 1000, requires_coupon=True)
    coupons = {"AAA": coupon("AAA", "p"), "BBB": coupon("BBB", "p")}
    quote = price_basket([JACKET], [promo], coupons, at=NOW, entered_codes=["AAA", "BBB"])
    assert quote.coupon_codes == ("AAA",)
    assert [(r.code, r.reason) for r in quote.refused] == [("BBB", Refusal.SAME_PROMOTION)]


def test_loyalty_points_come_last_and_are_capped_by_what_is_left():
    quote = price_basket([SCARF], [fixed("f", 1500)], {}, at=NOW, loyalty=LoyaltyOffer(1000, 10))
    assert quote.loyalty is not None and (quote.loyalty.points, quote.loyalty.amount_cents) == (
        50,
        500,
    )
    assert quote.total_cents == 0


def test_invalid_promotions_name_the_field():
    with pytest.raises(InvalidPromotionInput, match="percent_basis_points"):
        percent("p", 0)
    with pytest.raises(InvalidPromotionInput, match="amount_off_cents"):
        fixed("p", -5)
    with pytest.raises(InvalidPromotionInput, match="valid_until"):
        percent("p", 10, valid_from=NOW, valid_until=NOW)
    with pytest.raises(InvalidPromotionInput, match="timezone"):
        percent("p", 10, valid_from=datetime(2026, 1, 1))
