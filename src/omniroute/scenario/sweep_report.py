"""The sweep's report.html: the chosen KPI against each axis, then every run's KPIs.

One plot per axis: the KPI's mean over the other axes' runs for each value, one line per
strategy, the range (min to max) as a bar; for ``total_cents`` the mean hindsight bound of
the runs that computed one, dashed. With ``report.panels``, one panel per value of that
axis (say, the scenario), so figures of different scale are not averaged together.
Inline SVG as in the scenario report (`report.py`): no script, no network.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from omniroute.scenario.report import figure_svg, html_page
from omniroute.scenario.sweep_fields import label_text
from omniroute.scenario.sweep_spec import SweepSpec


def write_sweep_report(path: Path, spec: SweepSpec, table: pd.DataFrame) -> None:
    """Write the comparison page of a finished sweep."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "omniroute"
    matplotlib.rcParams["svg.fonttype"] = "none"
    ok = table[table["status"] == "ok"]
    failed = table[table["status"] != "ok"]
    runs, lost = table["run"].nunique(), failed["run"].nunique()
    where = f"base {html.escape(str(spec.base))}; from {html.escape(str(spec.path))}"
    sections = [f"<p>{runs} runs, {lost} failed; {where}</p>"]
    for axis in spec.axes:
        if len(ok) and spec.kpi in ok:
            title = f"{spec.kpi} against {axis}"
            sections.append(f"<h2>{html.escape(title)}</h2>\n{_axis_plot(spec, ok, axis)}")
    if len(failed):
        shown = failed[["run", *spec.axes, "error"]]
        sections.append(f"<h2>Failed runs</h2>\n{shown.to_html(index=False, border=0)}")
    sections.append(f"<h2>KPIs</h2>\n{ok.to_html(index=False, border=0, na_rep='')}")
    path.parent.mkdir(parents=True, exist_ok=True)
    page = html_page(f"Sweep {spec.name}", "\n".join(sections))
    path.write_text(page, encoding="utf-8")


def _axis_plot(spec: SweepSpec, ok: pd.DataFrame, axis: str) -> str:
    import matplotlib.pyplot as plt

    panel_axis = spec.panels if spec.panels not in (None, axis) else None
    panels: list[Any] = [None] if panel_axis is None else list(dict.fromkeys(ok[panel_axis]))
    figure, axes = plt.subplots(
        1, len(panels), figsize=(4.6 * len(panels) + 1.0, 3.6), squeeze=False
    )
    values = list(dict.fromkeys(ok[axis]))
    scale, unit = (100.0, " (EUR)") if spec.kpi.endswith("_cents") else (1.0, "")
    for plot, panel in zip(axes.flat, panels, strict=True):
        rows = ok if panel_axis is None else ok[ok[panel_axis] == panel]
        x = np.arange(len(values))
        for strategy, group in rows.groupby("strategy", sort=False):
            kpi = pd.to_numeric(group[spec.kpi], errors="coerce") / scale
            stats = kpi.groupby(group[axis]).agg(["mean", "min", "max"]).reindex(values)
            plot.errorbar(
                x, stats["mean"], yerr=[stats["mean"] - stats["min"], stats["max"] - stats["mean"]],
                marker="o", capsize=3, label=str(strategy),
            )  # fmt: skip
        if spec.kpi == "total_cents" and "hindsight_bound_cents" in rows:
            bound = pd.to_numeric(rows["hindsight_bound_cents"], errors="coerce") / scale
            means = bound.groupby(rows[axis]).mean().reindex(values)
            if means.notna().any():
                plot.plot(x, means, "k--", marker="_", markersize=16, label="hindsight bound")
        plot.set_xticks(x, [label_text(v) for v in values], rotation=20, fontsize=8)
        plot.set_xlabel(axis)
        plot.set_ylabel(f"{spec.kpi}{unit}")
        if panel_axis is not None:
            plot.set_title(f"{panel_axis} = {label_text(panel)}", fontsize=10)
        plot.legend(fontsize=7)
    return figure_svg(figure)
