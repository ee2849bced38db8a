"""`InventoryServicer`: proto -> domain call -> proto, nothing else.

Domain errors propagate to `interceptors.ErrorInterceptor`, which maps them to status codes.
The one exception is StreamStockEvents, whose contract reports a rejected batch in the
summary instead of ending the stream: every batch, whether it did not parse, was refused or
failed, is listed there with its status code, so the summary always says what was applied.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import grpc
from sqlalchemy import select

from inventory import schema
from inventory.model import StockModel
from omniroute.convert import common
from omniroute.convert import inventory as convert
from omniroute.convert.limits import shorten
from omniroute.convert.paging import page_request
from omniroute.errors import InvalidRequest, MissingField
from omniroute.interceptors import status_message
from omniroute.request_bodies import RefusedRequest
from omniroute.services import stock_queries
from omniroute.services.stock_feed import apply_batch
from omniroute.status_mapping import is_expected, status_code_for
from omniroute.stock_watch import StockWatch
from omniroute.telemetry import Telemetry
from omniroute.v1 import inventory_service_pb2 as pb
from omniroute.v1 import inventory_service_pb2_grpc as pb_grpc

SERVICE_NAME = "omniroute.v1.InventoryService"
log = logging.getLogger("omniroute.rpc")


class InventoryServicer(pb_grpc.InventoryServiceServicer):  # type: ignore[misc]
    """The InventoryService of the contract, on one `StockModel`."""

    def __init__(
        self, model: StockModel, watch: StockWatch, telemetry: Telemetry | None = None
    ) -> None:
        self.model = model
        self.watch = watch
        #: Reports the feed's lag (`occurred_at` to receipt) of every batch applied.
        self.telemetry = telemetry or Telemetry()

    def UpsertLocations(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.locations:
            raise InvalidRequest("at least one location is required")
        locations = [common.location_from_proto(m) for m in request.locations]
        existing = self._existing(schema.locations, [loc.id for loc in locations])
        self.model.upsert_locations(locations)
        return pb.UpsertLocationsResponse(
            created_count=len(locations) - existing, updated_count=existing
        )

    def UpsertSkus(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.skus:
            raise InvalidRequest("at least one SKU is required")
        skus = [common.sku_from_proto(m) for m in request.skus]
        existing = self._existing(schema.skus, [sku.id for sku in skus])
        self.model.upsert_skus(skus)
        return pb.UpsertSkusResponse(created_count=len(skus) - existing, updated_count=existing)

    def ApplyStockEvents(self, request: Any, context: grpc.ServicerContext) -> Any:
        received = time.time()
        key, items = convert.feed_batch(request)
        outcome = apply_batch(self.model, items, key)
        if not outcome.replayed:
            self.telemetry.feed_applied(convert.occurred_times(request), received)
        return convert.apply_response(outcome)

    def StreamStockEvents(
        self, request_iterator: Iterator[Any], context: grpc.ServicerContext
    ) -> Any:
        summary = pb.StreamStockEventsResponse()
        for index, request in enumerate(request_iterator):
            received = time.time()
            summary.batches_received += 1
            try:
                key, items = convert.feed_batch(request)
                outcome = apply_batch(self.model, items, key)
            except Exception as exc:
                # The batch changed nothing; the summary says so and the stream goes on,
                # so that the client learns what the earlier and later batches did.
                if not is_expected(exc):
                    log.error("stream batch failed", exc_info=exc, extra={"batch": index})
                summary.rejected_batches.add(
                    batch_index=index,
                    idempotency_key=_key_of(request),
                    code=status_code_for(exc).name,
                    message=status_message(exc),
                )
                continue
            if not outcome.replayed:
                self.telemetry.feed_applied(convert.occurred_times(request), received)
            summary.batches_replayed += outcome.replayed
            summary.batches_applied += not outcome.replayed
            summary.events_applied += outcome.applied_count
        return summary

    def GetStock(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.sku_ids:
            raise InvalidRequest("at least one sku_id is required")
        levels = stock_queries.pair_levels(
            self.model, list(request.sku_ids), list(request.location_ids)
        )
        return convert.stock_response(levels)

    def GetAvailability(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.sku_ids:
            raise InvalidRequest("at least one sku_id is required")
        summaries = stock_queries.network_availability(
            self.model,
            list(request.sku_ids),
            common.location_kinds(request.kinds, "kinds"),
            common.capabilities(request.required_capabilities, "required_capabilities"),
        )
        return convert.availability_response(summaries, request.include_locations)

    def FindNearby(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.HasField("origin"):
            raise InvalidRequest("origin is required")
        wanted = common.sku_quantities(request.items, "items")
        found = stock_queries.find_nearby(
            self.model,
            (request.origin.latitude, request.origin.longitude),
            wanted,
            radius_km=request.radius_km or None,
            limit=request.limit or None,
            kinds=common.location_kinds(request.kinds, "kinds"),
            capabilities=common.capabilities(
                request.required_capabilities, "required_capabilities"
            ),
            require_all=request.require_all,
        )
        return convert.nearby_response(found, wanted)

    def WatchStock(self, request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        sku_ids, location_ids = list(request.sku_ids), list(request.location_ids)
        if not sku_ids and not location_ids:
            raise InvalidRequest("watch some sku_ids, some location_ids, or both")
        self.model.catalog.sku_pks(sku_ids)
        self.model.catalog.location_pks(location_ids)
        snapshot = (
            (lambda: stock_queries.watched_levels(self.model, sku_ids, location_ids))
            if request.send_initial
            else None
        )
        subscription, initial = self.watch.subscribe(sku_ids, location_ids, snapshot)
        context.add_callback(lambda: self.watch.unsubscribe(subscription))
        try:
            for change in initial:
                yield convert.watch_response(change)
            for change in subscription.changes(context.is_active):
                yield convert.watch_response(change)
        finally:
            self.watch.unsubscribe(subscription)

    def GetLocation(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.location_id:
            raise MissingField("location_id is required", field="location_id")
        location = self.model.get_location(request.location_id)
        return pb.GetLocationResponse(location=common.location_to_proto(location))

    def ListLocations(self, request: Any, context: grpc.ServicerContext) -> Any:
        kinds = common.location_kinds(request.kinds, "kinds")
        page = page_request(request, "ListLocations", ",".join(sorted(kinds)))
        found = self.model.list_locations(after=page.after, limit=page.limit, kinds=kinds)
        return pb.ListLocationsResponse(
            locations=[common.location_to_proto(loc) for loc in found[: page.size]],
            next_page_token=page.next_token([loc.id for loc in found]),
        )

    def GetSku(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.sku_id:
            raise MissingField("sku_id is required", field="sku_id")
        return pb.GetSkuResponse(sku=common.sku_to_proto(self.model.get_sku(request.sku_id)))

    def ListSkus(self, request: Any, context: grpc.ServicerContext) -> Any:
        page = page_request(request, "ListSkus", request.category)
        found = self.model.list_skus(after=page.after, limit=page.limit, category=request.category)
        return pb.ListSkusResponse(
            skus=[common.sku_to_proto(sku) for sku in found[: page.size]],
            next_page_token=page.next_token([sku.id for sku in found]),
        )

    def _existing(self, table: Any, ids: list[str]) -> int:
        with self.model.read() as conn:
            return len(conn.execute(select(table.c.id).where(table.c.id.in_(ids))).all())


def _key_of(request: Any) -> str:
    """The idempotency key of a stream message ('' for one that did not parse)."""
    if isinstance(request, RefusedRequest):
        request = request.parsed
    return "" if request is None else shorten(request.idempotency_key)
