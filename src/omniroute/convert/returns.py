"""ReturnService messages <-> the returns workflow."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from omniroute.convert.common import optional_timestamp, to_timestamp
from omniroute.errors import InvalidRequest, MissingField
from omniroute.returns.commands import (
    Reason,
    ReceivedItem,
    ReceiveReturn,
    RequestReturn,
    ReturnItem,
)
from omniroute.returns.records import Channel, DestinationRecord, ReturnRecord
from omniroute.v1 import common_pb2
from omniroute.v1 import return_service_pb2 as pb
from routing import ReturnCondition as Condition

DEFAULT_STRATEGY = "optimal"
CHANNELS: dict[int, Channel] = {
    pb.RETURN_CHANNEL_STORE_DROP_OFF: Channel.STORE_DROP_OFF,
    pb.RETURN_CHANNEL_POST: Channel.POST,
}
CONDITIONS: dict[int, Condition] = {
    pb.ITEM_CONDITION_NEW: Condition.NEW,
    pb.ITEM_CONDITION_OPENED: Condition.OPENED,
    pb.ITEM_CONDITION_DAMAGED: Condition.DAMAGED,
    pb.ITEM_CONDITION_DEFECTIVE: Condition.DEFECTIVE,
}
REASONS = {
    value: pb.ReturnReason.Name(value).removeprefix("RETURN_REASON_").lower()
    for value in pb.ReturnReason.values()
    if value != pb.RETURN_REASON_UNSPECIFIED
}
#: Cost terms of a return destination (`routing.RETURN_TERMS`) as contract kinds.
COST_TERM_KINDS = {
    "base": common_pb2.COST_TERM_KIND_SHIPMENT_BASE,
    "distance": common_pb2.COST_TERM_KIND_SHIPPING,
    "handling": common_pb2.COST_TERM_KIND_HANDLING,
    "value": common_pb2.COST_TERM_KIND_NEED_VALUE,
}


def return_command(request: Any, *, idempotency_key: str | None = None) -> RequestReturn:
    """The `RequestReturn` of a QuoteReturnRequest or RegisterReturnRequest."""
    if not request.order_id:
        raise MissingField("order_id is required", field="order_id")
    channel = CHANNELS.get(request.channel)
    if channel is None:
        raise InvalidRequest("channel must be RETURN_CHANNEL_STORE_DROP_OFF or RETURN_CHANNEL_POST")
    point = request.ship_from if request.HasField("ship_from") else None
    return RequestReturn(
        order_id=request.order_id,
        items=_items(request.lines),
        channel=channel,
        drop_off_location_id=request.drop_off_location_id or None,
        ship_from=(point.latitude, point.longitude) if point is not None else None,
        idempotency_key=idempotency_key,
        strategy=request.strategy or DEFAULT_STRATEGY,
    )


def receive_command(request: Any, *, now: datetime) -> ReceiveReturn:
    """The `ReceiveReturn` of a ReceiveReturnRequest: the listed units arrived, at
    `location_id` or (empty) where the return is expected."""
    if not request.return_id:
        raise MissingField("return_id is required", field="return_id")
    if not request.lines:
        raise MissingField(
            "lines: list the units that arrived (units not listed are not received)",
            field="lines",
        )
    items = []
    for n, line in enumerate(request.lines, start=1):
        where, path = f"lines[{n}]", f"lines[{n - 1}]"  # counted from 1 for people
        if not line.order_line_id:
            raise MissingField(f"{where}: order_line_id is required", field=f"{path}.order_line_id")
        condition = _condition(line.condition, where, path, required=True)
        items.append(ReceivedItem(line.order_line_id, line.quantity, condition))
    return ReceiveReturn(
        return_id=request.return_id,
        location_id=request.location_id or None,
        items=tuple(items),
        received_at=optional_timestamp(request, "received_at") or now,
    )


def _items(lines: Sequence[Any]) -> tuple[ReturnItem, ...]:
    items = []
    for n, line in enumerate(lines, start=1):
        where, path = f"lines[{n}]", f"lines[{n - 1}]"  # counted from 1 for people
        if not line.order_line_id:
            raise MissingField(f"{where}: order_line_id is required", field=f"{path}.order_line_id")
        if line.quantity < 1:
            raise InvalidRequest(
                f"{where}: quantity must be at least 1, got {line.quantity}",
                field=f"{path}.quantity",
            )
        items.append(
            ReturnItem(
                line_id=line.order_line_id,
                qty=line.quantity,
                condition=_condition(line.condition, where, path, required=False),
                reason=Reason(REASONS.get(line.reason, "other")),
                reason_note=line.reason_note,
            )
        )
    if not items:
        raise InvalidRequest("a return needs at least one line")
    return tuple(items)


def _condition(value: int, where: str, path: str, *, required: bool) -> Condition:
    if value == pb.ITEM_CONDITION_UNSPECIFIED and not required:
        return Condition.NEW
    condition = CONDITIONS.get(value)
    if condition is None:
        raise InvalidRequest(
            f"{where}: condition must be given (NEW, OPENED, DAMAGED, DEFECTIVE)",
            field=f"{path}.condition",
        )
    return condition


# Records -> messages

AddressOf = Callable[[str], Any]


def return_to_proto(record: ReturnRecord, address_of: AddressOf) -> Any:
    """The contract's ProductReturn of a record; `address_of` gives a location's Address."""
    received = {ln.line_id: ln for ln in record.received}
    lines = []
    for ln in record.lines:
        got = received.get(ln.line_id)
        item = pb.ReturnLine(
            order_line_id=ln.line_id,
            sku_id=ln.sku,
            quantity=ln.qty,
            reason=f"RETURN_REASON_{ln.reason.upper()}",
            reason_note=ln.reason_note,
            condition=f"ITEM_CONDITION_{(got.condition if got else ln.condition).upper()}",
            refund_cents=got.refund_cents if got else ln.refund_cents,
            kept_at_drop_off=ln.kept_at_drop_off,
        )
        if got is not None:
            item.disposition = f"DISPOSITION_{got.disposition.upper()}"  # type: ignore[assignment]
            item.received_quantity = got.qty
            item.received_location_id = got.location_id
        lines.append(item)
    refund = record.refund_due_cents if record.received else record.quoted_refund_cents
    message = pb.ProductReturn(
        return_id=record.return_id,
        order_id=record.order_id,
        customer_id=record.customer_id or "",
        channel=f"RETURN_CHANNEL_{record.channel.value.upper()}",
        status=f"RETURN_STATUS_{record.status.value.upper()}",
        lines=lines,
        destination=destination_to_proto(record.destination, address_of),
        refund_cents=record.refunded_cents or refund,
        carrier=record.carrier,
        tracking_number=record.tracking_number,
        received_location_id=record.received_location_id,
        refund_reference=record.refund_reference,
        registered_at=to_timestamp(record.registered_at),
        alternatives=[destination_to_proto(a, address_of) for a in record.alternatives],
        drop_off_location_id=record.drop_off_location_id or "",
        strategy=record.strategy,
    )
    for name in ("handed_to_carrier_at", "received_at", "refunded_at"):
        moment = getattr(record, name)
        if moment is not None:
            getattr(message, name).CopyFrom(to_timestamp(moment))
    return message


def destination_to_proto(destination: DestinationRecord, address_of: AddressOf) -> Any:
    """A ReturnDestination with the location's address for the label."""
    return pb.ReturnDestination(
        location_id=destination.location_id,
        address=address_of(destination.location_id),
        cost_cents=destination.cost_cents,
        cost_terms=[
            common_pb2.CostTerm(
                kind=COST_TERM_KINDS.get(name, common_pb2.COST_TERM_KIND_UNSPECIFIED),
                amount_cents=cents,
                description=name,
            )
            for name, cents in destination.cost_terms.items()
            if cents
        ],
        reason=destination.reason,
    )
