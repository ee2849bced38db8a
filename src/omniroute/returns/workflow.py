"""The returns desk: quote, register, hand to carrier, receive (restock), refund.

Every step is one write transaction that locks the order's row, or the store purchase's
(PostgreSQL), or the whole database (SQLite), so two returns of one sale cannot both claim
the same units; a step
that does not follow from the return's state changes nothing and raises `ReturnStateError`.
Choosing the destination (an optimisation, see `destinations`) happens before the write
transaction, on a snapshot; the quantities and refunds are checked again inside it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from inventory import StockEvent, StockLevel
from inventory import stock_events as stock_ops
from inventory.domain import MovementKind
from inventory.model import StockModel
from omniroute.customers.errors import UnknownPurchase
from omniroute.customers.ports import CustomerPort, has_account
from omniroute.orders.errors import UnknownOrder
from omniroute.orders.records import load_order
from omniroute.returns.commands import ReceivedItem, ReceiveReturn, RequestReturn, ReturnItem
from omniroute.returns.destinations import Routed, choose_destination
from omniroute.returns.errors import ReturnConflict, ReturnExceedsPurchase, ReturnStateError
from omniroute.returns.records import (
    Channel,
    ReceivedLineRecord,
    ReturnLineRecord,
    ReturnRecord,
    ReturnStatus,
    find_by_key,
    insert_return,
    load_return,
    returns_of_order,
    save_return,
)
from omniroute.returns.refund import refund_cents
from omniroute.returns.sold import Sale, sale_of_order, sale_of_purchase
from routing.problem import LocationKind
from routing.return_disposition import Disposition, disposition


class ReturnDesk:
    """Returns against the orders of one stock model."""

    def __init__(
        self,
        model: StockModel,
        *,
        returns_warehouse_id: str | None = None,
        customers: CustomerPort | None = None,
    ) -> None:
        """`customers` makes store purchases returnable and takes back loyalty points
        earned on what is refunded."""
        self.model = model
        self.returns_warehouse_id = returns_warehouse_id
        self.customers = customers

    # Before the parcel leaves

    def quote(self, request: RequestReturn) -> ReturnRecord:
        """Destination and refund of a return, without registering it."""
        with self.model.read() as conn:
            sale, earlier = self._sale(conn, request.order_id)
        lines = _claim(sale, request.items, earlier, kept=frozenset())
        routed = self._route(sale, request, lines)
        return self._record("", sale, request, _keep(lines, routed), routed, _now())

    def register(self, request: RequestReturn) -> tuple[ReturnRecord, bool]:
        """Register a return; a retry with the same key returns the first one (replayed)."""
        replayed = self._replay(request)
        if replayed is not None:
            return replayed, True
        quote = self.quote(request)
        now = _now()
        try:
            with self.model.write() as conn:
                sale, earlier = self._sale(conn, request.order_id, lock=True)
                lines = _claim(sale, request.items, earlier, kept=_kept(quote.lines))
                record = quote.with_changes(
                    return_id=f"RET-{uuid.uuid4().hex[:20].upper()}",
                    lines=lines,
                    registered_at=now,
                    updated_at=now,
                )
                insert_return(conn, record, request.idempotency_key, request.fingerprint())
        except IntegrityError:
            again = self._replay(request)
            if again is None:
                raise
            return again, True
        return record, False

    # The parcel's journey

    def hand_to_carrier(
        self, return_id: str, carrier: str, tracking_number: str, at: datetime | None = None
    ) -> ReturnRecord:
        """A return by post was handed to the carrier."""
        with self.model.write() as conn:
            record = load_return(conn, return_id, lock=True)
            if record.channel is not Channel.POST:
                raise ReturnStateError(
                    f"return {return_id} was dropped off in store; it has no carrier leg"
                )
            _require(record, ReturnStatus.REGISTERED, "handed to the carrier")
            moment = at or _now()
            updated = record.with_changes(
                status=ReturnStatus.HANDED_TO_CARRIER,
                carrier=carrier,
                tracking_number=tracking_number,
                handed_to_carrier_at=moment,
                updated_at=moment,
            )
            save_return(conn, updated)
        return updated

    def receive(self, command: ReceiveReturn) -> tuple[ReturnRecord, list[StockLevel]]:
        """Units arrived: resellable ones are restocked (with ledger rows), others disposed."""
        with self.model.write() as conn:
            record = load_return(conn, command.return_id, lock=True)
            expected = (
                ReturnStatus.HANDED_TO_CARRIER
                if record.channel is Channel.POST
                else ReturnStatus.REGISTERED
            )
            _require(record, expected, "received")
            arrival = record.drop_off_location_id or record.destination.location_id
            if command.location_id not in (None, arrival):
                raise ReturnStateError(
                    f"return {record.return_id} is expected at {arrival},"
                    f" not at {command.location_id}"
                )
            received = _received(record, command.items, arrival, self._kinds(record))
            events = _stock_events(record, received)
            if events:
                stock_ops.apply_events(conn, self.model.catalog, events, command.received_at)
            updated = record.with_changes(
                status=ReturnStatus.RECEIVED,
                received=received,
                received_location_id=arrival,
                received_at=command.received_at,
                updated_at=command.received_at,
            )
            save_return(conn, updated)
        touched = sorted({(e.location_id, e.sku_id) for e in events})
        return updated, [self.model.get_stock(loc, sku) for loc, sku in touched]

    def refund(
        self, return_id: str, idempotency_key: str, reference: str = ""
    ) -> tuple[ReturnRecord, bool]:
        """Refund what arrived, once; the same key again returns the refund (replayed)."""
        with self.model.write() as conn:
            record = load_return(conn, return_id, lock=True)
            if record.status is ReturnStatus.REFUNDED:
                if record.refund_key == idempotency_key:
                    return record, True
                raise ReturnStateError(f"return {return_id} was refunded already")
            _require(record, ReturnStatus.RECEIVED, "refunded")
            sale, earlier = self._sale(conn, record.order_id, lock=True)
            refunded_before = sum(r.refunded_cents for r in earlier)
            due = record.refund_due_cents
            if refunded_before + due > sale.paid_cents:
                raise ReturnStateError(
                    f"refunding {due} cents would bring the refunds of order {sale.order_id}"
                    f" above the {sale.paid_cents} cents paid"
                )
            moment = _now()
            customers, customer_id = self.customers, sale.customer_id
            if due and customers and customer_id and has_account(customers, conn, customer_id):
                customers.reverse_points(
                    conn,
                    customer_id=customer_id,
                    return_id=return_id,
                    refunded_cents=due,
                    at=moment,
                    order_id=None if sale.purchase_id else sale.order_id,
                    purchase_id=sale.purchase_id,
                )
            updated = record.with_changes(
                status=ReturnStatus.REFUNDED,
                refunded_cents=due,
                refund_key=idempotency_key,
                refund_reference=reference,
                refunded_at=moment,
                updated_at=moment,
            )
            save_return(conn, updated)
        return updated, False

    def get(self, return_id: str) -> ReturnRecord:
        """A return as it stands."""
        with self.model.read() as conn:
            return load_return(conn, return_id)

    # Helpers

    def _sale(
        self, conn: Connection, order_id: str, *, lock: bool = False
    ) -> tuple[Sale, list[ReturnRecord]]:
        try:
            sale = sale_of_order(load_order(conn, order_id, lock=lock))
        except UnknownOrder:
            if self.customers is None:
                raise
            try:
                sale = sale_of_purchase(self.customers.get_purchase(conn, order_id, lock=lock))
            except UnknownPurchase:
                raise UnknownOrder(
                    f"no order or store purchase has the id {order_id!r}", order_id=order_id
                ) from None
        return sale, returns_of_order(conn, order_id)

    def _route(
        self, sale: Sale, request: RequestReturn, lines: Sequence[ReturnLineRecord]
    ) -> Routed:
        return choose_destination(
            self.model,
            sale,
            lines,
            request,
            returns_warehouse_id=self.returns_warehouse_id,
        )

    def _record(
        self,
        return_id: str,
        sale: Sale,
        request: RequestReturn,
        lines: tuple[ReturnLineRecord, ...],
        routed: Routed,
        now: datetime,
    ) -> ReturnRecord:
        return ReturnRecord(
            return_id=return_id,
            order_id=sale.order_id,
            customer_id=sale.customer_id,
            channel=request.channel,
            status=ReturnStatus.REGISTERED,
            lines=lines,
            destination=routed.destination,
            alternatives=routed.alternatives,
            drop_off_location_id=request.drop_off_location_id,
            registered_at=now,
            updated_at=now,
            strategy=routed.strategy,
        )

    def _replay(self, request: RequestReturn) -> ReturnRecord | None:
        if request.idempotency_key is None:
            return None
        with self.model.read() as conn:
            found = find_by_key(conn, request.idempotency_key)
        if found is None:
            return None
        request_hash, text = found
        if request_hash != request.fingerprint():
            raise ReturnConflict("this idempotency key was used for a different return")
        return ReturnRecord.from_json(text)

    def _kinds(self, record: ReturnRecord) -> dict[str, LocationKind]:
        ids = {record.destination.location_id, record.drop_off_location_id or ""} - {""}
        return {loc: LocationKind(self.model.get_location(loc).kind.value) for loc in ids}


def _claim(
    sale: Sale,
    items: Sequence[ReturnItem],
    earlier: Sequence[ReturnRecord],
    *,
    kept: frozenset[str],
) -> tuple[ReturnLineRecord, ...]:
    """The return's lines with their refunds, after checking that the units can come back."""
    claimed: dict[str, int] = {}
    for other in earlier:
        for ln in other.lines:
            claimed[ln.line_id] = claimed.get(ln.line_id, 0) + ln.qty
    lines = []
    for item in items:
        sold = sale.line(item.line_id)
        if sold is None:
            raise ReturnExceedsPurchase(f"line {item.line_id!r} is not on order {sale.order_id}")
        if item.qty > sold.qty:
            raise ReturnExceedsPurchase(
                f"line {item.line_id}: {item.qty} units asked back, {sold.qty} bought"
            )
        if item.qty > sold.delivered:
            raise ReturnStateError(
                f"line {item.line_id}: only {sold.delivered} of its {sold.qty} units were"
                " delivered; units not shipped are cancelled, not returned"
            )
        before = claimed.get(item.line_id, 0)
        if before + item.qty > sold.delivered:
            raise ReturnStateError(
                f"line {item.line_id}: {before} of its {sold.delivered} delivered units are"
                f" returned already; {item.qty} more cannot come back"
            )
        lines.append(
            ReturnLineRecord(
                line_id=item.line_id,
                sku=sold.sku,
                qty=item.qty,
                reason=item.reason.value,
                condition=item.condition.value,
                refund_cents=refund_cents(sold.paid_cents, sold.qty, before, item.qty),
                reason_note=item.reason_note,
                kept_at_drop_off=item.line_id in kept,
                line_qty=sold.qty,
                line_paid_cents=sold.paid_cents,
                units_before=before,
            )
        )
    return tuple(lines)


def _keep(lines: tuple[ReturnLineRecord, ...], routed: Routed) -> tuple[ReturnLineRecord, ...]:
    return tuple(ln.with_kept(ln.line_id in routed.kept_line_ids) for ln in lines)


def _kept(lines: Sequence[ReturnLineRecord]) -> frozenset[str]:
    return frozenset(ln.line_id for ln in lines if ln.kept_at_drop_off)


def _received(
    record: ReturnRecord,
    items: Sequence[ReceivedItem],
    arrival: str,
    kinds: dict[str, LocationKind],
) -> tuple[ReceivedLineRecord, ...]:
    """The received lines: the `items` that arrived at `arrival`; a registered line not
    among them did not arrive (nothing received, nothing refunded)."""
    declared = {ln.line_id: ln for ln in record.lines}
    seen: set[str] = set()
    result = []
    for item in items:
        line = declared.get(item.line_id)
        if line is None:
            raise ReturnExceedsPurchase(
                f"line {item.line_id!r} is not part of return {record.return_id}"
            )
        if item.line_id in seen:
            raise ReturnExceedsPurchase(f"line {item.line_id} is received twice")
        seen.add(item.line_id)
        if item.qty > line.qty:
            raise ReturnExceedsPurchase(
                f"line {item.line_id}: {item.qty} units received, {line.qty} registered"
            )
        goes_to = (
            arrival
            if record.channel is Channel.POST or line.kept_at_drop_off
            else record.destination.location_id
        )
        result.append(
            ReceivedLineRecord(
                line_id=line.line_id,
                sku=line.sku,
                qty=item.qty,
                condition=item.condition.value,
                disposition=disposition(item.condition, kinds[goes_to]).value,
                location_id=goes_to,
                refund_cents=refund_cents_for(line, item.qty),
            )
        )
    return tuple(result)


def refund_cents_for(line: ReturnLineRecord, received: int) -> int:
    """The refund of `received` of a registered line's units (all of them: its quote)."""
    if received == line.qty:
        return line.refund_cents
    return refund_cents(line.line_paid_cents, line.line_qty, line.units_before, received)


def _stock_events(record: ReturnRecord, received: Sequence[ReceivedLineRecord]) -> list[StockEvent]:
    """Restocked units enter the location that receives them (a return receipt); units a
    drop-off store sends on are booked in there and out again as a transfer, and enter the
    destination when its own feed reports the transfer in."""
    events = []
    store = record.drop_off_location_id
    for ln in received:
        if ln.disposition != Disposition.RESTOCK.value or ln.qty == 0:
            continue
        if store is not None and ln.location_id != store:
            reference = f"return {record.return_id} sent on to {ln.location_id}"
            events.append(StockEvent(MovementKind.RETURN_RECEIPT, store, ln.sku, ln.qty, reference))
            events.append(StockEvent(MovementKind.TRANSFER_OUT, store, ln.sku, ln.qty, reference))
        else:
            reference = f"return {record.return_id}"
            events.append(
                StockEvent(MovementKind.RETURN_RECEIPT, ln.location_id, ln.sku, ln.qty, reference)
            )
    return events


def _require(record: ReturnRecord, status: ReturnStatus, step: str) -> None:
    if record.status is not status:
        raise ReturnStateError(
            f"return {record.return_id} is {record.status.value.replace('_', ' ')};"
            f" it can be {step} only when {status.value.replace('_', ' ')}"
        )


def _now() -> datetime:
    return datetime.now(UTC)
