"""The hindsight bound is never above the cost of any strategy's replay."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omniroute.scenario import GeneratorSettings, generate, run_scenario


def scenario_with(out: Path, gen: GeneratorSettings, constraints: dict[str, object]) -> Path:
    path = generate(gen, out)
    spec = yaml.safe_load(path.read_text())
    spec["constraints"] = constraints
    path.write_text(yaml.safe_dump(spec))
    return path


def assert_bound_below_every_strategy(path: Path) -> None:
    run = run_scenario(path)
    assert run.bound is not None and run.bound.bound_cents is not None
    for row in run.kpis.to_dict("records"):
        assert run.bound.bound_cents <= row["total_cents"], row["strategy"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    stores=st.integers(2, 6),
    warehouses=st.integers(0, 2),
    orders=st.integers(5, 40),
    days=st.integers(1, 3),
    collect_share=st.sampled_from([0.0, 0.3, 0.8]),
    return_rate=st.sampled_from([0.0, 0.5]),
    capacity_scale=st.sampled_from([0.1, 0.5, 2.0]),
    stock_cover=st.sampled_from([0.2, 0.6, 1.5]),
    ship_complete=st.booleans(),
    max_shipments=st.sampled_from([None, 1, 2]),
)
def test_bound_is_never_above_any_strategy_on_small_random_scenarios(
    seed: int,
    stores: int,
    warehouses: int,
    orders: int,
    days: int,
    collect_share: float,
    return_rate: float,
    capacity_scale: float,
    stock_cover: float,
    ship_complete: bool,
    max_shipments: int | None,
) -> None:
    gen = GeneratorSettings(
        country="DE", stores=stores, warehouses=warehouses, orders=orders, seed=seed, skus=6,
        days=days, collect_share=collect_share, return_rate=return_rate,
        capacity_scale=capacity_scale, stock_cover=stock_cover,
    )  # fmt: skip
    constraints = {"ship_complete": ship_complete, "max_shipments": max_shipments}
    with tempfile.TemporaryDirectory() as out:
        assert_bound_below_every_strategy(scenario_with(Path(out), gen, constraints))


def test_bound_holds_on_a_peak_day_with_tight_capacity_and_radius(tmp_path: Path) -> None:
    gen = GeneratorSettings(stores=8, warehouses=1, orders=150, skus=20, days=1, capacity_scale=0.2)
    constraints = {"ship_complete": True, "max_radius_km": 300.0}
    assert_bound_below_every_strategy(scenario_with(tmp_path, gen, constraints))


def test_bound_holds_with_click_and_collect_and_many_returns(tmp_path: Path) -> None:
    gen = GeneratorSettings(
        stores=6, warehouses=2, orders=120, skus=15, days=3, collect_share=0.7, return_rate=0.5,
        stock_cover=0.4,
    )  # fmt: skip
    assert_bound_below_every_strategy(scenario_with(tmp_path, gen, {"ship_complete": False}))
