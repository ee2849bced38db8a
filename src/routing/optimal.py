"""The `optimal` strategy: an exact plan for one order, within a deadline.

Pipeline (each step only runs if the previous one did not settle the order):

1. Greedy plans (`greedy.py`, vectorised numpy, ~1 ms) give an incumbent UB.
2. Lower bounds (`lower_bound.py`): if the global bound reaches UB, the incumbent is
   proven optimal — most orders, where one location has everything, stop here.
3. Safe pruning: keep only locations whose bound is < UB (plus the incumbent's), then
   solve the exact model below on them, hinted with the incumbent.

Solver choice: CP-SAT with one worker. All data are integer cents, so CP-SAT's optimum
is exact to the cent, whereas SCIP/HiGHS need their relative gap forced to 0 and still
compare floats; CP-SAT has no process-wide thread pool (the HiGHS pitfall: a later solve
with another thread count silently returns all zeros); one worker keeps results
deterministic and leaves the second core to the service. NOT YET MEASURED against
pywraplp/MathOpt with SCIP or HiGHS on the pruned models: that comparison is open work.
A time limit is always set; on timeout the best plan
found so far (or the greedy incumbent) is returned with `proven_optimal=False`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from routing.instance import Instance, IntArray
from routing.pricing import total_cost

# Seconds to build the CP-SAT model per (location, line) cell with stock, measured.
BUILD_S_PER_CELL = 40e-6


@dataclass(frozen=True)
class ExactResult:
    """The MIP's answer: its plan, whether it is proven optimal, and its bound."""

    x: IntArray | None
    proven_optimal: bool
    bound: int


def solve_exact(
    inst: Instance, rows: list[int], incumbent: IntArray | None, deadline: float
) -> ExactResult:
    """Minimise total cost over the given rows exactly, starting from `incumbent`.

    The deadline (a `time.perf_counter()` value) covers building the model too: a model
    that cannot be built in the time left is not started.
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

    # Constraints
    for i in range(m):
        # Every unit ordered is shipped by some location, or (if allowed) left unfilled.
        model.add(
            sum(take_free[k, i] + take_last[k, i] for k in rows if (k, i) in take_free)
            + unfilled[i]
            == int(q[i])
        )
    for k, i in cells:
        # Only an open location ships anything.
        model.add(take_free[k, i] + take_last[k, i] <= int(min(inst.stock[k, i], q[i])) * open_[k])
    for k in rows:
        # A location ships at most its remaining capacity today.
        if inst.capacity[k] < q.sum():
            model.add(
                sum(take_free[k, i] + take_last[k, i] for i in range(m) if (k, i) in take_free)
                <= int(inst.capacity[k])
            )
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

    # Objective
    protect = cm.protect_cents_per_unit
    model.minimize(
        sum((int(inst.fixed[k]) + cm.split_penalty_cents) * open_[k] for k in rows)
        - cm.split_penalty_cents * any_open
        + sum(int(price[k, i]) * take_free[k, i] for k, i in cells)
        + sum((int(price[k, i]) + protect) * take_last[k, i] for k, i in cells)
        + sum(cm.unfilled_cents_per_unit * unfilled[i] for i in range(m))
    )
    if incumbent is not None:
        for k in rows:
            model.add_hint(open_[k], bool(incumbent[k].any()))
        for k, i in cells:
            model.add_hint(take_free[k, i], int(min(incumbent[k, i], free[k, i])))
            model.add_hint(take_last[k, i], int(max(incumbent[k, i] - free[k, i], 0)))

    # Solve
    left = deadline - time.perf_counter()
    if left <= 0.0:
        return ExactResult(incumbent, False, 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = left
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return ExactResult(None, True, 0)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactResult(incumbent, False, 0)
    x = np.zeros((inst.n, m), dtype=np.int64)
    for k, i in cells:
        x[k, i] = solver.value(take_free[k, i]) + solver.value(take_last[k, i])
    if incumbent is not None and total_cost(inst, x) > total_cost(inst, incumbent):
        x = incumbent
    return ExactResult(x, status == cp_model.OPTIMAL, int(solver.best_objective_bound))
