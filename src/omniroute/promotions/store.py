"""`PromotionStore`: the promotions port on the service's own database (SQLite or
PostgreSQL), next to the stock model so that coupons are redeemed in the order's
transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, or_, select, update
from sqlalchemy.exc import IntegrityError

from inventory import schema as stock_schema
from inventory.catalog import upsert_statement
from inventory.database import reader
from inventory.errors import UnknownSku
from inventory.id_pages import id_page
from omniroute.promotions import redemptions, schema
from omniroute.promotions.basket import BasketLine, LineItem, LoyaltyOffer, require_unique_lines
from omniroute.promotions.codes import fingerprint, generate_code
from omniroute.promotions.domain import Coupon, IssueCoupon, Promotion, normalize_code
from omniroute.promotions.engine import price_basket
from omniroute.promotions.errors import (
    CouponCodeTaken,
    CouponConflict,
    InvalidPromotionInput,
    UnknownCoupon,
    UnknownPromotion,
)
from omniroute.promotions.port import PromotionsPort, Redemption
from omniroute.promotions.quote import Quote
from omniroute.promotions.rows import (
    coupon_from_row,
    coupon_row,
    promotion_from_row,
    promotion_row,
)

P = schema.promotions.c
C = schema.coupons.c
#: Generated codes are 60 random bits; a clash is retried this many times.
CODE_ATTEMPTS = 5


class PromotionStore(PromotionsPort):
    """Promotions and coupons on `engine` (already migrated by `StockModel.open`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._reader = reader(engine)

    def upsert_promotion(self, promotion: Promotion) -> bool:
        row = promotion_row(promotion, datetime.now(UTC))
        with self.engine.begin() as conn:
            created = (
                conn.execute(
                    upsert_statement(conn, schema.promotions)
                    .values(row)
                    .on_conflict_do_nothing(index_elements=["id"])
                    .returning(P.pk)
                ).first()
                is not None
            )
            if not created:
                conn.execute(update(schema.promotions).where(P.id == promotion.promotion_id), row)
        return created

    def get_promotion(self, promotion_id: str) -> Promotion:
        with self._read(None) as conn:
            row = conn.execute(select(schema.promotions).where(P.id == promotion_id)).first()
        if row is None:
            raise UnknownPromotion(f"unknown promotion {promotion_id!r}", promotion_id=promotion_id)
        return promotion_from_row(row)

    def list_promotions(
        self, *, after: str | None, limit: int, active_at: datetime | None = None
    ) -> list[Promotion]:
        query = select(schema.promotions)
        if active_at is not None:
            query = query.where(
                or_(P.valid_from.is_(None), P.valid_from <= active_at),
                or_(P.valid_until.is_(None), P.valid_until > active_at),
            )
        with self._read(None) as conn:
            rows = id_page(conn, schema.promotions, query, after, limit)
        return [promotion_from_row(row) for row in rows]

    def issue_coupon(self, command: IssueCoupon) -> Coupon:
        request_hash = fingerprint(command)
        for _ in range(CODE_ATTEMPTS):
            code = command.code or generate_code()
            try:
                with self.engine.begin() as conn:
                    return self._insert_coupon(conn, command, code, request_hash)
            except IntegrityError:
                with self._read(None) as conn:
                    found = self._by_key(conn, command, request_hash)
                if found is not None:
                    return found  # a concurrent retry of this very command won
                if command.code:
                    raise CouponCodeTaken(f"coupon code {code!r} is already taken") from None
        raise CouponCodeTaken("could not generate a free coupon code; try again")

    def get_coupon(self, code: str) -> Coupon:
        with self._read(None) as conn:
            row = conn.execute(select(schema.coupons).where(C.code == _normal(code))).first()
        if row is None:
            raise UnknownCoupon(f"unknown coupon {code!r}", coupon_code=code)
        return coupon_from_row(row)

    def quote(
        self,
        lines: Sequence[BasketLine],
        at: datetime,
        *,
        coupon_codes: Sequence[str] = (),
        customer_id: str | None = None,
        loyalty: LoyaltyOffer | None = None,
        conn: Connection | None = None,
    ) -> Quote:
        require_unique_lines(tuple(lines))
        codes = [c for c in map(_normal, coupon_codes) if c]
        with self._read(conn) as c:
            items = _line_items(c, lines)
            coupons = {
                row.code: coupon_from_row(row)
                for row in c.execute(select(schema.coupons).where(C.code.in_(codes)))
            }
            wanted = {coupon.promotion_id for coupon in coupons.values()}
            promotions = [
                promotion_from_row(row)
                for row in c.execute(
                    select(schema.promotions).where(
                        or_(P.requires_coupon.is_(False), P.id.in_(wanted))
                    )
                )
            ]
        return price_basket(
            items,
            promotions,
            coupons,
            at=at,
            entered_codes=coupon_codes,
            customer_id=customer_id,
            loyalty=loyalty,
        )

    def redeem(
        self, conn: Connection, quote: Quote, *, order_id: str, at: datetime
    ) -> tuple[Redemption, ...]:
        return redemptions.redeem(conn, quote, order_id, at)

    def release(self, conn: Connection, order_id: str, *, at: datetime) -> tuple[Redemption, ...]:
        return redemptions.release(conn, order_id, at)

    def redemptions(self, order_id: str) -> tuple[Redemption, ...]:
        with self._read(None) as conn:
            return tuple(redemptions.order_redemptions(conn, order_id))

    @contextmanager
    def _read(self, conn: Connection | None) -> Iterator[Connection]:
        if conn is not None:
            yield conn
            return
        with self._reader.connect() as fresh:
            yield fresh

    def _insert_coupon(
        self, conn: Connection, command: IssueCoupon, code: str, request_hash: str
    ) -> Coupon:
        found = self._by_key(conn, command, request_hash)
        if found is not None:
            return found
        if conn.execute(select(P.pk).where(P.id == command.promotion_id)).first() is None:
            raise UnknownPromotion(
                f"unknown promotion {command.promotion_id!r}", promotion_id=command.promotion_id
            )
        conn.execute(schema.coupons.insert().values(coupon_row(command, code, request_hash)))
        return command.coupon(code)

    @staticmethod
    def _by_key(conn: Connection, command: IssueCoupon, request_hash: str) -> Coupon | None:
        row = conn.execute(
            select(schema.coupons).where(C.idempotency_key == command.idempotency_key)
        ).first()
        if row is None:
            return None
        if row.request_hash != request_hash:
            raise CouponConflict(
                f"idempotency key {command.idempotency_key!r} was already used for another coupon"
            )
        return coupon_from_row(row)


def _normal(code: str) -> str:
    """The stored form of a code, or "" when it cannot be one."""
    try:
        return normalize_code(code)
    except InvalidPromotionInput:
        return ""


def _line_items(conn: Connection, lines: Sequence[BasketLine]) -> list[LineItem]:
    """Lines with the SKU's category, and its list price where none is given."""
    skus = stock_schema.skus.c
    wanted = {line.sku_id for line in lines}
    found = {
        row.id: row
        for row in conn.execute(
            select(skus.id, skus.category, skus.price_cents).where(skus.id.in_(wanted))
        )
    }
    items = []
    for line in lines:
        sku = found.get(line.sku_id)
        if sku is None:
            raise UnknownSku(
                f"line {line.line_id}: unknown SKU {line.sku_id!r}", sku_id=line.sku_id
            )
        items.append(
            LineItem(
                line_id=line.line_id,
                sku_id=line.sku_id,
                quantity=line.quantity,
                unit_price_cents=line.unit_price_cents or sku.price_cents,
                category=sku.category,
            )
        )
    return items
