"""The orders workflow: read candidates, solve, reserve atomically, re-solve on conflict.

Solving happens outside any write transaction (the optimiser may take milliseconds and
SQLite has one writer); the reservation and the order record are then written in one
transaction of conditional updates. If another order took the stock in between, the
reservation fails as a whole and the order is solved again on fresh data, a bounded number
of times.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from inventory import InsufficientStock, ReservationLine
from inventory.database import is_lock_conflict
from inventory.errors import IdempotencyConflict
from inventory.model import StockModel
from inventory.reservations import Reserve, reserve
from inventory.snapshot import OrderSnapshot
from omniroute.errors import InvalidRequest
from omniroute.lookahead.board import PriceBoard
from omniroute.orders.candidates import candidates_of
from omniroute.orders.checkout import Checkout, Priced
from omniroute.orders.commands import RouteOrder
from omniroute.orders.errors import OrderConflict
from omniroute.orders.records import (
    OrderLineRecord,
    OrderRecord,
    OrderStatus,
    ShipmentLine,
    ShipmentRecord,
    find_by_key,
    insert_order,
    load_order,
)
from omniroute.orders.write_deadline import require_in_time
from omniroute.problem_file import plan_to_dict
from omniroute.telemetry import Telemetry
from routing import CostModel, Order, Plan, PlanStatus, ShipmentKind, route

MAX_ATTEMPTS = 4
#: The strategy that reads the opportunity prices (`omniroute.lookahead`).
LOOKAHEAD = "lookahead"


class OrderRouter:
    """Routes orders on one stock model with one cost model."""

    def __init__(
        self,
        model: StockModel,
        cost_model: CostModel | None = None,
        checkout: Checkout | None = None,
        prices: PriceBoard | None = None,
        telemetry: Telemetry | None = None,
    ) -> None:
        self.model = model
        self.cost_model = cost_model or CostModel()
        #: Coupons, points and purchase history; without it coupon_codes and points are refused.
        self.checkout = checkout
        #: Opportunity prices for the `lookahead` strategy; without them it routes as
        #: `optimal`.
        self.prices = prices
        #: Reports plans, conflicts and retries; opens the routing and write spans.
        self.telemetry = telemetry or Telemetry()
        self._weights: dict[str, int] = {}

    def route(self, command: RouteOrder) -> tuple[OrderRecord, bool]:
        """Plan and reserve; returns the order and whether it was replayed from a retry.

        A retry is not looked up first: the reservation's idempotency key and the order's
        unique id refuse it inside the transaction, and the first answer is replayed then.
        An order with coupons or points is the exception: a retry would find its coupons
        used, so it is looked up before pricing. An order whose `deadline` passes before its
        transaction commits is rolled back: `DeadlineExceeded`, nothing reserved.
        """
        deadline = time.monotonic() + command.time_limit_s
        priced = None
        if command.coupon_codes or command.redeem_points:
            if not command.dry_run:
                replayed = self._replay(command)
                if replayed is not None:
                    return replayed, True
            priced = self._price(command)
            command = priced.command
        for attempt in range(MAX_ATTEMPTS):
            if attempt:
                self.telemetry.route_retried()
            remaining = max(0.005, deadline - time.monotonic())
            plan = self.plan(command, remaining)
            if plan.status is PlanStatus.INFEASIBLE:
                # A retry of an order that took the last units finds none left: replay it.
                replayed = None if command.dry_run else self._replay(command)
                if replayed is not None:
                    return replayed, True
                record = order_record(command, plan, [], self.now())
                return record.with_changes(status=OrderStatus.UNFULFILLABLE), False
            if command.dry_run:
                record = order_record(command, plan, [], self.now())
                return record.with_changes(status=OrderStatus.QUOTED), False
            try:
                return self._reserve(command, plan, priced)
            except (InsufficientStock, OperationalError) as error:
                # The stock moved since the plan, or the database broke a lock cycle with a
                # concurrent batch of orders: either way nothing was written; solve again.
                if isinstance(error, OperationalError) and not is_lock_conflict(error):
                    raise
                self.telemetry.reservation_conflict(error)
                if attempt == MAX_ATTEMPTS - 1:
                    replayed = self._replay(command)
                    if replayed is not None:
                        return replayed, True
                    raise
            except (IdempotencyConflict, IntegrityError):
                # A retry of this very order (or a concurrent one) was answered first.
                replayed = self._replay(command)
                if replayed is None:
                    raise
                return replayed, True
        raise AssertionError("unreachable")

    def plan(
        self, command: RouteOrder, time_limit_s: float, snapshot: OrderSnapshot | None = None
    ) -> Plan:
        """Solve the order on a fresh snapshot of the stock (or on `snapshot`, whose columns
        are the order's SKUs, in the order of its lines)."""
        with self.telemetry.span("routing"):
            plan = self._solve(command, time_limit_s, snapshot)
        self.telemetry.plan_made(plan)
        return plan

    def _solve(
        self, command: RouteOrder, time_limit_s: float, snapshot: OrderSnapshot | None
    ) -> Plan:
        skus = [line.sku for line in command.lines]
        pickup = [command.pickup_location_id] if command.pickup_location_id else []
        if snapshot is None:
            snapshot = self.model.order_snapshot(skus, command.placed_at)
        candidates = candidates_of(
            snapshot, skus, exclude=command.exclude_locations, always_include=pickup
        )
        priced = self.prices.current if self.prices is not None else None
        if command.strategy == LOOKAHEAD and priced is not None and priced.theta > 0:
            opportunity = priced.opportunity_cents(
                candidates, command.placed_at, command.pickup_location_id
            )
            candidates = replace(candidates, opportunity_cents=opportunity)
        return route(
            self.order_of(command),
            candidates,
            self.cost_model,
            command.constraints,
            strategy=command.strategy,
            time_limit_s=time_limit_s,
        )

    def order_of(self, command: RouteOrder) -> Order:
        """The order as routing takes it (unit weights from the catalogue)."""
        return Order(
            order_id=command.order_id,
            lines=tuple(replace(ln, unit_weight_g=self._weight(ln.sku)) for ln in command.lines),
            destination=command.destination or (0.0, 0.0),
            created_at=command.placed_at,
            promised_on=command.promised_on,
            mode=command.mode,
            pickup_location_id=command.pickup_location_id,
        )

    def get(self, order_id: str) -> OrderRecord:
        """The order's record."""
        with self.model.read() as conn:
            return load_order(conn, order_id)

    def _price(self, command: RouteOrder) -> Priced:
        if self.checkout is None:
            raise InvalidRequest("coupon_codes and redeem_points need the promotions service")
        with self.model.read() as conn:
            return self.checkout.price(conn, command)

    def reserve_in(
        self, conn: Connection, command: RouteOrder, plan: Plan, priced: Priced | None = None
    ) -> OrderRecord:
        """Hold the plan's units and write the order, in the caller's transaction `conn`.

        Raises `InsufficientStock` or `NoDispatchCapacity` when the stock moved since the
        plan, and `IntegrityError` when the order id or key was taken (the caller's
        transaction, or its savepoint, must then be rolled back)."""
        now = self.now()
        reservation, _ = reserve(
            conn, self.model.catalog, self.reservation_request(command, plan, now)
        )
        return self._write_order(conn, command, plan, priced, reservation.id, now)

    def reservation_request(self, command: RouteOrder, plan: Plan, now: datetime) -> Reserve:
        """What reserving `plan` for `command` asks of the stock model, made at `now`."""
        hold = command.hold_for
        return Reserve(
            lines=reservation_lines(plan),
            idempotency_key=f"order:{command.idempotency_key or command.order_id}",
            expires_at=now + hold if hold else None,
            order_ref=command.order_id,
            commit=hold is None,
            created_at=now,
        )

    def _write_order(
        self,
        conn: Connection,
        command: RouteOrder,
        plan: Plan,
        priced: Priced | None,
        reservation_id: str,
        now: datetime,
    ) -> OrderRecord:
        record = order_record(command, plan, [reservation_id], now)
        insert_order(conn, record, command.idempotency_key, command.fingerprint())
        if self.checkout is not None and (priced is not None or command.customer_id):
            self.checkout.redeem(conn, priced or Priced(command), record, now)
        return record

    def _reserve(
        self, command: RouteOrder, plan: Plan, priced: Priced | None = None
    ) -> tuple[OrderRecord, bool]:
        now = self.now()
        written: list[OrderRecord] = []

        def write_order(conn: Connection, reservation_id: str) -> None:
            record = self._write_order(conn, command, plan, priced, reservation_id, now)
            require_in_time(command)  # last before the commit: a late order is rolled back
            written.append(record)

        with self.telemetry.span("write"):
            self.model.reserve(
                self.reservation_request(command, plan, now),
                also=lambda c, r: write_order(c, r.id),
            )
        if written:
            return written[0], False
        # The reservation existed already: a retry of this order committed it, with its record.
        replayed = self._replay(command)
        if replayed is None:
            raise OrderConflict(
                f"the reservation key of order {command.order_id!r} is held by another request"
            )
        return replayed, True

    def _replay(self, command: RouteOrder) -> OrderRecord | None:
        with self.model.read() as conn:
            found = find_by_key(conn, command.order_id, command.idempotency_key)
        if found is None:
            return None
        if found.request_hash != command.fingerprint():
            raise OrderConflict(
                f"order {command.order_id!r} (or its idempotency key) was already used"
                " for a different order"
            )
        if found.idempotency_key != command.idempotency_key:
            # Only a retry (the same key) is answered again; the same order under a new key
            # is another request for an order id in use.
            raise OrderConflict(
                f"order {command.order_id!r} was already routed under another idempotency key"
            )
        return OrderRecord.from_json(found.record)

    def _weight(self, sku: str) -> int:
        if sku not in self._weights:
            self._weights[sku] = self.model.get_sku(sku).weight_g or 500
        return self._weights[sku]

    @staticmethod
    def now() -> datetime:
        """The time orders are stamped with (UTC)."""
        return datetime.now(UTC)


def reservation_lines(plan: Plan) -> tuple[ReservationLine, ...]:
    """Units to hold per (location, SKU): every shipment's lines, transfers at their source.

    Parcels and transfers count on their location's dispatch capacity of the day they
    leave; units kept at the pickup store do not."""
    held: dict[tuple[str, str], int] = defaultdict(int)
    leaves: dict[str, date | None] = {}
    for shipment in plan.shipments:
        dispatched = shipment.kind is not ShipmentKind.PICKUP
        leaves[shipment.location_id] = shipment.dispatch_on if dispatched else None
        for line in shipment.lines:
            held[(shipment.location_id, line.sku)] += line.qty
    return tuple(
        ReservationLine(loc, sku, qty, dispatch_on=leaves[loc]) for (loc, sku), qty in held.items()
    )


def shipment_records(
    order_id: str, plan: Plan, reservation_id: str, first_number: int = 1
) -> tuple[ShipmentRecord, ...]:
    """The plan's shipments as records, numbered `order_id-N` from `first_number`."""
    return tuple(
        ShipmentRecord(
            shipment_id=f"{order_id}-{first_number + n}",
            location_id=s.location_id,
            kind=s.kind.value,
            lines=tuple(ShipmentLine(ln.sku, ln.qty) for ln in s.lines),
            cost_cents=s.cost_cents,
            distance_km=s.distance_km,
            reservation_id=reservation_id,
            dispatch_on=s.dispatch_on.isoformat(),
            arrive_on=s.arrive_on.isoformat(),
        )
        for n, s in enumerate(plan.shipments)
    )


def order_record(
    command: RouteOrder, plan: Plan, reservation_ids: list[str], now: datetime
) -> OrderRecord:
    """The record of `command` planned as `plan`, held by `reservation_ids`, at `now`."""
    reservation_id = reservation_ids[0] if reservation_ids else ""
    return OrderRecord(
        order_id=command.order_id,
        status=OrderStatus.RESERVED,
        strategy=plan.strategy,
        plan=plan_to_dict(plan),
        shipments=shipment_records(command.order_id, plan, reservation_id),
        reservation_ids=tuple(reservation_ids),
        created_at=now,
        updated_at=now,
        destination=command.destination,
        pickup_location_id=command.pickup_location_id,
        lines=order_line_records(command),
        customer_id=command.customer_id,
        placed_at=command.placed_at,
        coupon_codes=command.coupon_codes,
        redeemed_points=command.redeem_points,
    )


def order_line_records(command: RouteOrder) -> tuple[OrderLineRecord, ...]:
    """The order's lines as sold: ids, SKUs, quantities and prices."""
    return tuple(
        OrderLineRecord(
            price.line_id,
            line.sku,
            line.qty,
            price.unit_price_cents,
            price.discount_cents,
            line.splittable,
        )
        for line, price in zip(command.lines, command.line_prices(), strict=True)
    )
