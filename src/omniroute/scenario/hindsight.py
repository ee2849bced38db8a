"""The hindsight bound: the whole stream solved offline as one LP relaxation (OR-Tools).

All orders are known in advance; stock, arrivals, daily capacity and the cost model are
the replay's. Every plan the replay can make is a feasible point of the horizon LP
(`routing.horizon_lp`: options priced by routing itself, shipments, splits, stock before
each arrival, daily capacity, last-units protection) at no lower cost, so its optimum is
a lower bound on every strategy's total cost.

GLOP solves small LPs, PDLP (first order, both cores) large ones. The bound is not the
solver's objective but the Lagrangian value of its duals (weak duality, every variable
boxed), rounded up to whole cents (every replay's cost is whole cents): valid even
when PDLP stops early or inexactly.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from omniroute.scenario.horizon_inputs import (
    horizon_supply,
    network_candidates,
    scenario_sample,
    supply,
)
from omniroute.scenario.loading import Scenario
from omniroute.scenario.replay import scenario_days
from routing.horizon_entries import build_entries
from routing.horizon_lp import build_horizon_lp
from routing.sparse_lp import solve_sparse_lp

GLOP_MAX_VARIABLES = 20_000
PDLP_PARAMETERS = (
    "num_threads: 2 termination_criteria "
    "{ simple_optimality_criteria { eps_optimal_relative: 1e-5 } }"
)


@dataclass(frozen=True)
class HindsightBound:
    """The LP bound in whole cents (None unless solved to optimality)."""

    bound_cents: int | None
    status: str
    variables: int
    constraints: int
    build_s: float
    solve_s: float


def hindsight_bound(scenario: Scenario, time_limit_s: float = 600.0) -> HindsightBound:
    """Solve the LP relaxation of the whole stream; see the module docstring."""
    started = time.perf_counter()
    first, _ = scenario_days(scenario)
    spec, net, stream = scenario.spec, scenario.network, scenario.stream
    entries = build_entries(
        network_candidates(net, spec.cost_model, supply(scenario)),
        scenario_sample(scenario),
        spec.cost_model,
        spec.constraints,
        first.toordinal() - 719163,
    )
    lp = build_horizon_lp(
        entries,
        horizon_supply(
            net,
            net.on_hand - net.safety,
            (stream.replenishments, stream.returns),
            np.zeros((0, len(net.location_ids)), dtype=np.int64),
        ),
        spec.cost_model,
        spec.constraints,
    )
    build_s = time.perf_counter() - started

    # Solve
    result = solve_sparse_lp(
        lp.lower, lp.upper, lp.objective, lp.row_lb, lp.row_ub, lp.matrix,
        time_limit_s=time_limit_s, glop_max_variables=GLOP_MAX_VARIABLES,
        pdlp_parameters=PDLP_PARAMETERS,
    )  # fmt: skip
    bound: int | None = None
    if result.duals is not None:
        # Weak duality: any duals y <= 0 of the <= rows bound the optimum from below, so an
        # approximate dual (PDLP) or a slightly off one (GLOP) still gives a true bound.
        value = lp.lagrangian_bound(result.duals)
        # Every replay's cost is whole cents, so the bound rounds up (after float slack).
        bound = math.ceil(value - 1e-9 * abs(value) - 1e-6)
    n_rows, n_vars = lp.matrix.shape
    return HindsightBound(
        bound, result.status, n_vars, n_rows, round(build_s, 3), round(result.solve_s, 3)
    )
