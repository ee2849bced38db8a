"""Return routing on hand-made networks whose best answer is known.

Munich, journey 5 of the design: a customer in the centre returns a scarf. The store
around her corner is full of scarves, the store at the other end of town has sold
out, the warehouse outside town holds deep stock.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np

from routing import (
    CostModel,
    Disposition,
    PlanStatus,
    ReturnChannel,
    ReturnCondition,
    ReturnCostModel,
    ReturnDestinations,
    ReturnLine,
    ReturnRequest,
    route_return,
)

CUSTOMER = (48.1374, 11.5755)
# rows: near store (0.3 km), far store (~9 km, sold out of scarves), warehouse (~25 km)
NETWORK = ReturnDestinations(
    location_ids=("STORE-CENTRE", "STORE-PASING", "WH-SOUTH"),
    skus=("SCARF", "JACKET"),
    is_store=np.array([True, True, False]),
    lat=np.array([48.1390, 48.1500, 47.9300]),
    lon=np.array([11.5780, 11.4600, 11.6200]),
    accepts_returns=np.array([True, True, True]),
    stock=np.array([[14, 3], [0, 2], [350, 60]], dtype=np.int64),
    target=np.array([[6, 3], [6, 3], [200, 80]], dtype=np.int64),
)
SCARF_PAID = 1_995  # a reduced scarf, after the order's apportioned discount
MODEL = ReturnCostModel()


def _post(*lines: ReturnLine) -> ReturnRequest:
    return ReturnRequest("r-1", lines, ReturnChannel.POST, customer_point=CUSTOMER)


def _drop_off(store: str, *lines: ReturnLine) -> ReturnRequest:
    return ReturnRequest("r-2", lines, ReturnChannel.STORE_DROP_OFF, drop_off_location_id=store)


def _scarf(qty: int = 1, condition: ReturnCondition = ReturnCondition.NEW) -> ReturnLine:
    return ReturnLine("SCARF", qty, condition, SCARF_PAID, 150, origin_location_id="WH-SOUTH")


def test_a_scarf_returned_by_post_goes_to_the_store_that_has_run_out_of_scarves() -> None:
    plan = route_return(_post(_scarf()), NETWORK, MODEL)

    assert plan.status is PlanStatus.ROUTED
    assert plan.destination_id == "STORE-PASING"
    # One parcel, 150 g over ~9 km, handling 60, credit half the price paid (997.5 -> 998).
    assert plan.cost_terms == {"base": 450, "distance": 1, "handling": 60, "value": -998}
    assert plan.total_cents == -487
    assert [a.destination_id for a in plan.alternatives] == ["WH-SOUTH", "STORE-CENTRE"]
    assert all(a.lost_by_cents > 0 for a in plan.alternatives)
    assert plan.lines[0].disposition is Disposition.RESTOCK
    assert "STORE-PASING" in plan.reason and "below target" in plan.reason


def test_the_baselines_send_the_scarf_where_it_is_not_needed() -> None:
    optimal = route_return(_post(_scarf()), NETWORK, MODEL)
    nearest = route_return(_post(_scarf()), NETWORK, MODEL, strategy="nearest")
    origin = route_return(_post(_scarf()), NETWORK, MODEL, strategy="origin")

    assert nearest.destination_id == "STORE-CENTRE"
    assert origin.destination_id == "WH-SOUTH"
    assert nearest.total_cents - optimal.total_cents == 1_148 - 1  # credit lost, km saved
    assert origin.alternatives[0].destination_id == "STORE-PASING"
    assert origin.alternatives[0].lost_by_cents < 0


def test_the_second_scarf_to_the_same_store_is_worth_less_once_the_gap_is_filled() -> None:
    network = replace(NETWORK, stock=np.array([[14, 3], [5, 2], [350, 60]]))
    plan = route_return(_post(_scarf(qty=2)), network, MODEL)

    assert plan.destination_id == "STORE-PASING"
    # First scarf fills the last gap (998), the second lands at target (1995/20 = 99.75 -> 100).
    assert plan.cost_terms["value"] == -(998 + 100)
    assert plan.lines[0].value_cents == 1_098


def test_a_damaged_unit_goes_to_the_cheapest_place_to_receive_it() -> None:
    cheap_warehouse = replace(NETWORK, handling_cents_per_unit=np.array([300, 300, 40]))
    damaged = _scarf(condition=ReturnCondition.DAMAGED)
    plan = route_return(_post(damaged), cheap_warehouse, MODEL)

    assert plan.destination_id == "WH-SOUTH"
    assert plan.cost_terms["value"] == 0
    assert plan.lines[0].disposition is Disposition.LIQUIDATE


def test_an_opened_unit_is_worth_nothing_to_a_store_but_restocks_at_a_warehouse() -> None:
    opened = _scarf(condition=ReturnCondition.OPENED)
    model = ReturnCostModel(at_target_ratio=Fraction(1, 2))
    plan = route_return(_post(opened), NETWORK, model)

    assert plan.destination_id == "WH-SOUTH"
    assert plan.lines[0].disposition is Disposition.RESTOCK
    assert plan.cost_terms["value"] == -998


def test_a_drop_off_store_that_needs_the_unit_keeps_it() -> None:
    plan = route_return(_drop_off("STORE-PASING", _scarf()), NETWORK, MODEL)

    assert plan.destination_id is None
    assert plan.total_cents == 60 - 998
    assert [line.kept_at_drop_off for line in plan.lines] == [True]
    assert plan.alternatives[0].lost_by_cents > 0


def test_a_well_stocked_drop_off_store_ships_the_unit_on_to_the_store_that_needs_it() -> None:
    plan = route_return(_drop_off("STORE-CENTRE", _scarf()), NETWORK, MODEL)

    assert plan.destination_id == "STORE-PASING"
    assert plan.forwarded_lines[0].location_id == "STORE-PASING"
    assert plan.alternatives[0].destination_id in {None, "WH-SOUTH"}


def test_a_drop_off_store_keeps_what_it_needs_and_ships_the_rest_on() -> None:
    network = replace(NETWORK, stock=np.array([[5, 3], [0, 2], [350, 60]]))
    expensive = ReturnCostModel(shipping=CostModel(base_cents_per_shipment=450))
    plan = route_return(_drop_off("STORE-CENTRE", _scarf(qty=4)), network, expensive)

    # CENTRE needs one scarf (5 of 6); PASING needs six; parcel 450 < three credits of 998.
    assert plan.destination_id == "STORE-PASING"
    assert [(line.qty, line.kept_at_drop_off) for line in plan.lines] == [(1, True), (3, False)]


def test_when_the_store_keeps_everything_the_alternatives_rank_by_the_cost_of_shipping_on() -> None:
    plan = route_return(_drop_off("STORE-PASING", _scarf()), NETWORK, MODEL)

    # CENTRE is nearer but overstocked (holding cost), the warehouse far but at target.
    assert [a.destination_id for a in plan.alternatives] == ["WH-SOUTH", "STORE-CENTRE"]
    warehouse, centre = plan.alternatives
    assert warehouse.cost_terms["value"] == -100
    assert centre.cost_terms["value"] == 150
    assert warehouse.lost_by_cents == warehouse.total_cents - (60 - 998)
    assert "overstocking" in centre.reason
