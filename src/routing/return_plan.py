"""What return routing answers: where each returned unit goes, what it costs, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from routing.plan import PlanStatus
from routing.return_disposition import Disposition
from routing.return_problem import ReturnChannel, ReturnCondition


@dataclass(frozen=True)
class ReturnLinePlan:
    """Where `qty` units of request line `line_index` end up, and what happens to them there.

    `kept_at_drop_off` is True for units the drop-off store keeps; `value_cents` is
    their value at `location_id` (the credit in the objective; 0 unless restocked).
    A line partly kept and partly forwarded appears twice.
    """

    line_index: int
    sku: str
    qty: int
    condition: ReturnCondition
    location_id: str
    kept_at_drop_off: bool
    disposition: Disposition
    value_cents: int


@dataclass(frozen=True)
class ReturnAlternative:
    """Another way to route the return, and by how much it loses to the plan.

    `destination_id` is where that option's parcel would go; None means "the drop-off
    store keeps everything". `lost_by_cents` = its total - the plan's total (negative
    when a baseline plan was beaten by this option).
    """

    destination_id: str | None
    total_cents: int
    lost_by_cents: int
    cost_terms: Mapping[str, int]
    reason: str


@dataclass(frozen=True)
class ReturnPlan:
    """A return-routing decision with its cost broken into `RETURN_TERMS`.

    `destination_id` is where the return parcel goes (from the customer by POST, from
    the store onward at drop-off); None when the drop-off store keeps every unit, or
    when the return cannot be routed (status INFEASIBLE, see `reason`).
    `lines` say per request line which units go where and their disposition there.
    """

    return_id: str
    strategy: str
    channel: ReturnChannel
    status: PlanStatus
    destination_id: str | None = None
    drop_off_location_id: str | None = None
    distance_km: float = 0.0
    lines: tuple[ReturnLinePlan, ...] = ()
    cost_terms: Mapping[str, int] = field(default_factory=dict)
    total_cents: int = 0
    reason: str = ""
    alternatives: tuple[ReturnAlternative, ...] = ()
    proven_optimal: bool = False
    solve_ms: float = 0.0

    @property
    def is_feasible(self) -> bool:
        """True when the return has a destination (or is kept where it was dropped off)."""
        return self.status is PlanStatus.ROUTED

    @property
    def kept_lines(self) -> tuple[ReturnLinePlan, ...]:
        """The units the drop-off store keeps."""
        return tuple(line for line in self.lines if line.kept_at_drop_off)

    @property
    def forwarded_lines(self) -> tuple[ReturnLinePlan, ...]:
        """The units that travel in the return parcel."""
        return tuple(line for line in self.lines if not line.kept_at_drop_off)
