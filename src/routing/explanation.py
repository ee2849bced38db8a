"""Why the chosen locations won: for each, the best substitute and by how much it loses.

The rule (cheap, exact, and easy to say to a support agent): for a chosen location L,
consider every eligible location M not in the plan that could ship all of L's lines
alone (stock and remaining capacity). Replacing L's shipment by M's gives a feasible
plan; the runner-up is the M with the cheapest such plan, and it loses by
(that plan's total - this plan's total) cents. With look-ahead prices both totals
include the opportunity cents (`Plan.shadow_cents`), as the choice did. The cost terms
themselves are in `Plan.cost_terms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from routing.plan import RunnerUp

if TYPE_CHECKING:
    from routing.instance import Instance, IntArray


def runners_up(inst: Instance, x: IntArray) -> tuple[RunnerUp, ...]:
    """The runner-up of each location that ships in assignment `x`."""
    used = x.sum(axis=1) > 0
    protect = inst.cost_model.protect_cents_per_unit
    price = inst.price
    result = []
    for k in np.flatnonzero(used):
        row = x[k]
        own = (
            int(inst.fixed[k])
            + int((row * price[k]).sum())
            + int(np.maximum(row - inst.free[k], 0).sum()) * protect
        )
        able = (~used) & (inst.stock >= row).all(axis=1) & (inst.capacity >= row.sum())
        if not able.any():
            result.append(
                RunnerUp(
                    inst.location_id(int(k)),
                    None,
                    None,
                    "no other location could ship these lines alone",
                )
            )
            continue
        options = np.flatnonzero(able)
        cost = (
            inst.fixed[options]
            + (price[options] * row).sum(axis=1)
            + np.maximum(row - inst.free[options], 0).sum(axis=1) * protect
        )
        best = int(np.argmin(cost))
        result.append(
            RunnerUp(
                chosen_id=inst.location_id(int(k)),
                runner_up_id=inst.location_id(int(options[best])),
                loses_by_cents=int(cost[best]) - own,
            )
        )
    return tuple(result)
