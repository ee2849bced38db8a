"""The one mapping from exception classes to gRPC status codes and their details.

Looked up along the exception's MRO, so the most specific class listed wins
(`DuplicateId` is an `InvalidInput` but maps to ALREADY_EXISTS). Anything not listed is a
bug: INTERNAL, logged with its trace by `interceptors.ErrorInterceptor`.

The details of a status (`status_details`) come from the exception too:

- `reason_for`: the class's `reason` attribute, a stable UPPER_SNAKE name clients may
  branch on (ErrorInfo.reason); every class listed below and each of its subclasses
  declares its own (a unit test holds them to it);
- `field_of`: the offending field's path, from the exception's `field` attribute, else
  from a message that starts with one (``lines[1].quantity: must be ...``,
  ``order_id is required``);
- `metadata_of`: the offending ids, from the exception's `ids` (``UnknownSku(message,
  sku_id=...)``) and its attributes named ``*_id`` (and a coupon's ``code``).

Extension point: a new domain package (orders, returns, customers) adds its classes to
`STATUS_CODES` below, in this file, and gives each a `reason`; nothing else changes.
"""

from __future__ import annotations

import re

import grpc

import inventory
import routing
from omniroute import customers, errors, orders, promotions, returns, shop

STATUS_CODES: dict[type[BaseException], grpc.StatusCode] = {
    # inventory: the live stock model
    inventory.InvalidInput: grpc.StatusCode.INVALID_ARGUMENT,
    inventory.DuplicateId: grpc.StatusCode.ALREADY_EXISTS,
    inventory.NotFound: grpc.StatusCode.NOT_FOUND,
    inventory.InsufficientStock: grpc.StatusCode.FAILED_PRECONDITION,
    inventory.InvalidTransition: grpc.StatusCode.FAILED_PRECONDITION,
    inventory.IdempotencyConflict: grpc.StatusCode.ALREADY_EXISTS,
    # omniroute: the service edge
    errors.Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    errors.PermissionDenied: grpc.StatusCode.PERMISSION_DENIED,
    errors.InvalidRequest: grpc.StatusCode.INVALID_ARGUMENT,
    errors.DeadlineExceeded: grpc.StatusCode.DEADLINE_EXCEEDED,
    errors.ResourceExhausted: grpc.StatusCode.RESOURCE_EXHAUSTED,
    # routing: the pure optimiser (business outcomes come back as plans, not errors)
    routing.InvalidProblem: grpc.StatusCode.INVALID_ARGUMENT,
    routing.UnknownStrategy: grpc.StatusCode.INVALID_ARGUMENT,
    # orders: the orders workflow
    orders.UnknownOrder: grpc.StatusCode.NOT_FOUND,
    orders.OrderConflict: grpc.StatusCode.ALREADY_EXISTS,
    orders.OrderStateError: grpc.StatusCode.FAILED_PRECONDITION,
    orders.LookaheadOff: grpc.StatusCode.FAILED_PRECONDITION,
    # returns: the returns workflow
    returns.UnknownReturn: grpc.StatusCode.NOT_FOUND,
    returns.ReturnExceedsPurchase: grpc.StatusCode.INVALID_ARGUMENT,
    returns.ReturnStateError: grpc.StatusCode.FAILED_PRECONDITION,
    returns.ReturnConflict: grpc.StatusCode.ALREADY_EXISTS,
    # promotions: promotions and coupons
    promotions.InvalidPromotionInput: grpc.StatusCode.INVALID_ARGUMENT,
    promotions.UnknownPromotion: grpc.StatusCode.NOT_FOUND,
    promotions.UnknownCoupon: grpc.StatusCode.NOT_FOUND,
    promotions.CouponCodeTaken: grpc.StatusCode.ALREADY_EXISTS,
    promotions.CouponConflict: grpc.StatusCode.ALREADY_EXISTS,
    promotions.CouponUnavailable: grpc.StatusCode.FAILED_PRECONDITION,
    # customers: accounts, purchases and loyalty points
    customers.InvalidCustomerInput: grpc.StatusCode.INVALID_ARGUMENT,
    customers.UnknownCustomer: grpc.StatusCode.NOT_FOUND,
    customers.UnknownPurchase: grpc.StatusCode.NOT_FOUND,
    customers.EmailTaken: grpc.StatusCode.ALREADY_EXISTS,
    customers.PurchaseConflict: grpc.StatusCode.ALREADY_EXISTS,
    customers.LoyaltyConflict: grpc.StatusCode.ALREADY_EXISTS,
    customers.InsufficientPoints: grpc.StatusCode.FAILED_PRECONDITION,
    # shop: shop order intake
    shop.InvalidShopPayload: grpc.StatusCode.INVALID_ARGUMENT,
    # a new package: add its exception classes here, most specific first for readability.
}


def status_code_for(exc: BaseException) -> grpc.StatusCode:
    """The status code of `exc`: its most specific mapped class, else INTERNAL."""
    for cls in type(exc).__mro__:
        code = STATUS_CODES.get(cls)
        if code is not None:
            return code
    return grpc.StatusCode.INTERNAL


def is_expected(exc: BaseException) -> bool:
    """Whether `exc` is a mapped (client-caused) failure rather than a bug."""
    return status_code_for(exc) is not grpc.StatusCode.INTERNAL


#: ErrorInfo.domain of every status the service answers.
ERROR_DOMAIN = "omniroute.v1"
#: ErrorInfo.reason of a bug (INTERNAL).
INTERNAL_REASON = "INTERNAL"
#: A message naming its field first: ``lines[1].unit_price_cents: ...``, ``x is required``.
_LEADING_FIELD = re.compile(
    r"(?P<path>[a-z][a-z0-9_]*(?:\[\d+\])*(?:\.[a-z][a-z0-9_]*(?:\[\d+\])*)*)"
    r"(?::| is required| must | needs )"
)
#: Attributes, besides ``*_id``, that name what an error is about.
_ID_ATTRIBUTES = {"code": "coupon_code"}


def reason_for(exc: BaseException) -> str:
    """The stable reason of `exc`: its class's `reason`, INTERNAL for a bug."""
    code = status_code_for(exc)
    if code is grpc.StatusCode.INTERNAL:
        return INTERNAL_REASON
    reason = getattr(type(exc), "reason", None)
    return reason if isinstance(reason, str) else code.name


def field_of(exc: BaseException) -> str | None:
    """The path of the field `exc` is about, when it names one."""
    field = getattr(exc, "field", None)
    if isinstance(field, str) and field:
        return field
    match = _LEADING_FIELD.match(str(exc))
    return match.group("path") if match else None


def metadata_of(exc: BaseException) -> dict[str, str]:
    """The ids `exc` is about (ErrorInfo.metadata): its `ids` and its ``*_id`` attributes,
    set ones only."""
    ids = getattr(exc, "ids", None)
    metadata = {k: v for k, v in ids.items() if v} if isinstance(ids, dict) else {}
    for name, value in vars(exc).items():
        key = name if name.endswith("_id") else _ID_ATTRIBUTES.get(name)
        if key is not None and isinstance(value, str) and value:
            metadata[key] = value
    return metadata
