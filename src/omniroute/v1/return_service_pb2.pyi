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

class ReturnChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RETURN_CHANNEL_UNSPECIFIED: _ClassVar[ReturnChannel]
    RETURN_CHANNEL_STORE_DROP_OFF: _ClassVar[ReturnChannel]
    RETURN_CHANNEL_POST: _ClassVar[ReturnChannel]

class ItemCondition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ITEM_CONDITION_UNSPECIFIED: _ClassVar[ItemCondition]
    ITEM_CONDITION_NEW: _ClassVar[ItemCondition]
    ITEM_CONDITION_OPENED: _ClassVar[ItemCondition]
    ITEM_CONDITION_DAMAGED: _ClassVar[ItemCondition]
    ITEM_CONDITION_DEFECTIVE: _ClassVar[ItemCondition]

class ReturnReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RETURN_REASON_UNSPECIFIED: _ClassVar[ReturnReason]
    RETURN_REASON_WRONG_SIZE: _ClassVar[ReturnReason]
    RETURN_REASON_NOT_AS_DESCRIBED: _ClassVar[ReturnReason]
    RETURN_REASON_DEFECTIVE: _ClassVar[ReturnReason]
    RETURN_REASON_ARRIVED_DAMAGED: _ClassVar[ReturnReason]
    RETURN_REASON_WRONG_ITEM: _ClassVar[ReturnReason]
    RETURN_REASON_CHANGED_MIND: _ClassVar[ReturnReason]
    RETURN_REASON_OTHER: _ClassVar[ReturnReason]

class Disposition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISPOSITION_UNSPECIFIED: _ClassVar[Disposition]
    DISPOSITION_RESTOCK: _ClassVar[Disposition]
    DISPOSITION_REFURBISH: _ClassVar[Disposition]
    DISPOSITION_LIQUIDATE: _ClassVar[Disposition]
    DISPOSITION_SCRAP: _ClassVar[Disposition]

class ReturnStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RETURN_STATUS_UNSPECIFIED: _ClassVar[ReturnStatus]
    RETURN_STATUS_REGISTERED: _ClassVar[ReturnStatus]
    RETURN_STATUS_HANDED_TO_CARRIER: _ClassVar[ReturnStatus]
    RETURN_STATUS_RECEIVED: _ClassVar[ReturnStatus]
    RETURN_STATUS_REFUNDED: _ClassVar[ReturnStatus]
RETURN_CHANNEL_UNSPECIFIED: ReturnChannel
RETURN_CHANNEL_STORE_DROP_OFF: ReturnChannel
RETURN_CHANNEL_POST: ReturnChannel
ITEM_CONDITION_UNSPECIFIED: ItemCondition
ITEM_CONDITION_NEW: ItemCondition
ITEM_CONDITION_OPENED: ItemCondition
ITEM_CONDITION_DAMAGED: ItemCondition
ITEM_CONDITION_DEFECTIVE: ItemCondition
RETURN_REASON_UNSPECIFIED: ReturnReason
RETURN_REASON_WRONG_SIZE: ReturnReason
RETURN_REASON_NOT_AS_DESCRIBED: ReturnReason
RETURN_REASON_DEFECTIVE: ReturnReason
RETURN_REASON_ARRIVED_DAMAGED: ReturnReason
RETURN_REASON_WRONG_ITEM: ReturnReason
RETURN_REASON_CHANGED_MIND: ReturnReason
RETURN_REASON_OTHER: ReturnReason
DISPOSITION_UNSPECIFIED: Disposition
DISPOSITION_RESTOCK: Disposition
DISPOSITION_REFURBISH: Disposition
DISPOSITION_LIQUIDATE: Disposition
DISPOSITION_SCRAP: Disposition
RETURN_STATUS_UNSPECIFIED: ReturnStatus
RETURN_STATUS_REGISTERED: ReturnStatus
RETURN_STATUS_HANDED_TO_CARRIER: ReturnStatus
RETURN_STATUS_RECEIVED: ReturnStatus
RETURN_STATUS_REFUNDED: ReturnStatus

class ReturnLine(_message.Message):
    __slots__ = ("order_line_id", "sku_id", "quantity", "reason", "reason_note", "condition", "refund_cents", "disposition", "received_quantity", "kept_at_drop_off", "received_location_id")
    ORDER_LINE_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REASON_NOTE_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    REFUND_CENTS_FIELD_NUMBER: _ClassVar[int]
    DISPOSITION_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    KEPT_AT_DROP_OFF_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    order_line_id: str
    sku_id: str
    quantity: int
    reason: ReturnReason
    reason_note: str
    condition: ItemCondition
    refund_cents: int
    disposition: Disposition
    received_quantity: int
    kept_at_drop_off: bool
    received_location_id: str
    def __init__(self, order_line_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., quantity: _Optional[int] = ..., reason: _Optional[_Union[ReturnReason, str]] = ..., reason_note: _Optional[str] = ..., condition: _Optional[_Union[ItemCondition, str]] = ..., refund_cents: _Optional[int] = ..., disposition: _Optional[_Union[Disposition, str]] = ..., received_quantity: _Optional[int] = ..., kept_at_drop_off: _Optional[bool] = ..., received_location_id: _Optional[str] = ...) -> None: ...

class ReturnDestination(_message.Message):
    __slots__ = ("location_id", "address", "cost_cents", "cost_terms", "reason")
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    COST_CENTS_FIELD_NUMBER: _ClassVar[int]
    COST_TERMS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    location_id: str
    address: _common_pb2.Address
    cost_cents: int
    cost_terms: _containers.RepeatedCompositeFieldContainer[_common_pb2.CostTerm]
    reason: str
    def __init__(self, location_id: _Optional[str] = ..., address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., cost_cents: _Optional[int] = ..., cost_terms: _Optional[_Iterable[_Union[_common_pb2.CostTerm, _Mapping]]] = ..., reason: _Optional[str] = ...) -> None: ...

class QuoteReturnRequest(_message.Message):
    __slots__ = ("order_id", "lines", "channel", "drop_off_location_id", "ship_from", "strategy")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    DROP_OFF_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    SHIP_FROM_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    lines: _containers.RepeatedCompositeFieldContainer[ReturnLine]
    channel: ReturnChannel
    drop_off_location_id: str
    ship_from: _common_pb2.GeoPoint
    strategy: str
    def __init__(self, order_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReturnLine, _Mapping]]] = ..., channel: _Optional[_Union[ReturnChannel, str]] = ..., drop_off_location_id: _Optional[str] = ..., ship_from: _Optional[_Union[_common_pb2.GeoPoint, _Mapping]] = ..., strategy: _Optional[str] = ...) -> None: ...

class QuoteReturnResponse(_message.Message):
    __slots__ = ("lines", "refund_cents", "destination", "alternatives")
    LINES_FIELD_NUMBER: _ClassVar[int]
    REFUND_CENTS_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    ALTERNATIVES_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedCompositeFieldContainer[ReturnLine]
    refund_cents: int
    destination: ReturnDestination
    alternatives: _containers.RepeatedCompositeFieldContainer[ReturnDestination]
    def __init__(self, lines: _Optional[_Iterable[_Union[ReturnLine, _Mapping]]] = ..., refund_cents: _Optional[int] = ..., destination: _Optional[_Union[ReturnDestination, _Mapping]] = ..., alternatives: _Optional[_Iterable[_Union[ReturnDestination, _Mapping]]] = ...) -> None: ...

class RegisterReturnRequest(_message.Message):
    __slots__ = ("idempotency_key", "order_id", "lines", "channel", "drop_off_location_id", "ship_from", "strategy")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    DROP_OFF_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    SHIP_FROM_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    order_id: str
    lines: _containers.RepeatedCompositeFieldContainer[ReturnLine]
    channel: ReturnChannel
    drop_off_location_id: str
    ship_from: _common_pb2.GeoPoint
    strategy: str
    def __init__(self, idempotency_key: _Optional[str] = ..., order_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReturnLine, _Mapping]]] = ..., channel: _Optional[_Union[ReturnChannel, str]] = ..., drop_off_location_id: _Optional[str] = ..., ship_from: _Optional[_Union[_common_pb2.GeoPoint, _Mapping]] = ..., strategy: _Optional[str] = ...) -> None: ...

class ProductReturn(_message.Message):
    __slots__ = ("return_id", "order_id", "customer_id", "channel", "status", "lines", "destination", "refund_cents", "carrier", "tracking_number", "received_location_id", "refund_reference", "registered_at", "handed_to_carrier_at", "received_at", "refunded_at", "alternatives", "drop_off_location_id", "strategy")
    RETURN_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    REFUND_CENTS_FIELD_NUMBER: _ClassVar[int]
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    REFUND_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    HANDED_TO_CARRIER_AT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    REFUNDED_AT_FIELD_NUMBER: _ClassVar[int]
    ALTERNATIVES_FIELD_NUMBER: _ClassVar[int]
    DROP_OFF_LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    return_id: str
    order_id: str
    customer_id: str
    channel: ReturnChannel
    status: ReturnStatus
    lines: _containers.RepeatedCompositeFieldContainer[ReturnLine]
    destination: ReturnDestination
    refund_cents: int
    carrier: str
    tracking_number: str
    received_location_id: str
    refund_reference: str
    registered_at: _timestamp_pb2.Timestamp
    handed_to_carrier_at: _timestamp_pb2.Timestamp
    received_at: _timestamp_pb2.Timestamp
    refunded_at: _timestamp_pb2.Timestamp
    alternatives: _containers.RepeatedCompositeFieldContainer[ReturnDestination]
    drop_off_location_id: str
    strategy: str
    def __init__(self, return_id: _Optional[str] = ..., order_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., channel: _Optional[_Union[ReturnChannel, str]] = ..., status: _Optional[_Union[ReturnStatus, str]] = ..., lines: _Optional[_Iterable[_Union[ReturnLine, _Mapping]]] = ..., destination: _Optional[_Union[ReturnDestination, _Mapping]] = ..., refund_cents: _Optional[int] = ..., carrier: _Optional[str] = ..., tracking_number: _Optional[str] = ..., received_location_id: _Optional[str] = ..., refund_reference: _Optional[str] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., handed_to_carrier_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refunded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., alternatives: _Optional[_Iterable[_Union[ReturnDestination, _Mapping]]] = ..., drop_off_location_id: _Optional[str] = ..., strategy: _Optional[str] = ...) -> None: ...

class RegisterReturnResponse(_message.Message):
    __slots__ = ("product_return", "replayed")
    PRODUCT_RETURN_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    product_return: ProductReturn
    replayed: bool
    def __init__(self, product_return: _Optional[_Union[ProductReturn, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class MarkHandedToCarrierRequest(_message.Message):
    __slots__ = ("return_id", "carrier", "tracking_number", "handed_at")
    RETURN_ID_FIELD_NUMBER: _ClassVar[int]
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    HANDED_AT_FIELD_NUMBER: _ClassVar[int]
    return_id: str
    carrier: str
    tracking_number: str
    handed_at: _timestamp_pb2.Timestamp
    def __init__(self, return_id: _Optional[str] = ..., carrier: _Optional[str] = ..., tracking_number: _Optional[str] = ..., handed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MarkHandedToCarrierResponse(_message.Message):
    __slots__ = ("product_return",)
    PRODUCT_RETURN_FIELD_NUMBER: _ClassVar[int]
    product_return: ProductReturn
    def __init__(self, product_return: _Optional[_Union[ProductReturn, _Mapping]] = ...) -> None: ...

class ReceivedLine(_message.Message):
    __slots__ = ("order_line_id", "quantity", "condition")
    ORDER_LINE_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    order_line_id: str
    quantity: int
    condition: ItemCondition
    def __init__(self, order_line_id: _Optional[str] = ..., quantity: _Optional[int] = ..., condition: _Optional[_Union[ItemCondition, str]] = ...) -> None: ...

class ReceiveReturnRequest(_message.Message):
    __slots__ = ("return_id", "location_id", "lines", "received_at")
    RETURN_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    return_id: str
    location_id: str
    lines: _containers.RepeatedCompositeFieldContainer[ReceivedLine]
    received_at: _timestamp_pb2.Timestamp
    def __init__(self, return_id: _Optional[str] = ..., location_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReceivedLine, _Mapping]]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReceiveReturnResponse(_message.Message):
    __slots__ = ("product_return", "restocked")
    PRODUCT_RETURN_FIELD_NUMBER: _ClassVar[int]
    RESTOCKED_FIELD_NUMBER: _ClassVar[int]
    product_return: ProductReturn
    restocked: _containers.RepeatedCompositeFieldContainer[_common_pb2.StockLevel]
    def __init__(self, product_return: _Optional[_Union[ProductReturn, _Mapping]] = ..., restocked: _Optional[_Iterable[_Union[_common_pb2.StockLevel, _Mapping]]] = ...) -> None: ...

class RefundReturnRequest(_message.Message):
    __slots__ = ("return_id", "idempotency_key", "refund_reference")
    RETURN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    REFUND_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    return_id: str
    idempotency_key: str
    refund_reference: str
    def __init__(self, return_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., refund_reference: _Optional[str] = ...) -> None: ...

class RefundReturnResponse(_message.Message):
    __slots__ = ("product_return", "refunded_cents")
    PRODUCT_RETURN_FIELD_NUMBER: _ClassVar[int]
    REFUNDED_CENTS_FIELD_NUMBER: _ClassVar[int]
    product_return: ProductReturn
    refunded_cents: int
    def __init__(self, product_return: _Optional[_Union[ProductReturn, _Mapping]] = ..., refunded_cents: _Optional[int] = ...) -> None: ...

class GetReturnRequest(_message.Message):
    __slots__ = ("return_id",)
    RETURN_ID_FIELD_NUMBER: _ClassVar[int]
    return_id: str
    def __init__(self, return_id: _Optional[str] = ...) -> None: ...

class GetReturnResponse(_message.Message):
    __slots__ = ("product_return",)
    PRODUCT_RETURN_FIELD_NUMBER: _ClassVar[int]
    product_return: ProductReturn
    def __init__(self, product_return: _Optional[_Union[ProductReturn, _Mapping]] = ...) -> None: ...
