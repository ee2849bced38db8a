"""scripts/bench-compare on synthetic pytest-benchmark JSON files, run as CI runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench-compare"


def write_run(path: Path, medians: dict[str, float]) -> Path:
    path.write_text(
        json.dumps(
            {
                "machine_info": {"node": "ci"},
                "benchmarks": [
                    {"name": name.split("::")[-1], "fullname": name, "stats": {"median": m}}
                    for name, m in medians.items()
                ],
            }
        )
    )
    return path


def compare(tmp_path: Path, baseline: dict, current: dict, *args: str, env: dict | None = None):
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            str(write_run(tmp_path / "current.json", current)),
            "--baseline",
            str(write_run(tmp_path / "baseline.json", baseline)),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return result.returncode, result.stdout, result.stderr


def verdict(output: str, name: str) -> str:
    """The row of benchmark `name` from its ratio on."""
    line = next(line for line in output.splitlines() if line.startswith(name + " "))
    return line.split("  ")[-1].strip()


def test_prints_the_ratio_of_medians_per_benchmark_and_passes_within_noise(tmp_path):
    code, out, _ = compare(
        tmp_path, {"b::fast": 0.010, "b::slow": 2.0}, {"b::fast": 0.011, "b::slow": 1.0}
    )
    assert code == 0
    assert "1.10" in next(line for line in out.splitlines() if line.startswith("b::fast "))
    assert verdict(out, "b::fast").endswith("ok")
    assert verdict(out, "b::slow").endswith("faster")


def test_a_moderate_slowdown_is_a_warning_not_a_failure(tmp_path):
    code, out, _ = compare(tmp_path, {"b::x": 1.0}, {"b::x": 2.0})
    assert code == 0 and "warning" in verdict(out, "b::x")
    assert "0 failed, 1 warnings" in out


def test_a_large_regression_fails(tmp_path):
    code, out, _ = compare(tmp_path, {"b::x": 0.001, "b::y": 1.0}, {"b::x": 0.0031, "b::y": 1.0})
    assert code == 1 and verdict(out, "b::x").startswith("FAIL: 3.10x slower")
    assert "1 failed" in out


def test_the_failure_ratio_is_configurable_by_flag_and_environment(tmp_path):
    assert compare(tmp_path, {"b::x": 1.0}, {"b::x": 2.5}, "--fail-ratio", "2")[0] == 1
    env = {"OMNIROUTE_BENCH_FAIL_RATIO": "10", "PATH": "/usr/bin:/bin"}
    assert compare(tmp_path, {"b::x": 1.0}, {"b::x": 5.0}, env=env)[0] == 0


def test_new_and_missing_benchmarks_are_reported_but_never_fail(tmp_path):
    code, out, _ = compare(
        tmp_path, {"b::old": 1.0, "b::kept": 1.0}, {"b::new": 9.0, "b::kept": 1.0}
    )
    assert code == 0
    assert verdict(out, "b::new").startswith("new")
    assert verdict(out, "b::old").startswith("missing")
    assert "1 new, 1 missing" in out


def test_a_file_that_is_not_benchmark_json_is_an_error_naming_it(tmp_path):
    current = tmp_path / "current.json"
    current.write_text('{"not": "benchmarks"}')
    baseline = write_run(tmp_path / "baseline.json", {"b::x": 1.0})
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(current), "--baseline", str(baseline)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "current.json" in result.stderr


def test_warn_ratio_above_fail_ratio_is_refused(tmp_path):
    code, _, err = compare(tmp_path, {"b::x": 1.0}, {"b::x": 1.0}, "--warn-ratio", "4")
    assert code == 2 and "warn-ratio" in err
