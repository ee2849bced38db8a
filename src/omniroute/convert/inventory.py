"""InventoryService messages <-> domain values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from inventory import MovementKind, StockEvent, StockLevel
from inventory.availability import NearbyLocation
from omniroute.convert.common import (
    location_to_proto,
    optional_timestamp,
    stock_level_to_proto,
    to_timestamp,
)
from omniroute.errors import InvalidRequest, MissingField
from omniroute.services.stock_feed import BatchOutcome, FeedItem, PlanningChange
from omniroute.services.stock_queries import SkuSummary
from omniroute.stock_watch import ChangeCause, StockChange
from omniroute.v1 import inventory_service_pb2 as pb

MOVEMENTS = {
    pb.STOCK_EVENT_TYPE_RECEIPT: MovementKind.RECEIPT,
    pb.STOCK_EVENT_TYPE_POS_SALE: MovementKind.POS_SALE,
    pb.STOCK_EVENT_TYPE_ADJUSTMENT: MovementKind.ADJUSTMENT,
    pb.STOCK_EVENT_TYPE_TRANSFER_OUT: MovementKind.TRANSFER_OUT,
    pb.STOCK_EVENT_TYPE_TRANSFER_IN: MovementKind.TRANSFER_IN,
}
TRANSFERS = {pb.STOCK_EVENT_TYPE_TRANSFER_OUT, pb.STOCK_EVENT_TYPE_TRANSFER_IN}
CAUSES = {
    ChangeCause.SNAPSHOT: pb.STOCK_CHANGE_CAUSE_SNAPSHOT,
    ChangeCause.STOCK_EVENT: pb.STOCK_CHANGE_CAUSE_STOCK_EVENT,
    ChangeCause.RESERVE: pb.STOCK_CHANGE_CAUSE_RESERVE,
    ChangeCause.RELEASE: pb.STOCK_CHANGE_CAUSE_RELEASE,
    ChangeCause.SHIPMENT: pb.STOCK_CHANGE_CAUSE_SHIPMENT,
    ChangeCause.RETURN_RECEIPT: pb.STOCK_CHANGE_CAUSE_RETURN_RECEIPT,
}


def feed_batch(request: Any) -> tuple[str, list[FeedItem]]:
    """(idempotency key, items) of an Apply/StreamStockEvents request."""
    if not request.idempotency_key.strip():
        raise MissingField("idempotency_key is required", field="idempotency_key")
    if not request.events:
        raise InvalidRequest("a batch needs at least one event")
    return request.idempotency_key, [
        feed_item(event, f"events[{i}]") for i, event in enumerate(request.events)
    ]


def occurred_times(request: Any) -> Iterator[float]:
    """The Unix times at which a feed batch's events occurred (those that say so)."""
    for event in request.events:
        if event.HasField("occurred_at"):
            yield event.occurred_at.seconds + event.occurred_at.nanos / 1e9


def feed_item(event: Any, where: str) -> FeedItem:
    """A movement (StockEvent) or a planning change of one proto StockEvent."""
    if event.type in MOVEMENTS:
        if event.type in TRANSFERS and not event.counterpart_location_id:
            raise InvalidRequest(f"{where}: a transfer needs counterpart_location_id")
        return StockEvent(
            MOVEMENTS[event.type],
            event.location_id,
            event.sku_id,
            event.quantity,
            event.reference,
        )
    if event.type == pb.STOCK_EVENT_TYPE_SAFETY_STOCK_SET:
        return PlanningChange(event.location_id, event.sku_id, safety_stock=event.quantity)
    if event.type == pb.STOCK_EVENT_TYPE_INCOMING_EXPECTED:
        expected_at = optional_timestamp(event, "expected_at")
        if expected_at is None:
            raise InvalidRequest(f"{where}: INCOMING_EXPECTED needs expected_at")
        return PlanningChange(
            event.location_id, event.sku_id, incoming=event.quantity, incoming_at=expected_at
        )
    raise InvalidRequest(f"{where}: type is unset or unknown ({event.type})")


def apply_response(outcome: BatchOutcome) -> Any:
    """ApplyStockEventsResponse of a batch outcome."""
    return pb.ApplyStockEventsResponse(
        applied_count=outcome.applied_count,
        replayed=outcome.replayed,
        levels=[stock_level_to_proto(level) for level in outcome.levels],
    )


def stock_response(levels: Iterable[StockLevel]) -> Any:
    """GetStockResponse."""
    return pb.GetStockResponse(levels=[stock_level_to_proto(level) for level in levels])


def availability_response(summaries: Sequence[SkuSummary], include_locations: bool) -> Any:
    """GetAvailabilityResponse, with the per-location breakdown when asked."""
    return pb.GetAvailabilityResponse(
        availabilities=[_sku_availability(s, include_locations) for s in summaries]
    )


def _sku_availability(summary: SkuSummary, include_locations: bool) -> Any:
    message = pb.SkuAvailability(
        sku_id=summary.sku_id,
        available=summary.total("available"),
        on_hand=summary.total("on_hand"),
        reserved=summary.total("reserved"),
        safety_stock=summary.total("safety_stock"),
        incoming=summary.incoming,
    )
    if summary.next_incoming_at is not None:
        message.next_incoming_at.CopyFrom(to_timestamp(summary.next_incoming_at))
    if include_locations:
        stocked = sorted(
            (lv for lv in summary.levels if lv.on_hand > 0),
            key=lambda lv: (-lv.available, lv.location_id),
        )
        message.locations.extend(
            pb.LocationAvailability(
                location_id=lv.location_id, available=lv.available, on_hand=lv.on_hand
            )
            for lv in stocked
        )
    return message


def nearby_response(found: Sequence[NearbyLocation], wanted: dict[str, int]) -> Any:
    """FindNearbyResponse; items in request order."""
    return pb.FindNearbyResponse(
        locations=[
            pb.NearbyLocation(
                location=location_to_proto(n.location),
                distance_km=n.distance_km,
                has_all=n.can_supply_all,
                items=[
                    pb.ItemAvailability(
                        sku_id=sku_id, requested=qty, available=n.available.get(sku_id, 0)
                    )
                    for sku_id, qty in wanted.items()
                ],
            )
            for n in found
        ]
    )


def watch_response(change: StockChange) -> Any:
    """WatchStockResponse of one change."""
    return pb.WatchStockResponse(
        level=stock_level_to_proto(change.level),
        cause=CAUSES[change.cause],
        available_delta=change.available_delta,
        sequence=change.sequence,
    )
