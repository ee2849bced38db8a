"""Settling orders in batches changes nothing: the decisions equal one-at-a-time routing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from omniroute.scenario import GeneratorSettings, generate, load_scenario, replay
from omniroute.scenario.loading import Scenario

CASES = {
    "plain": GeneratorSettings(stores=8, warehouses=2, orders=400, skus=15, days=2, seed=3),
    "tight capacity": GeneratorSettings(
        stores=8, warehouses=1, orders=400, skus=12, days=1, seed=4, capacity_scale=0.15
    ),
    "short stock, many returns": GeneratorSettings(
        stores=6,
        warehouses=1,
        orders=400,
        skus=10,
        days=3,
        seed=5,
        stock_cover=0.3,
        return_rate=0.4,
        collect_share=0.3,
    ),
    "wide network": GeneratorSettings(stores=25, warehouses=2, orders=400, skus=30, days=1, seed=9),
}


def _load(tmp_path: Path, settings: GeneratorSettings, complete: bool) -> Scenario:
    scenario = load_scenario(generate(settings, tmp_path / "s"))
    spec = scenario.spec
    constraints = replace(spec.constraints, ship_complete=complete)
    return replace(scenario, spec=replace(spec, constraints=constraints))


@pytest.mark.parametrize("complete", [False, True], ids=["partial", "complete"])
@pytest.mark.parametrize("case", list(CASES))
def test_batched_replay_decides_exactly_as_one_order_at_a_time(
    tmp_path: Path, case: str, complete: bool
) -> None:
    scenario = _load(tmp_path, CASES[case], complete)
    one = replay(scenario, "optimal", batch_size=1)
    for size in (7, 128):
        batched = replay(scenario, "optimal", batch_size=size)
        assert batched.extra["settled_ahead"] > 0
        # Plans voided by an earlier order, settled again at their turn.
        assert batched.extra["settled_again"] > 0
        if case == "wide network":
            # Many locations: some single-location plans only Lagrangian steps prove.
            assert batched.extra["settled_by_lagrangian"] > 0
        left = one.log.orders().drop(columns="solve_ms")
        right = batched.log.orders().drop(columns="solve_ms")
        assert left.equals(right)
        assert one.log.lines().equals(batched.log.lines())
        assert (one.state.on_hand == batched.state.on_hand).all()


def test_progress_is_reported_for_every_order_in_a_few_calls(tmp_path: Path) -> None:
    settings = GeneratorSettings(stores=5, warehouses=1, orders=250, skus=8, days=1, seed=2)
    scenario = load_scenario(generate(settings, tmp_path / "s"))
    calls: list[int] = []
    replay(scenario, "nearest", calls.append)
    assert sum(calls) == len(scenario.stream.orders) == 250
    assert calls == [100, 100, 50]
