import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory import InvalidInput, ReservationLine, UnknownSku
from inventory.availability import haversine_km
from inventory.model import StockModel
from inventory.reservations import Reserve

ALEXANDERPLATZ = (52.5219, 13.4132)


def test_nearby_lists_stores_within_the_radius_nearest_first(network: StockModel):
    found = network.nearby(ALEXANDERPLATZ, {"JACKET": 1, "SCARF": 2}, radius_km=20)
    assert [n.location.id for n in found] == ["MITTE", "KREUZBERG", "SPANDAU"]
    assert found[0].distance_km == pytest.approx(0, abs=0.01)
    assert found[1].available == {"JACKET": 5, "SCARF": 5}


def test_nearby_excludes_reserved_units_and_stores_that_lack_a_sku(network: StockModel):
    network.reserve(Reserve((ReservationLine("MITTE", "JACKET", 5),)))
    found = network.nearby(ALEXANDERPLATZ, {"JACKET": 1}, k=2)
    assert [n.location.id for n in found] == ["KREUZBERG", "SPANDAU"]


def test_nearby_returns_the_k_nearest_and_skips_warehouses(network: StockModel):
    found = network.nearby((52.36, 13.30), {"SHOE": 1}, k=10)
    assert "WH" not in [n.location.id for n in found]
    assert len(found) == 4


def test_nearby_rejects_bad_questions(network: StockModel):
    with pytest.raises(InvalidInput, match="radius"):
        network.nearby(ALEXANDERPLATZ, {"JACKET": 1})
    with pytest.raises(InvalidInput, match="not a point"):
        network.nearby((95.0, 0.0), {"JACKET": 1}, k=1)
    with pytest.raises(UnknownSku):
        network.nearby(ALEXANDERPLATZ, {"HAT": 1}, k=1)


def test_availability_lists_one_sku_across_the_network(network: StockModel):
    network.set_planning("SPANDAU", "SHOE", safety_stock=2)
    levels = {lv.location_id: lv.available for lv in network.availability("SHOE")}
    assert levels == {"MITTE": 5, "KREUZBERG": 5, "SPANDAU": 3, "POTSDAM": 5}
    assert {lv.sku_id for lv in network.stock_at("MITTE")} == {"JACKET", "SCARF", "SHOE"}


def reference_haversine(a, b):
    (lat1, lon1), (lat2, lon2) = map(lambda p: (math.radians(p[0]), math.radians(p[1])), (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


points = st.tuples(st.floats(-89, 89), st.floats(-179, 179))


@settings(max_examples=200, deadline=None)
@given(points, st.lists(points, min_size=1, max_size=20))
def test_vectorised_distance_matches_the_textbook_formula(origin, others):
    import numpy as np

    got = haversine_km(*origin, np.array([p[0] for p in others]), np.array([p[1] for p in others]))
    for value, other in zip(got, others, strict=True):
        assert value == pytest.approx(reference_haversine(origin, other), abs=1e-6)
