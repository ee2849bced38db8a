"""`OrderServicer`: proto -> orders workflow -> proto, nothing else.

Domain errors propagate to `interceptors.ErrorInterceptor`, which maps them to status codes.
RouteOrder needs the read scope for a dry run and the write scope otherwise; the solver's
time limit is bounded by the caller's deadline (`deadlines.solver_time_limit`), and no order is
committed after it (`deadlines.write_deadline`); nor is a RejectShipment, which re-routes.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc

from inventory import Reservation, ReservationLine, ReservationStatus
from omniroute.auth import Scope, require_scope
from omniroute.collect_sweep import DEFAULT_COLLECT_WITHIN
from omniroute.convert import order_work
from omniroute.convert import orders as convert
from omniroute.convert.opportunity_prices import prices_to_proto
from omniroute.convert.paging import page_request
from omniroute.errors import InvalidRequest, MissingField
from omniroute.lookahead import PriceJob
from omniroute.order_watch import OrderWatch
from omniroute.orders import collect, lifecycle
from omniroute.orders.batching import OrderBatcher
from omniroute.orders.errors import LookaheadOff
from omniroute.orders.list_prices import list_prices
from omniroute.orders.pickup_location import require_pickup_store
from omniroute.orders.records import OrderRecord, OrderStatus, ShipmentStatus
from omniroute.orders.work_queue import WorkKey, list_work
from omniroute.orders.workflow import LOOKAHEAD, OrderRouter
from omniroute.services.deadlines import solver_time_limit, write_deadline
from omniroute.v1 import order_service_pb2 as pb
from omniroute.v1 import order_service_pb2_grpc as pb_grpc

SERVICE_NAME = "omniroute.v1.OrderService"


class OrderServicer(pb_grpc.OrderServiceServicer):  # type: ignore[misc]
    """The OrderService of the contract, on one `OrderRouter`."""

    def __init__(
        self,
        router: OrderRouter,
        time_limit_s: float,
        intake: OrderRouter | OrderBatcher | None = None,
        *,
        default_strategy: str = convert.DEFAULT_STRATEGY,
        price_job: PriceJob | None = None,
        order_watch: OrderWatch | None = None,
        collect_within: timedelta = DEFAULT_COLLECT_WITHIN,
    ) -> None:
        self.router = router
        self.model = router.model
        self.time_limit_s = time_limit_s
        #: Where RouteOrder goes: `router`, or a batcher of concurrent orders around it.
        self.intake = intake or router
        #: The strategy of a request that names none.
        self.default_strategy = default_strategy
        #: What keeps `router.prices` fresh (None: look-ahead off).
        self.price_job = price_job
        #: The WatchOrders streams of this process.
        self.order_watch = order_watch or OrderWatch(self.model.engine)
        #: How long a collect order waits at the counter once ready.
        self.collect_within = collect_within

    def RouteOrder(self, request: Any, context: grpc.ServicerContext) -> Any:
        if not request.dry_run:
            require_scope(Scope.WRITE)
        command = convert.route_command(
            request,
            time_limit_s=solver_time_limit(context, self.time_limit_s),
            now=datetime.now(UTC),
            deadline=write_deadline(context),
            list_prices=functools.partial(list_prices, self.model),
        )
        if not request.strategy:
            command = dataclasses.replace(command, strategy=self.default_strategy)
        if command.strategy == LOOKAHEAD and self.router.prices is None:
            raise InvalidRequest(
                "strategy: lookahead needs the look-ahead prices; start the server with"
                " --lookahead",
                field="strategy",
            )
        if command.exclude_locations:
            self.model.catalog.location_pks(command.exclude_locations)
        if command.pickup_location_id:
            require_pickup_store(self.model.get_location(command.pickup_location_id))
        record, replayed = self.intake.route(command)
        fresh = not replayed and bool(record.reservation_ids)
        echo = convert.RequestEcho(
            placed_at=command.placed_at,
            promised_on=command.promised_on,
            excluded=command.exclude_locations,
        )
        # A fresh reservation is exactly what was just written: no need to read it back.
        reservations = [_new_reservation(record, command.hold_for)] if fresh else None
        order = convert.order_to_proto(record, reservations or self._reservations(record), echo)
        return pb.RouteOrderResponse(order=order, replayed=replayed)

    def GetOrder(self, request: Any, context: grpc.ServicerContext) -> Any:
        record = self.router.get(_required(request.order_id, "order_id"))
        return pb.GetOrderResponse(order=self._order(record))

    def ShipOrder(self, request: Any, context: grpc.ServicerContext) -> Any:
        order_id = _required(request.order_id, "order_id")
        shipment_id = _required(request.shipment_id, "shipment_id")
        record = lifecycle.ship_order(self.router, order_id, shipment_id)
        return pb.ShipOrderResponse(order=self._order(record))

    def CancelOrder(self, request: Any, context: grpc.ServicerContext) -> Any:
        order_id = _required(request.order_id, "order_id")
        before = self.router.get(order_id)
        if before.status is OrderStatus.CANCELLED:
            return pb.CancelOrderResponse(order=self._order(before))
        record = lifecycle.cancel_order(self.router, order_id)
        planned = {s.shipment_id for s in before.shipments if s.status is ShipmentStatus.PLANNED}
        released = [
            pb.ReservationLine(location_id=s.location_id, sku_id=ln.sku, quantity=ln.qty)
            for s in record.shipments
            if s.shipment_id in planned and s.status is ShipmentStatus.CANCELLED
            for ln in s.lines
        ]
        return pb.CancelOrderResponse(order=self._order(record), released_lines=released)

    def RejectShipment(self, request: Any, context: grpc.ServicerContext) -> Any:
        order_id = _required(request.order_id, "order_id")
        shipment_id = _required(request.shipment_id, "shipment_id")
        record, new = lifecycle.reject_shipment(
            self.router,
            order_id,
            shipment_id,
            time_limit_s=solver_time_limit(context, self.time_limit_s),
            write_off=request.reason if request.write_off_stock else None,
            deadline=write_deadline(context),
        )
        return pb.RejectShipmentResponse(
            order=self._order(record),
            new_shipments=[convert.shipment_to_proto(s) for s in new],
        )

    def GetOpportunityPrices(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.model.catalog.location_pks(list(request.location_ids))
        self.model.catalog.sku_pks(list(request.sku_ids))
        board = self.router.prices
        if board is None:
            raise LookaheadOff("look-ahead prices are off on this server (serve --lookahead)")
        job = self.price_job
        return prices_to_proto(board.current, request, job.last_error if job else None)

    def MarkArrived(self, request: Any, context: grpc.ServicerContext) -> Any:
        order_id = _required(request.order_id, "order_id")
        shipment_id = _required(request.shipment_id, "shipment_id")
        record = collect.mark_arrived(self.router, order_id, shipment_id)
        return pb.MarkArrivedResponse(order=self._order(record))

    def MarkReadyForPickup(self, request: Any, context: grpc.ServicerContext) -> Any:
        order_id = _required(request.order_id, "order_id")
        record = collect.mark_ready(self.router, order_id, self.collect_within)
        return pb.MarkReadyForPickupResponse(order=self._order(record))

    def ConfirmCollected(self, request: Any, context: grpc.ServicerContext) -> Any:
        record = collect.confirm_collected(self.router, _required(request.order_id, "order_id"))
        return pb.ConfirmCollectedResponse(order=self._order(record))

    def ListShipments(self, request: Any, context: grpc.ServicerContext) -> Any:
        location_id, status, work = order_work.queue_filters(request)
        self.model.catalog.location_pks([location_id])
        page = page_request(request, "ListShipments", f"{location_id}\0{status}\0{work}")
        after = WorkKey.parse(page.after) if page.after is not None else None
        with self.model.read() as conn:
            items = list_work(
                conn, location_id, status=status, work=work, after=after, limit=page.limit
            )
        return pb.ListShipmentsResponse(
            items=[order_work.work_item(item) for item in items[: page.size]],
            next_page_token=page.next_token([item.key.token() for item in items]),
        )

    def WatchOrders(self, request: Any, context: grpc.ServicerContext) -> Any:
        wanted = frozenset(request.order_ids)
        with self.order_watch.stream(request.after_cursor) as tail:
            for event in self.order_watch.events(tail, context.is_active):
                if not wanted or event.order_id in wanted:
                    yield order_work.order_event(event)

    def _order(self, record: OrderRecord) -> Any:
        return convert.order_to_proto(record, self._reservations(record))

    def _reservations(self, record: OrderRecord) -> list[Reservation]:
        return [self.model.get_reservation(r) for r in record.reservation_ids]


def _held(record: OrderRecord) -> list[tuple[str, str, int]]:
    held: dict[tuple[str, str], int] = {}
    for shipment in record.shipments:
        for line in shipment.lines:
            pair = (shipment.location_id, line.sku)
            held[pair] = held.get(pair, 0) + line.qty
    return [(loc, sku, qty) for (loc, sku), qty in held.items()]


def _new_reservation(record: OrderRecord, hold_for: timedelta | None) -> Reservation:
    """The reservation `OrderRouter.route` has just made for `record`, as stored."""
    return Reservation(
        id=record.reservation_ids[0],
        status=ReservationStatus.HELD if hold_for else ReservationStatus.COMMITTED,
        lines=tuple(ReservationLine(loc, sku, qty) for loc, sku, qty in _held(record)),
        created_at=record.created_at,
        updated_at=record.created_at,
        expires_at=record.created_at + hold_for if hold_for else None,
    )


def _required(value: str, name: str) -> str:
    if not value:
        raise MissingField(f"{name} is required", field=name)
    return value
