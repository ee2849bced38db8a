"""`PromotionStore` on real SQLite and PostgreSQL: promotions, coupons, quotes from the SKU
catalog, and redemption inside the caller's transaction, under concurrency."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from inventory import Sku, UnknownSku
from inventory.model import StockModel
from omniroute.promotions import (
    BasketLine,
    CouponCodeTaken,
    CouponConflict,
    CouponUnavailable,
    CouponUsage,
    DiscountKind,
    IssueCoupon,
    Promotion,
    Refusal,
    Stacking,
    UnknownPromotion,
)
from omniroute.promotions import schema as promotion_schema
from omniroute.promotions.store import PromotionStore

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
OUTERWEAR_15 = Promotion(
    "outer15",
    "15% off outerwear over 100 EUR",
    DiscountKind.PERCENT,
    percent_basis_points=1500,
    category="outerwear",
    min_spend_cents=10000,
)
TEN_OFF = Promotion(
    "ten-off", "10 EUR off", DiscountKind.FIXED_AMOUNT, amount_off_cents=1000, requires_coupon=True
)
MY_TABLES = {t.name for t in (promotion_schema.promotions, promotion_schema.coupons)} | {
    promotion_schema.coupon_redemptions.name
}


@pytest.fixture
def store(model: StockModel) -> PromotionStore:
    model.upsert_skus(
        [
            Sku("JKT", "Leather jacket", "outerwear", 1200, 8000),
            Sku("COAT", "Rain coat", "outerwear", 900, 3000),
            Sku("SCARF", "Scarf", "accessories", 100, 1000),
        ]
    )
    promotions = PromotionStore(model.engine)
    promotions.upsert_promotion(OUTERWEAR_15)
    promotions.upsert_promotion(TEN_OFF)
    return promotions


def issue(store: PromotionStore, key: str, **kw: Any) -> Any:
    kw.setdefault("usage", CouponUsage.SINGLE_USE)
    return store.issue_coupon(IssueCoupon(key, "ten-off", issued_at=NOW, **kw))


def test_migration_builds_the_promotion_tables_the_code_uses(model: StockModel):
    def mine(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        return table in MY_TABLES

    with model.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": mine})
        assert compare_metadata(context, promotion_schema.metadata) == []


def test_promotions_are_created_then_replaced(store: PromotionStore):
    changed = Promotion(
        "outer15",
        "20% off",
        DiscountKind.PERCENT,
        percent_basis_points=2000,
        sku_ids=frozenset({"JKT"}),
        stacking=Stacking.EXCLUSIVE,
        valid_from=NOW,
    )
    assert store.upsert_promotion(changed) is False
    assert store.get_promotion("outer15") == changed
    with pytest.raises(UnknownPromotion):
        store.get_promotion("nope")


def test_issuing_is_idempotent_by_key_and_codes_are_unique(store: PromotionStore):
    first = issue(store, "k1", code="welcome10")
    assert first.code == "WELCOME10"
    assert issue(store, "k1", code="welcome10") == first
    assert store.get_coupon("Welcome10") == first
    with pytest.raises(CouponConflict):
        issue(store, "k1", code="other10")
    with pytest.raises(CouponCodeTaken):
        issue(store, "k2", code="WELCOME10")
    with pytest.raises(UnknownPromotion):
        store.issue_coupon(IssueCoupon("k3", "nope", CouponUsage.SINGLE_USE))
    generated = issue(store, "k4", usage=CouponUsage.MULTI_USE, max_redemptions=5)
    assert len(generated.code) == 14 and generated.max_redemptions == 5


def test_quote_takes_categories_and_list_prices_from_the_sku_catalog(store: PromotionStore):
    met = store.quote([BasketLine("1", "JKT", 1), BasketLine("2", "COAT", 1)], NOW)
    assert [line.discount_cents for line in met.lines] == [1200, 450]
    not_met = store.quote([BasketLine("1", "JKT", 1), BasketLine("2", "SCARF", 3)], NOW)
    assert not_met.applied == ()
    priced = store.quote([BasketLine("1", "JKT", 1, unit_price_cents=12000)], NOW)
    assert priced.discount_cents == 1800
    with pytest.raises(UnknownSku, match="NOPE"):
        store.quote([BasketLine("1", "NOPE", 1)], NOW)


def test_redeem_in_the_callers_transaction_and_release_on_cancel(
    model: StockModel, store: PromotionStore
):
    coupon = issue(store, "k1", customer_id="anna")
    basket = [BasketLine("1", "SCARF", 2)]
    quote = store.quote(basket, NOW, coupon_codes=[coupon.code], customer_id="anna")
    assert quote.coupon_codes == (coupon.code,)
    with pytest.raises(RuntimeError), model.write() as conn:
        store.redeem(conn, quote, order_id="o1", at=NOW)
        raise RuntimeError("the stock reservation failed")
    assert store.get_coupon(coupon.code).redemption_count == 0
    with model.write() as conn:
        (redemption,) = store.redeem(conn, quote, order_id="o1", at=NOW)
    with model.write() as conn:
        assert store.redeem(conn, quote, order_id="o1", at=NOW) == (redemption,)
    assert store.get_coupon(coupon.code).redemption_count == 1
    again = store.quote(basket, NOW, coupon_codes=[coupon.code], customer_id="anna")
    assert again.refused[0].reason is Refusal.USED_UP
    with pytest.raises(CouponUnavailable, match="already been used"), model.write() as conn:
        store.redeem(conn, quote, order_id="o2", at=NOW)
    with model.write() as conn:
        (released,) = store.release(conn, "o1", at=NOW)
        assert store.release(conn, "o1", at=NOW) == ()
    assert released.released_at == NOW
    assert store.get_coupon(coupon.code).redemption_count == 0
    with model.write() as conn:
        store.redeem(conn, quote, order_id="o2", at=NOW)
    assert [r.order_id for r in store.redemptions("o2")] == ["o2"]


def test_redeem_rechecks_the_window(model: StockModel, store: PromotionStore):
    coupon = issue(store, "k1", valid_until=NOW + timedelta(hours=1))
    quote = store.quote([BasketLine("1", "SCARF", 2)], NOW, coupon_codes=[coupon.code])
    with pytest.raises(CouponUnavailable, match="expired"), model.write() as conn:
        store.redeem(conn, quote, order_id="late", at=NOW + timedelta(hours=2))


@pytest.mark.parametrize(
    ("usage", "limit", "winners"), [(CouponUsage.SINGLE_USE, 0, 1), (CouponUsage.MULTI_USE, 3, 3)]
)
def test_concurrent_redemptions_never_exceed_the_limit(
    model: StockModel, store: PromotionStore, usage: CouponUsage, limit: int, winners: int
):
    coupon = issue(store, "k1", usage=usage, max_redemptions=limit)
    quote = store.quote([BasketLine("1", "SCARF", 1)], NOW, coupon_codes=[coupon.code])
    attempts = 8
    start = threading.Barrier(attempts)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        start.wait()
        try:
            with model.write() as conn:
                store.redeem(conn, quote, order_id=f"order-{n}", at=NOW)
            outcomes.append("redeemed")
        except CouponUnavailable:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["redeemed"] * winners + ["refused"] * (attempts - winners)
    assert store.get_coupon(coupon.code).redemption_count == winners
