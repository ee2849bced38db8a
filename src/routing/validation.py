"""Reject malformed input early, with one `InvalidProblem` naming the field."""

from __future__ import annotations

import numpy as np

from routing.errors import InvalidProblem
from routing.problem import PER_LOCATION, Candidates, Constraints, FulfilmentMode, Order


def validate_order(order: Order) -> None:
    """Raise `InvalidProblem` unless the order is well formed."""
    if not order.lines:
        raise InvalidProblem("order.lines must not be empty")
    seen: set[str] = set()
    for k, line in enumerate(order.lines):
        if line.sku in seen:
            raise InvalidProblem(f"order.lines[{k}].sku {line.sku!r} appears twice")
        seen.add(line.sku)
        if not isinstance(line.qty, int) or isinstance(line.qty, bool) or line.qty <= 0:
            raise InvalidProblem(f"order.lines[{k}].qty must be a positive int, got {line.qty!r}")
        if not isinstance(line.unit_weight_g, int) or line.unit_weight_g < 0:
            raise InvalidProblem(f"order.lines[{k}].unit_weight_g must be an int >= 0")
    if order.created_at.tzinfo is None or order.created_at.utcoffset() is None:
        raise InvalidProblem("order.created_at must be timezone-aware (UTC)")
    lat, lon = order.destination
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise InvalidProblem(f"order.destination {order.destination!r} is not a lat/lon")
    if order.mode is FulfilmentMode.COLLECT and not order.pickup_location_id:
        raise InvalidProblem("order.pickup_location_id is required for mode collect")


def validate_candidates(candidates: Candidates, order: Order) -> None:
    """Raise `InvalidProblem` unless every array has the right shape and values."""
    n, m = len(candidates.location_ids), len(candidates.skus)
    if len(set(candidates.location_ids)) != n:
        raise InvalidProblem("candidates.location_ids contains duplicates")
    if len(set(candidates.skus)) != m:
        raise InvalidProblem("candidates.skus contains duplicates")
    if np.shape(candidates.stock) != (n, m):
        raise InvalidProblem(
            f"candidates.stock has shape {np.shape(candidates.stock)}, expected ({n}, {m})"
        )
    if candidates.unit_cost_cents is not None and np.shape(candidates.unit_cost_cents) != (n, m):
        raise InvalidProblem(f"candidates.unit_cost_cents must have shape ({n}, {m})")
    opportunity = candidates.opportunity_cents
    if opportunity is not None:
        if np.shape(opportunity) != (n, m):
            raise InvalidProblem(f"candidates.opportunity_cents must have shape ({n}, {m})")
        if n and m and np.min(opportunity) < 0:
            raise InvalidProblem("candidates.opportunity_cents must be >= 0")
    for name in PER_LOCATION:
        array = getattr(candidates, name)
        if array is not None and np.shape(array) != (n,):
            raise InvalidProblem(f"candidates.{name} has shape {np.shape(array)}, expected ({n},)")
    if n and np.min(candidates.stock) < 0:
        raise InvalidProblem("candidates.stock must be >= 0")
    for name in ("capacity_units", "base_cost_cents", "handling_cents_per_unit"):
        array = getattr(candidates, name)
        if array is not None and n and np.min(array) < 0:
            raise InvalidProblem(f"candidates.{name} must be >= 0")
    if n and not (np.all(np.abs(candidates.lat) <= 90) and np.all(np.abs(candidates.lon) <= 180)):
        raise InvalidProblem("candidates.lat/lon must be valid coordinates")
    missing = [line.sku for line in order.lines if line.sku not in candidates.skus]
    if missing:
        raise InvalidProblem(f"candidates.skus lacks the order's SKUs {missing}")
    if order.mode is FulfilmentMode.COLLECT and order.pickup_location_id not in set(
        candidates.location_ids
    ):
        raise InvalidProblem(
            f"order.pickup_location_id {order.pickup_location_id!r} is not a candidate"
        )


def validate_constraints(constraints: Constraints) -> None:
    """Raise `InvalidProblem` unless the constraints make sense."""
    if constraints.max_shipments is not None and constraints.max_shipments < 1:
        raise InvalidProblem("constraints.max_shipments must be >= 1")
    if constraints.max_radius_km is not None and constraints.max_radius_km < 0:
        raise InvalidProblem("constraints.max_radius_km must be >= 0")
    if constraints.collect_radius_km < 0:
        raise InvalidProblem("constraints.collect_radius_km must be >= 0")
