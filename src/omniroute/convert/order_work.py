"""Messages of the order work queues (ListShipments) and order events (WatchOrders)."""

from __future__ import annotations

from typing import Any

from omniroute.convert.common import to_timestamp
from omniroute.convert.orders import shipment_to_proto
from omniroute.errors import InvalidRequest, MissingField
from omniroute.orders.order_events import OrderEvent, Subject
from omniroute.orders.records import OrderRecord, ShipmentStatus
from omniroute.orders.work_queue import COUNTER, PICK, TRANSFER_IN, QueuedWork
from omniroute.v1 import order_service_pb2 as pb

#: Kinds of work of the queue table, as the contract names them.
WORK_KINDS = {
    PICK: pb.WORK_KIND_PICK,
    TRANSFER_IN: pb.WORK_KIND_TRANSFER_IN,
    COUNTER: pb.WORK_KIND_COUNTER,
}
_SUBJECTS = {
    Subject.ORDER: pb.ORDER_EVENT_SUBJECT_ORDER,
    Subject.SHIPMENT: pb.ORDER_EVENT_SUBJECT_SHIPMENT,
    Subject.RETURN: pb.ORDER_EVENT_SUBJECT_RETURN,
}


def queue_filters(request: Any) -> tuple[str, str | None, str | None]:
    """(location id, shipment status or None, kind of work or None) of a ListShipments
    request."""
    if not request.location_id:
        raise MissingField("location_id is required", field="location_id")
    status = None
    if request.status:
        try:
            name = pb.ShipmentStatus.Name(request.status)
        except ValueError:
            raise InvalidRequest(
                f"status: unknown shipment status {request.status}", field="status"
            ) from None
        status = ShipmentStatus(name.removeprefix("SHIPMENT_STATUS_").lower()).value
    work = None
    if request.work:
        work = next((k for k, v in WORK_KINDS.items() if v == request.work), None)
        if work is None:
            raise InvalidRequest(f"work: unknown kind of work {request.work}", field="work")
    return request.location_id, status, work


def work_item(item: QueuedWork) -> Any:
    """A WorkItem message of a queue row and its order's record."""
    record = OrderRecord.from_json(item.record)
    shipment = next(s for s in record.shipments if s.shipment_id == item.key.shipment_id)
    line_ids = {line.sku: line.line_id for line in record.lines}
    message = pb.WorkItem(
        work=WORK_KINDS[item.key.work],
        order_id=record.order_id,
        shipment=shipment_to_proto(shipment, line_ids, record.pickup_location_id or ""),
        order_status=f"ORDER_STATUS_{record.status.value.upper()}",
    )
    if item.due_at is not None:
        message.collect_by.CopyFrom(to_timestamp(item.due_at))
    return message


def order_event(event: OrderEvent) -> Any:
    """A WatchOrdersResponse message of an event; its cursor is the event's id."""
    status = event.status.upper()
    fields: dict[str, str] = {}
    if event.subject is Subject.ORDER:
        fields["order_status"] = f"ORDER_STATUS_{status}"
    elif event.subject is Subject.SHIPMENT:
        fields = {"shipment_id": event.subject_id, "shipment_status": f"SHIPMENT_STATUS_{status}"}
    else:
        fields = {"return_id": event.subject_id, "return_status": f"RETURN_STATUS_{status}"}
    return pb.WatchOrdersResponse(
        cursor=str(event.entry_id),
        recorded_at=to_timestamp(event.recorded_at),
        subject=_SUBJECTS[event.subject],
        order_id=event.order_id,
        location_id=event.location_id,
        **fields,
    )
