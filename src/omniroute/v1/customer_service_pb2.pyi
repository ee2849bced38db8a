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

class PurchaseChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PURCHASE_CHANNEL_UNSPECIFIED: _ClassVar[PurchaseChannel]
    PURCHASE_CHANNEL_ONLINE: _ClassVar[PurchaseChannel]
    PURCHASE_CHANNEL_STORE: _ClassVar[PurchaseChannel]

class LoyaltyEntryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LOYALTY_ENTRY_KIND_UNSPECIFIED: _ClassVar[LoyaltyEntryKind]
    LOYALTY_ENTRY_KIND_EARN: _ClassVar[LoyaltyEntryKind]
    LOYALTY_ENTRY_KIND_REDEEM: _ClassVar[LoyaltyEntryKind]
    LOYALTY_ENTRY_KIND_REVERSE: _ClassVar[LoyaltyEntryKind]
    LOYALTY_ENTRY_KIND_EXPIRE: _ClassVar[LoyaltyEntryKind]
    LOYALTY_ENTRY_KIND_ADJUST: _ClassVar[LoyaltyEntryKind]
    LOYALTY_ENTRY_KIND_RESTORE: _ClassVar[LoyaltyEntryKind]
PURCHASE_CHANNEL_UNSPECIFIED: PurchaseChannel
PURCHASE_CHANNEL_ONLINE: PurchaseChannel
PURCHASE_CHANNEL_STORE: PurchaseChannel
LOYALTY_ENTRY_KIND_UNSPECIFIED: LoyaltyEntryKind
LOYALTY_ENTRY_KIND_EARN: LoyaltyEntryKind
LOYALTY_ENTRY_KIND_REDEEM: LoyaltyEntryKind
LOYALTY_ENTRY_KIND_REVERSE: LoyaltyEntryKind
LOYALTY_ENTRY_KIND_EXPIRE: LoyaltyEntryKind
LOYALTY_ENTRY_KIND_ADJUST: LoyaltyEntryKind
LOYALTY_ENTRY_KIND_RESTORE: LoyaltyEntryKind

class Customer(_message.Message):
    __slots__ = ("customer_id", "name", "email", "birthday", "marketing_consent", "home_location_id", "created_at", "updated_at")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    BIRTHDAY_FIELD_NUMBER: _ClassVar[int]
    MARKETING_CONSENT_FIELD_NUMBER: _ClassVar[int]
    HOME_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    name: str
    email: str
    birthday: _common_pb2.CalendarDate
    marketing_consent: bool
    home_location_id: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, customer_id: _Optional[str] = ..., name: _Optional[str] = ..., email: _Optional[str] = ..., birthday: _Optional[_Union[_common_pb2.CalendarDate, _Mapping]] = ..., marketing_consent: _Optional[bool] = ..., home_location_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UpsertCustomerRequest(_message.Message):
    __slots__ = ("customer",)
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ...) -> None: ...

class UpsertCustomerResponse(_message.Message):
    __slots__ = ("customer", "created")
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    created: bool
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class PurchaseLine(_message.Message):
    __slots__ = ("sku_id", "quantity", "unit_price_cents", "discount_cents", "line_id")
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_CENTS_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    sku_id: str
    quantity: int
    unit_price_cents: int
    discount_cents: int
    line_id: str
    def __init__(self, sku_id: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price_cents: _Optional[int] = ..., discount_cents: _Optional[int] = ..., line_id: _Optional[str] = ...) -> None: ...

class Purchase(_message.Message):
    __slots__ = ("purchase_id", "channel", "order_id", "location_id", "receipt_id", "lines", "paid_cents", "points_earned", "purchased_at")
    PURCHASE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    PAID_CENTS_FIELD_NUMBER: _ClassVar[int]
    POINTS_EARNED_FIELD_NUMBER: _ClassVar[int]
    PURCHASED_AT_FIELD_NUMBER: _ClassVar[int]
    purchase_id: str
    channel: PurchaseChannel
    order_id: str
    location_id: str
    receipt_id: str
    lines: _containers.RepeatedCompositeFieldContainer[PurchaseLine]
    paid_cents: int
    points_earned: int
    purchased_at: _timestamp_pb2.Timestamp
    def __init__(self, purchase_id: _Optional[str] = ..., channel: _Optional[_Union[PurchaseChannel, str]] = ..., order_id: _Optional[str] = ..., location_id: _Optional[str] = ..., receipt_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[PurchaseLine, _Mapping]]] = ..., paid_cents: _Optional[int] = ..., points_earned: _Optional[int] = ..., purchased_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordStorePurchaseRequest(_message.Message):
    __slots__ = ("customer_id", "location_id", "receipt_id", "lines", "purchased_at")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    PURCHASED_AT_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    location_id: str
    receipt_id: str
    lines: _containers.RepeatedCompositeFieldContainer[PurchaseLine]
    purchased_at: _timestamp_pb2.Timestamp
    def __init__(self, customer_id: _Optional[str] = ..., location_id: _Optional[str] = ..., receipt_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[PurchaseLine, _Mapping]]] = ..., purchased_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordStorePurchaseResponse(_message.Message):
    __slots__ = ("purchase", "points_balance", "replayed")
    PURCHASE_FIELD_NUMBER: _ClassVar[int]
    POINTS_BALANCE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    purchase: Purchase
    points_balance: int
    replayed: bool
    def __init__(self, purchase: _Optional[_Union[Purchase, _Mapping]] = ..., points_balance: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class GetCustomerRequest(_message.Message):
    __slots__ = ("customer_id", "page_size", "page_token")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    page_size: int
    page_token: str
    def __init__(self, customer_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetCustomerResponse(_message.Message):
    __slots__ = ("customer", "purchases", "next_page_token")
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    PURCHASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    purchases: _containers.RepeatedCompositeFieldContainer[Purchase]
    next_page_token: str
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ..., purchases: _Optional[_Iterable[_Union[Purchase, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class LoyaltyEntry(_message.Message):
    __slots__ = ("entry_id", "kind", "points", "balance_after", "reference", "booked_at", "order_id", "purchase_id", "amount_cents", "written_off_points")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    BOOKED_AT_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    PURCHASE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    WRITTEN_OFF_POINTS_FIELD_NUMBER: _ClassVar[int]
    entry_id: str
    kind: LoyaltyEntryKind
    points: int
    balance_after: int
    reference: str
    booked_at: _timestamp_pb2.Timestamp
    order_id: str
    purchase_id: str
    amount_cents: int
    written_off_points: int
    def __init__(self, entry_id: _Optional[str] = ..., kind: _Optional[_Union[LoyaltyEntryKind, str]] = ..., points: _Optional[int] = ..., balance_after: _Optional[int] = ..., reference: _Optional[str] = ..., booked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., order_id: _Optional[str] = ..., purchase_id: _Optional[str] = ..., amount_cents: _Optional[int] = ..., written_off_points: _Optional[int] = ...) -> None: ...

class GetLoyaltyRequest(_message.Message):
    __slots__ = ("customer_id", "page_size", "page_token")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    page_size: int
    page_token: str
    def __init__(self, customer_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetLoyaltyResponse(_message.Message):
    __slots__ = ("customer_id", "points_balance", "balance_value_cents", "entries", "next_page_token")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    POINTS_BALANCE_FIELD_NUMBER: _ClassVar[int]
    BALANCE_VALUE_CENTS_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    points_balance: int
    balance_value_cents: int
    entries: _containers.RepeatedCompositeFieldContainer[LoyaltyEntry]
    next_page_token: str
    def __init__(self, customer_id: _Optional[str] = ..., points_balance: _Optional[int] = ..., balance_value_cents: _Optional[int] = ..., entries: _Optional[_Iterable[_Union[LoyaltyEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
