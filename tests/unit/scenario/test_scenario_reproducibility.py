"""The same seed writes the same scenario, and the same scenario gives the same KPIs."""

from __future__ import annotations

from pathlib import Path

from omniroute.scenario import GeneratorSettings, generate, run_scenario

TIMINGS = ["solve_ms_p50", "solve_ms_p99", "orders_per_s", "lp_solve_s"]


def test_the_generator_writes_identical_tables_for_the_same_seed(tmp_path: Path) -> None:
    settings = GeneratorSettings(stores=5, warehouses=1, orders=60, skus=10, days=2, seed=11)
    first = generate(settings, tmp_path / "a").parent
    second = generate(settings, tmp_path / "b").parent
    for file in sorted(first.iterdir()):
        assert file.read_bytes() == (second / file.name).read_bytes(), file.name
    third = generate(
        GeneratorSettings(stores=5, warehouses=1, orders=60, skus=10, days=2, seed=12),
        tmp_path / "c",
    ).parent
    assert (first / "orders.csv").read_bytes() != (third / "orders.csv").read_bytes()


def test_a_scenario_replays_to_the_same_kpis_and_decisions(tmp_path: Path) -> None:
    settings = GeneratorSettings(
        stores=6, warehouses=2, orders=80, skus=12, days=2, seed=5, collect_share=0.3,
        return_rate=0.3,
    )  # fmt: skip
    path = generate(settings, tmp_path / "s")
    one, two = run_scenario(path), run_scenario(path)
    assert one.kpis.drop(columns=TIMINGS).equals(two.kpis.drop(columns=TIMINGS))
    for a, b in zip(one.replays, two.replays, strict=True):
        assert (
            a.log.orders().drop(columns="solve_ms").equals(b.log.orders().drop(columns="solve_ms"))
        )
        assert a.log.lines().equals(b.log.lines())
