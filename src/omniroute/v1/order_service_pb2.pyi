import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from omniroute.v1 import common_pb2 as _common_pb2
from omniroute.v1 import return_service_pb2 as _return_service_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OrderStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORDER_STATUS_UNSPECIFIED: _ClassVar[OrderStatus]
    ORDER_STATUS_QUOTED: _ClassVar[OrderStatus]
    ORDER_STATUS_RESERVED: _ClassVar[OrderStatus]
    ORDER_STATUS_PARTIALLY_SHIPPED: _ClassVar[OrderStatus]
    ORDER_STATUS_SHIPPED: _ClassVar[OrderStatus]
    ORDER_STATUS_CANCELLED: _ClassVar[OrderStatus]
    ORDER_STATUS_UNFULFILLABLE: _ClassVar[OrderStatus]
    ORDER_STATUS_ARRIVED: _ClassVar[OrderStatus]
    ORDER_STATUS_READY_FOR_PICKUP: _ClassVar[OrderStatus]
    ORDER_STATUS_COLLECTED: _ClassVar[OrderStatus]
    ORDER_STATUS_NOT_COLLECTED: _ClassVar[OrderStatus]

class PlanStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PLAN_STATUS_UNSPECIFIED: _ClassVar[PlanStatus]
    PLAN_STATUS_COMPLETE: _ClassVar[PlanStatus]
    PLAN_STATUS_PARTIAL: _ClassVar[PlanStatus]
    PLAN_STATUS_INFEASIBLE: _ClassVar[PlanStatus]

class ShipmentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHIPMENT_STATUS_UNSPECIFIED: _ClassVar[ShipmentStatus]
    SHIPMENT_STATUS_PLANNED: _ClassVar[ShipmentStatus]
    SHIPMENT_STATUS_SHIPPED: _ClassVar[ShipmentStatus]
    SHIPMENT_STATUS_REJECTED: _ClassVar[ShipmentStatus]
    SHIPMENT_STATUS_CANCELLED: _ClassVar[ShipmentStatus]
    SHIPMENT_STATUS_ARRIVED: _ClassVar[ShipmentStatus]
    SHIPMENT_STATUS_COLLECTED: _ClassVar[ShipmentStatus]
    SHIPMENT_STATUS_NOT_COLLECTED: _ClassVar[ShipmentStatus]

class ShipmentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHIPMENT_KIND_UNSPECIFIED: _ClassVar[ShipmentKind]
    SHIPMENT_KIND_PARCEL: _ClassVar[ShipmentKind]
    SHIPMENT_KIND_TRANSFER: _ClassVar[ShipmentKind]
    SHIPMENT_KIND_PICKUP: _ClassVar[ShipmentKind]

class ReservationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESERVATION_STATUS_UNSPECIFIED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_HELD: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_COMMITTED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_FULFILLED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_RELEASED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_EXPIRED: _ClassVar[ReservationStatus]

class WorkKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WORK_KIND_UNSPECIFIED: _ClassVar[WorkKind]
    WORK_KIND_PICK: _ClassVar[WorkKind]
    WORK_KIND_TRANSFER_IN: _ClassVar[WorkKind]
    WORK_KIND_COUNTER: _ClassVar[WorkKind]

class OrderEventSubject(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORDER_EVENT_SUBJECT_UNSPECIFIED: _ClassVar[OrderEventSubject]
    ORDER_EVENT_SUBJECT_ORDER: _ClassVar[OrderEventSubject]
    ORDER_EVENT_SUBJECT_SHIPMENT: _ClassVar[OrderEventSubject]
    ORDER_EVENT_SUBJECT_RETURN: _ClassVar[OrderEventSubject]
ORDER_STATUS_UNSPECIFIED: OrderStatus
ORDER_STATUS_QUOTED: OrderStatus
ORDER_STATUS_RESERVED: OrderStatus
ORDER_STATUS_PARTIALLY_SHIPPED: OrderStatus
ORDER_STATUS_SHIPPED: OrderStatus
ORDER_STATUS_CANCELLED: OrderStatus
ORDER_STATUS_UNFULFILLABLE: OrderStatus
ORDER_STATUS_ARRIVED: OrderStatus
ORDER_STATUS_READY_FOR_PICKUP: OrderStatus
ORDER_STATUS_COLLECTED: OrderStatus
ORDER_STATUS_NOT_COLLECTED: OrderStatus
PLAN_STATUS_UNSPECIFIED: PlanStatus
PLAN_STATUS_COMPLETE: PlanStatus
PLAN_STATUS_PARTIAL: PlanStatus
PLAN_STATUS_INFEASIBLE: PlanStatus
SHIPMENT_STATUS_UNSPECIFIED: ShipmentStatus
SHIPMENT_STATUS_PLANNED: ShipmentStatus
SHIPMENT_STATUS_SHIPPED: ShipmentStatus
SHIPMENT_STATUS_REJECTED: ShipmentStatus
SHIPMENT_STATUS_CANCELLED: ShipmentStatus
SHIPMENT_STATUS_ARRIVED: ShipmentStatus
SHIPMENT_STATUS_COLLECTED: ShipmentStatus
SHIPMENT_STATUS_NOT_COLLECTED: ShipmentStatus
SHIPMENT_KIND_UNSPECIFIED: ShipmentKind
SHIPMENT_KIND_PARCEL: ShipmentKind
SHIPMENT_KIND_TRANSFER: ShipmentKind
SHIPMENT_KIND_PICKUP: ShipmentKind
RESERVATION_STATUS_UNSPECIFIED: ReservationStatus
RESERVATION_STATUS_HELD: ReservationStatus
RESERVATION_STATUS_COMMITTED: ReservationStatus
RESERVATION_STATUS_FULFILLED: ReservationStatus
RESERVATION_STATUS_RELEASED: ReservationStatus
RESERVATION_STATUS_EXPIRED: ReservationStatus
WORK_KIND_UNSPECIFIED: WorkKind
WORK_KIND_PICK: WorkKind
WORK_KIND_TRANSFER_IN: WorkKind
WORK_KIND_COUNTER: WorkKind
ORDER_EVENT_SUBJECT_UNSPECIFIED: OrderEventSubject
ORDER_EVENT_SUBJECT_ORDER: OrderEventSubject
ORDER_EVENT_SUBJECT_SHIPMENT: OrderEventSubject
ORDER_EVENT_SUBJECT_RETURN: OrderEventSubject

class OrderLine(_message.Message):
    __slots__ = ("line_id", "sku_id", "quantity", "unit_price_cents", "discount_cents", "allow_split")
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_CENTS_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    ALLOW_SPLIT_FIELD_NUMBER: _ClassVar[int]
    line_id: str
    sku_id: str
    quantity: int
    unit_price_cents: int
    discount_cents: int
    allow_split: bool
    def __init__(self, line_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price_cents: _Optional[int] = ..., discount_cents: _Optional[int] = ..., allow_split: _Optional[bool] = ...) -> None: ...

class RoutingConstraints(_message.Message):
    __slots__ = ("ship_complete", "max_shipments", "max_radius_km", "promised_by", "excluded_location_ids")
    SHIP_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    MAX_SHIPMENTS_FIELD_NUMBER: _ClassVar[int]
    MAX_RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    PROMISED_BY_FIELD_NUMBER: _ClassVar[int]
    EXCLUDED_LOCATION_IDS_FIELD_NUMBER: _ClassVar[int]
    ship_complete: bool
    max_shipments: int
    max_radius_km: float
    promised_by: _timestamp_pb2.Timestamp
    excluded_location_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ship_complete: _Optional[bool] = ..., max_shipments: _Optional[int] = ..., max_radius_km: _Optional[float] = ..., promised_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., excluded_location_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RouteOrderRequest(_message.Message):
    __slots__ = ("order_id", "idempotency_key", "dry_run", "strategy", "lines", "ship_to", "pickup_location_id", "constraints", "customer_id", "coupon_codes", "hold_for", "placed_at", "redeem_points")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    SHIP_TO_FIELD_NUMBER: _ClassVar[int]
    PICKUP_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    CONSTRAINTS_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODES_FIELD_NUMBER: _ClassVar[int]
    HOLD_FOR_FIELD_NUMBER: _ClassVar[int]
    PLACED_AT_FIELD_NUMBER: _ClassVar[int]
    REDEEM_POINTS_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    idempotency_key: str
    dry_run: bool
    strategy: str
    lines: _containers.RepeatedCompositeFieldContainer[OrderLine]
    ship_to: _common_pb2.Address
    pickup_location_id: str
    constraints: RoutingConstraints
    customer_id: str
    coupon_codes: _containers.RepeatedScalarFieldContainer[str]
    hold_for: _duration_pb2.Duration
    placed_at: _timestamp_pb2.Timestamp
    redeem_points: int
    def __init__(self, order_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., dry_run: _Optional[bool] = ..., strategy: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[OrderLine, _Mapping]]] = ..., ship_to: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., pickup_location_id: _Optional[str] = ..., constraints: _Optional[_Union[RoutingConstraints, _Mapping]] = ..., customer_id: _Optional[str] = ..., coupon_codes: _Optional[_Iterable[str]] = ..., hold_for: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., placed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., redeem_points: _Optional[int] = ...) -> None: ...

class ShipmentLine(_message.Message):
    __slots__ = ("line_id", "sku_id", "quantity")
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    line_id: str
    sku_id: str
    quantity: int
    def __init__(self, line_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., quantity: _Optional[int] = ...) -> None: ...

class Shipment(_message.Message):
    __slots__ = ("shipment_id", "location_id", "lines", "status", "cost_cents", "cost_terms", "distance_km", "weight_grams", "estimated_delivery_at", "late", "tracking_number", "shipped_at", "kind", "to_location_id", "dispatch_on")
    SHIPMENT_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COST_CENTS_FIELD_NUMBER: _ClassVar[int]
    COST_TERMS_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_GRAMS_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_DELIVERY_AT_FIELD_NUMBER: _ClassVar[int]
    LATE_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SHIPPED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TO_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    DISPATCH_ON_FIELD_NUMBER: _ClassVar[int]
    shipment_id: str
    location_id: str
    lines: _containers.RepeatedCompositeFieldContainer[ShipmentLine]
    status: ShipmentStatus
    cost_cents: int
    cost_terms: _containers.RepeatedCompositeFieldContainer[_common_pb2.CostTerm]
    distance_km: float
    weight_grams: int
    estimated_delivery_at: _timestamp_pb2.Timestamp
    late: bool
    tracking_number: str
    shipped_at: _timestamp_pb2.Timestamp
    kind: ShipmentKind
    to_location_id: str
    dispatch_on: _common_pb2.CalendarDate
    def __init__(self, shipment_id: _Optional[str] = ..., location_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ShipmentLine, _Mapping]]] = ..., status: _Optional[_Union[ShipmentStatus, str]] = ..., cost_cents: _Optional[int] = ..., cost_terms: _Optional[_Iterable[_Union[_common_pb2.CostTerm, _Mapping]]] = ..., distance_km: _Optional[float] = ..., weight_grams: _Optional[int] = ..., estimated_delivery_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., late: _Optional[bool] = ..., tracking_number: _Optional[str] = ..., shipped_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[_Union[ShipmentKind, str]] = ..., to_location_id: _Optional[str] = ..., dispatch_on: _Optional[_Union[_common_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class UnfilledLine(_message.Message):
    __slots__ = ("line_id", "sku_id", "quantity", "reason")
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    line_id: str
    sku_id: str
    quantity: int
    reason: str
    def __init__(self, line_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., quantity: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class RunnerUp(_message.Message):
    __slots__ = ("rank", "location_ids", "total_cost_cents", "lost_by_cents", "cost_terms", "reason")
    RANK_FIELD_NUMBER: _ClassVar[int]
    LOCATION_IDS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_COST_CENTS_FIELD_NUMBER: _ClassVar[int]
    LOST_BY_CENTS_FIELD_NUMBER: _ClassVar[int]
    COST_TERMS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    rank: int
    location_ids: _containers.RepeatedScalarFieldContainer[str]
    total_cost_cents: int
    lost_by_cents: int
    cost_terms: _containers.RepeatedCompositeFieldContainer[_common_pb2.CostTerm]
    reason: str
    def __init__(self, rank: _Optional[int] = ..., location_ids: _Optional[_Iterable[str]] = ..., total_cost_cents: _Optional[int] = ..., lost_by_cents: _Optional[int] = ..., cost_terms: _Optional[_Iterable[_Union[_common_pb2.CostTerm, _Mapping]]] = ..., reason: _Optional[str] = ...) -> None: ...

class RoutingPlan(_message.Message):
    __slots__ = ("status", "strategy", "proven_optimal", "lower_bound_cents", "fallback_used", "total_cost_cents", "cost_terms", "shipments", "unfilled_lines", "runner_ups", "candidate_location_count", "solve_time", "opportunity_cents")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    PROVEN_OPTIMAL_FIELD_NUMBER: _ClassVar[int]
    LOWER_BOUND_CENTS_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_USED_FIELD_NUMBER: _ClassVar[int]
    TOTAL_COST_CENTS_FIELD_NUMBER: _ClassVar[int]
    COST_TERMS_FIELD_NUMBER: _ClassVar[int]
    SHIPMENTS_FIELD_NUMBER: _ClassVar[int]
    UNFILLED_LINES_FIELD_NUMBER: _ClassVar[int]
    RUNNER_UPS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_LOCATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    SOLVE_TIME_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_CENTS_FIELD_NUMBER: _ClassVar[int]
    status: PlanStatus
    strategy: str
    proven_optimal: bool
    lower_bound_cents: int
    fallback_used: bool
    total_cost_cents: int
    cost_terms: _containers.RepeatedCompositeFieldContainer[_common_pb2.CostTerm]
    shipments: _containers.RepeatedCompositeFieldContainer[Shipment]
    unfilled_lines: _containers.RepeatedCompositeFieldContainer[UnfilledLine]
    runner_ups: _containers.RepeatedCompositeFieldContainer[RunnerUp]
    candidate_location_count: int
    solve_time: _duration_pb2.Duration
    opportunity_cents: int
    def __init__(self, status: _Optional[_Union[PlanStatus, str]] = ..., strategy: _Optional[str] = ..., proven_optimal: _Optional[bool] = ..., lower_bound_cents: _Optional[int] = ..., fallback_used: _Optional[bool] = ..., total_cost_cents: _Optional[int] = ..., cost_terms: _Optional[_Iterable[_Union[_common_pb2.CostTerm, _Mapping]]] = ..., shipments: _Optional[_Iterable[_Union[Shipment, _Mapping]]] = ..., unfilled_lines: _Optional[_Iterable[_Union[UnfilledLine, _Mapping]]] = ..., runner_ups: _Optional[_Iterable[_Union[RunnerUp, _Mapping]]] = ..., candidate_location_count: _Optional[int] = ..., solve_time: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., opportunity_cents: _Optional[int] = ...) -> None: ...

class ReservationLine(_message.Message):
    __slots__ = ("location_id", "sku_id", "quantity")
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    sku_id: str
    quantity: int
    def __init__(self, location_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., quantity: _Optional[int] = ...) -> None: ...

class Reservation(_message.Message):
    __slots__ = ("reservation_id", "status", "lines", "expires_at", "created_at")
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    reservation_id: str
    status: ReservationStatus
    lines: _containers.RepeatedCompositeFieldContainer[ReservationLine]
    expires_at: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, reservation_id: _Optional[str] = ..., status: _Optional[_Union[ReservationStatus, str]] = ..., lines: _Optional[_Iterable[_Union[ReservationLine, _Mapping]]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Transfer(_message.Message):
    __slots__ = ("from_location_id", "to_location_id", "sku_id", "quantity", "arrives_at")
    FROM_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    TO_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    ARRIVES_AT_FIELD_NUMBER: _ClassVar[int]
    from_location_id: str
    to_location_id: str
    sku_id: str
    quantity: int
    arrives_at: _timestamp_pb2.Timestamp
    def __init__(self, from_location_id: _Optional[str] = ..., to_location_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., quantity: _Optional[int] = ..., arrives_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AlternativeStore(_message.Message):
    __slots__ = ("location_id", "distance_km", "has_all", "ready_at")
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    HAS_ALL_FIELD_NUMBER: _ClassVar[int]
    READY_AT_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    distance_km: float
    has_all: bool
    ready_at: _timestamp_pb2.Timestamp
    def __init__(self, location_id: _Optional[str] = ..., distance_km: _Optional[float] = ..., has_all: _Optional[bool] = ..., ready_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ClickAndCollect(_message.Message):
    __slots__ = ("pickup_location_id", "pickup_has_all", "ready_at", "transfers", "alternative_stores", "ready_for_pickup_at", "collect_by", "closed_at")
    PICKUP_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    PICKUP_HAS_ALL_FIELD_NUMBER: _ClassVar[int]
    READY_AT_FIELD_NUMBER: _ClassVar[int]
    TRANSFERS_FIELD_NUMBER: _ClassVar[int]
    ALTERNATIVE_STORES_FIELD_NUMBER: _ClassVar[int]
    READY_FOR_PICKUP_AT_FIELD_NUMBER: _ClassVar[int]
    COLLECT_BY_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    pickup_location_id: str
    pickup_has_all: bool
    ready_at: _timestamp_pb2.Timestamp
    transfers: _containers.RepeatedCompositeFieldContainer[Transfer]
    alternative_stores: _containers.RepeatedCompositeFieldContainer[AlternativeStore]
    ready_for_pickup_at: _timestamp_pb2.Timestamp
    collect_by: _timestamp_pb2.Timestamp
    closed_at: _timestamp_pb2.Timestamp
    def __init__(self, pickup_location_id: _Optional[str] = ..., pickup_has_all: _Optional[bool] = ..., ready_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., transfers: _Optional[_Iterable[_Union[Transfer, _Mapping]]] = ..., alternative_stores: _Optional[_Iterable[_Union[AlternativeStore, _Mapping]]] = ..., ready_for_pickup_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., collect_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Order(_message.Message):
    __slots__ = ("order_id", "status", "lines", "ship_to", "pickup_location_id", "customer_id", "plan", "reservation", "click_and_collect", "excluded_location_ids", "coupon_codes", "placed_at", "updated_at", "points_redeemed")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    SHIP_TO_FIELD_NUMBER: _ClassVar[int]
    PICKUP_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    CLICK_AND_COLLECT_FIELD_NUMBER: _ClassVar[int]
    EXCLUDED_LOCATION_IDS_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODES_FIELD_NUMBER: _ClassVar[int]
    PLACED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    POINTS_REDEEMED_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    status: OrderStatus
    lines: _containers.RepeatedCompositeFieldContainer[OrderLine]
    ship_to: _common_pb2.Address
    pickup_location_id: str
    customer_id: str
    plan: RoutingPlan
    reservation: Reservation
    click_and_collect: ClickAndCollect
    excluded_location_ids: _containers.RepeatedScalarFieldContainer[str]
    coupon_codes: _containers.RepeatedScalarFieldContainer[str]
    placed_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    points_redeemed: int
    def __init__(self, order_id: _Optional[str] = ..., status: _Optional[_Union[OrderStatus, str]] = ..., lines: _Optional[_Iterable[_Union[OrderLine, _Mapping]]] = ..., ship_to: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., pickup_location_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., plan: _Optional[_Union[RoutingPlan, _Mapping]] = ..., reservation: _Optional[_Union[Reservation, _Mapping]] = ..., click_and_collect: _Optional[_Union[ClickAndCollect, _Mapping]] = ..., excluded_location_ids: _Optional[_Iterable[str]] = ..., coupon_codes: _Optional[_Iterable[str]] = ..., placed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., points_redeemed: _Optional[int] = ...) -> None: ...

class RouteOrderResponse(_message.Message):
    __slots__ = ("order", "replayed")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    order: Order
    replayed: bool
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class GetOrderRequest(_message.Message):
    __slots__ = ("order_id",)
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    def __init__(self, order_id: _Optional[str] = ...) -> None: ...

class GetOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: Order
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class ShipOrderRequest(_message.Message):
    __slots__ = ("order_id", "shipment_id", "carrier", "tracking_number", "shipped_at")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    SHIPMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SHIPPED_AT_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    shipment_id: str
    carrier: str
    tracking_number: str
    shipped_at: _timestamp_pb2.Timestamp
    def __init__(self, order_id: _Optional[str] = ..., shipment_id: _Optional[str] = ..., carrier: _Optional[str] = ..., tracking_number: _Optional[str] = ..., shipped_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ShipOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: Order
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class CancelOrderRequest(_message.Message):
    __slots__ = ("order_id", "reason")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    reason: str
    def __init__(self, order_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CancelOrderResponse(_message.Message):
    __slots__ = ("order", "released_lines")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    RELEASED_LINES_FIELD_NUMBER: _ClassVar[int]
    order: Order
    released_lines: _containers.RepeatedCompositeFieldContainer[ReservationLine]
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ..., released_lines: _Optional[_Iterable[_Union[ReservationLine, _Mapping]]] = ...) -> None: ...

class RejectShipmentRequest(_message.Message):
    __slots__ = ("order_id", "shipment_id", "reason", "write_off_stock")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    SHIPMENT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    WRITE_OFF_STOCK_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    shipment_id: str
    reason: str
    write_off_stock: bool
    def __init__(self, order_id: _Optional[str] = ..., shipment_id: _Optional[str] = ..., reason: _Optional[str] = ..., write_off_stock: _Optional[bool] = ...) -> None: ...

class RejectShipmentResponse(_message.Message):
    __slots__ = ("order", "new_shipments")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    NEW_SHIPMENTS_FIELD_NUMBER: _ClassVar[int]
    order: Order
    new_shipments: _containers.RepeatedCompositeFieldContainer[Shipment]
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ..., new_shipments: _Optional[_Iterable[_Union[Shipment, _Mapping]]] = ...) -> None: ...

class GetOpportunityPricesRequest(_message.Message):
    __slots__ = ("location_ids", "sku_ids", "page_size", "page_token")
    LOCATION_IDS_FIELD_NUMBER: _ClassVar[int]
    SKU_IDS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    location_ids: _containers.RepeatedScalarFieldContainer[str]
    sku_ids: _containers.RepeatedScalarFieldContainer[str]
    page_size: int
    page_token: str
    def __init__(self, location_ids: _Optional[_Iterable[str]] = ..., sku_ids: _Optional[_Iterable[str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class StockPrice(_message.Message):
    __slots__ = ("location_id", "sku_id", "cents_per_unit")
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    CENTS_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    sku_id: str
    cents_per_unit: int
    def __init__(self, location_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., cents_per_unit: _Optional[int] = ...) -> None: ...

class CapacityPrice(_message.Message):
    __slots__ = ("location_id", "today_cents", "tomorrow_cents", "later_cents")
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    TODAY_CENTS_FIELD_NUMBER: _ClassVar[int]
    TOMORROW_CENTS_FIELD_NUMBER: _ClassVar[int]
    LATER_CENTS_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    today_cents: int
    tomorrow_cents: int
    later_cents: int
    def __init__(self, location_id: _Optional[str] = ..., today_cents: _Optional[int] = ..., tomorrow_cents: _Optional[int] = ..., later_cents: _Optional[int] = ...) -> None: ...

class GetOpportunityPricesResponse(_message.Message):
    __slots__ = ("available", "computed_at", "horizon_end", "theta", "trigger", "status", "history_days", "expected_units", "refresh_time", "stock_prices", "capacity_prices", "next_page_token")
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    COMPUTED_AT_FIELD_NUMBER: _ClassVar[int]
    HORIZON_END_FIELD_NUMBER: _ClassVar[int]
    THETA_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_DAYS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_UNITS_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TIME_FIELD_NUMBER: _ClassVar[int]
    STOCK_PRICES_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_PRICES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    available: bool
    computed_at: _timestamp_pb2.Timestamp
    horizon_end: _timestamp_pb2.Timestamp
    theta: float
    trigger: str
    status: str
    history_days: int
    expected_units: float
    refresh_time: _duration_pb2.Duration
    stock_prices: _containers.RepeatedCompositeFieldContainer[StockPrice]
    capacity_prices: _containers.RepeatedCompositeFieldContainer[CapacityPrice]
    next_page_token: str
    def __init__(self, available: _Optional[bool] = ..., computed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., horizon_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., theta: _Optional[float] = ..., trigger: _Optional[str] = ..., status: _Optional[str] = ..., history_days: _Optional[int] = ..., expected_units: _Optional[float] = ..., refresh_time: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., stock_prices: _Optional[_Iterable[_Union[StockPrice, _Mapping]]] = ..., capacity_prices: _Optional[_Iterable[_Union[CapacityPrice, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class MarkArrivedRequest(_message.Message):
    __slots__ = ("order_id", "shipment_id")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    SHIPMENT_ID_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    shipment_id: str
    def __init__(self, order_id: _Optional[str] = ..., shipment_id: _Optional[str] = ...) -> None: ...

class MarkArrivedResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: Order
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class MarkReadyForPickupRequest(_message.Message):
    __slots__ = ("order_id",)
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    def __init__(self, order_id: _Optional[str] = ...) -> None: ...

class MarkReadyForPickupResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: Order
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class ConfirmCollectedRequest(_message.Message):
    __slots__ = ("order_id",)
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    def __init__(self, order_id: _Optional[str] = ...) -> None: ...

class ConfirmCollectedResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: Order
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class ListShipmentsRequest(_message.Message):
    __slots__ = ("location_id", "status", "work", "page_size", "page_token")
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    WORK_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    status: ShipmentStatus
    work: WorkKind
    page_size: int
    page_token: str
    def __init__(self, location_id: _Optional[str] = ..., status: _Optional[_Union[ShipmentStatus, str]] = ..., work: _Optional[_Union[WorkKind, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class WorkItem(_message.Message):
    __slots__ = ("work", "order_id", "shipment", "order_status", "collect_by")
    WORK_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    SHIPMENT_FIELD_NUMBER: _ClassVar[int]
    ORDER_STATUS_FIELD_NUMBER: _ClassVar[int]
    COLLECT_BY_FIELD_NUMBER: _ClassVar[int]
    work: WorkKind
    order_id: str
    shipment: Shipment
    order_status: OrderStatus
    collect_by: _timestamp_pb2.Timestamp
    def __init__(self, work: _Optional[_Union[WorkKind, str]] = ..., order_id: _Optional[str] = ..., shipment: _Optional[_Union[Shipment, _Mapping]] = ..., order_status: _Optional[_Union[OrderStatus, str]] = ..., collect_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListShipmentsResponse(_message.Message):
    __slots__ = ("items", "next_page_token")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[WorkItem]
    next_page_token: str
    def __init__(self, items: _Optional[_Iterable[_Union[WorkItem, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class WatchOrdersRequest(_message.Message):
    __slots__ = ("after_cursor", "order_ids")
    AFTER_CURSOR_FIELD_NUMBER: _ClassVar[int]
    ORDER_IDS_FIELD_NUMBER: _ClassVar[int]
    after_cursor: str
    order_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, after_cursor: _Optional[str] = ..., order_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class WatchOrdersResponse(_message.Message):
    __slots__ = ("cursor", "recorded_at", "subject", "order_id", "shipment_id", "return_id", "order_status", "shipment_status", "return_status", "location_id")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    SHIPMENT_ID_FIELD_NUMBER: _ClassVar[int]
    RETURN_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_STATUS_FIELD_NUMBER: _ClassVar[int]
    SHIPMENT_STATUS_FIELD_NUMBER: _ClassVar[int]
    RETURN_STATUS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    recorded_at: _timestamp_pb2.Timestamp
    subject: OrderEventSubject
    order_id: str
    shipment_id: str
    return_id: str
    order_status: OrderStatus
    shipment_status: ShipmentStatus
    return_status: _return_service_pb2.ReturnStatus
    location_id: str
    def __init__(self, cursor: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., subject: _Optional[_Union[OrderEventSubject, str]] = ..., order_id: _Optional[str] = ..., shipment_id: _Optional[str] = ..., return_id: _Optional[str] = ..., order_status: _Optional[_Union[OrderStatus, str]] = ..., shipment_status: _Optional[_Union[ShipmentStatus, str]] = ..., return_status: _Optional[_Union[_return_service_pb2.ReturnStatus, str]] = ..., location_id: _Optional[str] = ...) -> None: ...
