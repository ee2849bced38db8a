"""Click & collect decided by cost: what the pickup store keeps, and its shelf part alone.

Every unit travels at 200 c per kg (a zone-only tariff); base 450 c, handling 60 c, and
a store's last 2 units cost 150 c each to take. A 1 kg scarf brought by transfer from
the warehouse costs 450 + 200 + 60 = 710 c.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest
from routing_checks import candidates_from

from routing import (
    TERMS,
    Candidates,
    Constraints,
    CostModel,
    FulfilmentMode,
    Order,
    OrderLine,
    PlanLine,
    PlanStatus,
    ShipmentKind,
    Zone,
    route,
)

NOW = datetime(2024, 11, 4, 11, 0, tzinfo=UTC)
TOMORROW_AT_TEN = datetime(2024, 11, 5, 10, 0, tzinfo=UTC)
SKUS = ("JACKET", "SCARF")
MODEL = CostModel(cents_per_tonne_km=0, zones=(Zone(1_000.0, 200),))
CORNER = {"id": "corner", "lat": 52.520, "lon": 13.405}
WAREHOUSE = {"id": "wh", "lat": 52.45, "lon": 13.30, "store": False}


def _order(jackets: int, jacket_g: int) -> Order:
    lines = (OrderLine("JACKET", jackets, jacket_g), OrderLine("SCARF", 1, 1_000))
    return Order(
        "c-1", lines, (0.0, 0.0), NOW, mode=FulfilmentMode.COLLECT, pickup_location_id="corner"
    )


def _network(corner_jackets: int) -> Candidates:
    return candidates_from(
        SKUS,
        [
            {**CORNER, "stock": {"JACKET": corner_jackets}},
            {**WAREHOUSE, "stock": {"JACKET": 50, "SCARF": 50}},
        ],
    )


def _priced(candidates: Candidates, corner_jacket: int) -> Candidates:
    """Opportunity prices: `corner_jacket` cents on the store's jackets, zero elsewhere."""
    prices = np.zeros((2, 2), dtype=np.int64)
    prices[0, 0] = corner_jacket
    return replace(candidates, opportunity_cents=prices)


def _where(plan) -> dict[tuple[str, ShipmentKind], list[tuple[str, int]]]:
    return {
        (s.location_id, s.kind): [(line.sku, line.qty) for line in s.lines] for s in plan.shipments
    }


def test_without_prices_the_store_keeps_its_last_unit_even_where_moving_it_is_cheaper() -> None:
    # Keeping: 60 handling + 150 protection + the scarf's 710 = 920.
    # Moving the 0.5 kg jacket onto the scarf's transfer: 450 + 100 + 200 + 120 = 870.
    plan = route(_order(1, 500), _network(1), MODEL)
    assert _where(plan) == {
        ("corner", ShipmentKind.PICKUP): [("JACKET", 1)],
        ("wh", ShipmentKind.TRANSFER): [("SCARF", 1)],
    }
    assert plan.total_cents == 920
    assert plan.cost_terms["protect_last_units"] == 150


def test_with_prices_the_last_unit_rides_on_the_transfer_when_that_costs_less() -> None:
    # Keeping the 1 kg jacket: 920 real + 100 opportunity; moving it: 450 + 400 + 120 = 970.
    plan = route(_order(1, 1_000), _priced(_network(1), 100), MODEL, strategy="lookahead")
    assert _where(plan) == {("wh", ShipmentKind.TRANSFER): [("JACKET", 1), ("SCARF", 1)]}
    assert plan.total_cents == sum(plan.cost_terms.values()) == 970
    assert plan.cost_terms["protect_last_units"] == 0
    assert plan.shadow_cents == 0
    assert plan.collect is not None
    assert plan.collect.reserve_at_pickup == ()
    assert plan.collect.ready_at == TOMORROW_AT_TEN


def test_with_prices_a_tie_keeps_the_unit_at_the_pickup_store() -> None:
    # Keeping: 920 real + 50 opportunity = 970, exactly what moving the jacket costs.
    plan = route(_order(1, 1_000), _priced(_network(1), 50), MODEL, strategy="lookahead")
    assert _where(plan) == {
        ("corner", ShipmentKind.PICKUP): [("JACKET", 1)],
        ("wh", ShipmentKind.TRANSFER): [("SCARF", 1)],
    }
    assert plan.total_cents == 920
    assert plan.shadow_cents == 50
    assert plan.collect is not None
    assert plan.collect.reserve_at_pickup == (PlanLine("JACKET", 1),)


def test_with_prices_the_store_may_keep_only_its_unprotected_units() -> None:
    # The store has 3 jackets, 2 of them protected; each kept jacket is priced 80 c.
    # Keep 3: 180 + 300 + 710 = 1,190 real + 240; keep 1: 60 + (450 + 600 + 180) = 1,290
    # real + 80; keep none: 450 + 800 + 240 = 1,490. Keeping one is cheapest (1,370).
    plan = route(_order(3, 1_000), _priced(_network(3), 80), MODEL, strategy="lookahead")
    assert _where(plan) == {
        ("corner", ShipmentKind.PICKUP): [("JACKET", 1)],
        ("wh", ShipmentKind.TRANSFER): [("JACKET", 2), ("SCARF", 1)],
    }
    assert plan.total_cents == 1_290
    assert plan.shadow_cents == 80
    assert plan.cost_terms["protect_last_units"] == 0


def test_with_prices_a_line_that_must_not_be_split_is_kept_whole_or_moved_whole() -> None:
    # As above, but the 3 jackets must come from one place: keeping one is not allowed.
    # Keep 3: 1,190 real + 240 = 1,430 beats moving all: 1,490.
    order = _order(3, 1_000)
    order = replace(order, lines=(replace(order.lines[0], splittable=False), order.lines[1]))
    plan = route(order, _priced(_network(3), 80), MODEL, strategy="lookahead")
    assert _where(plan) == {
        ("corner", ShipmentKind.PICKUP): [("JACKET", 3)],
        ("wh", ShipmentKind.TRANSFER): [("SCARF", 1)],
    }
    assert plan.total_cents == 1_190
    assert plan.shadow_cents == 240


def test_a_dear_price_never_leaves_a_unit_on_the_pickup_shelf_unfilled() -> None:
    # No other location has a jacket: keeping it (60 c) or leaving it unfilled (10,000 c).
    candidates = candidates_from(
        SKUS,
        [{**CORNER, "stock": {"JACKET": 3}}, {**WAREHOUSE, "stock": {"SCARF": 50}}],
    )
    partial = Constraints(ship_complete=False)
    plan = route(
        _order(1, 1_000), _priced(candidates, 20_000), MODEL, partial, strategy="lookahead"
    )
    assert _where(plan) == {
        ("corner", ShipmentKind.PICKUP): [("JACKET", 1)],
        ("wh", ShipmentKind.TRANSFER): [("SCARF", 1)],
    }
    assert plan.unfilled == ()
    assert plan.total_cents == 60 + 710
    assert plan.shadow_cents < MODEL.unfilled_cents_per_unit


def test_opportunity_prices_of_zero_leave_a_collect_order_as_optimal_routes_it() -> None:
    candidates = _network(1)
    optimal = route(_order(1, 500), candidates, MODEL)
    plan = route(_order(1, 500), _priced(candidates, 0), MODEL, strategy="lookahead")
    assert _where(plan) == _where(optimal)
    assert plan.total_cents == optimal.total_cents == 920


def _no_scarf_anywhere(prices: int | None = None) -> Candidates:
    # The scarf is only at a store that cannot ship: no transfer can bring it.
    candidates = candidates_from(
        SKUS,
        [
            {**CORNER, "stock": {"JACKET": 3}},
            {"id": "closed", "lat": 52.5, "lon": 13.3, "ship": False, "stock": {"SCARF": 9}},
        ],
    )
    return candidates if prices is None else _priced(candidates, prices)


@pytest.mark.parametrize("prices", [None, 30], ids=["without prices", "with prices"])
def test_the_shelf_part_is_handed_over_when_no_transfer_exists_and_partial_is_allowed(
    prices: int | None,
) -> None:
    partial = Constraints(ship_complete=False)
    plan = route(_order(1, 1_000), _no_scarf_anywhere(prices), MODEL, partial)
    assert plan.status is PlanStatus.ROUTED
    assert _where(plan) == {("corner", ShipmentKind.PICKUP): [("JACKET", 1)]}
    assert plan.unfilled == (PlanLine("SCARF", 1),)
    assert dict(plan.cost_terms) == dict.fromkeys(TERMS, 0) | {"handling": 60, "unfilled": 10_000}
    assert plan.total_cents == 10_060
    assert plan.shadow_cents == (prices or 0)
    assert plan.collect is not None
    assert plan.collect.reserve_at_pickup == (PlanLine("JACKET", 1),)


@pytest.mark.parametrize("prices", [None, 30], ids=["without prices", "with prices"])
def test_a_collect_order_that_must_ship_complete_is_still_refused_when_no_transfer_exists(
    prices: int | None,
) -> None:
    plan = route(_order(1, 1_000), _no_scarf_anywhere(prices), MODEL, Constraints())
    assert plan.status is PlanStatus.INFEASIBLE
    assert "no transfer" in plan.reason
    assert plan.shipments == ()
