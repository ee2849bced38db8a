"""What every strategy returns: a plan, its shipments and the explanation of its cost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class PlanStatus(StrEnum):
    """Whether the order could be routed."""

    ROUTED = "routed"
    INFEASIBLE = "infeasible"


class ShipmentKind(StrEnum):
    """A parcel to the customer, a transfer to the pickup store, or units kept there."""

    SHIP = "ship"
    TRANSFER = "transfer"
    PICKUP = "pickup"


@dataclass(frozen=True)
class PlanLine:
    """Some units of one SKU."""

    sku: str
    qty: int


@dataclass(frozen=True)
class Shipment:
    """Units leaving (or, for PICKUP, staying at) one location.

    `cost_cents` is everything this location adds: base, late, distance, handling,
    unit cost and protection of its last units (the split penalty is plan-wide).
    """

    location_id: str
    kind: ShipmentKind
    lines: tuple[PlanLine, ...]
    cost_cents: int
    distance_km: float
    dispatch_on: date
    arrive_on: date


@dataclass(frozen=True)
class RunnerUp:
    """Why a chosen location won: the best location that could replace its shipment.

    Rule: among eligible locations not in the plan that can ship all of the chosen
    location's lines alone (stock and capacity), the one whose substitution gives the
    cheapest plan. `loses_by_cents` = that plan's total - this plan's total.
    """

    chosen_id: str
    runner_up_id: str | None
    loses_by_cents: int | None
    note: str = ""


@dataclass(frozen=True)
class CollectAlternative:
    """A store near the pickup store that could hand over the whole order now."""

    location_id: str
    distance_km: float


@dataclass(frozen=True)
class CollectInfo:
    """Click & collect details: what is kept at the store and when all is ready."""

    pickup_location_id: str
    reserve_at_pickup: tuple[PlanLine, ...]
    ready_at: datetime | None
    alternatives: tuple[CollectAlternative, ...]


@dataclass(frozen=True)
class Plan:
    """A routing decision with its cost broken into terms that sum to `total_cents`.

    `shadow_cents` is the look-ahead's opportunity cost of the units taken: the plan was
    chosen to minimise ``total_cents + shadow_cents``, but only `total_cents` is a cost
    (`proven_optimal` and `lower_bound_cents` refer to that sum).
    """

    order_id: str
    strategy: str
    status: PlanStatus
    shipments: tuple[Shipment, ...] = ()
    unfilled: tuple[PlanLine, ...] = ()
    cost_terms: Mapping[str, int] = field(default_factory=dict)
    total_cents: int = 0
    shadow_cents: int = 0
    proven_optimal: bool = False
    lower_bound_cents: int | None = None
    reason: str = ""
    runners_up: tuple[RunnerUp, ...] = ()
    collect: CollectInfo | None = None
    solve_ms: float = 0.0

    @property
    def is_feasible(self) -> bool:
        """True when the plan routes the order (possibly partially)."""
        return self.status is PlanStatus.ROUTED


def infeasible(order_id: str, strategy: str, reason: str, solve_ms: float = 0.0) -> Plan:
    """A typed "cannot route" result with a human-readable reason."""
    return Plan(
        order_id=order_id,
        strategy=strategy,
        status=PlanStatus.INFEASIBLE,
        reason=reason,
        solve_ms=solve_ms,
    )
