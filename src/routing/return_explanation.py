"""Why a return goes where it goes: where each unit lands, what it is worth, who lost.

Each unit's value is attributed exactly as the objective counts it (dearest units of a
SKU take the first slots at a location), so the line values add up to the ``value``
term. An alternative's reason names the cost terms by which it loses, largest first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np

from routing.return_cost_model import (
    AT_TARGET,
    BELOW_TARGET,
    OVERSTOCKED,
)
from routing.return_disposition import disposition
from routing.return_instance import Choice, IntArray, ReturnInstance
from routing.return_menu import Menu
from routing.return_plan import ReturnAlternative, ReturnLinePlan
from routing.return_pricing import NOT_RESOLD, terms_of, unit_values

_TIER_WORDS = {
    BELOW_TARGET: "below target there",
    AT_TARGET: "at target there",
    OVERSTOCKED: "overstocking",
    NOT_RESOLD: "not restockable there",
}
_TERM_WORDS = {
    "base": "parcel cost",
    "distance": "shipping",
    "handling": "handling",
    "value": "value credit",
}


def line_plans(inst: ReturnInstance, choice: Choice) -> tuple[list[ReturnLinePlan], Counter[int]]:
    """Per line and place: units, disposition and value; and how many units fall in each tier."""
    kept = np.array(choice.kept, dtype=np.int64)
    places: list[tuple[int, IntArray, bool]] = []
    if inst.drop is not None and kept.any():
        places.append((inst.drop, kept, True))
    if choice.row is not None and (inst.qty - kept).any():
        places.append((choice.row, inst.qty - kept, False))
    plans: list[ReturnLinePlan] = []
    tiers: Counter[int] = Counter()
    for row, counts, at_drop_off in places:
        values, row_tiers = unit_values(inst, row, counts)
        tiers += row_tiers
        kind = inst.kind(row)
        for i, line in enumerate(inst.request.lines):
            if counts[i]:
                plans.append(
                    ReturnLinePlan(
                        line_index=i,
                        sku=line.sku,
                        qty=int(counts[i]),
                        condition=line.condition,
                        location_id=inst.location_id(row),
                        kept_at_drop_off=at_drop_off,
                        disposition=disposition(line.condition, kind),
                        value_cents=values[i],
                    )
                )
    plans.sort(key=lambda p: (p.line_index, not p.kept_at_drop_off))
    return plans, tiers


def describe_tiers(tiers: Counter[int]) -> str:
    """E.g. "1 unit below target there, 2 units not restockable there"."""
    parts = [f"{_units(tiers[t])} {_TIER_WORDS[t]}" for t in sorted(tiers) if tiers[t]]
    return ", ".join(parts) if parts else "nothing"


def describe_choice(inst: ReturnInstance, choice: Choice) -> str:
    """Where the units go, in words."""
    units = int(inst.qty.sum())
    kept = sum(choice.kept)
    every = "the unit" if units == 1 else f"all {units} units"
    if choice.row is None:
        return f"{inst.location_id(int(inst.drop or 0))} keeps {every}"
    target = inst.location_id(choice.row)
    where = f"{target} ({inst.kind(choice.row)}, {float(inst.km[choice.row]):.1f} km)"
    if inst.drop is None:
        return f"send the parcel to {where}"
    store = inst.location_id(inst.drop)
    if kept:
        return f"{store} keeps {_units(kept)} and ships {_units(units - kept)} on to {where}"
    return f"{store} ships {every} on to {where}"


def _units(count: int) -> str:
    return f"{count} unit{'' if count == 1 else 's'}"


def alternatives(
    inst: ReturnInstance,
    options: Menu,
    chosen: Choice,
    terms: Mapping[str, int],
    limit: int,
) -> tuple[ReturnAlternative, ...]:
    """The `limit` cheapest other options, each with what it loses by and why."""
    total = sum(terms.values())
    result: list[ReturnAlternative] = []
    for option in options.ranked():
        if len(result) >= limit:
            break
        if option.choice == chosen:
            continue
        other = terms_of(inst, option.choice)
        lost = sum(other.values()) - total
        row = option.choice.row
        result.append(
            ReturnAlternative(
                destination_id=None if row is None else inst.location_id(row),
                total_cents=sum(other.values()),
                lost_by_cents=lost,
                cost_terms=other,
                reason=_why_it_loses(inst, option.choice, other, terms, lost),
            )
        )
    return tuple(result)


def _why_it_loses(
    inst: ReturnInstance,
    choice: Choice,
    other: Mapping[str, int],
    terms: Mapping[str, int],
    lost: int,
) -> str:
    sign = 1 if lost >= 0 else -1
    deltas = sorted(
        ((other[t] - terms[t], t) for t in terms if sign * (other[t] - terms[t]) > 0),
        key=lambda d: -abs(d[0]),
    )
    words = []
    for delta, term in deltas:
        more = "less" if (term == "value") == (delta > 0) else "more"
        words.append(f"{abs(delta)} cents {more} {_TERM_WORDS[term]}")
    _, tiers = line_plans(inst, choice)
    verb = f"loses by {lost} cents" if lost >= 0 else f"beats this plan by {-lost} cents"
    detail = "; ".join(words) if words else "the same cost"
    return f"{describe_choice(inst, choice)} {verb}: {detail} ({describe_tiers(tiers)})"
