"""Sweep files: axes expand into their cartesian product; unknown names are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from omniroute.scenario import GeneratorSettings, InvalidScenario, generate, load_scenario
from omniroute.scenario.errors import InvalidSweep
from omniroute.scenario.sweep_spec import load_sweep
from omniroute.scenario.sweep_variant import write_variant

TINY = GeneratorSettings(stores=4, warehouses=1, orders=20, skus=6, days=1, seed=3)
EXTRA = {"id": "W09", "name": "Warehouse Extra", "kind": "warehouse", "latitude": 51.0,
         "longitude": 10.0, "capabilities": "ship", "stock_like": "W01"}  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(TINY, tmp_path_factory.mktemp("base"))


def sweep(tmp_path: Path, base: Path, **raw: Any) -> Path:
    path = tmp_path / "sweep.yaml"
    path.write_text(yaml.safe_dump({"base": str(base), **raw}, sort_keys=False), encoding="utf-8")
    return path


def test_axes_expand_into_their_product_less_the_excluded_runs(base: Path, tmp_path: Path) -> None:
    axes = {
        "strategy": ["optimal", "nearest", "lookahead"],
        "lookahead.theta": [0.3, 0.7],
        "scenario": {"small": {}, "big": {"generator.orders": 50, "hindsight": False}},
    }
    exclude = [{"scenario": "big", "strategy": "lookahead"}]
    runs = load_sweep(sweep(tmp_path, base, axes=axes, exclude=exclude)).runs()
    assert len(runs) == 3 * 2 * 2 - 2
    last = runs[-3]  # the lookahead runs of "big" come after it, excluded
    assert last.labels == {"strategy": "nearest", "lookahead.theta": 0.7, "scenario": "big"}
    assert last.overrides == {
        "strategy": "nearest", "lookahead.theta": 0.7, "generator.orders": 50, "hindsight": False,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("axes", "message"),
    [
        ({"colour": [1]}, "field axes.colour: unknown field 'colour'"),
        ({"cost_model.colour_cents": [1]}, "unknown field 'cost_model.colour_cents'"),
        ({"location.NOWHERE": ["closed"]}, "unknown location 'NOWHERE'"),
        ({"location.W01.colour": [1]}, "unknown field 'location.W01.colour'"),
        ({"s": {"a": {"generator.colour": 1}}}, "axes.s.a.generator.colour: unknown field"),
        ({"strategy": []}, "a non-empty list or mapping is required"),
    ],
)
def test_an_unknown_axis_or_field_is_refused_by_name(
    base: Path, tmp_path: Path, axes: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidSweep, match=message.replace(".", r"\.")):
        load_sweep(sweep(tmp_path, base, axes=axes))


def test_more_runs_than_the_limit_are_refused(base: Path, tmp_path: Path) -> None:
    axes = {"cost_model.split_penalty_cents": list(range(10)), "stock.scale": [0.5, 1.0]}
    with pytest.raises(InvalidSweep, match="20 runs, more than max_runs \\(15\\)"):
        load_sweep(sweep(tmp_path, base, axes=axes, max_runs=15))
    assert len(load_sweep(sweep(tmp_path, base, axes=axes), max_runs=20).runs()) == 20


def test_a_variant_closes_opens_and_scales_locations_and_stock(base: Path, tmp_path: Path) -> None:
    overrides = {"location.S001": "closed", "location.W09": "open", "stock.scale": 2,
                 "capacity.scale": 0.5, "location.W01.handling_cost_cents": 99,
                 "constraints.max_shipments": 1}  # fmt: skip
    path = write_variant(base, overrides, tmp_path / "run", new_locations=(EXTRA,))
    before, after = load_scenario(base), load_scenario(path)
    s001, w01 = after.network.location_index()["S001"], after.network.location_index()["W01"]
    assert not after.network.can_ship[s001] and not after.network.can_pickup[s001]
    assert after.network.on_hand[s001].sum() == 0
    assert after.network.location_ids[-1] == "W09"
    assert (after.network.on_hand[-1] == after.network.on_hand[w01]).all()
    assert after.network.on_hand[w01].sum() == 2 * before.network.on_hand[w01].sum()
    capped = before.network.daily_capacity > 0
    halved = (before.network.daily_capacity[capped] * 0.5).round().clip(1)
    assert (after.network.daily_capacity[: len(capped)][capped] == halved).all()
    assert after.network.handling_cents[w01] == 99
    assert after.spec.constraints.max_shipments == 1


def test_a_variant_refuses_a_location_state_other_than_open_or_closed(
    base: Path, tmp_path: Path
) -> None:
    with pytest.raises(InvalidScenario, match="location.W01: open or closed is required"):
        write_variant(base, {"location.W01": "ajar"}, tmp_path / "run")
