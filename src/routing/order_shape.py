"""Which exact solver suits an order, judged by its shape.

`optimal`'s pipeline (`strategies.optimal`: bounds by number of shipments, pairs, then
CP-SAT on the rows left) is built for orders whose optimum ships from one, two or a few
locations: it settles them in milliseconds. Orders with many lines over many stocked
locations whose prices differ, and no tight limit on shipments, have optima of dozens of
parcels: there the bounds prove nothing, the pair search alone takes seconds and CP-SAT
searches on, while one MIP in the strong formulation (`exact_mip.py`) proves them in
tenths of a second.

The sign of many parcels: at each line's median unit price (over the locations that
stock it), most locations would pay for their own parcel out of what they undercut that
price by. Measured (docs/benchmarks.md, "Large orders"): on the seeded large orders
(`large_orders.py`) 64-100 % of the locations do, on the benchmark's network
(`synthetic.py`, one price per SKU) at most 25 %; the MIP wins from 8 lines and 4
shipments on, and the pipeline keeps every smaller order, tight limits, and models
beyond the measured size.
"""

from __future__ import annotations

import numpy as np

from routing.instance import Instance

MIP_MIN_LINES = 8
MIP_MIN_LOCATIONS = 20
MIP_MAX_LOCATIONS = 500  # measured up to 400; the 8 x 2,000 benchmark stays as it was
MIP_MIN_SHIPMENTS = 4  # max_shipments below this: the bounds by number of shipments win
MIP_MAX_CELLS = 10_000  # stocked (location, line) cells; measured up to 4,500
MIP_MIN_UNDERCUTTING_SHARE = 0.5


def prefers_mip(inst: Instance) -> bool:
    """True when the strong MIP should route this order instead of the pipeline."""
    if inst.qty.size < MIP_MIN_LINES or not MIP_MIN_LOCATIONS <= inst.n <= MIP_MAX_LOCATIONS:
        return False
    if inst.max_shipments < MIP_MIN_SHIPMENTS:
        return False
    if int(np.count_nonzero(inst.stock)) > MIP_MAX_CELLS:
        return False
    return undercutting_share(inst) >= MIP_MIN_UNDERCUTTING_SHARE


def undercutting_share(inst: Instance) -> float:
    """Share of locations whose units below each line's median price pay for a parcel."""
    stocked = inst.stock > 0
    held = np.flatnonzero(stocked.any(axis=0))
    median = np.zeros(inst.qty.size)
    median[held] = np.nanmedian(np.where(stocked, inst.price, np.nan)[:, held], axis=0)
    units = np.minimum(inst.stock, inst.qty[None, :])
    below = np.where(stocked, np.minimum(inst.price - median[None, :], 0.0), 0.0)
    parcel = inst.fixed + inst.cost_model.split_penalty_cents
    pays = parcel + (below * units).sum(axis=1) < 0.0
    return float(pays.mean())
