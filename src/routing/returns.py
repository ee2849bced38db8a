"""`route_return`: where a returned parcel (or a drop-off store's units) should go.

Pure, like order routing: plain data in (a `ReturnRequest`, a `ReturnDestinations`
snapshot, a `ReturnCostModel`), a `ReturnPlan` out::

    plan = route_return(request, destinations, ReturnCostModel(), strategy="optimal")

The objective is return shipping + handling - the value of each restocked unit where it
lands (high below target, low at target, a holding cost when overstocked; see
`routing.return_cost_model`); units that cannot be restocked there are worth nothing
(`routing.return_disposition`). By POST the customer's parcel goes to one location; at
STORE_DROP_OFF the store keeps units or ships them on in one parcel, per unit,
whichever is cheaper.

Strategies (`RETURN_STRATEGIES`): ``optimal`` (exact, by enumeration, see
`routing.return_menu` for why no MIP), and the baselines ``origin`` (back to the
location that shipped it), ``nearest`` (nearest accepting location) and
``returns_warehouse`` (the fixed `returns_location_id`).

Business outcomes are results: a return that cannot be routed (nothing accepts
returns, the drop-off store does not, a baseline's location does not) comes back
with ``status=PlanStatus.INFEASIBLE`` and a ``reason``. Malformed input raises
`InvalidProblem`; an unknown strategy `UnknownStrategy`.
"""

from __future__ import annotations

import time
from dataclasses import replace

from routing.plan import PlanStatus
from routing.return_cost_model import ReturnCostModel
from routing.return_explanation import alternatives, describe_choice, describe_tiers, line_plans
from routing.return_instance import compile_return
from routing.return_menu import menu
from routing.return_plan import ReturnPlan
from routing.return_pricing import terms_of
from routing.return_problem import ReturnDestinations, ReturnRequest
from routing.return_strategies import get_return_strategy
from routing.return_validation import (
    validate_destinations,
    validate_request,
    validate_returns_location,
)

DEFAULT_MAX_ALTERNATIVES = 5


def route_return(
    request: ReturnRequest,
    destinations: ReturnDestinations,
    model: ReturnCostModel | None = None,
    *,
    strategy: str = "optimal",
    returns_location_id: str | None = None,
    max_alternatives: int = DEFAULT_MAX_ALTERNATIVES,
) -> ReturnPlan:
    """Plan where a return goes; never raises on a return that cannot be routed.

    `returns_location_id` is required by the ``returns_warehouse`` strategy only.
    Raises `InvalidProblem` on malformed input and `UnknownStrategy` on a bad name.
    """
    started = time.perf_counter()
    model = model or ReturnCostModel()
    pick_with = get_return_strategy(strategy)
    validate_destinations(destinations)
    validate_request(request, destinations)
    if strategy == "returns_warehouse":
        validate_returns_location(returns_location_id, destinations)
    inst = compile_return(request, destinations, model)
    plan = ReturnPlan(
        return_id=request.return_id,
        strategy=strategy,
        channel=request.channel,
        status=PlanStatus.INFEASIBLE,
        drop_off_location_id=request.drop_off_location_id,
    )

    def done(result: ReturnPlan, reason: str | None = None) -> ReturnPlan:
        elapsed_ms = round((time.perf_counter() - started) * 1000.0, 3)
        return replace(result, solve_ms=elapsed_ms, reason=reason or result.reason)

    if inst.drop is not None and not destinations.accepts_returns[inst.drop]:
        return done(plan, f"{request.drop_off_location_id} does not accept returns")
    options = menu(inst)
    pick = pick_with(inst, options, returns_location_id)
    if pick.option is None:
        return done(plan, pick.why)
    choice = pick.option.choice
    terms = terms_of(inst, choice)
    lines, tiers = line_plans(inst, choice)
    others = alternatives(inst, options, choice, terms, max_alternatives)
    where = describe_choice(inst, choice)
    reason = (
        f"{where[0].upper()}{where[1:]}, {pick.why}: "
        f"{describe_tiers(tiers)}, net {sum(terms.values())} cents"
    )
    if others and others[0].lost_by_cents >= 0:
        reason += f"; the next best loses by {others[0].lost_by_cents} cents"
    elif others:
        reason += f"; the best option costs {-others[0].lost_by_cents} cents less"
    return done(
        ReturnPlan(
            return_id=request.return_id,
            strategy=strategy,
            channel=request.channel,
            status=PlanStatus.ROUTED,
            destination_id=None if choice.row is None else inst.location_id(choice.row),
            drop_off_location_id=request.drop_off_location_id,
            distance_km=0.0 if choice.row is None else round(float(inst.km[choice.row]), 3),
            lines=tuple(lines),
            cost_terms=terms,
            total_cents=sum(terms.values()),
            reason=reason + ".",
            alternatives=others,
            proven_optimal=strategy == "optimal",
        )
    )
