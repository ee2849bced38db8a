"""Settle many orders at once, each by the single-location proof of `single_source`.

A replay routes thousands of orders over one network. For most of them the best single
location is provably optimal, and that proof needs only a few array operations; done
one order at a time, numpy's per-call overhead dominates. `settle_batch` runs the same
arithmetic as `compile_instance` + `settle_single` on a whole batch of orders (lines
flattened, reduced per order), plus a few Lagrangian steps where that bound falls
short (`batch_lagrangian`), and returns the same `Plan` the `optimal` strategy would
give with ``explain=False``, or None for an order it cannot settle (route that one
with `route`).

The caller owns the freshness of the data: `OrderBatch.stock` and `OrderBatch.capacity`
are what each order would see. A replay computes them once for the batch and checks,
at each order's turn, that the chosen location's stock and capacity are unchanged and
that no SKU of the order was restocked anywhere since; taking stock elsewhere only
removes options, so the plan stays optimal (see `omniroute.scenario.speculation`).
The arrays and the proof are in `batch_arrays`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from routing.batch_arrays import BatchArrays, Job, Settlement
from routing.click_collect import PickupPart, pickup_part_on_shelf
from routing.cost_model import CostModel
from routing.errors import InvalidProblem
from routing.instance import IntArray
from routing.problem import Candidates, Constraints, FulfilmentMode, Order
from routing.validation import validate_constraints, validate_order

__all__ = ["OrderBatch", "Settlement", "settle_batch"]


@dataclass(frozen=True, eq=False)
class OrderBatch:
    """Orders over one network, with the stock and capacity each would see.

    Lines of all orders are flattened in order: row j of `stock` is line j, i.e. the
    lines of ``orders[0]``, then those of ``orders[1]``, ... `capacity[b, k]` is what
    location k may still dispatch on the day it would dispatch ``orders[b]``.
    """

    orders: tuple[Order, ...]
    stock: IntArray  # (lines, locations) available units of each line's SKU
    capacity: IntArray  # (orders, locations) remaining units on the dispatch day


def settle_batch(
    batch: OrderBatch,
    network: Candidates,
    cost_model: CostModel,
    constraints: Constraints,
    *,
    explain: bool = False,
) -> list[Settlement | None]:
    """Per order, the `optimal` plan when one location provably serves it best, else None.

    `explain=True` gives the plan `route` gives with its default ``explain=True``: with
    its runner-up; click & collect orders are then not settled (None), as their nearby
    alternatives are `route`'s to find.

    A click & collect order keeps what its store has (as `route` does); the units the
    store lacks are settled like an order shipped to the store, from elsewhere.
    `network` gives the per-location arrays (its `stock`, `skus` and `capacity_units`
    are not used: the batch carries them). Per-SKU unit costs are not supported here.
    """
    started = time.perf_counter()
    validate_constraints(constraints)
    for order in batch.orders:
        validate_order(order)
        if order.mode is FulfilmentMode.COLLECT and (
            order.pickup_location_id not in network.location_ids
        ):
            raise InvalidProblem(
                f"order.pickup_location_id {order.pickup_location_id!r} is not a candidate"
            )
    if network.unit_cost_cents is not None:
        raise InvalidProblem("settle_batch does not take per-SKU unit costs")
    n_lines = sum(len(order.lines) for order in batch.orders)
    n = network.size
    if np.shape(batch.stock) != (n_lines, n) or np.shape(batch.capacity) != (len(batch.orders), n):
        raise InvalidProblem("batch.stock / batch.capacity do not match the orders and network")
    result: list[Settlement | None] = [None] * len(batch.orders)
    kept_whole: dict[int, PickupPart] = {}
    jobs = _jobs(batch, network, cost_model, kept_whole)
    if explain:
        jobs = [job for job in jobs if job.part is None]
        kept_whole.clear()
    if jobs:
        arrays = BatchArrays(
            batch, jobs, network, cost_model, constraints, started, explain=explain
        )
        for job, settled in zip(jobs, arrays.settle(), strict=True):
            if settled is not None and job.part is not None:
                whole = job.part.with_transfers(settled.plan, constraints)
                settled = replace(settled, plan=whole)
            result[job.index] = settled
    share_ms = round((time.perf_counter() - started) * 1000.0 / max(len(batch.orders), 1), 3)
    for b, part in kept_whole.items():
        result[b] = Settlement(part.alone("optimal", share_ms), -1, (), (), (), ())
    return result


def _jobs(
    batch: OrderBatch,
    network: Candidates,
    cost_model: CostModel,
    kept_whole: dict[int, PickupPart],
) -> list[Job]:
    """The ship orders to settle; collect orders kept whole go to `kept_whole`."""
    jobs, start = [], 0
    for b, order in enumerate(batch.orders):
        m = len(order.lines)
        every = tuple(range(m))
        if order.mode is FulfilmentMode.SHIP:
            jobs.append(Job(b, order, every, -1, None))
        else:
            p = network.location_ids.index(str(order.pickup_location_id))
            if network.can_pickup[p]:
                on_shelf = np.asarray(batch.stock[start : start + m, p]).tolist()
                part = pickup_part_on_shelf(order, network, cost_model, p, on_shelf)
                if part.transfer_order is None:
                    kept_whole[b] = part
                else:
                    kept = {line.sku: line.qty for line in part.pickup.lines}
                    wanted = tuple(
                        i for i, line in enumerate(order.lines) if line.qty > kept.get(line.sku, 0)
                    )
                    jobs.append(Job(b, part.transfer_order, wanted, p, part))
        start += m
    return jobs
