"""`omniroute scenario generate` then `run`, end to end, writing every output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from omniroute.cli.main import main


def test_generate_then_run_writes_kpis_decisions_and_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario_dir, out = tmp_path / "scenario", tmp_path / "out"
    args = ["scenario", "generate", "--country", "DE", "--stores", "4", "--warehouses", "1",
            "--orders", "30", "--skus", "8", "--days", "1", "--seed", "3",
            "--out", str(scenario_dir)]  # fmt: skip
    assert main(args) == 0
    assert main(["scenario", "run", str(scenario_dir / "scenario.yaml"), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "total_cents" in printed.out and "hindsight bound:" in printed.out
    assert "replay" in printed.err  # the progress bar
    kpis = pd.read_csv(out / "kpis.csv")
    assert set(kpis["strategy"]) == {
        "optimal",
        "lookahead",
        "greedy_cost",
        "priority",
        "nearest",
        "highest_stock",
    }
    assert (kpis["hindsight_bound_cents"] <= kpis["total_cents"]).all()
    decisions = pd.read_csv(out / "decisions.csv")
    assert len(decisions) == 30 * 6
    assert (out / "shipments.csv").stat().st_size > 0
    report = (out / "report.html").read_text()
    assert report.count("<svg") == 3 and "http://" not in report.split("<svg", 1)[0]
    assert "<script" not in report


def test_run_reports_a_bad_file_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "scenario.yaml"
    bad.write_text("tables: {}\n")
    assert main(["scenario", "run", str(bad)]) == 2
    assert "field tables.locations: required" in capsys.readouterr().err


def test_generate_refuses_an_unknown_country(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scenario", "generate", "--country", "XX", "--out", str(tmp_path)]) == 2
    assert "no cities known for country code 'XX'" in capsys.readouterr().err
