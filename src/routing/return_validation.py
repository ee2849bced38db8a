"""Reject a malformed return problem early, with one `InvalidProblem` naming the field."""

from __future__ import annotations

import numpy as np

from routing.errors import InvalidProblem
from routing.return_problem import ReturnChannel, ReturnCondition, ReturnDestinations, ReturnRequest


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def validate_request(request: ReturnRequest, destinations: ReturnDestinations) -> None:
    """Raise `InvalidProblem` unless the request is well formed against `destinations`."""
    if not request.lines:
        raise InvalidProblem("request.lines must not be empty")
    skus, locations = set(destinations.skus), set(destinations.location_ids)
    for k, line in enumerate(request.lines):
        where = f"request.lines[{k}]"
        if not _is_int(line.qty) or line.qty <= 0:
            raise InvalidProblem(f"{where}.qty must be a positive int, got {line.qty!r}")
        if not _is_int(line.unit_value_cents) or line.unit_value_cents < 0:
            raise InvalidProblem(f"{where}.unit_value_cents must be an int >= 0 (cents)")
        if not _is_int(line.unit_weight_g) or line.unit_weight_g < 0:
            raise InvalidProblem(f"{where}.unit_weight_g must be an int >= 0 (grams)")
        if line.condition not in set(ReturnCondition):
            raise InvalidProblem(f"{where}.condition {line.condition!r} is not a ReturnCondition")
        if line.sku not in skus:
            raise InvalidProblem(f"{where}.sku {line.sku!r} is not in destinations.skus")
        if line.origin_location_id is not None and line.origin_location_id not in locations:
            raise InvalidProblem(
                f"{where}.origin_location_id {line.origin_location_id!r} is not a destination"
            )
    if request.channel is ReturnChannel.POST:
        point = request.customer_point
        if point is None:
            raise InvalidProblem("request.customer_point is required for channel post")
        lat, lon = point
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise InvalidProblem(f"request.customer_point {point!r} is not a lat/lon")
    elif request.channel is ReturnChannel.STORE_DROP_OFF:
        store = request.drop_off_location_id
        if store is None:
            raise InvalidProblem(
                "request.drop_off_location_id is required for channel store_drop_off"
            )
        if store not in locations:
            raise InvalidProblem(f"request.drop_off_location_id {store!r} is not a destination")
    else:
        raise InvalidProblem(f"request.channel {request.channel!r} is not a ReturnChannel")


def validate_destinations(destinations: ReturnDestinations) -> None:
    """Raise `InvalidProblem` unless every array has the right shape and values."""
    d = destinations
    n, m = len(d.location_ids), len(d.skus)
    if len(set(d.location_ids)) != n:
        raise InvalidProblem("destinations.location_ids contains duplicates")
    if len(set(d.skus)) != m:
        raise InvalidProblem("destinations.skus contains duplicates")
    for name in ("is_store", "lat", "lon", "accepts_returns", "handling_cents_per_unit"):
        array = getattr(d, name)
        if array is not None and np.shape(array) != (n,):
            raise InvalidProblem(
                f"destinations.{name} has shape {np.shape(array)}, expected ({n},)"
            )
    for name in ("stock", "target"):
        if np.shape(getattr(d, name)) != (n, m):
            raise InvalidProblem(
                f"destinations.{name} has shape {np.shape(getattr(d, name))}, expected ({n}, {m})"
            )
    for name in ("stock", "target", "handling_cents_per_unit"):
        array = getattr(d, name)
        if array is None or not np.size(array):
            continue
        if not np.issubdtype(np.asarray(array).dtype, np.integer):
            raise InvalidProblem(f"destinations.{name} must hold integers")
        if np.min(array) < 0:
            raise InvalidProblem(f"destinations.{name} must be >= 0")
    if n and not (np.all(np.abs(d.lat) <= 90) and np.all(np.abs(d.lon) <= 180)):
        raise InvalidProblem("destinations.lat/lon must be valid coordinates")


def validate_returns_location(
    returns_location_id: str | None, destinations: ReturnDestinations
) -> None:
    """The fixed returns location of the ``returns_warehouse`` strategy must exist."""
    if returns_location_id is None:
        raise InvalidProblem("returns_location_id is required for strategy 'returns_warehouse'")
    if returns_location_id not in set(destinations.location_ids):
        raise InvalidProblem(f"returns_location_id {returns_location_id!r} is not a destination")
