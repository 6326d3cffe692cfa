"""Charts of the money layer, rendered offline to PNG or SVG with matplotlib's Agg canvas.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot, no global state, no display), so
they render the same on a server, in tests and on a laptop. Each chart's caption names the
release(s) and the parameter it rests on, like the tables do.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from natolab.errors import InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from natolab.burden.compliance import ComplianceReport
    from natolab.burden.trajectory import Trajectory

FORMATS = (".png", ".svg")
SOURCE = "Source: NATO, Defence Expenditure of NATO Countries"


def _figure(height: float = 5.0) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(9.0, height), layout="constrained")


def _save(figure: Figure, path: Path | str) -> Path:
    """Write PNG or SVG, chosen by the suffix; reproducible (no creation date in the file)."""
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise InputError(f"chart file must end in .png or .svg, got {out.name!r}")
    out.parent.mkdir(parents=True, exist_ok=True)
    from matplotlib import rc_context

    metadata = {"Date": None} if out.suffix.lower() == ".svg" else {}
    with rc_context({"svg.fonttype": "none"}):  # SVG text stays text: searchable, accessible
        figure.savefig(out, dpi=120, metadata=metadata)
    return out


def compliance_chart(report: ComplianceReport, path: Path | str) -> Path:
    """Bars of each ally's share of GDP in the report's last year, with the target line."""
    table = report.table[report.table["year"] == report.years[-1]].dropna(subset=["pct_gdp"])
    table = table.sort_values("pct_gdp")
    target = float(table["target_pct_gdp"].iloc[0]) if len(table) else float("nan")
    figure = _figure(max(5.0, 0.22 * len(table) + 1.5))
    axes = figure.add_subplot()
    colours = ["#2b7a3d" if bool(m) else "#b03a2e" for m in table["meets"]]
    axes.barh(table["name"], table["pct_gdp"], color=colours)
    axes.axvline(target, color="black", linestyle="--", label=f"target {target:g}%")
    axes.set_xlabel("defence expenditure, % of GDP")
    axes.set_title(report.title, fontsize=10)
    axes.legend(loc="lower right")
    _note(figure, _caption(table, "target_parameter"))
    return _save(figure, path)


def trajectory_chart(result: Trajectory, path: Path | str) -> Path:
    """The share of GDP path to the target year, and the spending path where GDP is known."""
    path_frame = result.path
    figure = _figure()
    axes = figure.add_subplot()
    axes.plot(path_frame["year"], path_frame["pct_gdp"], marker="o", label=result.label)
    axes.axhline(
        result.target.value, color="black", linestyle="--", label=f"target {result.target.value:g}%"
    )
    axes.set_xlabel("year")
    axes.set_ylabel("defence expenditure, % of GDP")
    axes.set_title(
        f"{result.label}: {result.required_real_growth_pct:.2f}% real growth a year to reach "
        f"{result.target.value:g}% by {result.by} (GDP {result.gdp_growth_pct:.2f}%/yr)",
        fontsize=10,
    )
    axes.legend(loc="upper left")
    note = f"Base {result.base_year}, releases {result.releases}; target {result.target.label}. {SOURCE}"
    _note(figure, note)
    return _save(figure, path)


def burden_chart(us: pd.DataFrame, path: Path | str) -> Path:
    """US against Europe and Canada spending over time (current USD), with the US share."""
    known = us.dropna(subset=["us_share_pct"])
    if known.empty:
        raise InputError("no year with spending for every ally: nothing to chart")
    figure = _figure()
    axes = figure.add_subplot()
    axes.plot(known["year"], known["us_usd_m"] / 1e3, marker="o", label="United States")
    axes.plot(
        known["year"], known["europe_canada_usd_m"] / 1e3, marker="o", label="Europe and Canada"
    )
    axes.set_ylabel("defence expenditure, billion USD (current)")
    axes.set_xlabel("year")
    last = known.iloc[-1]
    axes.set_title(
        f"US share of alliance defence spending: {last['us_share_pct']:.1f}% in {last['year']}",
        fontsize=10,
    )
    axes.legend(loc="upper left")
    _note(figure, f"Releases: {', '.join(sorted(set(known['releases'])))}. {SOURCE}")
    return _save(figure, path)


def _note(figure: Figure, text: str) -> None:
    """The provenance line under the axes (a supxlabel, so the layout leaves room for it)."""
    figure.supxlabel(text, fontsize=7, x=0.01, ha="left")


def _caption(table: pd.DataFrame, parameter_column: str) -> str:
    releases = ", ".join(sorted({str(r) for r in table["release"].dropna()}))
    parameters = sorted(set(table[parameter_column]) | set(table["target_reference"]))
    return f"Releases: {releases}. Target: {', '.join(parameters)}. {SOURCE}"
