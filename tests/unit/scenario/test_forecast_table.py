"""A scenario's own forecast (`tables.forecast`): the orders the look-ahead expects."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import yaml

from omniroute.scenario import GeneratorSettings, InvalidScenario, generate, load_scenario, replay
from omniroute.scenario.stream import DAY_NS

SETTINGS = GeneratorSettings(
    stores=8, warehouses=1, orders=300, skus=12, days=2, seed=5, history_days=0,
    collect_share=0.2, capacity_scale=0.2, stock_cover=0.5,
)  # fmt: skip


def _with_forecast(directory: Path, forecast: pd.DataFrame) -> Path:
    forecast.to_csv(directory / "forecast.csv", index=False)
    spec_path = directory / "scenario.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    spec["tables"]["forecast"] = "forecast.csv"
    spec_path.write_text(yaml.safe_dump(spec))
    return spec_path


def test_the_forecast_table_prices_from_the_first_order(tmp_path: Path) -> None:
    plain = generate(SETTINGS, tmp_path / "plain")
    foreseen = tmp_path / "foreseen"
    shutil.copytree(plain.parent if plain.is_file() else plain, foreseen)
    # Perfect foresight: the orders expected are the orders to come.
    path = _with_forecast(foreseen, pd.read_csv(foreseen / "orders.csv"))
    runs = {}
    for name, source in (("plain", plain), ("foreseen", path)):
        scenario = load_scenario(source)
        scenario = replace(scenario, spec=replace(scenario.spec, time_limit_s=1.0))
        runs[name] = replay(scenario, "lookahead")
    first_day = int(load_scenario(path).stream.order_at_ns[0]) // DAY_NS
    for name, run in runs.items():
        orders = run.log.orders()
        day_one = orders[orders["created_at"].map(lambda t: _day(t)) == first_day]
        shadow = int(day_one["shadow_cents"].sum())
        if name == "plain":  # no history, no forecast: nothing to price on day one
            assert shadow == 0
        else:
            assert run.extra["lp_solves"] >= 1
            assert shadow > 0


def test_a_forecast_table_with_an_unknown_sku_is_refused(tmp_path: Path) -> None:
    directory = generate(SETTINGS, tmp_path / "s")
    root = directory.parent if directory.is_file() else directory
    forecast = pd.read_csv(root / "orders.csv")
    forecast.loc[0, "sku_id"] = "NO-SUCH-SKU"
    path = _with_forecast(root, forecast)
    with pytest.raises(InvalidScenario, match="forecast.csv"):
        load_scenario(path)


def _day(moment: object) -> int:
    return int(pd.Timestamp(moment).value) // DAY_NS
