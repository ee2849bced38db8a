"""A MIP gathered as sparse arrays: columns (bounds, costs, integrality) and rows (triplets).

Vectorised building: a model of thousands of cells is a handful of numpy calls, then one
`fill_model_from_sparse_data` into OR-Tools' model builder, instead of a Python call per
variable and per coefficient.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sparse
from numpy.typing import ArrayLike, NDArray
from ortools.linear_solver.python import model_builder_helper as mbh

from routing.instance import IntArray

FloatArray = NDArray[np.float64]
Index = NDArray[np.integer[Any]]
Term = tuple[Index, Index, ArrayLike]  # (row within the block, column, coefficient)


class SparseModel:
    """Columns and rows added block by block; `build` hands them to the model builder."""

    def __init__(self) -> None:
        self.columns = 0
        self.rows = 0
        self._lower: list[FloatArray] = []
        self._upper: list[FloatArray] = []
        self._cost: list[FloatArray] = []
        self._integral: list[NDArray[np.bool_]] = []
        self._row: list[Index] = []
        self._col: list[Index] = []
        self._value: list[FloatArray] = []
        self._row_lower: list[FloatArray] = []
        self._row_upper: list[FloatArray] = []

    def add_columns(self, upper: ArrayLike, cost: ArrayLike, *, integral: bool) -> IntArray:
        """Variables in [0, upper] at `cost` each; returns their column indices."""
        up = np.asarray(upper, dtype=np.float64)
        index = np.arange(self.columns, self.columns + up.size, dtype=np.int64)
        self.columns += up.size
        self._lower.append(np.zeros(up.size))
        self._upper.append(up)
        self._cost.append(np.broadcast_to(np.asarray(cost, dtype=np.float64), up.shape))
        self._integral.append(np.full(up.size, integral))
        return index

    def add_rows(
        self, count: int, terms: Sequence[Term], lower: ArrayLike, upper: ArrayLike
    ) -> None:
        """`count` rows `lower <= sum of terms <= upper` (bounds broadcast to `count`)."""
        for row, col, value in terms:
            self._row.append(row + self.rows)
            self._col.append(col)
            self._value.append(np.broadcast_to(np.asarray(value, dtype=np.float64), row.shape))
        self._row_lower.append(np.broadcast_to(np.asarray(lower, dtype=np.float64), (count,)))
        self._row_upper.append(np.broadcast_to(np.asarray(upper, dtype=np.float64), (count,)))
        self.rows += count

    def build(self, offset: float) -> mbh.ModelBuilderHelper:
        """The model, minimising the column costs plus `offset`."""
        matrix = sparse.csr_matrix(
            (_join(self._value), (_join_int(self._row), _join_int(self._col))),
            shape=(self.rows, self.columns),
        )
        model = mbh.ModelBuilderHelper()
        bounds = [self._lower, self._upper, self._cost, self._row_lower, self._row_upper]
        data: list[Any] = [*(_join(part) for part in bounds), matrix]
        model.fill_model_from_sparse_data(*data)
        for index in np.flatnonzero(np.concatenate(self._integral)).tolist():
            model.set_var_integrality(index, True)
        model.set_objective_offset(offset)
        return model


def _join(parts: list[FloatArray]) -> FloatArray:
    return np.concatenate(parts) if parts else np.zeros(0)


def _join_int(parts: list[Index]) -> IntArray:
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)
