"""`lookahead` in a scenario replay: at theta = 0 it is `optimal`; its shadow is apart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from omniroute.scenario import GeneratorSettings, Replay, generate, load_scenario, replay
from omniroute.scenario.loading import Scenario
from routing import TERMS

SHIP_ONLY = GeneratorSettings(
    stores=8, warehouses=1, orders=300, skus=12, days=2, seed=5, history_days=1,
    collect_share=0.0, capacity_scale=0.2, stock_cover=0.5,
)  # fmt: skip
WITH_COLLECT = replace(SHIP_ONLY, seed=4, collect_share=0.4)


def _load(tmp_path: Path, settings: GeneratorSettings, theta: float, complete: bool) -> Scenario:
    scenario = load_scenario(generate(settings, tmp_path / "s"))
    spec = scenario.spec
    return replace(
        scenario,
        spec=replace(
            spec,
            lookahead=replace(spec.lookahead, theta=theta),
            constraints=replace(spec.constraints, ship_complete=complete),
        ),
    )


def _decisions(run: Replay) -> tuple[pd.DataFrame, pd.DataFrame]:
    orders = run.log.orders().drop(columns=["strategy", "solve_ms"])
    return orders, run.log.lines().drop(columns="strategy")


def _assert_same_decisions(tmp_path: Path, settings: GeneratorSettings, complete: bool) -> None:
    scenario = _load(tmp_path, settings, 0.0, complete)
    assert scenario.history is not None
    optimal = replay(scenario, "optimal")
    lookahead = replay(scenario, "lookahead")
    # The prices were computed (from the one day of history), only scaled to nothing.
    assert lookahead.extra["lp_solves"] >= 1
    assert lookahead.extra["forecast_history_days"] == 1
    left, right = _decisions(optimal), _decisions(lookahead)
    assert left[0].equals(right[0])
    assert left[1].equals(right[1])
    assert (optimal.state.on_hand == lookahead.state.on_hand).all()


@pytest.mark.parametrize("complete", [False, True], ids=["partial", "complete"])
def test_lookahead_at_theta_zero_ships_every_order_as_optimal_does(
    tmp_path: Path, complete: bool
) -> None:
    _assert_same_decisions(tmp_path, SHIP_ONLY, complete)


def test_lookahead_at_theta_zero_decides_collect_orders_as_optimal_does(tmp_path: Path) -> None:
    _assert_same_decisions(tmp_path, WITH_COLLECT, False)


def test_lookahead_logs_the_real_cost_and_the_shadow_cents_apart(tmp_path: Path) -> None:
    scenario = _load(tmp_path, WITH_COLLECT, 0.5, False)
    orders = replay(scenario, "lookahead").log.orders()
    terms = orders[[f"{t}_cents" for t in TERMS]].sum(axis=1)
    assert (orders["total_cents"] == terms).all()
    assert (orders["shadow_cents"] >= 0).all()
    assert (orders["shadow_cents"] > 0).any()
