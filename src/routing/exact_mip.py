"""The `optimal` strategy's solver for large orders: one MIP in the strong formulation, SCIP.

Large orders (many lines, many stocked locations, loose shipment limits; `order_shape.py`)
have optima of dozens of shipments, where the bounds by number of shipments prove
nothing and CP-SAT with one worker searches for seconds. This model is the whole
problem, every rule and every cost term of `pricing.cost_terms` (opportunity cents
included), with each location's opening linked to each of its cells (the disaggregated,
"strong" formulation):

    take[l, i] <= min(stock[l, i], q[i]) * open[l]     for every stocked (location, line)

whose LP relaxation is within ~0.2 % of the integer optimum, so the solver closes the gap
at the root or in a few nodes. Only the openings (and an unsplittable line's source) are
integral: with those fixed, what is left is a flow problem (lines -> locations, with
stock, protected stock and capacity as arc and node limits), whose optimum is integral.
So the MIP's optimum is a whole number of cents, the gap is closed to half a cent, and
"proven" is checked against the plan actually returned, priced by `pricing.total_cost`.

Solver choice, measured on the seeded large orders (`large_orders.py`, 50 lines x 100
locations, 30 per price spread, CPU seconds on the shared 2-core machine, one thread,
p50 / max): SCIP 0.20 / 0.40; HiGHS 0.30 / 0.74 (0.24 / 0.49 without presolve); HiGHS
with integral units 0.39 / 1.01; CP-SAT with 2 workers proves none in 10 s. HiGHS through
the model builder also crashes the process when given a hint. A start (the greedy plan,
or even the optimum as a hint) does not make SCIP faster, so none is given; the
incumbent is kept only as the answer when the solver finds nothing better. The deadline
covers building the model (vectorised: a few ms) and the solve.
"""

from __future__ import annotations

import time

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mbh

from routing.instance import Instance, IntArray
from routing.optimal import ExactResult
from routing.pricing import total_cost, violation
from routing.sparse_model import SparseModel, Term

# The MIP's optimum is whole cents (see above): a gap under one cent is none. RINS finds
# nothing the root's own heuristics miss, and a restart after the root's fixings costs
# the hardest orders a second root. Without both: p50 0.19 s, p99 0.58 s, max 0.84 s CPU
# on 200 orders of 50 x 100 (measured); also without presolve the median drops to 0.14 s
# but the hardest order takes 1.9 s.
SCIP_PARAMETERS = (
    "limits/gap = 0\nlimits/absgap = 0.5\nparallel/maxnthreads = 1\n"
    "heuristics/rins/freq = -1\npresolving/maxrestarts = 0\n"
)
# Handing the model to SCIP takes ~10 ms of 50 x 100 before SCIP's clock starts, SCIP
# stops a few ms past its limit, and the plan is priced and explained after (measured).
SOLVER_RESERVE_S = 0.015
SOLVER_OVERRUN_SHARE = 0.1


def solve_mip(inst: Instance, incumbent: IntArray | None, deadline: float) -> ExactResult:
    """Minimise total cost over all eligible rows exactly, or as far as the deadline allows.

    Returns the cheaper of the solver's plan and `incumbent`, proven optimal only when the
    solver's bound reaches that plan's cost; x is None with `proven_optimal` when no plan
    satisfies the constraints.
    """
    # Data
    cm, q, n, m = inst.cost_model, inst.qty, inst.n, inst.qty.size
    reach = np.minimum(inst.stock, q[None, :])
    free = np.minimum(np.minimum(inst.free, inst.stock), q[None, :])
    cell_k, cell_i = np.nonzero(reach)
    guarded = np.flatnonzero(free[cell_k, cell_i] < reach[cell_k, cell_i])
    whole = np.flatnonzero(~inst.splittable[cell_i])
    capped = np.flatnonzero(inst.capacity < q.sum())
    partial = not inst.constraints.ship_complete
    split = cm.split_penalty_cents
    mip = SparseModel()

    # Variables
    # open_[l]: location l ships; take[c]: units cell c = (l, i) ships; last[c]: those
    # units that leave a store below its protected last units; unfilled[i]: units of line
    # i not served; single[c]: l is the one source of unsplittable line i; any_open: some
    # location ships (the first parcel carries no split penalty).
    open_ = mip.add_columns(np.ones(n), inst.fixed + split, integral=True)
    take = mip.add_columns(reach[cell_k, cell_i], inst.price[cell_k, cell_i], integral=False)
    protected_units = (reach - free)[cell_k[guarded], cell_i[guarded]]
    last = mip.add_columns(protected_units, cm.protect_cents_per_unit, integral=False)
    unfilled = mip.add_columns(q * partial, cm.unfilled_cents_per_unit, integral=False)
    single = mip.add_columns(np.ones(whole.size), 0.0, integral=True)
    any_open = mip.add_columns(np.ones(int(partial and split > 0)), -split, integral=False)

    # Constraints
    # Every unit ordered is shipped by some location, or (if allowed) left unfilled.
    mip.add_rows(m, [(cell_i, take, 1.0), (np.arange(m), unfilled, 1.0)], q, q)
    # Only an open location ships, each cell at most what it holds (the strong link).
    at = np.arange(cell_k.size)
    link: list[Term] = [(at, take, 1.0), (at, open_[cell_k], -reach[cell_k, cell_i])]
    mip.add_rows(cell_k.size, link, -np.inf, 0.0)
    # Units beyond a store's free stock are protected ones, charged extra.
    at = np.arange(guarded.size)
    beyond = [(at, take[guarded], 1.0), (at, last, -1.0)]
    mip.add_rows(guarded.size, beyond, -np.inf, free[cell_k[guarded], cell_i[guarded]])
    # A location ships at most its remaining capacity today.
    position = np.full(n, -1)
    position[capped] = np.arange(capped.size)
    mine = np.flatnonzero(position[cell_k] >= 0)
    cap_terms: list[Term] = [
        (position[cell_k[mine]], take[mine], 1.0),
        (np.arange(capped.size), open_[capped], -inst.capacity[capped]),
    ]
    mip.add_rows(capped.size, cap_terms, -np.inf, 0.0)
    # The order is split into at most max_shipments parcels.
    if inst.max_shipments < n:
        mip.add_rows(1, [(np.zeros(n, dtype=np.int64), open_, 1.0)], -np.inf, inst.max_shipments)
    # An unsplittable line comes from one location only.
    at = np.arange(whole.size)
    source: list[Term] = [
        (at, take[whole], 1.0),
        (at, single, -reach[cell_k[whole], cell_i[whole]]),
    ]
    mip.add_rows(whole.size, source, -np.inf, 0.0)
    line_of = np.unique(cell_i[whole], return_inverse=True)[1].astype(np.int64)
    lines = int(line_of.max(initial=-1)) + 1
    mip.add_rows(lines, [(line_of, single, 1.0)], -np.inf, 1.0)
    # The split penalty starts from the second parcel; a partial order may ship nothing.
    if any_open.size:
        some = [
            (np.zeros(1, dtype=np.int64), any_open, 1.0),
            (np.zeros(n, dtype=np.int64), open_, -1.0),
        ]
        mip.add_rows(1, some, -np.inf, 0.0)

    # Objective: the column costs, less the first parcel's split penalty.
    model = mip.build(offset=0.0 if partial else float(-split))

    # Solve
    left = (deadline - time.perf_counter()) * (1.0 - SOLVER_OVERRUN_SHARE) - SOLVER_RESERVE_S
    if left <= 0.0:
        return ExactResult(incumbent, False, 0)
    solver = mbh.ModelSolverHelper("scip")
    solver.set_solver_specific_parameters(SCIP_PARAMETERS)
    solver.set_time_limit_in_seconds(left)
    solver.solve(model)
    status = solver.status()
    if status == mbh.SolveStatus.INFEASIBLE:
        return ExactResult(None, True, 0)
    bound = _floor_cents(solver.best_objective_bound()) if solver.has_response() else 0
    x = _plan(inst, solver, take, cell_k, cell_i) if solver.has_solution() else None
    if x is None or (incumbent is not None and total_cost(inst, incumbent) < total_cost(inst, x)):
        x = incumbent
    if x is None:
        return ExactResult(None, False, bound)
    answered = status in (mbh.SolveStatus.OPTIMAL, mbh.SolveStatus.FEASIBLE)
    proven = answered and bound >= total_cost(inst, x)
    return ExactResult(x, proven, bound)


def _plan(
    inst: Instance, solver: mbh.ModelSolverHelper, take: IntArray, k: IntArray, i: IntArray
) -> IntArray | None:
    """The solver's units per (location, line), rounded; None if rounding broke a rule."""
    values = np.asarray(solver.variable_values(), dtype=np.float64)[take]
    x = np.zeros((inst.n, inst.qty.size), dtype=np.int64)
    x[k, i] = np.rint(values).astype(np.int64)
    return x if violation(inst, x) is None else None


def _floor_cents(value: float) -> int:
    """A bound in whole cents, rounded down by a tolerance so that it stays valid."""
    if not np.isfinite(value):
        return 0
    return int(np.ceil(value - 1e-7 * (1.0 + abs(value))))
