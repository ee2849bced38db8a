import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from omniroute.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StockEventType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STOCK_EVENT_TYPE_UNSPECIFIED: _ClassVar[StockEventType]
    STOCK_EVENT_TYPE_RECEIPT: _ClassVar[StockEventType]
    STOCK_EVENT_TYPE_POS_SALE: _ClassVar[StockEventType]
    STOCK_EVENT_TYPE_ADJUSTMENT: _ClassVar[StockEventType]
    STOCK_EVENT_TYPE_TRANSFER_OUT: _ClassVar[StockEventType]
    STOCK_EVENT_TYPE_TRANSFER_IN: _ClassVar[StockEventType]
    STOCK_EVENT_TYPE_SAFETY_STOCK_SET: _ClassVar[StockEventType]
    STOCK_EVENT_TYPE_INCOMING_EXPECTED: _ClassVar[StockEventType]

class StockChangeCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STOCK_CHANGE_CAUSE_UNSPECIFIED: _ClassVar[StockChangeCause]
    STOCK_CHANGE_CAUSE_SNAPSHOT: _ClassVar[StockChangeCause]
    STOCK_CHANGE_CAUSE_STOCK_EVENT: _ClassVar[StockChangeCause]
    STOCK_CHANGE_CAUSE_RESERVE: _ClassVar[StockChangeCause]
    STOCK_CHANGE_CAUSE_RELEASE: _ClassVar[StockChangeCause]
    STOCK_CHANGE_CAUSE_SHIPMENT: _ClassVar[StockChangeCause]
    STOCK_CHANGE_CAUSE_RETURN_RECEIPT: _ClassVar[StockChangeCause]
STOCK_EVENT_TYPE_UNSPECIFIED: StockEventType
STOCK_EVENT_TYPE_RECEIPT: StockEventType
STOCK_EVENT_TYPE_POS_SALE: StockEventType
STOCK_EVENT_TYPE_ADJUSTMENT: StockEventType
STOCK_EVENT_TYPE_TRANSFER_OUT: StockEventType
STOCK_EVENT_TYPE_TRANSFER_IN: StockEventType
STOCK_EVENT_TYPE_SAFETY_STOCK_SET: StockEventType
STOCK_EVENT_TYPE_INCOMING_EXPECTED: StockEventType
STOCK_CHANGE_CAUSE_UNSPECIFIED: StockChangeCause
STOCK_CHANGE_CAUSE_SNAPSHOT: StockChangeCause
STOCK_CHANGE_CAUSE_STOCK_EVENT: StockChangeCause
STOCK_CHANGE_CAUSE_RESERVE: StockChangeCause
STOCK_CHANGE_CAUSE_RELEASE: StockChangeCause
STOCK_CHANGE_CAUSE_SHIPMENT: StockChangeCause
STOCK_CHANGE_CAUSE_RETURN_RECEIPT: StockChangeCause

class UpsertLocationsRequest(_message.Message):
    __slots__ = ("locations",)
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    locations: _containers.RepeatedCompositeFieldContainer[_common_pb2.Location]
    def __init__(self, locations: _Optional[_Iterable[_Union[_common_pb2.Location, _Mapping]]] = ...) -> None: ...

class UpsertLocationsResponse(_message.Message):
    __slots__ = ("created_count", "updated_count")
    CREATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    created_count: int
    updated_count: int
    def __init__(self, created_count: _Optional[int] = ..., updated_count: _Optional[int] = ...) -> None: ...

class UpsertSkusRequest(_message.Message):
    __slots__ = ("skus",)
    SKUS_FIELD_NUMBER: _ClassVar[int]
    skus: _containers.RepeatedCompositeFieldContainer[_common_pb2.Sku]
    def __init__(self, skus: _Optional[_Iterable[_Union[_common_pb2.Sku, _Mapping]]] = ...) -> None: ...

class UpsertSkusResponse(_message.Message):
    __slots__ = ("created_count", "updated_count")
    CREATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    created_count: int
    updated_count: int
    def __init__(self, created_count: _Optional[int] = ..., updated_count: _Optional[int] = ...) -> None: ...

class StockEvent(_message.Message):
    __slots__ = ("type", "location_id", "sku_id", "quantity", "occurred_at", "counterpart_location_id", "expected_at", "reference", "reason")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    COUNTERPART_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_AT_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    type: StockEventType
    location_id: str
    sku_id: str
    quantity: int
    occurred_at: _timestamp_pb2.Timestamp
    counterpart_location_id: str
    expected_at: _timestamp_pb2.Timestamp
    reference: str
    reason: str
    def __init__(self, type: _Optional[_Union[StockEventType, str]] = ..., location_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., quantity: _Optional[int] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., counterpart_location_id: _Optional[str] = ..., expected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reference: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ApplyStockEventsRequest(_message.Message):
    __slots__ = ("idempotency_key", "events")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    events: _containers.RepeatedCompositeFieldContainer[StockEvent]
    def __init__(self, idempotency_key: _Optional[str] = ..., events: _Optional[_Iterable[_Union[StockEvent, _Mapping]]] = ...) -> None: ...

class ApplyStockEventsResponse(_message.Message):
    __slots__ = ("applied_count", "replayed", "levels")
    APPLIED_COUNT_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    applied_count: int
    replayed: bool
    levels: _containers.RepeatedCompositeFieldContainer[_common_pb2.StockLevel]
    def __init__(self, applied_count: _Optional[int] = ..., replayed: _Optional[bool] = ..., levels: _Optional[_Iterable[_Union[_common_pb2.StockLevel, _Mapping]]] = ...) -> None: ...

class StreamStockEventsRequest(_message.Message):
    __slots__ = ("idempotency_key", "events")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    events: _containers.RepeatedCompositeFieldContainer[StockEvent]
    def __init__(self, idempotency_key: _Optional[str] = ..., events: _Optional[_Iterable[_Union[StockEvent, _Mapping]]] = ...) -> None: ...

class RejectedBatch(_message.Message):
    __slots__ = ("batch_index", "idempotency_key", "code", "message")
    BATCH_INDEX_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    batch_index: int
    idempotency_key: str
    code: str
    message: str
    def __init__(self, batch_index: _Optional[int] = ..., idempotency_key: _Optional[str] = ..., code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class StreamStockEventsResponse(_message.Message):
    __slots__ = ("batches_received", "batches_applied", "batches_replayed", "events_applied", "rejected_batches")
    BATCHES_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    BATCHES_APPLIED_FIELD_NUMBER: _ClassVar[int]
    BATCHES_REPLAYED_FIELD_NUMBER: _ClassVar[int]
    EVENTS_APPLIED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_BATCHES_FIELD_NUMBER: _ClassVar[int]
    batches_received: int
    batches_applied: int
    batches_replayed: int
    events_applied: int
    rejected_batches: _containers.RepeatedCompositeFieldContainer[RejectedBatch]
    def __init__(self, batches_received: _Optional[int] = ..., batches_applied: _Optional[int] = ..., batches_replayed: _Optional[int] = ..., events_applied: _Optional[int] = ..., rejected_batches: _Optional[_Iterable[_Union[RejectedBatch, _Mapping]]] = ...) -> None: ...

class GetStockRequest(_message.Message):
    __slots__ = ("sku_ids", "location_ids")
    SKU_IDS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_IDS_FIELD_NUMBER: _ClassVar[int]
    sku_ids: _containers.RepeatedScalarFieldContainer[str]
    location_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, sku_ids: _Optional[_Iterable[str]] = ..., location_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetStockResponse(_message.Message):
    __slots__ = ("levels",)
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    levels: _containers.RepeatedCompositeFieldContainer[_common_pb2.StockLevel]
    def __init__(self, levels: _Optional[_Iterable[_Union[_common_pb2.StockLevel, _Mapping]]] = ...) -> None: ...

class GetAvailabilityRequest(_message.Message):
    __slots__ = ("sku_ids", "kinds", "required_capabilities", "include_locations")
    SKU_IDS_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    sku_ids: _containers.RepeatedScalarFieldContainer[str]
    kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.LocationKind]
    required_capabilities: _containers.RepeatedScalarFieldContainer[_common_pb2.Capability]
    include_locations: bool
    def __init__(self, sku_ids: _Optional[_Iterable[str]] = ..., kinds: _Optional[_Iterable[_Union[_common_pb2.LocationKind, str]]] = ..., required_capabilities: _Optional[_Iterable[_Union[_common_pb2.Capability, str]]] = ..., include_locations: _Optional[bool] = ...) -> None: ...

class LocationAvailability(_message.Message):
    __slots__ = ("location_id", "available", "on_hand")
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    ON_HAND_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    available: int
    on_hand: int
    def __init__(self, location_id: _Optional[str] = ..., available: _Optional[int] = ..., on_hand: _Optional[int] = ...) -> None: ...

class SkuAvailability(_message.Message):
    __slots__ = ("sku_id", "available", "on_hand", "reserved", "safety_stock", "incoming", "next_incoming_at", "locations")
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    ON_HAND_FIELD_NUMBER: _ClassVar[int]
    RESERVED_FIELD_NUMBER: _ClassVar[int]
    SAFETY_STOCK_FIELD_NUMBER: _ClassVar[int]
    INCOMING_FIELD_NUMBER: _ClassVar[int]
    NEXT_INCOMING_AT_FIELD_NUMBER: _ClassVar[int]
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    sku_id: str
    available: int
    on_hand: int
    reserved: int
    safety_stock: int
    incoming: int
    next_incoming_at: _timestamp_pb2.Timestamp
    locations: _containers.RepeatedCompositeFieldContainer[LocationAvailability]
    def __init__(self, sku_id: _Optional[str] = ..., available: _Optional[int] = ..., on_hand: _Optional[int] = ..., reserved: _Optional[int] = ..., safety_stock: _Optional[int] = ..., incoming: _Optional[int] = ..., next_incoming_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., locations: _Optional[_Iterable[_Union[LocationAvailability, _Mapping]]] = ...) -> None: ...

class GetAvailabilityResponse(_message.Message):
    __slots__ = ("availabilities",)
    AVAILABILITIES_FIELD_NUMBER: _ClassVar[int]
    availabilities: _containers.RepeatedCompositeFieldContainer[SkuAvailability]
    def __init__(self, availabilities: _Optional[_Iterable[_Union[SkuAvailability, _Mapping]]] = ...) -> None: ...

class FindNearbyRequest(_message.Message):
    __slots__ = ("origin", "radius_km", "limit", "items", "require_all", "required_capabilities", "kinds")
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    REQUIRE_ALL_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    origin: _common_pb2.GeoPoint
    radius_km: float
    limit: int
    items: _containers.RepeatedCompositeFieldContainer[_common_pb2.SkuQuantity]
    require_all: bool
    required_capabilities: _containers.RepeatedScalarFieldContainer[_common_pb2.Capability]
    kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.LocationKind]
    def __init__(self, origin: _Optional[_Union[_common_pb2.GeoPoint, _Mapping]] = ..., radius_km: _Optional[float] = ..., limit: _Optional[int] = ..., items: _Optional[_Iterable[_Union[_common_pb2.SkuQuantity, _Mapping]]] = ..., require_all: _Optional[bool] = ..., required_capabilities: _Optional[_Iterable[_Union[_common_pb2.Capability, str]]] = ..., kinds: _Optional[_Iterable[_Union[_common_pb2.LocationKind, str]]] = ...) -> None: ...

class ItemAvailability(_message.Message):
    __slots__ = ("sku_id", "requested", "available")
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    sku_id: str
    requested: int
    available: int
    def __init__(self, sku_id: _Optional[str] = ..., requested: _Optional[int] = ..., available: _Optional[int] = ...) -> None: ...

class NearbyLocation(_message.Message):
    __slots__ = ("location", "distance_km", "has_all", "items")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    HAS_ALL_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    location: _common_pb2.Location
    distance_km: float
    has_all: bool
    items: _containers.RepeatedCompositeFieldContainer[ItemAvailability]
    def __init__(self, location: _Optional[_Union[_common_pb2.Location, _Mapping]] = ..., distance_km: _Optional[float] = ..., has_all: _Optional[bool] = ..., items: _Optional[_Iterable[_Union[ItemAvailability, _Mapping]]] = ...) -> None: ...

class FindNearbyResponse(_message.Message):
    __slots__ = ("locations",)
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    locations: _containers.RepeatedCompositeFieldContainer[NearbyLocation]
    def __init__(self, locations: _Optional[_Iterable[_Union[NearbyLocation, _Mapping]]] = ...) -> None: ...

class WatchStockRequest(_message.Message):
    __slots__ = ("sku_ids", "location_ids", "send_initial")
    SKU_IDS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_IDS_FIELD_NUMBER: _ClassVar[int]
    SEND_INITIAL_FIELD_NUMBER: _ClassVar[int]
    sku_ids: _containers.RepeatedScalarFieldContainer[str]
    location_ids: _containers.RepeatedScalarFieldContainer[str]
    send_initial: bool
    def __init__(self, sku_ids: _Optional[_Iterable[str]] = ..., location_ids: _Optional[_Iterable[str]] = ..., send_initial: _Optional[bool] = ...) -> None: ...

class WatchStockResponse(_message.Message):
    __slots__ = ("level", "cause", "available_delta", "sequence")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_DELTA_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    level: _common_pb2.StockLevel
    cause: StockChangeCause
    available_delta: int
    sequence: int
    def __init__(self, level: _Optional[_Union[_common_pb2.StockLevel, _Mapping]] = ..., cause: _Optional[_Union[StockChangeCause, str]] = ..., available_delta: _Optional[int] = ..., sequence: _Optional[int] = ...) -> None: ...

class GetLocationRequest(_message.Message):
    __slots__ = ("location_id",)
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    def __init__(self, location_id: _Optional[str] = ...) -> None: ...

class GetLocationResponse(_message.Message):
    __slots__ = ("location",)
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    location: _common_pb2.Location
    def __init__(self, location: _Optional[_Union[_common_pb2.Location, _Mapping]] = ...) -> None: ...

class ListLocationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "kinds")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    kinds: _containers.RepeatedScalarFieldContainer[_common_pb2.LocationKind]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., kinds: _Optional[_Iterable[_Union[_common_pb2.LocationKind, str]]] = ...) -> None: ...

class ListLocationsResponse(_message.Message):
    __slots__ = ("locations", "next_page_token")
    LOCATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    locations: _containers.RepeatedCompositeFieldContainer[_common_pb2.Location]
    next_page_token: str
    def __init__(self, locations: _Optional[_Iterable[_Union[_common_pb2.Location, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetSkuRequest(_message.Message):
    __slots__ = ("sku_id",)
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    sku_id: str
    def __init__(self, sku_id: _Optional[str] = ...) -> None: ...

class GetSkuResponse(_message.Message):
    __slots__ = ("sku",)
    SKU_FIELD_NUMBER: _ClassVar[int]
    sku: _common_pb2.Sku
    def __init__(self, sku: _Optional[_Union[_common_pb2.Sku, _Mapping]] = ...) -> None: ...

class ListSkusRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "category")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    category: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category: _Optional[str] = ...) -> None: ...

class ListSkusResponse(_message.Message):
    __slots__ = ("skus", "next_page_token")
    SKUS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    skus: _containers.RepeatedCompositeFieldContainer[_common_pb2.Sku]
    next_page_token: str
    def __init__(self, skus: _Optional[_Iterable[_Union[_common_pb2.Sku, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
