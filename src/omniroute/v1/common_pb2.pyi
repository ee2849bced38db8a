import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LocationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LOCATION_KIND_UNSPECIFIED: _ClassVar[LocationKind]
    LOCATION_KIND_STORE: _ClassVar[LocationKind]
    LOCATION_KIND_WAREHOUSE: _ClassVar[LocationKind]

class Capability(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CAPABILITY_UNSPECIFIED: _ClassVar[Capability]
    CAPABILITY_SHIP: _ClassVar[Capability]
    CAPABILITY_PICKUP: _ClassVar[Capability]
    CAPABILITY_ACCEPT_RETURNS: _ClassVar[Capability]

class CostTermKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COST_TERM_KIND_UNSPECIFIED: _ClassVar[CostTermKind]
    COST_TERM_KIND_SHIPMENT_BASE: _ClassVar[CostTermKind]
    COST_TERM_KIND_SHIPPING: _ClassVar[CostTermKind]
    COST_TERM_KIND_HANDLING: _ClassVar[CostTermKind]
    COST_TERM_KIND_SPLIT_PENALTY: _ClassVar[CostTermKind]
    COST_TERM_KIND_LATE_PENALTY: _ClassVar[CostTermKind]
    COST_TERM_KIND_CAPACITY: _ClassVar[CostTermKind]
    COST_TERM_KIND_STORE_PROTECTION: _ClassVar[CostTermKind]
    COST_TERM_KIND_OVERSTOCK_RELIEF: _ClassVar[CostTermKind]
    COST_TERM_KIND_FUTURE_COST: _ClassVar[CostTermKind]
    COST_TERM_KIND_UNFILLED_PENALTY: _ClassVar[CostTermKind]
    COST_TERM_KIND_TRANSFER: _ClassVar[CostTermKind]
    COST_TERM_KIND_NEED_VALUE: _ClassVar[CostTermKind]
LOCATION_KIND_UNSPECIFIED: LocationKind
LOCATION_KIND_STORE: LocationKind
LOCATION_KIND_WAREHOUSE: LocationKind
CAPABILITY_UNSPECIFIED: Capability
CAPABILITY_SHIP: Capability
CAPABILITY_PICKUP: Capability
CAPABILITY_ACCEPT_RETURNS: Capability
COST_TERM_KIND_UNSPECIFIED: CostTermKind
COST_TERM_KIND_SHIPMENT_BASE: CostTermKind
COST_TERM_KIND_SHIPPING: CostTermKind
COST_TERM_KIND_HANDLING: CostTermKind
COST_TERM_KIND_SPLIT_PENALTY: CostTermKind
COST_TERM_KIND_LATE_PENALTY: CostTermKind
COST_TERM_KIND_CAPACITY: CostTermKind
COST_TERM_KIND_STORE_PROTECTION: CostTermKind
COST_TERM_KIND_OVERSTOCK_RELIEF: CostTermKind
COST_TERM_KIND_FUTURE_COST: CostTermKind
COST_TERM_KIND_UNFILLED_PENALTY: CostTermKind
COST_TERM_KIND_TRANSFER: CostTermKind
COST_TERM_KIND_NEED_VALUE: CostTermKind

class GeoPoint(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class Address(_message.Message):
    __slots__ = ("recipient", "line1", "line2", "postal_code", "city", "region", "country_code", "point")
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    LINE1_FIELD_NUMBER: _ClassVar[int]
    LINE2_FIELD_NUMBER: _ClassVar[int]
    POSTAL_CODE_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    POINT_FIELD_NUMBER: _ClassVar[int]
    recipient: str
    line1: str
    line2: str
    postal_code: str
    city: str
    region: str
    country_code: str
    point: GeoPoint
    def __init__(self, recipient: _Optional[str] = ..., line1: _Optional[str] = ..., line2: _Optional[str] = ..., postal_code: _Optional[str] = ..., city: _Optional[str] = ..., region: _Optional[str] = ..., country_code: _Optional[str] = ..., point: _Optional[_Union[GeoPoint, _Mapping]] = ...) -> None: ...

class CalendarDate(_message.Message):
    __slots__ = ("year", "month", "day")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    year: int
    month: int
    day: int
    def __init__(self, year: _Optional[int] = ..., month: _Optional[int] = ..., day: _Optional[int] = ...) -> None: ...

class Location(_message.Message):
    __slots__ = ("location_id", "name", "kind", "address", "capabilities", "daily_capacity_units", "handling_cost_cents", "cutoff_local_time", "time_zone", "priority", "disabled")
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    DAILY_CAPACITY_UNITS_FIELD_NUMBER: _ClassVar[int]
    HANDLING_COST_CENTS_FIELD_NUMBER: _ClassVar[int]
    CUTOFF_LOCAL_TIME_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    name: str
    kind: LocationKind
    address: Address
    capabilities: _containers.RepeatedScalarFieldContainer[Capability]
    daily_capacity_units: int
    handling_cost_cents: int
    cutoff_local_time: str
    time_zone: str
    priority: int
    disabled: bool
    def __init__(self, location_id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[LocationKind, str]] = ..., address: _Optional[_Union[Address, _Mapping]] = ..., capabilities: _Optional[_Iterable[_Union[Capability, str]]] = ..., daily_capacity_units: _Optional[int] = ..., handling_cost_cents: _Optional[int] = ..., cutoff_local_time: _Optional[str] = ..., time_zone: _Optional[str] = ..., priority: _Optional[int] = ..., disabled: _Optional[bool] = ...) -> None: ...

class Sku(_message.Message):
    __slots__ = ("sku_id", "name", "category", "unit_price_cents", "weight_grams")
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_CENTS_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_GRAMS_FIELD_NUMBER: _ClassVar[int]
    sku_id: str
    name: str
    category: str
    unit_price_cents: int
    weight_grams: int
    def __init__(self, sku_id: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[str] = ..., unit_price_cents: _Optional[int] = ..., weight_grams: _Optional[int] = ...) -> None: ...

class SkuQuantity(_message.Message):
    __slots__ = ("sku_id", "quantity")
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    sku_id: str
    quantity: int
    def __init__(self, sku_id: _Optional[str] = ..., quantity: _Optional[int] = ...) -> None: ...

class IncomingStock(_message.Message):
    __slots__ = ("quantity", "expected_at", "reference")
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_AT_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    quantity: int
    expected_at: _timestamp_pb2.Timestamp
    reference: str
    def __init__(self, quantity: _Optional[int] = ..., expected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reference: _Optional[str] = ...) -> None: ...

class StockLevel(_message.Message):
    __slots__ = ("location_id", "sku_id", "on_hand", "reserved", "safety_stock", "available", "incoming", "updated_at")
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    ON_HAND_FIELD_NUMBER: _ClassVar[int]
    RESERVED_FIELD_NUMBER: _ClassVar[int]
    SAFETY_STOCK_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    INCOMING_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    sku_id: str
    on_hand: int
    reserved: int
    safety_stock: int
    available: int
    incoming: _containers.RepeatedCompositeFieldContainer[IncomingStock]
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, location_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., on_hand: _Optional[int] = ..., reserved: _Optional[int] = ..., safety_stock: _Optional[int] = ..., available: _Optional[int] = ..., incoming: _Optional[_Iterable[_Union[IncomingStock, _Mapping]]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CostTerm(_message.Message):
    __slots__ = ("kind", "amount_cents", "location_id", "description")
    KIND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    kind: CostTermKind
    amount_cents: int
    location_id: str
    description: str
    def __init__(self, kind: _Optional[_Union[CostTermKind, str]] = ..., amount_cents: _Optional[int] = ..., location_id: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...
