"""Purchases on the service's database (SQL half of `PurchaseHistory`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from inventory import schema as stock_schema
from inventory.errors import UnknownSku
from omniroute.customers.account_store import customer_pk
from omniroute.customers.errors import PurchaseConflict, UnknownPurchase
from omniroute.customers.loyalty import LoyaltyKind, order_source, purchase_source
from omniroute.customers.ports import PurchaseCursor
from omniroute.customers.purchases import Purchase, PurchaseChannel, PurchaseLine
from omniroute.customers.tables import customers, loyalty_ledger, purchase_lines, purchases


def new_purchase_id() -> str:
    """A fresh, opaque purchase id."""
    return "P-" + uuid.uuid4().hex[:20]


def insert_purchase(
    conn: Connection,
    *,
    customer_id: str,
    channel: PurchaseChannel,
    lines: Sequence[PurchaseLine],
    purchased_at: datetime,
    request_hash: str,
    now: datetime,
    order_id: str | None = None,
    location_id: str | None = None,
    receipt_id: str | None = None,
) -> str:
    """Write a purchase and its lines; its id."""
    require_skus(conn, [line.sku_id for line in lines])
    purchase_id = new_purchase_id()
    pk = conn.execute(
        purchases.insert()
        .values(
            id=purchase_id,
            customer_pk=customer_pk(conn, customer_id),
            channel=channel.value,
            order_id=order_id,
            location_id=location_id,
            receipt_id=receipt_id,
            request_hash=request_hash,
            purchased_at=purchased_at,
            recorded_at=now,
        )
        .returning(purchases.c.pk)
    ).scalar_one()
    conn.execute(
        purchase_lines.insert(),
        [
            {
                "purchase_pk": pk,
                "line_no": n,
                "line_id": line.line_id,
                "sku_id": line.sku_id,
                "quantity": line.quantity,
                "unit_price_cents": line.unit_price_cents,
                "discount_cents": line.discount_cents,
            }
            for n, line in enumerate(lines)
        ],
    )
    return purchase_id


def find_purchase(conn: Connection, *conditions: Any) -> tuple[Purchase, str] | None:
    """The one purchase matching `conditions` and its request hash, or None."""
    found = _load(conn, and_(*conditions), limit=1)
    return found[0] if found else None


def check_replay(found: tuple[Purchase, str], request_hash: str, what: str) -> Purchase:
    """The purchase recorded before, if it is this very request; else `PurchaseConflict`."""
    purchase, recorded_hash = found
    if recorded_hash != request_hash:
        raise PurchaseConflict(f"{what} was recorded before with other lines or customer")
    return purchase


def get_purchase(conn: Connection, purchase_id: str, *, lock: bool = False) -> Purchase:
    """One purchase, or `UnknownPurchase`; `lock` holds its row until the transaction ends
    (PostgreSQL; SQLite has one writer at a time anyway)."""
    if lock:
        conn.execute(select(purchases.c.id).where(purchases.c.id == purchase_id).with_for_update())
    found = find_purchase(conn, purchases.c.id == purchase_id)
    if found is None:
        raise UnknownPurchase(f"unknown purchase {purchase_id!r}", purchase_id=purchase_id)
    return found[0]


def purchase_of_order(conn: Connection, order_id: str) -> Purchase:
    """The purchase of an online order, or `UnknownPurchase`."""
    found = find_purchase(conn, purchases.c.order_id == order_id)
    if found is None:
        raise UnknownPurchase(f"no purchase was recorded for order {order_id!r}", order_id=order_id)
    return found[0]


def customer_purchases(
    conn: Connection, customer_id: str, limit: int, after: PurchaseCursor | None
) -> list[Purchase]:
    """A customer's purchases, newest first, after the cursor."""
    condition = purchases.c.customer_pk == customer_pk(conn, customer_id)
    if after is not None:
        moment, purchase_id = after
        condition = and_(
            condition,
            or_(
                purchases.c.purchased_at < moment,
                and_(purchases.c.purchased_at == moment, purchases.c.id < purchase_id),
            ),
        )
    return [purchase for purchase, _ in _load(conn, condition, limit=limit)]


def _load(conn: Connection, condition: Any, *, limit: int) -> list[tuple[Purchase, str]]:
    p = purchases
    heads = conn.execute(
        select(p, customers.c.id.label("customer_id"))
        .join(customers, customers.c.pk == p.c.customer_pk)
        .where(condition)
        .order_by(p.c.purchased_at.desc(), p.c.id.desc())
        .limit(limit)
    ).all()
    if not heads:
        return []
    pks = [head.pk for head in heads]
    lines: dict[int, list[PurchaseLine]] = {pk: [] for pk in pks}
    for row in conn.execute(
        select(purchase_lines)
        .where(purchase_lines.c.purchase_pk.in_(pks))
        .order_by(purchase_lines.c.purchase_pk, purchase_lines.c.line_no)
    ):
        lines[row.purchase_pk].append(
            PurchaseLine(
                row.line_id, row.sku_id, row.quantity, row.unit_price_cents, row.discount_cents
            )
        )
    earned = _points_earned(conn, [_source(head) for head in heads])
    return [
        (
            Purchase(
                purchase_id=head.id,
                customer_id=head.customer_id,
                channel=PurchaseChannel(head.channel),
                lines=tuple(lines[head.pk]),
                purchased_at=head.purchased_at,
                order_id=head.order_id,
                location_id=head.location_id,
                receipt_id=head.receipt_id,
                points_earned=earned.get(_source(head), 0),
            ),
            head.request_hash,
        )
        for head in heads
    ]


def _source(head: Any) -> str:
    return order_source(head.order_id) if head.order_id else purchase_source(head.id)


def _points_earned(conn: Connection, sources: list[str]) -> dict[str, int]:
    lg = loyalty_ledger
    rows = conn.execute(
        select(lg.c.source, func.sum(lg.c.points))
        .where(lg.c.source.in_(sources), lg.c.kind == LoyaltyKind.EARN.value)
        .group_by(lg.c.source)
    ).all()
    return {source: int(points) for source, points in rows}


def require_skus(conn: Connection, sku_ids: Sequence[str]) -> None:
    """`UnknownSku` naming the first SKU the stock model does not know."""
    wanted = sorted(set(sku_ids))
    skus = stock_schema.skus
    known = set(conn.execute(select(skus.c.id).where(skus.c.id.in_(wanted))).scalars())
    for sku_id in sku_ids:
        if sku_id not in known:
            raise UnknownSku(f"unknown SKU {sku_id!r}", sku_id=sku_id)
