"""Bad scenario files and tables are refused with the file, row and field named."""

from __future__ import annotations

from pathlib import Path

import pytest

from omniroute.scenario import InvalidScenario, load_scenario

LOCATIONS = "id,name,kind,latitude,longitude,daily_capacity\nW1,Hub,warehouse,52.5,13.4,10\n"
SKUS = "id,name,weight_g,price_cents\nA,Jacket,1000,9999\n"
STOCK = "location_id,sku_id,on_hand\nW1,A,5\n"
ORDERS = (
    "order_id,created_at,promised_on,mode,dest_latitude,dest_longitude,sku_id,qty\n"
    "O1,2025-01-06T08:00:00Z,2025-01-08,ship,52.5,13.4,A,1\n"
)
SPEC = """
name: tiny
tables: {locations: locations.csv, skus: skus.csv, stock: stock.csv, orders: orders.csv}
strategies: [optimal, nearest]
"""


def write(tmp_path: Path, **tables: str) -> Path:
    files = {"locations": LOCATIONS, "skus": SKUS, "stock": STOCK, "orders": ORDERS}
    files.update(tables)
    for name, text in files.items():
        if name != "spec":
            (tmp_path / f"{name}.csv").write_text(text)
    path = tmp_path / "scenario.yaml"
    path.write_text(files.get("spec", SPEC))
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InvalidScenario) as caught:
        load_scenario(path)
    return str(caught.value)


def test_a_well_formed_tiny_scenario_loads(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path))
    assert [o.order_id for o in scenario.stream.orders] == ["O1"]
    assert scenario.network.on_hand.tolist() == [[5]]
    # The path may be given as text too.
    again = load_scenario(str(write(tmp_path)))
    assert [o.order_id for o in again.stream.orders] == ["O1"]


def test_a_quantity_that_is_not_a_number_names_file_row_and_field(tmp_path: Path) -> None:
    orders = ORDERS + "O2,2025-01-06T09:00:00Z,,ship,52.5,13.4,A,two\n"
    message = error_of(write(tmp_path, orders=orders))
    assert "orders.csv: row 3: field qty: a whole number is required, got 'two'" in message


def test_an_unknown_sku_in_an_order_is_named(tmp_path: Path) -> None:
    orders = ORDERS + "O2,2025-01-06T09:00:00Z,,ship,52.5,13.4,B,1\n"
    assert "orders.csv: row 3: field sku_id: unknown SKU, got 'B'" in error_of(
        write(tmp_path, orders=orders)
    )


def test_a_timestamp_without_an_offset_is_refused(tmp_path: Path) -> None:
    orders = ORDERS + "O2,2025-01-06T09:00:00,,ship,52.5,13.4,A,1\n"
    message = error_of(write(tmp_path, orders=orders))
    assert "orders.csv: row 3: field created_at: an ISO 8601 timestamp with a UTC offset" in message


def test_lines_of_one_order_must_agree_on_the_order_fields(tmp_path: Path) -> None:
    orders = (
        ORDERS.replace("A,1\n", "A,1\n") + "O1,2025-01-06T08:00:00Z,2025-01-09,ship,52.5,13.4,A,1\n"
    )
    message = error_of(write(tmp_path, orders=orders))
    assert "row 3: field promised_on: differs from the first line of the same order" in message


def test_a_ship_order_needs_a_destination(tmp_path: Path) -> None:
    orders = ORDERS + "O2,2025-01-06T09:00:00Z,,ship,,13.4,A,1\n"
    assert "row 3: field dest_latitude: required for mode ship" in error_of(
        write(tmp_path, orders=orders)
    )


def test_a_collect_order_needs_a_known_pickup_store(tmp_path: Path) -> None:
    orders = (
        "order_id,created_at,mode,pickup_location_id,sku_id,qty\n"
        "O1,2025-01-06T08:00:00Z,collect,S9,A,1\n"
    )
    assert "row 2: field pickup_location_id: a known location is required, got 'S9'" in error_of(
        write(tmp_path, orders=orders)
    )


def test_a_stock_pair_given_twice_is_refused(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, stock=STOCK + "W1,A,3\n"))
    assert "stock.csv: row 3: field sku_id: the (location_id, sku_id) pair appears twice" in message


def test_a_negative_stock_count_is_refused(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, stock="location_id,sku_id,on_hand\nW1,A,-1\n"))
    assert "stock.csv: row 2: field on_hand: a whole number >= 0 is required, got '-1'" in message


def test_a_bad_location_kind_and_a_missing_column_are_named(tmp_path: Path) -> None:
    bad_kind = LOCATIONS.replace("warehouse", "depot")
    assert "locations.csv: row 2: field kind: one of store, warehouse" in error_of(
        write(tmp_path, locations=bad_kind)
    )
    assert "skus.csv: missing column(s) price_cents" in error_of(
        write(tmp_path, skus="id,name,weight_g\nA,Jacket,1000\n")
    )


def test_the_scenario_file_names_unknown_strategies_and_fields(tmp_path: Path) -> None:
    spec = SPEC.replace("[optimal, nearest]", "[optimal, cheapest]")
    assert "scenario.yaml: field strategies[1]: unknown strategy 'cheapest'" in error_of(
        write(tmp_path, spec=spec)
    )
    spec = SPEC + "cost_model: {split_penalty_cents: -5}\n"
    assert "scenario.yaml: field cost_model.split_penalty_cents" in error_of(
        write(tmp_path, spec=spec)
    )
    spec = SPEC.replace("orders: orders.csv", "orders: missing.csv")
    assert "field tables.orders:" in error_of(write(tmp_path, spec=spec))


def test_a_return_to_a_location_that_refuses_returns_is_named(tmp_path: Path) -> None:
    locations = LOCATIONS.replace("daily_capacity\n", "daily_capacity,capabilities\n").replace(
        ",10\n", ",10,ship\n"
    )
    spec = SPEC.replace("orders: orders.csv}", "orders: orders.csv, returns: returns.csv}")
    path = write(
        tmp_path,
        locations=locations,
        spec=spec,
        returns="received_at,location_id,sku_id,qty\n2025-01-07T08:00:00Z,W1,A,1\n",
    )
    assert "returns.csv: row 2: field location_id: 'W1' does not accept returns" in error_of(path)
