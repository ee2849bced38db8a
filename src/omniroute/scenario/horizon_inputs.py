"""A scenario as the horizon LP takes it (`routing.horizon_entries`, `routing.horizon_lp`):
its network with what each location could ever offer, its orders, and its supply."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from omniroute.scenario.loading import Scenario
from omniroute.scenario.network import Network
from omniroute.scenario.stream import Arrivals
from routing import UNLIMITED, Candidates, CostModel
from routing.horizon_entries import DemandSample
from routing.horizon_lp import HorizonSupply

IntArray = NDArray[np.int64]


def supply(scenario: Scenario) -> IntArray:
    """Units each (location, SKU) can ever promise: on hand + arrivals - safety, >= 0."""
    net, stream = scenario.network, scenario.stream
    total = net.on_hand.copy()
    for arrivals in (stream.replenishments, stream.returns):
        np.add.at(total, (arrivals.location, arrivals.sku), arrivals.qty)
    return np.asarray(np.maximum(total - net.safety, 0), dtype=np.int64)


def network_candidates(net: Network, cost_model: CostModel, stock: IntArray) -> Candidates:
    """Every location of `net` with `stock` (every SKU a column), cost-model defaults
    filled in, as routing prices them."""
    return Candidates(
        location_ids=net.location_ids,
        skus=net.sku_ids,
        stock=stock,
        lat=net.lat,
        lon=net.lon,
        is_store=net.is_store,
        can_ship=net.can_ship,
        can_pickup=net.can_pickup,
        capacity_units=np.where(net.daily_capacity > 0, net.daily_capacity, UNLIMITED),
        base_cost_cents=np.where(
            net.base_cents < 0, cost_model.base_cents_per_shipment, net.base_cents
        ),
        handling_cents_per_unit=np.where(
            net.handling_cents < 0, cost_model.handling_cents_per_unit, net.handling_cents
        ),
        cutoff_minute_utc=net.cutoff_minute,
        ship_lead_days=net.ship_lead_days,
        transfer_lead_days=net.transfer_lead_days,
    )


def scenario_sample(scenario: Scenario) -> DemandSample:
    """Every order of the scenario, each counted once."""
    stream = scenario.stream
    return DemandSample.unweighted(
        stream.orders, stream.order_at_ns, stream.order_columns, stream.pickup_row
    )


def horizon_supply(
    net: Network, start: IntArray, arrivals: tuple[Arrivals, ...], used: IntArray
) -> HorizonSupply:
    """`start` units free now, the `arrivals` to come, and capacity `used` per day."""
    return HorizonSupply(
        start=start,
        arrival_at_ns=np.concatenate([a.at_ns for a in arrivals]),
        arrival_location=np.concatenate([a.location for a in arrivals]),
        arrival_sku=np.concatenate([a.sku for a in arrivals]),
        arrival_qty=np.concatenate([a.qty for a in arrivals]),
        daily_capacity=net.daily_capacity,
        used=used,
        is_store=net.is_store,
    )
