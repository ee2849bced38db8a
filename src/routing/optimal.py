"""The `optimal` strategy's last resort: an exact CP-SAT model over the rows left.

The pipeline (`strategies.optimal`) settles almost every order before this runs:

1. Greedy plans (`greedy.py`) give an incumbent UB.
2. Bounds by number of shipments (`lower_bound.py`, `lagrangian.py`): one location
   exactly; two or more by a Lagrangian bound L_2. If min(...) reaches UB, done.
   Otherwise L_2 with each location forced in prunes every location that cannot be in
   a plan cheaper than UB (valid for all prices, so it provably keeps the optimum).
3. `two_shipments.py` prices every pair of kept rows exactly, and L_3 bounds plans of
   three or more: if neither beats UB, the incumbent is optimal.
4. Only then this model runs, on the rows some case still allows, searching only plans
   strictly cheaper than UB (and of 3+ shipments when 1 and 2 are settled): an
   "infeasible" answer proves the incumbent optimal.

On 200 seeded 8-line x 2,000-location orders (benchmark), steps 1-3 prove all 200;
the MIP is reached in ~5 % of orders in a harder regime (no split penalty, base 200 c).

Solver choice, measured on 30 reduced models (the rows L_2 keeps, 2-70 locations,
8 lines) on the shared 2-core machine, build + solve, ms:

    solver                  p50    p90    max    proven
    CP-SAT, 1 worker       14.4    171   1270    30/30
    CP-SAT, 2 workers      17.4    224   1525    30/30
    SCIP (pywraplp)        22.1    129   1540    30/30
    HiGHS (pywraplp, 1 t)  47.0    239    895    30/30
    CBC (3 models)          5-15x CP-SAT

CP-SAT with one worker is fastest at the median and no worse at the tail than the
others; all data are integer cents, so its optimum is exact to the cent (SCIP and
HiGHS need the relative gap forced to 0 and compare floats); it has no process-wide
thread pool (the HiGHS pitfall: a later solve with another thread count silently
returns all zeros); one worker keeps results deterministic and leaves the second core
to the service. The deadline covers building the model (estimated before, and checked
between sections and inside the long loop) and the solve, which is given the time left
minus a reserve for CP-SAT's own overrun (up to ~10 ms measured); on timeout the
incumbent is returned with `proven_optimal=False`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from routing.instance import Instance, IntArray
from routing.pricing import total_cost

# Seconds to build the CP-SAT model per (location, line) cell with stock: measured 30-60 us
# on the 2-core CI machine, more under load; the build also checks the clock between
# sections, so a bad estimate costs at most one section.
BUILD_S_PER_CELL = 60e-6
SOLVER_OVERRUN_SHARE = 0.1
SOLVER_OVERRUN_S = 0.003


@dataclass(frozen=True)
class ExactResult:
    """The MIP's answer: its plan, whether it is proven optimal, and its bound."""

    x: IntArray | None
    proven_optimal: bool
    bound: int


def solve_exact(
    inst: Instance,
    rows: list[int],
    incumbent: IntArray | None,
    deadline: float,
    *,
    min_shipments: int = 1,
) -> ExactResult:
    """Minimise total cost over the given rows exactly, starting from `incumbent`.

    Only plans strictly cheaper than the incumbent, with at least `min_shipments`
    shipments, are searched (the caller has proven the others no better): "infeasible"
    then proves the incumbent optimal. The deadline (a `time.perf_counter()` value)
    covers building the model too: a model that cannot be built in time is not started.
    """
    cells_estimate = int((inst.stock[rows] > 0).sum())
    if time.perf_counter() + cells_estimate * BUILD_S_PER_CELL >= deadline:
        return ExactResult(incumbent, False, 0)
    # Data
    cm, q, m = inst.cost_model, inst.qty, inst.qty.size
    free = np.minimum(inst.free, inst.stock)
    price = inst.price
    partial = not inst.constraints.ship_complete
    cells = [(k, i) for k in rows for i in range(m) if inst.stock[k, i] > 0]
    model = cp_model.CpModel()

    # Variables
    # open_[k]: location k ships; take_free/take_last[k, i]: units of line i it ships
    # before / after reaching the store's protected last units.
    open_ = {k: model.new_bool_var(f"open_{k}") for k in rows}
    take_free = {
        (k, i): model.new_int_var(0, int(min(free[k, i], q[i])), f"free_{k}_{i}") for k, i in cells
    }
    take_last = {
        (k, i): model.new_int_var(0, int(min(inst.stock[k, i] - free[k, i], q[i])), f"last_{k}_{i}")
        for k, i in cells
    }
    unfilled = {
        i: model.new_int_var(0, int(q[i]) if partial else 0, f"unfilled_{i}") for i in range(m)
    }
    serves = {
        (k, i): model.new_bool_var(f"serves_{k}_{i}") for k, i in cells if not inst.splittable[i]
    }

    if time.perf_counter() >= deadline:
        return ExactResult(incumbent, False, 0)

    # Constraints
    units = cp_model.LinearExpr.sum
    for i in range(m):
        # Every unit ordered is shipped by some location, or (if allowed) left unfilled.
        served = [take[k, i] for take in (take_free, take_last) for k in rows if (k, i) in take]
        model.add(units([*served, unfilled[i]]) == int(q[i]))
    for count, (k, i) in enumerate(cells):
        # Only an open location ships anything.
        model.add(take_free[k, i] + take_last[k, i] <= int(min(inst.stock[k, i], q[i])) * open_[k])
        if count % 256 == 255 and time.perf_counter() >= deadline:
            return ExactResult(incumbent, False, 0)
    for k in rows:
        # A location ships at most its remaining capacity today.
        if inst.capacity[k] < q.sum():
            mine = [
                take[k, i] for take in (take_free, take_last) for i in range(m) if (k, i) in take
            ]
            model.add(units(mine) <= int(inst.capacity[k]))
    # The order is split into at most max_shipments parcels.
    if inst.max_shipments < len(rows):
        model.add(sum(open_.values()) <= inst.max_shipments)
    for i in np.flatnonzero(~inst.splittable).tolist():
        # An unsplittable line comes from one location only.
        for k in rows:
            if (k, i) in serves:
                model.add(take_free[k, i] + take_last[k, i] <= int(q[i]) * serves[k, i])
        model.add(sum(serves[k, i] for k in rows if (k, i) in serves) <= 1)
    # The first parcel carries no split penalty; with partial fulfilment there may be none.
    any_open = model.new_bool_var("any_open")
    model.add(any_open <= sum(open_.values()))
    if not partial:
        model.add(any_open == 1)
    # Plans with fewer shipments are already known to be no better than the incumbent.
    if min_shipments > 1:
        model.add(sum(open_.values()) >= min_shipments)

    if time.perf_counter() >= deadline:
        return ExactResult(incumbent, False, 0)

    # Objective
    protect = cm.protect_cents_per_unit
    split = cm.split_penalty_cents
    cost = cp_model.LinearExpr.weighted_sum(
        [*open_.values(), any_open, *take_free.values(), *take_last.values(), *unfilled.values()],
        [int(inst.fixed[k]) + split for k in rows]
        + [-split]
        + [int(price[k, i]) for k, i in cells]
        + [int(price[k, i]) + protect for k, i in cells]
        + [cm.unfilled_cents_per_unit] * m,
    )
    if incumbent is not None:
        # Only a plan cheaper than the incumbent is worth finding.
        model.add(cost <= total_cost(inst, incumbent) - 1)
    model.minimize(cost)
    if incumbent is not None:
        for k in rows:
            model.add_hint(open_[k], bool(incumbent[k].any()))
        for k, i in cells:
            model.add_hint(take_free[k, i], int(min(incumbent[k, i], free[k, i])))
            model.add_hint(take_last[k, i], int(max(incumbent[k, i] - free[k, i], 0)))

    # Solve
    # CP-SAT overruns its limit by up to ~10 ms (measured), and the plan is priced after.
    left = (deadline - time.perf_counter()) * (1.0 - SOLVER_OVERRUN_SHARE) - SOLVER_OVERRUN_S
    if left <= 0.0:
        return ExactResult(incumbent, False, 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = left
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        # Nothing beats the incumbent; without one, no plan satisfies the constraints.
        bound = total_cost(inst, incumbent) if incumbent is not None else 0
        return ExactResult(incumbent, True, bound)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactResult(incumbent, False, 0)
    x = np.zeros((inst.n, m), dtype=np.int64)
    for k, i in cells:
        x[k, i] = solver.value(take_free[k, i]) + solver.value(take_last[k, i])
    if incumbent is not None and total_cost(inst, x) > total_cost(inst, incumbent):
        x = incumbent
    return ExactResult(x, status == cp_model.OPTIMAL, int(solver.best_objective_bound))
