"""The append-only stock ledger and the audit that proves counters == ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from inventory import order_audit, schema
from inventory.domain import MovementKind, ReservationStatus


def ledger_row(
    now: datetime,
    location_pk: int,
    sku_pk: int,
    kind: MovementKind,
    on_hand_delta: int,
    reserved_delta: int,
    reservation_pk: int | None,
    reference: str,
    *,
    safety_stock_delta: int = 0,
) -> dict[str, object]:
    """One `stock_ledger` row."""
    return {
        "recorded_at": now,
        "location_pk": location_pk,
        "sku_pk": sku_pk,
        "kind": kind.value,
        "on_hand_delta": on_hand_delta,
        "reserved_delta": reserved_delta,
        "reservation_pk": reservation_pk,
        "reference": reference[:200],
        "safety_stock_delta": safety_stock_delta,
    }


@dataclass(frozen=True)
class Mismatch:
    """One (location, SKU) whose counter disagrees with its evidence."""

    location_id: str
    sku_id: str
    counter: str
    counted: int
    expected: int
    evidence: str


@dataclass(frozen=True)
class AuditReport:
    """The result of `audit`: ok when every counter equals the ledger and the holds."""

    stock_rows: int
    ledger_rows: int
    mismatches: tuple[Mismatch, ...]

    @property
    def ok(self) -> bool:
        """Whether no mismatch was found."""
        return not self.mismatches


def audit(conn: Connection, *, limit: int = 100) -> AuditReport:
    """Prove on hand and reserved equal the ledger's sums, and reserved equals open holds;
    dispatch counters equal their lines; order transfers and closed orders add up
    (`order_audit`)."""
    s, lg, ln, r = schema.stock, schema.stock_ledger, schema.reservation_lines, schema.reservations
    sums = (
        select(
            lg.c.location_pk,
            lg.c.sku_pk,
            func.sum(lg.c.on_hand_delta).label("on_hand"),
            func.sum(lg.c.reserved_delta).label("reserved"),
        )
        .group_by(lg.c.location_pk, lg.c.sku_pk)
        .subquery()
    )
    open_statuses = [ReservationStatus.HELD.value, ReservationStatus.COMMITTED.value]
    holds = (
        select(
            ln.c.location_pk,
            ln.c.sku_pk,
            func.sum(ln.c.qty - ln.c.shipped_qty - ln.c.released_qty).label("held"),
        )
        .join(r, r.c.pk == ln.c.reservation_pk)
        .where(r.c.status.in_(open_statuses))
        .group_by(ln.c.location_pk, ln.c.sku_pk)
        .subquery()
    )
    counted_on_hand = func.coalesce(sums.c.on_hand, 0)
    counted_reserved = func.coalesce(sums.c.reserved, 0)
    held = func.coalesce(holds.c.held, 0)
    query = (
        select(
            s.c.location_pk,
            s.c.sku_pk,
            s.c.on_hand,
            s.c.reserved,
            counted_on_hand,
            counted_reserved,
            held,
        )
        .outerjoin(sums, (sums.c.location_pk == s.c.location_pk) & (sums.c.sku_pk == s.c.sku_pk))
        .outerjoin(holds, (holds.c.location_pk == s.c.location_pk) & (holds.c.sku_pk == s.c.sku_pk))
        .where(
            (s.c.on_hand != counted_on_hand)
            | (s.c.reserved != counted_reserved)
            | (s.c.reserved != held)
            | (s.c.reserved > s.c.on_hand)
        )
        .limit(limit)
    )
    broken_rows = conn.execute(query).all()
    # Ledger rows for a (location, SKU) that has no counters at all.
    orphans = conn.execute(
        select(sums.c.location_pk, sums.c.sku_pk)
        .outerjoin(s, (sums.c.location_pk == s.c.location_pk) & (sums.c.sku_pk == s.c.sku_pk))
        .where(s.c.sku_pk.is_(None))
        .limit(limit)
    ).all()
    # Ids are looked up only to name what is wrong: a clean audit reads no names.
    names = _names(conn) if broken_rows or orphans else ({}, {})
    mismatches: list[Mismatch] = []
    for loc, sku, on_hand, reserved, l_on_hand, l_reserved, l_held in broken_rows:
        ids = (names[0].get(loc, str(loc)), names[1].get(sku, str(sku)))
        for counter, counted, expected, evidence in (
            ("on_hand", on_hand, l_on_hand, "ledger"),
            ("reserved", reserved, l_reserved, "ledger"),
            ("reserved", reserved, l_held, "open reservations"),
            ("reserved", reserved, on_hand, "at most on hand"),
        ):
            broken = counted > expected if evidence == "at most on hand" else counted != expected
            if broken:
                mismatches.append(Mismatch(*ids, counter, counted, int(expected), evidence))
    for loc, sku in orphans:
        mismatches.append(
            Mismatch(
                names[0].get(loc, str(loc)),
                names[1].get(sku, str(sku)),
                "row",
                0,
                1,
                "ledger rows without counters",
            )
        )
    mismatches.extend(_dispatch_mismatches(conn, limit))
    mismatches.extend(_order_mismatches(conn, limit))
    stock_rows = conn.execute(select(func.count()).select_from(s)).scalar_one()
    ledger_rows = conn.execute(select(func.count()).select_from(lg)).scalar_one()
    return AuditReport(stock_rows, ledger_rows, tuple(mismatches))


def _dispatch_mismatches(conn: Connection, limit: int) -> list[Mismatch]:
    """Each (location, day) counter of dispatch capacity equals the units of the lines that
    count on it and were not released (shipped ones stay counted)."""
    c, ln = schema.dispatch_capacity, schema.reservation_lines
    lines = (
        select(
            ln.c.location_pk,
            ln.c.dispatch_on,
            func.sum(ln.c.qty - ln.c.released_qty).label("units"),
        )
        .where(ln.c.dispatch_on.is_not(None))
        .group_by(ln.c.location_pk, ln.c.dispatch_on)
        .subquery()
    )
    counted = func.coalesce(c.c.used, 0)
    expected = func.coalesce(lines.c.units, 0)
    key = (c.c.location_pk == lines.c.location_pk) & (c.c.dispatch_on == lines.c.dispatch_on)
    location_pk = func.coalesce(c.c.location_pk, lines.c.location_pk)
    day = func.coalesce(c.c.dispatch_on, lines.c.dispatch_on)
    rows = conn.execute(
        select(location_pk, day, counted, expected)
        .select_from(c.join(lines, key, full=True))
        .where(counted != expected)
        .limit(limit)
    ).all()
    names = _names(conn)[0] if rows else {}
    return [
        Mismatch(
            names.get(loc, str(loc)),
            "",
            f"dispatched on {on}",
            int(used),
            int(units),
            "reservation lines",
        )
        for loc, on, used, units in rows
    ]


def _order_mismatches(conn: Connection, limit: int) -> list[Mismatch]:
    """The rules of `order_audit`: transfers and closed orders."""
    found = [
        Mismatch("", sku_id, f"arrived by transfer {reference}", arrived, left, "units that left")
        for reference, sku_id, arrived, left in order_audit.transfer_rows(conn, limit)
    ]
    found += [
        Mismatch(
            "", "", f"held for {status} order {order_id}", units, 0, "closed orders hold nothing"
        )
        for order_id, status, units in order_audit.closed_order_holds(conn, limit)
    ]
    return found


def _names(conn: Connection) -> tuple[dict[int, str], dict[int, str]]:
    locs = dict(conn.execute(select(schema.locations.c.pk, schema.locations.c.id)).all())
    skus = dict(conn.execute(select(schema.skus.c.pk, schema.skus.c.id)).all())
    return locs, skus
