"""Typed reads from a JSON payload, each naming the JSON path of what is wrong."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from omniroute.shop.errors import InvalidShopPayload

MISSING = object()


def load_json(text: str) -> Any:
    """Parse JSON text; numbers with a fraction become `Decimal`, never floats."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidShopPayload("$", f"not JSON ({exc.msg} at line {exc.lineno})") from None


def child(path: str, key: str | int) -> str:
    """The path of `key` under `path` (``line_items[2]``, ``customer.id``)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def obj(value: Any, path: str) -> Mapping[str, Any]:
    """`value` as a JSON object."""
    if not isinstance(value, Mapping):
        raise InvalidShopPayload(path or "$", f"must be an object, got {_kind(value)}")
    return value


def array(value: Any, path: str) -> Sequence[Any]:
    """`value` as a JSON array."""
    if not isinstance(value, list):
        raise InvalidShopPayload(path, f"must be an array, got {_kind(value)}")
    return value


def get(parent: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> Any:
    """`parent[key]`; a missing or null required field is an error."""
    value = parent.get(key)
    if value is None and required:
        raise InvalidShopPayload(child(path, key), "required")
    return value


def text(value: Any, path: str) -> str:
    """A non-empty string (numbers, as Shopify's ids, are accepted and written out)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidShopPayload(path, f"must be a string, got {_kind(value)}")
    result = str(value).strip()
    if not result:
        raise InvalidShopPayload(path, "must not be empty")
    return result


def whole(value: Any, path: str, *, minimum: int = 0) -> int:
    """A whole number of at least `minimum`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidShopPayload(path, f"must be a whole number, got {_kind(value)}")
    if value < minimum:
        raise InvalidShopPayload(path, f"must be at least {minimum}, got {value}")
    return value


def cents(value: Any, path: str) -> int:
    """A money amount (``"199.00"``) in whole cents, exactly; negative amounts refused."""
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise InvalidShopPayload(path, f"not a decimal amount (got {_kind(value)})")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidShopPayload(path, f"not a decimal amount: {value!r}") from None
    if not amount.is_finite():
        raise InvalidShopPayload(path, f"not a decimal amount: {value!r}")
    hundredths = amount * 100
    if hundredths != hundredths.to_integral_value():
        raise InvalidShopPayload(path, f"{value!r} is not a whole number of cents")
    if amount < 0:
        raise InvalidShopPayload(path, f"must not be negative, got {value!r}")
    return int(hundredths)


def coordinate(value: Any, path: str, limit: int) -> float:
    """A latitude (`limit` 90) or longitude (180) in degrees (not money: floats are fine)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise InvalidShopPayload(path, f"must be a number, got {_kind(value)}")
    try:
        degrees = Decimal(str(value))
    except InvalidOperation:
        raise InvalidShopPayload(path, f"must be a number, got {value!r}") from None
    if not degrees.is_finite() or abs(degrees) > limit:
        raise InvalidShopPayload(path, f"must be between -{limit} and {limit}, got {value}")
    return float(degrees)


def moment(value: Any, path: str) -> datetime:
    """An ISO 8601 instant with a UTC offset, as UTC."""
    raw = text(value, path)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidShopPayload(path, f"not an ISO 8601 date-time: {raw!r}") from None
    if parsed.tzinfo is None:
        raise InvalidShopPayload(path, f"needs a UTC offset: {raw!r}")
    return parsed.astimezone(UTC)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return "a binary float (load the payload with shop.payload.load_json)"
    return {str: "a string", bool: "a boolean", int: "a number", list: "an array"}.get(
        type(value), "an object" if isinstance(value, Mapping) else type(value).__name__
    )
