"""`omniroute solve` on the example problem files and on broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from omniroute.cli import main as cli_main

EXAMPLES = Path(__file__).resolve().parents[2] / "scenarios" / "problems"


@pytest.fixture(autouse=True)
def only_the_solve_command(monkeypatch: pytest.MonkeyPatch) -> None:
    # Other sub-commands are other teams' work; this file tests `solve` alone.
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("omniroute.cli.solve",))


def test_solving_the_three_line_example_prints_a_proven_plan(capsys) -> None:
    assert cli_main.main(["solve", str(EXAMPLES / "ship_three_lines.json")]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["status"] == "routed"
    assert plan["proven_optimal"] is True
    assert sum(plan["cost_terms"].values()) == plan["total_cents"]


def test_the_collect_example_says_when_the_order_is_ready(capsys) -> None:
    assert cli_main.main(["solve", str(EXAMPLES / "collect_at_store.json")]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["collect"]["ready_at"] == "2024-11-05T10:00:00+00:00"
    assert [a["location_id"] for a in plan["collect"]["alternatives"]] == ["store-mitte"]


def test_compare_prints_every_strategy_side_by_side(capsys) -> None:
    path = str(EXAMPLES / "ship_three_lines.json")
    assert cli_main.main(["solve", path, "--compare"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["summary"]) == {"optimal", "greedy_cost", "priority", "nearest", "highest_stock"}
    assert all(row["gap_to_optimal_cents"] >= 0 for row in out["summary"].values())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda p: p["order"]["lines"][0].update(qty="two"), "order.lines[0].qty: expected int"),
        (lambda p: p["order"]["lines"][1].update(qty=0), "order.lines[1].qty must be a positive"),
        (lambda p: p["locations"][2].pop("lat"), "locations[2].lat: required field is missing"),
        (lambda p: p["locations"][0]["stock"].update(X=1.5), "locations[0].stock.X: expected int"),
        (lambda p: p["order"].update(created_at="2024-11-04T09:15:00"), "order.created_at"),
        (lambda p: p["cost_model"].update(speed=3), "cost_model.speed: unknown field"),
        (lambda p: p.update(strategy="fastest"), "unknown strategy 'fastest'"),
    ],
)
def test_a_broken_file_names_the_field_and_exits_2(tmp_path, capsys, mutate, message) -> None:
    problem = json.loads((EXAMPLES / "ship_three_lines.json").read_text())
    mutate(problem)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(problem))
    assert cli_main.main(["solve", str(path)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_a_file_that_is_not_json_exits_2(tmp_path, capsys) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    assert cli_main.main(["solve", str(path)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
