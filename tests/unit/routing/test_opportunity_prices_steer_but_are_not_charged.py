"""Opportunity prices choose where an order ships from; the plan's cost stays the real one.

Two warehouses (no last-units protection) and a zone-only tariff, so every price is a
round number: 100 c per kg within 50 km, 300 c beyond; base 450 c, handling 60 c.
Shipping one 1 kg unit costs 450 + 100 + 60 = 610 c from `near`, 810 c from `far`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
from routing_checks import candidates_from

from routing import TERMS, Candidates, Constraints, CostModel, Order, OrderLine, Zone, route

NOW = datetime(2024, 11, 4, 11, 0, tzinfo=UTC)
BERLIN = (52.52, 13.405)
MODEL = CostModel(cents_per_tonne_km=0, zones=(Zone(50.0, 100), Zone(1_000.0, 300)))
NEAR = {"id": "near", "lat": 52.53, "lon": 13.41, "store": False}
FAR = {"id": "far", "lat": 50.11, "lon": 8.68, "store": False}  # Frankfurt, ~420 km


def _order(*lines: tuple[str, int]) -> Order:
    return Order("o-1", tuple(OrderLine(sku, qty, 1_000) for sku, qty in lines), BERLIN, NOW)


def _priced(candidates: Candidates, prices: list[list[int]]) -> Candidates:
    return replace(candidates, opportunity_cents=np.array(prices, dtype=np.int64))


def _terms(**nonzero: int) -> dict[str, int]:
    return dict.fromkeys(TERMS, 0) | nonzero


def _two_warehouses() -> Candidates:
    return candidates_from(("A",), [{**NEAR, "stock": {"A": 5}}, {**FAR, "stock": {"A": 5}}])


def test_without_prices_the_cheaper_near_warehouse_ships() -> None:
    plan = route(_order(("A", 1)), _two_warehouses(), MODEL, strategy="lookahead")
    assert [s.location_id for s in plan.shipments] == ["near"]
    assert plan.total_cents == 610
    assert plan.shadow_cents == 0


def test_a_dear_opportunity_price_moves_the_order_to_the_other_warehouse() -> None:
    # near: 610 real + 500 opportunity = 1,110; far: 810 real + 50 opportunity = 860.
    candidates = _priced(_two_warehouses(), [[500], [50]])
    plan = route(_order(("A", 1)), candidates, MODEL, strategy="lookahead")
    assert [s.location_id for s in plan.shipments] == ["far"]
    assert dict(plan.cost_terms) == _terms(base=450, distance=300, handling=60)
    assert plan.total_cents == sum(plan.cost_terms.values()) == 810
    assert plan.shipments[0].cost_cents == 810
    assert plan.shadow_cents == 50
    assert plan.proven_optimal
    # The bound is on what was minimised: real + opportunity cents.
    assert plan.lower_bound_cents == 860


def test_a_price_smaller_than_the_saving_keeps_the_near_warehouse_and_is_reported_apart() -> None:
    # near: 610 + 150 = 760 beats far: 810 + 0.
    candidates = _priced(_two_warehouses(), [[150], [0]])
    plan = route(_order(("A", 1)), candidates, MODEL, strategy="lookahead")
    assert [s.location_id for s in plan.shipments] == ["near"]
    assert dict(plan.cost_terms) == _terms(base=450, distance=100, handling=60)
    assert plan.total_cents == 610
    assert plan.shadow_cents == 150


def test_the_shadow_term_sums_the_opportunity_cents_of_every_unit_shipped() -> None:
    # near holds only A, far only B: two parcels, 3 x 7 + 2 x 11 opportunity cents.
    candidates = candidates_from(
        ("A", "B"), [{**NEAR, "stock": {"A": 3}}, {**FAR, "stock": {"B": 2}}]
    )
    candidates = _priced(candidates, [[7, 13], [5, 11]])
    plan = route(_order(("A", 3), ("B", 2)), candidates, MODEL, strategy="lookahead")
    assert sorted(s.location_id for s in plan.shipments) == ["far", "near"]
    assert plan.shadow_cents == 3 * 7 + 2 * 11
    assert dict(plan.cost_terms) == _terms(
        base=2 * 450, split=250, distance=3 * 100 + 2 * 300, handling=5 * 60
    )
    assert plan.total_cents == 2_350


def test_an_opportunity_price_never_makes_a_unit_dearer_than_leaving_it_unfilled() -> None:
    # Capped at 10,000 - 1 - 610: shipping still beats the unfilled penalty by a cent.
    candidates = _priced(candidates_from(("A",), [{**NEAR, "stock": {"A": 5}}]), [[10**6]])
    partial = Constraints(ship_complete=False)
    plan = route(_order(("A", 1)), candidates, MODEL, partial, strategy="lookahead")
    assert [s.location_id for s in plan.shipments] == ["near"]
    assert not plan.unfilled
    assert plan.total_cents == 610
    assert plan.shadow_cents == 9_389
