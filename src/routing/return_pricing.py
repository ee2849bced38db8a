"""The exact price of one way to route a return, and the values it is made of.

`terms_of` is the one definition of what a `Choice` costs (see
`routing.return_cost_model` for the terms); `value_at` is its vectorised value term,
used by the solver over many locations at once.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from routing.problem import LocationKind
from routing.return_cost_model import RETURN_TERMS, slot_tier
from routing.return_instance import Choice, IntArray, ReturnInstance

NOT_RESOLD = 3  # tier of a unit that is not restocked where it lands


def sorted_units(inst: ReturnInstance, lines: list[int], counts: IntArray) -> list[int]:
    """Line index of each unit placed, dearest first (then by line), `counts[i]` of line i."""
    paid = [inst.request.lines[i].unit_value_cents for i in lines]
    order = sorted(range(len(lines)), key=lambda k: (-paid[k], lines[k]))
    return [lines[k] for k in order for _ in range(int(counts[lines[k]]))]


def value_at(inst: ReturnInstance, rows: IntArray, counts: IntArray) -> IntArray:
    """Value of placing `counts[i]` units of each line i at each of `rows`."""
    d, model = inst.destinations, inst.model
    total = np.zeros(len(rows), dtype=np.int64)
    store = np.asarray(d.is_store, dtype=bool)[rows]
    for column, lines in inst.by_sku.items():
        if not counts[lines].any():
            continue
        for is_store in (True, False):
            units = sorted_units(inst, inst.restock_lines[column, is_store], counts)
            if not units:
                continue
            mask = store == is_store
            if not mask.any():
                continue
            at = rows[mask]
            below, over = model.slot_bounds(d.stock[at, column], d.target[at, column])
            total[mask] += model.placed_value(inst.worth[units], below, over)
    return total


def unit_values(inst: ReturnInstance, row: int, counts: IntArray) -> tuple[list[int], Counter[int]]:
    """Value per line of placing `counts` at `row`, and how many units fall in each tier."""
    d, model, kind = inst.destinations, inst.model, inst.kind(row)
    values = [0] * len(inst.request.lines)
    tiers: Counter[int] = Counter()
    for column, lines in inst.by_sku.items():
        live = inst.restock_lines[column, kind is LocationKind.STORE]
        tiers[NOT_RESOLD] += sum(int(counts[i]) for i in lines if i not in live)
        units = sorted_units(inst, live, counts)
        below, over = model.slot_bounds_at(int(d.stock[row, column]), int(d.target[row, column]))
        for j, i in enumerate(units):
            tier = slot_tier(j, below, over)
            values[i] += int(inst.worth[i, tier])
            tiers[tier] += 1
    return values, tiers


def terms_of(inst: ReturnInstance, choice: Choice) -> dict[str, int]:
    """The cost terms of `choice` (see `routing.return_cost_model`)."""
    kept = np.array(choice.kept, dtype=np.int64)
    sent = inst.qty - kept
    terms = dict.fromkeys(RETURN_TERMS, 0)
    if inst.drop is not None and kept.any():
        terms["handling"] += int(kept.sum() * inst.handling[inst.drop])
        terms["value"] -= sum(unit_values(inst, inst.drop, kept)[0])
    if choice.row is not None and sent.any():
        row = choice.row
        terms["base"] = inst.model.shipping.base_cents_per_shipment
        terms["distance"] = int((sent * inst.ship[row]).sum())
        terms["handling"] += int(sent.sum() * inst.handling[row])
        terms["value"] -= sum(unit_values(inst, row, sent)[0])
    return terms
