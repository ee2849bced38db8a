"""KPIs and the hindsight bound on a tiny scenario computed by hand.

One warehouse at the customer's door (distance 0): base 400, handling 50 a unit, daily
capacity 10; one unit of SKU A in stock, one more arriving at 10:00.

- O1 08:00, 1 x A: shipped, 400 + 50 = 450, on time;
- O2 09:00, 1 x A: nothing left, unfilled 10,000;
- O3 11:00, 2 x A: the arrived unit ships (450), one unfilled (10,000).
"""

from __future__ import annotations

from pathlib import Path

from omniroute.scenario import run_scenario

LOCATIONS = (
    "id,name,kind,latitude,longitude,capabilities,daily_capacity,handling_cost_cents,"
    "base_cost_cents,cutoff,ship_lead_days\n"
    "W1,Hub,warehouse,52.5,13.4,ship,10,50,400,23:59,1\n"
)
ORDERS = (
    "order_id,created_at,promised_on,dest_latitude,dest_longitude,sku_id,qty\n"
    "O1,2025-01-06T08:00:00Z,2025-01-08,52.5,13.4,A,1\n"
    "O2,2025-01-06T09:00:00Z,2025-01-08,52.5,13.4,A,1\n"
    "O3,2025-01-06T11:00:00Z,2025-01-08,52.5,13.4,A,2\n"
)
SPEC = """
name: hand computed
tables: {locations: locations.csv, skus: skus.csv, stock: stock.csv, orders: orders.csv,
         replenishments: replenishments.csv}
strategies: [optimal, priority]
constraints: {ship_complete: false}
"""


def tiny(tmp_path: Path) -> Path:
    (tmp_path / "locations.csv").write_text(LOCATIONS)
    (tmp_path / "skus.csv").write_text("id,name,weight_g,price_cents\nA,Jacket,1000,9999\n")
    (tmp_path / "stock.csv").write_text("location_id,sku_id,on_hand\nW1,A,1\n")
    (tmp_path / "orders.csv").write_text(ORDERS)
    (tmp_path / "replenishments.csv").write_text(
        "arrives_at,location_id,sku_id,qty\n2025-01-06T10:00:00+00:00,W1,A,1\n"
    )
    (tmp_path / "scenario.yaml").write_text(SPEC)
    return tmp_path / "scenario.yaml"


def test_kpis_of_a_hand_computed_scenario(tmp_path: Path) -> None:
    run = run_scenario(tiny(tmp_path))
    for row in run.kpis.to_dict("records"):
        assert row["total_cents"] == 450 + 10_000 + 450 + 10_000
        assert (row["base_cents"], row["handling_cents"], row["unfilled_cents"]) == (
            800,
            100,
            20_000,
        )
        assert row["late_cents"] == row["split_cents"] == row["distance_cents"] == 0
        assert row["fill_rate"] == 0.5
        assert row["shipments_per_order"] == 1.0
        assert row["split_rate"] == 0.0
        assert row["avg_distance_km"] == 0.0
        assert row["promises_kept"] == round(1 / 3, 4)
        assert row["capacity_use"] == 0.2  # 2 units of 10 on the one order day
        assert row["saturated_location_days"] == 0


def test_the_hand_computed_hindsight_bound_is_exact(tmp_path: Path) -> None:
    # In hindsight O1 and O2 go unfilled (20,000) and O3 gets both units in one
    # shipment (400 + 2 x 50): 20,500, 400 less than serving orders as they come.
    run = run_scenario(tiny(tmp_path))
    assert run.bound is not None and run.bound.bound_cents == 20_500
    assert run.kpis["gap_to_bound_pct"].tolist() == [round(100 * 400 / 20_500, 2)] * 2


def test_stock_is_reserved_shipped_and_restocked_as_the_stream_goes(tmp_path: Path) -> None:
    run = run_scenario(tiny(tmp_path))
    final = run.replays[0].state
    assert final.on_hand.tolist() == [[0]]  # 1 + 1 arrived - 2 shipped
    assert final.reserved.tolist() == [[0]]
    assert final.used.sum() == 2
