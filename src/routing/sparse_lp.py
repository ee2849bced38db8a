"""Solve a linear programme given as sparse arrays, and return its row duals.

`lower <= x <= upper`, `row_lb <= matrix @ x <= row_ub`, minimise `objective @ x`. GLOP
(simplex, exact duals) solves LPs of up to `glop_max_variables`, PDLP (first order, with
`pdlp_parameters`) larger ones. The duals are clipped to <= 0, the sign of a ``<=`` row's
dual in a minimisation: callers use them as prices or in a weak-duality bound, both
valid for any such duals, so an approximate answer (PDLP, or a stop at the time limit)
is still usable.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sparse
from numpy.typing import NDArray
from ortools.linear_solver.python import model_builder_helper as mbh

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class SparseLpResult:
    """The solver's status, the row duals (None without a usable answer), its seconds."""

    status: str
    duals: FloatArray | None
    solve_s: float


def solve_sparse_lp(
    lower: FloatArray,
    upper: FloatArray,
    objective: FloatArray,
    row_lb: FloatArray,
    row_ub: FloatArray,
    matrix: sparse.csr_matrix,
    *,
    time_limit_s: float,
    glop_max_variables: int,
    pdlp_parameters: str,
) -> SparseLpResult:
    """Solve the LP (see the module docstring)."""
    started = time.perf_counter()
    model = mbh.ModelBuilderHelper()
    data: list[Any] = [lower, upper, objective, row_lb, row_ub, matrix]
    model.fill_model_from_sparse_data(*data)
    large = objective.size > glop_max_variables
    solver = mbh.ModelSolverHelper("pdlp" if large else "glop")
    if large:
        solver.set_solver_specific_parameters(pdlp_parameters)
    solver.set_time_limit_in_seconds(time_limit_s)
    solver.solve(model)
    status = solver.status()
    duals = None
    if solver.has_response() and status in (mbh.SolveStatus.OPTIMAL, mbh.SolveStatus.FEASIBLE):
        duals = np.minimum(np.asarray(solver.dual_values(), dtype=np.float64), 0.0)
    return SparseLpResult(status.name.lower(), duals, time.perf_counter() - started)
