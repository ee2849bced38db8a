"""In-memory fakes of the promotions port and of the birthday calendar, for tests (ours
and users'). They follow the same rules as `PromotionStore` (same engine), but `conn` is
ignored: a redemption is not undone when the caller's transaction rolls back."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from inventory.errors import UnknownSku
from omniroute.promotions.basket import BasketLine, LineItem, LoyaltyOffer, require_unique_lines
from omniroute.promotions.birthday import birthday_in
from omniroute.promotions.codes import fingerprint, generate_code
from omniroute.promotions.domain import Coupon, IssueCoupon, Promotion, normalize_code
from omniroute.promotions.engine import coupon_refusal, price_basket
from omniroute.promotions.errors import (
    CouponCodeTaken,
    CouponConflict,
    CouponUnavailable,
    InvalidPromotionInput,
    UnknownCoupon,
    UnknownPromotion,
)
from omniroute.promotions.port import (
    BirthdayCalendar,
    BirthdayCustomer,
    PromotionsPort,
    Redemption,
)
from omniroute.promotions.quote import Quote, Refusal


@dataclass(frozen=True)
class FakeSku:
    """What pricing needs of a SKU."""

    category: str
    price_cents: int


class FakePromotions(PromotionsPort):
    """The promotions port in memory; SKUs are given with `add_sku` (or the constructor)."""

    def __init__(self, skus: dict[str, FakeSku] | None = None) -> None:
        self.skus: dict[str, FakeSku] = dict(skus or {})
        self.promotions: dict[str, Promotion] = {}
        self.coupons: dict[str, Coupon] = {}
        self._keys: dict[str, tuple[str, str]] = {}
        self._redemptions: dict[tuple[str, str], Redemption] = {}
        self._lock = threading.Lock()

    def add_sku(self, sku_id: str, category: str, price_cents: int) -> None:
        """Make a SKU known to pricing."""
        self.skus[sku_id] = FakeSku(category, price_cents)

    def upsert_promotion(self, promotion: Promotion) -> bool:
        with self._lock:
            created = promotion.promotion_id not in self.promotions
            self.promotions[promotion.promotion_id] = promotion
            return created

    def get_promotion(self, promotion_id: str) -> Promotion:
        try:
            return self.promotions[promotion_id]
        except KeyError:
            raise UnknownPromotion(
                f"unknown promotion {promotion_id!r}", promotion_id=promotion_id
            ) from None

    def list_promotions(
        self, *, after: str | None, limit: int, active_at: datetime | None = None
    ) -> list[Promotion]:
        # Python orders str by code point, which is the byte order of their UTF-8.
        ids = sorted(i for i in self.promotions if after is None or i > after)
        listed = [self.promotions[i] for i in ids]
        return [p for p in listed if active_at is None or p.valid_at(active_at)][:limit]

    def issue_coupon(self, command: IssueCoupon) -> Coupon:
        request_hash = fingerprint(command)
        with self._lock:
            if command.idempotency_key in self._keys:
                stored_hash, code = self._keys[command.idempotency_key]
                if stored_hash != request_hash:
                    raise CouponConflict(
                        f"idempotency key {command.idempotency_key!r} was already used for"
                        " another coupon"
                    )
                return self.coupons[code]
            self.get_promotion(command.promotion_id)
            code = command.code or generate_code()
            if code in self.coupons:
                raise CouponCodeTaken(f"coupon code {code!r} is already taken")
            self.coupons[code] = command.coupon(code)
            self._keys[command.idempotency_key] = (request_hash, code)
            return self.coupons[code]

    def get_coupon(self, code: str) -> Coupon:
        try:
            return self.coupons[normalize_code(code)]
        except (KeyError, InvalidPromotionInput):
            raise UnknownCoupon(f"unknown coupon {code!r}", coupon_code=code) from None

    def quote(
        self,
        lines: Sequence[BasketLine],
        at: datetime,
        *,
        coupon_codes: Sequence[str] = (),
        customer_id: str | None = None,
        loyalty: LoyaltyOffer | None = None,
        conn: Any = None,
    ) -> Quote:
        require_unique_lines(tuple(lines))
        items = []
        for line in lines:
            sku = self.skus.get(line.sku_id)
            if sku is None:
                raise UnknownSku(
                    f"line {line.line_id}: unknown SKU {line.sku_id!r}", sku_id=line.sku_id
                )
            price = line.unit_price_cents or sku.price_cents
            items.append(LineItem(line.line_id, line.sku_id, line.quantity, price, sku.category))
        with self._lock:
            return price_basket(
                items,
                list(self.promotions.values()),
                dict(self.coupons),
                at=at,
                entered_codes=coupon_codes,
                customer_id=customer_id,
                loyalty=loyalty,
            )

    def redeem(
        self, conn: Any, quote: Quote, *, order_id: str, at: datetime
    ) -> tuple[Redemption, ...]:
        with self._lock:
            for applied in sorted(quote.applied, key=lambda a: a.coupon_code or ""):
                code = applied.coupon_code
                earlier = self._redemptions.get((code or "", order_id))
                if code is None or (earlier is not None and earlier.released_at is None):
                    continue
                coupon = self.coupons.get(code)
                promotion = self.promotions.get(applied.promotion_id)
                reason = coupon_refusal(coupon, promotion, quote.customer_id, at)
                if reason is not None or coupon is None:
                    reason = reason or Refusal.UNKNOWN
                    raise CouponUnavailable(
                        f"coupon {code} cannot be redeemed: {reason.value}", code=code
                    )
                self.coupons[code] = replace(coupon, redemption_count=coupon.redemption_count + 1)
                self._redemptions[(code, order_id)] = Redemption(
                    code, applied.promotion_id, order_id, quote.customer_id, at
                )
            codes = set(quote.coupon_codes)
            return tuple(r for r in self._of(order_id) if r.code in codes)

    def release(self, conn: Any, order_id: str, *, at: datetime) -> tuple[Redemption, ...]:
        with self._lock:
            released = []
            for redemption in self._of(order_id):
                if redemption.released_at is None:
                    back = replace(redemption, released_at=at)
                    self._redemptions[(redemption.code, order_id)] = back
                    coupon = self.coupons[redemption.code]
                    self.coupons[redemption.code] = replace(
                        coupon, redemption_count=coupon.redemption_count - 1
                    )
                    released.append(back)
            return tuple(released)

    def redemptions(self, order_id: str) -> tuple[Redemption, ...]:
        with self._lock:
            return tuple(self._of(order_id))

    def _of(self, order_id: str) -> list[Redemption]:
        return sorted(
            (r for (_, order), r in self._redemptions.items() if order == order_id),
            key=lambda r: r.code,
        )


class FakeBirthdayCalendar(BirthdayCalendar):
    """Customers' birthdays in memory: `add(customer_id, born_on, consent)`."""

    def __init__(self) -> None:
        self.born: dict[str, tuple[date, bool]] = {}

    def add(self, customer_id: str, born_on: date, marketing_consent: bool = True) -> None:
        """Record a customer's date of birth (any year) and consent."""
        self.born[customer_id] = (born_on, marketing_consent)

    def customers_with_birthday_between(self, start: date, end: date) -> Iterable[BirthdayCustomer]:
        for customer_id, (born_on, consent) in sorted(self.born.items()):
            for year in range(start.year, end.year + 1):
                birthday = birthday_in(born_on.month, born_on.day, year)
                if start <= birthday <= end:
                    yield BirthdayCustomer(customer_id, birthday, consent)
