"""report.html: the KPI table and three plots, as inline SVG (no script, no network).

matplotlib draws the plots with its Agg/SVG backends; the page is one self-contained file.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import numpy as np
import pandas as pd

from omniroute.scenario.loading import Scenario
from routing import TERMS


def write_report(path: Path, scenario: Scenario, kpis: pd.DataFrame, lines: pd.DataFrame) -> None:
    """Write the report page for a finished run."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "omniroute"
    matplotlib.rcParams["svg.fonttype"] = "none"
    figures = [
        ("Cost per strategy, by term", _cost_plot(kpis)),
        ("Split rate and shipments per order", _split_plot(kpis)),
        ("Where orders were served from (units per location)", _map_plot(scenario, kpis, lines)),
    ]
    table = kpis.to_html(index=False, border=0, na_rep="")
    body = "\n".join(f"<h2>{html.escape(title)}</h2>\n{svg}" for title, svg in figures)
    intro = (
        f"<p>{len(scenario.stream.orders)} orders, "
        f"{len(scenario.network.location_ids)} locations, {len(scenario.network.sku_ids)} SKUs; "
        f"from {html.escape(str(scenario.spec.path))}</p>\n<h2>KPIs</h2>\n{table}\n{body}"
    )
    path.write_text(html_page(f"Scenario {scenario.spec.name}", intro), encoding="utf-8")


def html_page(title: str, body: str) -> str:
    """A self-contained page: `title` as its heading, then `body` (HTML)."""
    title = html.escape(title)
    return (
        f"<!doctype html>\n<html><head><meta charset='utf-8'><title>{title}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
        "font-size:12px}td,th{padding:2px 8px;text-align:right;border-bottom:1px solid #ddd}"
        "</style></head><body>\n"
        f"<h1>{title}</h1>\n{body}\n</body></html>\n"
    )


def figure_svg(figure: object) -> str:
    """A matplotlib figure as inline SVG (closed after)."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[arg-type]
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _cost_plot(kpis: pd.DataFrame) -> str:
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(8, 4))
    bottom = np.zeros(len(kpis))
    for term in TERMS:
        values = kpis[f"{term}_cents"].to_numpy(dtype=float) / 100.0
        if values.any():
            axis.bar(kpis["strategy"], values, bottom=bottom, label=term)
            bottom += values
    bound = kpis["hindsight_bound_cents"].dropna()
    if len(bound):
        axis.axhline(
            float(bound.iloc[0]) / 100.0, color="black", linestyle="--", label="hindsight bound"
        )
    axis.set_ylabel("EUR")
    axis.legend(fontsize=8, ncols=2)
    return figure_svg(figure)


def _split_plot(kpis: pd.DataFrame) -> str:
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    left.bar(kpis["strategy"], kpis["split_rate"] * 100.0, color="tab:orange")
    left.set_ylabel("orders split (%)")
    right.bar(kpis["strategy"], kpis["shipments_per_order"], color="tab:blue")
    right.set_ylabel("shipments per order")
    for axis in (left, right):
        axis.tick_params(axis="x", labelrotation=30)
    return figure_svg(figure)


def _map_plot(scenario: Scenario, kpis: pd.DataFrame, lines: pd.DataFrame) -> str:
    import matplotlib.pyplot as plt

    net = scenario.network
    strategies = list(kpis["strategy"])
    columns = min(len(strategies), 3)
    rows = (len(strategies) + columns - 1) // columns
    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 4.6 * rows), squeeze=False)
    destinations = np.array([o.destination for o in scenario.stream.orders[:2000]])
    for axis, strategy in zip(axes.flat, strategies, strict=False):
        served = lines[lines["strategy"] == strategy].groupby("location_id")["qty"].sum()
        units = np.array([float(served.get(loc, 0)) for loc in net.location_ids])
        size = 4.0 + 400.0 * units / max(float(units.max()), 1.0)
        axis.scatter(destinations[:, 1], destinations[:, 0], s=1, color="#cccccc", rasterized=True)
        colour = np.where(net.is_store, "tab:blue", "tab:red")
        axis.scatter(
            net.lon, net.lat, s=size, c=colour, alpha=0.6, edgecolors="black", linewidths=0.3
        )
        axis.set_title(strategy, fontsize=10)
        axis.set_aspect(1.0 / np.cos(np.radians(float(np.mean(net.lat)))))
        axis.set_xticks([])
        axis.set_yticks([])
    for axis in list(axes.flat)[len(strategies) :]:
        axis.axis("off")
    figure.suptitle(
        "red: warehouses, blue: stores; area ~ units served; grey: order destinations", fontsize=9
    )
    return figure_svg(figure)
