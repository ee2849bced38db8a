"""OrderService messages <-> the orders workflow: requests to commands, records to `Order`s.

An order record keeps its plan as the JSON view of `problem_file.plan_to_dict`; the
`Order` message is built from that view, the record's shipments and its reservation(s).
The record keeps the lines as sold (ids, prices, apportioned discounts) and the customer;
what it does not store (the promised date, requested exclusions) is echoed from the request
in RouteOrder's answer only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any

from google.protobuf.duration_pb2 import Duration

from inventory import Reservation
from omniroute.convert.common import optional_timestamp, to_timestamp
from omniroute.errors import InvalidRequest, MissingField
from omniroute.orders.commands import LinePrice, RouteOrder
from omniroute.orders.records import OrderRecord
from omniroute.v1 import common_pb2
from omniroute.v1 import order_service_pb2 as pb
from routing import Constraints, OrderLine

DEFAULT_STRATEGY = "optimal"
#: The list prices (cents) of some SKUs, by id; an unknown SKU is left out.
ListPrices = Callable[[Sequence[str]], Mapping[str, int]]
#: Plan cost terms (`routing.TERMS`) as contract kinds; unit_cost depends on its sign.
COST_TERM_KINDS = {
    "base": common_pb2.COST_TERM_KIND_SHIPMENT_BASE,
    "late": common_pb2.COST_TERM_KIND_LATE_PENALTY,
    "split": common_pb2.COST_TERM_KIND_SPLIT_PENALTY,
    "distance": common_pb2.COST_TERM_KIND_SHIPPING,
    "handling": common_pb2.COST_TERM_KIND_HANDLING,
    "protect_last_units": common_pb2.COST_TERM_KIND_STORE_PROTECTION,
    "unfilled": common_pb2.COST_TERM_KIND_UNFILLED_PENALTY,
}


@dataclass(frozen=True)
class RequestEcho:
    """What RouteOrder's answer repeats from its request (the record does not keep it)."""

    placed_at: datetime | None = None
    promised_on: date | None = None
    excluded: frozenset[str] = frozenset()


# Requests -> commands


def route_command(
    request: Any,
    *,
    time_limit_s: float,
    now: datetime,
    deadline: float | None = None,
    list_prices: ListPrices | None = None,
) -> RouteOrder:
    """The `RouteOrder` command of a RouteOrderRequest, not to be written after `deadline`;
    contract violations are rejected. Lines priced 0 take their SKU's list price from
    `list_prices`; the command's fingerprint is the request's, as sent."""
    if not request.dry_run and not request.idempotency_key:
        raise MissingField(
            "idempotency_key is required unless dry_run is set", field="idempotency_key"
        )
    if request.redeem_points < 0:
        raise InvalidRequest("redeem_points must not be negative")
    if request.redeem_points and not request.customer_id:
        raise InvalidRequest("redeem_points needs customer_id")
    destination, pickup = _destination(request)
    placed_at = optional_timestamp(request, "placed_at") or now
    promised_by = optional_timestamp(request.constraints, "promised_by")
    priced = priced_lines(request.lines, list_prices)
    command = RouteOrder(
        order_id=request.order_id,
        lines=tuple(line for line, _ in priced),
        prices=tuple(price for _, price in priced),
        customer_id=request.customer_id or None,
        coupon_codes=tuple(code.strip() for code in request.coupon_codes if code.strip()),
        redeem_points=request.redeem_points,
        placed_at=placed_at,
        destination=destination,
        pickup_location_id=pickup,
        promised_on=promised_by.date() if promised_by else None,
        constraints=constraints(request),
        strategy=request.strategy or DEFAULT_STRATEGY,
        dry_run=request.dry_run,
        idempotency_key=request.idempotency_key or None,
        hold_for=request.hold_for.ToTimedelta() if request.HasField("hold_for") else None,
        exclude_locations=frozenset(request.constraints.excluded_location_ids),
        time_limit_s=time_limit_s,
        deadline=deadline,
    )
    # A retry is the same request even when a list price changed in between.
    sent = tuple(
        replace(price, unit_price_cents=line.unit_price_cents)
        for price, line in zip(command.line_prices(), request.lines, strict=True)
    )
    return replace(command, request_hash=command.fingerprint_with(sent))


def priced_lines(
    lines: Sequence[Any], list_prices: ListPrices | None = None
) -> list[tuple[OrderLine, LinePrice]]:
    """Order lines with their ids and prices; ids default to "1", "2", ... and are unique.
    A unit price of 0 is the SKU's list price (`list_prices`), as in QuoteBasket."""
    seen: set[str] = set()
    ids: set[str] = set()
    unpriced = [line.sku_id for line in lines if line.unit_price_cents == 0]
    listed = list_prices(unpriced) if list_prices is not None and unpriced else {}
    result = []
    for n, line in enumerate(lines, start=1):
        unit_price = line.unit_price_cents or listed.get(line.sku_id, 0)
        line_id = line.line_id or str(n)
        where, path = f"line {line_id}", f"lines[{n - 1}]"
        if not line.sku_id:
            raise MissingField(f"{where}: sku_id is required", field=f"{path}.sku_id")
        if line.quantity < 1:
            raise InvalidRequest(
                f"{where}: quantity must be at least 1, got {line.quantity}",
                field=f"{path}.quantity",
            )
        if line.sku_id in seen:
            raise InvalidRequest(
                f"{where}: SKU {line.sku_id!r} is on another line already", field=f"{path}.sku_id"
            )
        if line_id in ids:
            raise InvalidRequest(
                f"{where}: line_id {line_id!r} is used twice", field=f"{path}.line_id"
            )
        if line.unit_price_cents < 0:
            raise InvalidRequest(
                f"{where}: unit_price_cents must not be negative",
                field=f"{path}.unit_price_cents",
            )
        amount = line.quantity * unit_price
        if not 0 <= line.discount_cents <= amount:
            raise InvalidRequest(
                f"{where}: discount_cents must be between 0 and the line's amount ({amount}),"
                f" got {line.discount_cents}",
                field=f"{path}.discount_cents",
            )
        seen.add(line.sku_id)
        ids.add(line_id)
        result.append(
            (
                OrderLine(line.sku_id, line.quantity, splittable=line.allow_split),
                LinePrice(line_id, unit_price, line.discount_cents),
            )
        )
    if not result:
        raise InvalidRequest("an order needs at least one line")
    return result


def constraints(request: Any) -> Constraints:
    """Plan constraints; without a `constraints` message the order must ship complete."""
    if not request.HasField("constraints"):
        return Constraints()
    given = request.constraints
    if given.max_shipments < 0 or given.max_radius_km < 0:
        raise InvalidRequest("max_shipments and max_radius_km must not be negative")
    return Constraints(
        ship_complete=given.ship_complete,
        max_shipments=given.max_shipments or None,
        max_radius_km=given.max_radius_km or None,
    )


def _destination(request: Any) -> tuple[tuple[float, float] | None, str | None]:
    which = request.WhichOneof("destination")
    if which == "pickup_location_id":
        if not request.pickup_location_id:
            raise InvalidRequest("pickup_location_id must not be empty")
        return None, request.pickup_location_id
    if which == "ship_to":
        if not request.ship_to.HasField("point"):
            raise MissingField("ship_to.point (coordinates) is required", field="ship_to.point")
        point = request.ship_to.point
        return (point.latitude, point.longitude), None
    raise InvalidRequest("give ship_to (with its point) or pickup_location_id")


# Records -> messages


def order_to_proto(
    record: OrderRecord, reservations: Sequence[Reservation], echo: RequestEcho | None = None
) -> Any:
    """The contract's `Order` of a record, its reservations and (on RouteOrder) the request."""
    echo = echo or RequestEcho()
    line_ids = {line.sku: line.line_id for line in record.lines}
    placed_at = echo.placed_at or record.placed_at or record.created_at
    order = pb.Order(
        order_id=record.order_id,
        status=f"ORDER_STATUS_{record.status.value.upper()}",
        lines=[
            pb.OrderLine(
                line_id=ln.line_id,
                sku_id=ln.sku,
                quantity=ln.qty,
                unit_price_cents=ln.unit_price_cents,
                discount_cents=ln.discount_cents,
                allow_split=ln.splittable,
            )
            for ln in record.lines
        ]
        or _lines_of(record),
        customer_id=record.customer_id or "",
        plan=plan_to_proto(record, line_ids, echo.promised_on),
        excluded_location_ids=sorted(echo.excluded | set(record.rejected_locations)),
        placed_at=to_timestamp(placed_at),
        updated_at=to_timestamp(record.updated_at),
        coupon_codes=record.coupon_codes,
        points_redeemed=record.redeemed_points,
    )
    if record.pickup_location_id is not None:
        order.pickup_location_id = record.pickup_location_id
        order.click_and_collect.CopyFrom(_click_and_collect(record, placed_at))
    elif record.destination is not None:
        lat, lon = record.destination
        order.ship_to.point.CopyFrom(common_pb2.GeoPoint(latitude=lat, longitude=lon))
    if reservations:
        order.reservation.CopyFrom(reservation_to_proto(reservations))
    return order


def plan_to_proto(
    record: OrderRecord, line_ids: Mapping[str, str], promised_on: date | None = None
) -> Any:
    """The RoutingPlan with its explanation: terms, shipments, runner-ups, unfilled units."""
    plan = record.plan
    routed = plan["status"] == "routed"
    status = pb.PLAN_STATUS_INFEASIBLE
    if routed:
        status = pb.PLAN_STATUS_PARTIAL if plan["unfilled"] else pb.PLAN_STATUS_COMPLETE
    locations = [s["location_id"] for s in plan["shipments"]]
    return pb.RoutingPlan(
        status=status,
        strategy=plan["strategy"],
        proven_optimal=plan["proven_optimal"],
        lower_bound_cents=plan["lower_bound_cents"] or 0,
        fallback_used=routed and plan["strategy"] == "optimal" and not plan["proven_optimal"],
        total_cost_cents=plan["total_cents"],
        cost_terms=[
            common_pb2.CostTerm(kind=_term_kind(name, cents), amount_cents=cents, description=name)
            for name, cents in plan["cost_terms"].items()
            if cents
        ],
        shipments=[
            _shipment(s, line_ids, promised_on, record.pickup_location_id or "")
            for s in record.shipments
        ],
        unfilled_lines=[
            pb.UnfilledLine(
                line_id=line_ids.get(u["sku"], u["sku"]),
                sku_id=u["sku"],
                quantity=u["qty"],
                reason=plan["reason"] or "no eligible location can serve these units",
            )
            for u in plan["unfilled"]
        ],
        runner_ups=_runner_ups(plan, locations),
        solve_time=Duration(nanos=int(plan["solve_ms"] * 1_000_000)),
        opportunity_cents=plan.get("shadow_cents", 0),
    )


def reservation_to_proto(reservations: Sequence[Reservation]) -> Any:
    """One Reservation message for the order: the latest reservation's id and state, and
    the units still held by all of them (a rejected shipment's lines are re-reserved anew)."""
    latest = reservations[-1]
    holding = [r for r in reservations if r.status.is_open] or [latest]
    return pb.Reservation(
        reservation_id=latest.id,
        status=f"RESERVATION_STATUS_{latest.status.value.upper()}",
        lines=[
            pb.ReservationLine(location_id=ln.location_id, sku_id=ln.sku_id, quantity=ln.qty)
            for ln in sorted(
                (
                    ln
                    for r in holding
                    for ln in r.lines
                    if ln.qty > ln.released_qty or not r.status.is_open
                ),
                key=lambda ln: (ln.location_id, ln.sku_id),
            )
        ],
        expires_at=to_timestamp(latest.expires_at) if latest.expires_at else None,
        created_at=to_timestamp(reservations[0].created_at),
    )


def shipment_to_proto(
    shipment: Any, line_ids: Mapping[str, str] | None = None, pickup_location_id: str = ""
) -> Any:
    """A Shipment message of a `ShipmentRecord` (of an order collected at
    `pickup_location_id`, if any)."""
    return _shipment(shipment, line_ids or {}, None, pickup_location_id)


#: Shipment kinds of the records, as the contract names them.
SHIPMENT_KINDS = {
    "ship": pb.SHIPMENT_KIND_PARCEL,
    "transfer": pb.SHIPMENT_KIND_TRANSFER,
    "pickup": pb.SHIPMENT_KIND_PICKUP,
}


def _shipment(
    shipment: Any, line_ids: Mapping[str, str], promised_on: date | None, pickup: str = ""
) -> Any:
    arrive = date.fromisoformat(shipment.arrive_on) if shipment.arrive_on else None
    message = pb.Shipment(
        shipment_id=shipment.shipment_id,
        location_id=shipment.location_id,
        lines=[
            pb.ShipmentLine(line_id=line_ids.get(ln.sku, ln.sku), sku_id=ln.sku, quantity=ln.qty)
            for ln in shipment.lines
        ],
        status=f"SHIPMENT_STATUS_{shipment.status.value.upper()}",
        cost_cents=shipment.cost_cents,
        distance_km=shipment.distance_km,
        late=bool(arrive and promised_on and arrive > promised_on),
        kind=SHIPMENT_KINDS.get(shipment.kind, pb.SHIPMENT_KIND_UNSPECIFIED),
        to_location_id=pickup if shipment.kind == "transfer" else "",
    )
    if shipment.dispatch_on:
        day = date.fromisoformat(shipment.dispatch_on)
        message.dispatch_on.CopyFrom(
            common_pb2.CalendarDate(year=day.year, month=day.month, day=day.day)
        )
    if arrive is not None:
        message.estimated_delivery_at.CopyFrom(to_timestamp(_day_start(arrive)))
    return message


def _runner_ups(plan: Mapping[str, Any], locations: list[str]) -> list[Any]:
    ranked = sorted(
        (r for r in plan["runners_up"] if r["runner_up_id"] is not None),
        key=lambda r: r["loses_by_cents"],
    )
    return [
        pb.RunnerUp(
            rank=rank,
            location_ids=[r["runner_up_id"] if loc == r["chosen_id"] else loc for loc in locations],
            total_cost_cents=plan["total_cents"] + r["loses_by_cents"],
            lost_by_cents=r["loses_by_cents"],
            reason=r["note"]
            or f"{r['runner_up_id']} instead of {r['chosen_id']}: +{r['loses_by_cents']} cents",
        )
        for rank, r in enumerate(ranked, start=1)
    ]


def _click_and_collect(record: OrderRecord, placed_at: datetime) -> Any:
    collect = record.plan.get("collect") or {"alternatives": [], "ready_at": None}
    pickup = record.pickup_location_id or ""
    transfers = [
        pb.Transfer(
            from_location_id=s.location_id,
            to_location_id=pickup,
            sku_id=ln.sku,
            quantity=ln.qty,
            arrives_at=to_timestamp(_day_start(date.fromisoformat(s.arrive_on)))
            if s.arrive_on
            else None,
        )
        for s in record.shipments
        if s.kind == "transfer" and s.status.value != "rejected"
        for ln in s.lines
    ]
    # An alternative store has every unit on its shelf (`routing.click_collect`): like a
    # pickup store that keeps the whole order, it is ready when the order is placed.
    message = pb.ClickAndCollect(
        pickup_location_id=pickup,
        pickup_has_all=record.plan["status"] == "routed" and not transfers,
        transfers=transfers,
        alternative_stores=[
            pb.AlternativeStore(
                location_id=a["location_id"],
                distance_km=a["distance_km"],
                has_all=True,
                ready_at=to_timestamp(placed_at),
            )
            for a in collect["alternatives"]
        ],
    )
    if collect["ready_at"]:
        message.ready_at.CopyFrom(to_timestamp(datetime.fromisoformat(collect["ready_at"])))
    for name in ("ready_for_pickup_at", "collect_by", "closed_at"):
        moment = getattr(record, name)
        if moment is not None:
            getattr(message, name).CopyFrom(to_timestamp(moment))
    return message


def _lines_of(record: OrderRecord) -> list[Any]:
    """The order's lines as planned (shipments and unfilled units), the SKU as line id."""
    qty: dict[str, int] = {}
    for shipment in record.shipments:
        if shipment.status.value != "rejected":
            for ln in shipment.lines:
                qty[ln.sku] = qty.get(ln.sku, 0) + ln.qty
    for u in record.plan["unfilled"]:
        qty[u["sku"]] = qty.get(u["sku"], 0) + u["qty"]
    return [pb.OrderLine(line_id=sku, sku_id=sku, quantity=n) for sku, n in qty.items()]


def _term_kind(name: str, cents: int) -> Any:
    if name == "unit_cost":
        return (
            common_pb2.COST_TERM_KIND_STORE_PROTECTION
            if cents > 0
            else common_pb2.COST_TERM_KIND_OVERSTOCK_RELIEF
        )
    return COST_TERM_KINDS.get(name, common_pb2.COST_TERM_KIND_UNSPECIFIED)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), UTC)
