import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DiscountKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISCOUNT_KIND_UNSPECIFIED: _ClassVar[DiscountKind]
    DISCOUNT_KIND_PERCENT: _ClassVar[DiscountKind]
    DISCOUNT_KIND_FIXED_AMOUNT: _ClassVar[DiscountKind]

class Stacking(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STACKING_UNSPECIFIED: _ClassVar[Stacking]
    STACKING_EXCLUSIVE: _ClassVar[Stacking]
    STACKING_STACKABLE: _ClassVar[Stacking]

class CouponUsage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COUPON_USAGE_UNSPECIFIED: _ClassVar[CouponUsage]
    COUPON_USAGE_SINGLE_USE: _ClassVar[CouponUsage]
    COUPON_USAGE_MULTI_USE: _ClassVar[CouponUsage]
DISCOUNT_KIND_UNSPECIFIED: DiscountKind
DISCOUNT_KIND_PERCENT: DiscountKind
DISCOUNT_KIND_FIXED_AMOUNT: DiscountKind
STACKING_UNSPECIFIED: Stacking
STACKING_EXCLUSIVE: Stacking
STACKING_STACKABLE: Stacking
COUPON_USAGE_UNSPECIFIED: CouponUsage
COUPON_USAGE_SINGLE_USE: CouponUsage
COUPON_USAGE_MULTI_USE: CouponUsage

class Promotion(_message.Message):
    __slots__ = ("promotion_id", "name", "kind", "percent_basis_points", "amount_off_cents", "category", "min_spend_cents", "valid_from", "valid_until", "stacking", "priority", "requires_coupon", "sku_ids", "min_basket_cents")
    PROMOTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERCENT_BASIS_POINTS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_OFF_CENTS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    MIN_SPEND_CENTS_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    STACKING_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_COUPON_FIELD_NUMBER: _ClassVar[int]
    SKU_IDS_FIELD_NUMBER: _ClassVar[int]
    MIN_BASKET_CENTS_FIELD_NUMBER: _ClassVar[int]
    promotion_id: str
    name: str
    kind: DiscountKind
    percent_basis_points: int
    amount_off_cents: int
    category: str
    min_spend_cents: int
    valid_from: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    stacking: Stacking
    priority: int
    requires_coupon: bool
    sku_ids: _containers.RepeatedScalarFieldContainer[str]
    min_basket_cents: int
    def __init__(self, promotion_id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[DiscountKind, str]] = ..., percent_basis_points: _Optional[int] = ..., amount_off_cents: _Optional[int] = ..., category: _Optional[str] = ..., min_spend_cents: _Optional[int] = ..., valid_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stacking: _Optional[_Union[Stacking, str]] = ..., priority: _Optional[int] = ..., requires_coupon: _Optional[bool] = ..., sku_ids: _Optional[_Iterable[str]] = ..., min_basket_cents: _Optional[int] = ...) -> None: ...

class UpsertPromotionRequest(_message.Message):
    __slots__ = ("promotion",)
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    promotion: Promotion
    def __init__(self, promotion: _Optional[_Union[Promotion, _Mapping]] = ...) -> None: ...

class UpsertPromotionResponse(_message.Message):
    __slots__ = ("promotion", "created")
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    promotion: Promotion
    created: bool
    def __init__(self, promotion: _Optional[_Union[Promotion, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class Coupon(_message.Message):
    __slots__ = ("code", "promotion_id", "usage", "max_redemptions", "redemption_count", "customer_id", "valid_from", "valid_until", "issued_at")
    CODE_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_ID_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    MAX_REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    REDEMPTION_COUNT_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    code: str
    promotion_id: str
    usage: CouponUsage
    max_redemptions: int
    redemption_count: int
    customer_id: str
    valid_from: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    issued_at: _timestamp_pb2.Timestamp
    def __init__(self, code: _Optional[str] = ..., promotion_id: _Optional[str] = ..., usage: _Optional[_Union[CouponUsage, str]] = ..., max_redemptions: _Optional[int] = ..., redemption_count: _Optional[int] = ..., customer_id: _Optional[str] = ..., valid_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class IssueCouponRequest(_message.Message):
    __slots__ = ("idempotency_key", "promotion_id", "code", "usage", "max_redemptions", "customer_id", "valid_from", "valid_until")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PROMOTION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    MAX_REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    promotion_id: str
    code: str
    usage: CouponUsage
    max_redemptions: int
    customer_id: str
    valid_from: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    def __init__(self, idempotency_key: _Optional[str] = ..., promotion_id: _Optional[str] = ..., code: _Optional[str] = ..., usage: _Optional[_Union[CouponUsage, str]] = ..., max_redemptions: _Optional[int] = ..., customer_id: _Optional[str] = ..., valid_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class IssueCouponResponse(_message.Message):
    __slots__ = ("coupon",)
    COUPON_FIELD_NUMBER: _ClassVar[int]
    coupon: Coupon
    def __init__(self, coupon: _Optional[_Union[Coupon, _Mapping]] = ...) -> None: ...

class BasketLine(_message.Message):
    __slots__ = ("line_id", "sku_id", "quantity", "unit_price_cents")
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_CENTS_FIELD_NUMBER: _ClassVar[int]
    line_id: str
    sku_id: str
    quantity: int
    unit_price_cents: int
    def __init__(self, line_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price_cents: _Optional[int] = ...) -> None: ...

class QuoteBasketRequest(_message.Message):
    __slots__ = ("customer_id", "lines", "coupon_codes", "redeem_points", "priced_at")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODES_FIELD_NUMBER: _ClassVar[int]
    REDEEM_POINTS_FIELD_NUMBER: _ClassVar[int]
    PRICED_AT_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    lines: _containers.RepeatedCompositeFieldContainer[BasketLine]
    coupon_codes: _containers.RepeatedScalarFieldContainer[str]
    redeem_points: int
    priced_at: _timestamp_pb2.Timestamp
    def __init__(self, customer_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[BasketLine, _Mapping]]] = ..., coupon_codes: _Optional[_Iterable[str]] = ..., redeem_points: _Optional[int] = ..., priced_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LineDiscount(_message.Message):
    __slots__ = ("promotion_id", "coupon_code", "amount_cents")
    PROMOTION_ID_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    promotion_id: str
    coupon_code: str
    amount_cents: int
    def __init__(self, promotion_id: _Optional[str] = ..., coupon_code: _Optional[str] = ..., amount_cents: _Optional[int] = ...) -> None: ...

class QuotedLine(_message.Message):
    __slots__ = ("line_id", "sku_id", "quantity", "unit_price_cents", "gross_cents", "discount_cents", "loyalty_cents", "net_cents", "discounts", "category")
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    SKU_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_CENTS_FIELD_NUMBER: _ClassVar[int]
    GROSS_CENTS_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_CENTS_FIELD_NUMBER: _ClassVar[int]
    NET_CENTS_FIELD_NUMBER: _ClassVar[int]
    DISCOUNTS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    line_id: str
    sku_id: str
    quantity: int
    unit_price_cents: int
    gross_cents: int
    discount_cents: int
    loyalty_cents: int
    net_cents: int
    discounts: _containers.RepeatedCompositeFieldContainer[LineDiscount]
    category: str
    def __init__(self, line_id: _Optional[str] = ..., sku_id: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price_cents: _Optional[int] = ..., gross_cents: _Optional[int] = ..., discount_cents: _Optional[int] = ..., loyalty_cents: _Optional[int] = ..., net_cents: _Optional[int] = ..., discounts: _Optional[_Iterable[_Union[LineDiscount, _Mapping]]] = ..., category: _Optional[str] = ...) -> None: ...

class AppliedPromotion(_message.Message):
    __slots__ = ("promotion_id", "name", "coupon_code", "discount_cents")
    PROMOTION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODE_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    promotion_id: str
    name: str
    coupon_code: str
    discount_cents: int
    def __init__(self, promotion_id: _Optional[str] = ..., name: _Optional[str] = ..., coupon_code: _Optional[str] = ..., discount_cents: _Optional[int] = ...) -> None: ...

class RejectedCoupon(_message.Message):
    __slots__ = ("code", "reason")
    CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    code: str
    reason: str
    def __init__(self, code: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class LoyaltyRedemption(_message.Message):
    __slots__ = ("points", "amount_cents", "balance_after")
    POINTS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FIELD_NUMBER: _ClassVar[int]
    points: int
    amount_cents: int
    balance_after: int
    def __init__(self, points: _Optional[int] = ..., amount_cents: _Optional[int] = ..., balance_after: _Optional[int] = ...) -> None: ...

class QuoteBasketResponse(_message.Message):
    __slots__ = ("lines", "applied_promotions", "rejected_coupons", "loyalty", "subtotal_cents", "discount_cents", "loyalty_cents", "total_cents", "points_to_earn")
    LINES_FIELD_NUMBER: _ClassVar[int]
    APPLIED_PROMOTIONS_FIELD_NUMBER: _ClassVar[int]
    REJECTED_COUPONS_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_CENTS_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_CENTS_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_CENTS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_CENTS_FIELD_NUMBER: _ClassVar[int]
    POINTS_TO_EARN_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedCompositeFieldContainer[QuotedLine]
    applied_promotions: _containers.RepeatedCompositeFieldContainer[AppliedPromotion]
    rejected_coupons: _containers.RepeatedCompositeFieldContainer[RejectedCoupon]
    loyalty: LoyaltyRedemption
    subtotal_cents: int
    discount_cents: int
    loyalty_cents: int
    total_cents: int
    points_to_earn: int
    def __init__(self, lines: _Optional[_Iterable[_Union[QuotedLine, _Mapping]]] = ..., applied_promotions: _Optional[_Iterable[_Union[AppliedPromotion, _Mapping]]] = ..., rejected_coupons: _Optional[_Iterable[_Union[RejectedCoupon, _Mapping]]] = ..., loyalty: _Optional[_Union[LoyaltyRedemption, _Mapping]] = ..., subtotal_cents: _Optional[int] = ..., discount_cents: _Optional[int] = ..., loyalty_cents: _Optional[int] = ..., total_cents: _Optional[int] = ..., points_to_earn: _Optional[int] = ...) -> None: ...

class GetPromotionRequest(_message.Message):
    __slots__ = ("promotion_id",)
    PROMOTION_ID_FIELD_NUMBER: _ClassVar[int]
    promotion_id: str
    def __init__(self, promotion_id: _Optional[str] = ...) -> None: ...

class GetPromotionResponse(_message.Message):
    __slots__ = ("promotion",)
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    promotion: Promotion
    def __init__(self, promotion: _Optional[_Union[Promotion, _Mapping]] = ...) -> None: ...

class ListPromotionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "active_at")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_AT_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    active_at: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., active_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListPromotionsResponse(_message.Message):
    __slots__ = ("promotions", "next_page_token")
    PROMOTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    promotions: _containers.RepeatedCompositeFieldContainer[Promotion]
    next_page_token: str
    def __init__(self, promotions: _Optional[_Iterable[_Union[Promotion, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
