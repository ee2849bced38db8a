"""Every way to route a return, each at its exact best: the menu the strategies choose from.

By post the return is one parcel to one location, so the options are the accepting
locations and each is priced in one vectorised pass. At a drop-off store the options
are "keep everything" and, per accepting location D, the cheapest onward parcel to D:
how many units of each line to keep. Lines of different SKUs do not interact (the
value of a unit depends only on its own SKU's level), so per SKU we enumerate the
kept count of each of its lines (0..qty; a line restocked nowhere is linear in its
count, so 0, qty-1 and qty suffice) and sum the per-SKU minima. A parcel must carry at
least one unit, so D's best is

    sum over SKUs s of best_s(D) + min over s of (best_forwarding_s(D) - best_s(D)),

exact because any plan forwarding something forwards some SKU s. This enumeration is
the whole solver: it is exact, and a return's few lines make it cost microseconds per
location, less than building a MIP would; OR-Tools would add a dependency on the hot
path and prove nothing more.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from routing.errors import InvalidProblem
from routing.problem import LocationKind
from routing.return_disposition import resellable
from routing.return_instance import Choice, IntArray, ReturnInstance
from routing.return_pricing import value_at

# Keep/forward combinations of one SKU's lines at a drop-off; beyond this, split the return.
MAX_COMBINATIONS = 20_000


@dataclass(frozen=True)
class Option:
    """One way to route the return, at its best; `km` breaks ties (shorter first)."""

    choice: Choice
    total_cents: int
    km: float


@dataclass(frozen=True, eq=False)
class Menu:
    """Every option as arrays; `order` ranks them cheapest first (ties: no parcel, then
    shorter distance, then row). Options are built on demand: most are never looked at."""

    rows: IntArray  # (options,) parcel destination row; -1: no parcel, the store keeps all
    kept: IntArray  # (options, lines) units kept at the drop-off store
    totals: IntArray  # (options,)
    km: NDArray[np.float64]  # (options,)
    order: IntArray  # option indices, cheapest first

    def __len__(self) -> int:
        return len(self.rows)

    def option(self, rank: int) -> Option:
        """The option of this rank (0: the cheapest)."""
        k = int(self.order[rank])
        row = int(self.rows[k])
        choice = Choice(None if row < 0 else row, tuple(int(v) for v in self.kept[k]))
        return Option(choice, int(self.totals[k]), float(self.km[k]))

    def ranked(self) -> Iterator[Option]:
        """The options, cheapest first."""
        return (self.option(rank) for rank in range(len(self)))


def menu(inst: ReturnInstance) -> Menu:
    """Every option, each at its exact best, ranked."""
    rows, kept, totals = _drop_off_menu(inst) if inst.drop is not None else _post_menu(inst)
    km = np.where(rows >= 0, inst.km[np.maximum(rows, 0)], 0.0)
    return Menu(rows, kept, totals, km, np.lexsort((rows, km, totals)))


def _post_menu(inst: ReturnInstance) -> tuple[IntArray, IntArray, IntArray]:
    rows = np.flatnonzero(inst.eligible)
    qty = inst.qty
    total = (
        inst.model.shipping.base_cents_per_shipment
        + inst.ship[rows] @ qty
        + inst.handling[rows] * int(qty.sum())
        - value_at(inst, rows, qty)
    )
    return rows, np.zeros((rows.size, qty.size), dtype=np.int64), total


def _drop_off_menu(inst: ReturnInstance) -> tuple[IntArray, IntArray, IntArray]:
    assert inst.drop is not None
    drop = inst.drop
    here = np.array([drop])
    qty = inst.qty
    keep_all = int(qty.sum() * inst.handling[drop] - value_at(inst, here, qty)[0])
    rows = np.flatnonzero(inst.eligible)
    best = np.zeros(rows.size, dtype=np.int64)
    extra = np.full(rows.size, np.iinfo(np.int64).max, dtype=np.int64)
    kept = np.zeros((rows.size, qty.size), dtype=np.int64)
    cheapest_sku = np.zeros(rows.size, dtype=np.int64)
    forwarding_kept: list[IntArray] = []
    for s, (lines, combos) in enumerate(_combinations(inst)):
        cost = np.empty((rows.size, len(combos)), dtype=np.int64)
        for c, combo in enumerate(combos):
            keep = np.zeros(qty.size, dtype=np.int64)
            keep[lines] = combo
            sent = np.where(np.isin(np.arange(qty.size), lines), qty - keep, 0)
            at_store = int(keep.sum() * inst.handling[drop] - value_at(inst, here, keep)[0])
            cost[:, c] = (
                at_store
                + inst.ship[rows] @ sent
                + inst.handling[rows] * int(sent.sum())
                - value_at(inst, rows, sent)
            )
        forwards = np.array([sum(combo) < int(qty[lines].sum()) for combo in combos])
        any_best = np.argmin(cost, axis=1)
        some_best = np.argmin(np.where(forwards, cost, np.iinfo(np.int64).max), axis=1)
        picked = np.arange(rows.size)
        best += cost[picked, any_best]
        gap = cost[picked, some_best] - cost[picked, any_best]
        better = gap < extra
        extra = np.where(better, gap, extra)
        cheapest_sku = np.where(better, s, cheapest_sku)
        table = np.array(combos, dtype=np.int64)
        kept[:, lines] = table[any_best]
        forwarding_kept.append(table[some_best])
    # The SKU that forwards most cheaply makes sure the parcel carries something.
    groups = list(inst.by_sku.values())
    for r in range(rows.size):
        s = int(cheapest_sku[r])
        kept[r, groups[s]] = forwarding_kept[s][r]
    total = inst.model.shipping.base_cents_per_shipment + best + extra
    return (
        np.concatenate(([-1], rows)),
        np.vstack((qty[None, :], kept)),
        np.concatenate(([keep_all], total)),
    )


def _combinations(inst: ReturnInstance) -> list[tuple[list[int], list[tuple[int, ...]]]]:
    """Per SKU: its lines and every kept-count combination worth trying for them."""
    result = []
    for column, lines in inst.by_sku.items():
        choices = []
        for i in lines:
            q = int(inst.qty[i])
            condition = inst.request.lines[i].condition
            restockable = any(resellable(condition, kind) for kind in LocationKind)
            choices.append(range(q + 1) if restockable else sorted({0, q - 1, q}))
        size = int(np.prod([len(c) for c in choices]))
        if size > MAX_COMBINATIONS:
            sku = inst.destinations.skus[column]
            raise InvalidProblem(
                f"request.lines: SKU {sku!r} has {size} keep/forward combinations at the "
                f"drop-off (limit {MAX_COMBINATIONS}); return fewer units at once"
            )
        result.append((lines, list(itertools.product(*choices))))
    return result
