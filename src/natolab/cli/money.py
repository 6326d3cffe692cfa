"""``natolab compliance | trajectory | burden | freeride`` and ``natolab chart ...``: the money.

Thin wrappers over :mod:`natolab.burden`. pandas, scipy and matplotlib are imported inside the
commands so ``natolab --help`` stays fast. Tables for people show the key columns; ``--format
csv|json`` gives every column, including the release and parameter reference of each row.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from natolab.cli.options import ON, RELEASE, alliance, check_order, year_option
from natolab.cli.output import FORMAT, Format, console, emit

if TYPE_CHECKING:
    import pandas as pd

TARGET_HELP = (
    "Target: a share of GDP (3.5), 'in force', 'hague core', 'hague total' or a parameter."
)
BY = year_option("--by", "Target year. Default: the Hague deadline")
GDP_GROWTH = typer.Option(
    None,
    "--gdp-growth",
    min=-25.0,
    max=25.0,
    help="Real GDP growth, % a year (-25 to 25). Default: the data's own trend.",
)
OUTPUT = typer.Option(..., "--output", "-o", help="Chart file: .png or .svg.")

chart_app = typer.Typer(no_args_is_help=True, help="Render money charts offline to PNG or SVG.")

COMPLIANCE_VIEW = [
    "iso3", "name", "pct_gdp", "is_estimate", "meets", "gap_pct_gdp", "gap_usd_m",
    "equipment_share_pct", "release",
]  # fmt: skip
BURDEN_VIEW = [
    "iso3", "name", "spending_usd_m", "share_of_alliance_spending_pct",
    "share_of_alliance_gdp_pct", "burden_ratio", "release",
]  # fmt: skip
BURDEN_HEADERS = {
    "spending_usd_m": "USD m",
    "share_of_alliance_spending_pct": "% spending",
    "share_of_alliance_gdp_pct": "% GDP",
    "burden_ratio": "ratio",
    "us_share_pct": "US %",
}
US_VIEW = ["year", "us_usd_m", "europe_canada_usd_m", "us_share_pct", "releases", "reason"]
PATH_VIEW = ["year", "pct_gdp", "defence_usd_constant_m", "gdp_usd_constant_m"]
PER_ALLY_VIEW = [
    "iso3", "name", "pct_gdp", "gdp_growth_pct", "required_real_growth_pct", "release",
]  # fmt: skip
FREERIDE_VIEW = [
    "year", "allies", "spearman_rho", "spearman_p", "kendall_tau", "kendall_p", "partial_rho",
    "partial_p", "reason",
]  # fmt: skip


def _view(frame: pd.DataFrame, columns: list[str], fmt: Format) -> pd.DataFrame:
    """Key columns for a table on screen; every column for CSV and JSON."""
    return frame[columns] if fmt is Format.table else frame


def compliance(
    year: int | None = year_option("--year", "Year. Default: the latest year every ally reported"),
    target: str = typer.Option("in force", "--target", help=TARGET_HELP),
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = FORMAT,
) -> None:
    """Who meets the spending target, the gap in points of GDP and in dollars, the counts."""
    from natolab.burden.compliance import compliance as run

    report = run(alliance(on, release), year, target)
    tables = {"allies": _view(report.table, COMPLIANCE_VIEW, fmt), "counts": report.counts}
    titles = {"counts": "Allies at or above the target, and the total gap"}
    emit(tables, fmt, report.title, report.caption, titles=titles)


def trajectory(
    who: list[str] = typer.Argument(
        ..., help="An ally (code or name), several, 'Europe and Canada' or 'NATO'."
    ),
    target: str = typer.Option("hague core", "--target", help=TARGET_HELP),
    by: int | None = BY,
    gdp_growth: float | None = GDP_GROWTH,
    base_year: int | None = year_option("--base-year", "Start year of the path"),
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = FORMAT,
) -> None:
    """The constant real growth of defence spending needed to reach a target, and the path."""
    from natolab.burden.trajectory import trajectory as run

    group = who[0] if len(who) == 1 else who
    result = run(alliance(on, release), group, target, by, gdp_growth, base_year)
    title = (
        f"{result.label}: {result.required_real_growth_pct:.2f}% real growth a year from "
        f"{result.base_pct_gdp:.2f}% of GDP in {result.base_year} to "
        f"{result.target.value:g}% by {result.by} (GDP {result.gdp_growth_pct:.2f}% a year)"
    )
    caption = (
        f"GDP growth: {result.gdp_growth_source}. Target: {result.target.label}. "
        f"Releases: {result.releases}. {result.reason}"
    ).strip()
    tables = {"path": _view(result.path, PATH_VIEW, fmt)}
    if len(result.allies) > 1:
        tables["per_ally"] = _view(result.per_ally, PER_ALLY_VIEW, fmt)
    titles = {"per_ally": f"Each ally of {result.label}, from {result.base_year}"}
    emit(
        tables,
        fmt,
        title,
        caption,
        titles=titles,
        required_real_growth_pct=result.required_real_growth_pct,
        base_year=result.base_year,
        base_pct_gdp=result.base_pct_gdp,
        target_pct_gdp=result.target.value,
        by=result.by,
        gdp_growth_pct=result.gdp_growth_pct,
    )


def burden(
    year: int | None = year_option("--year", "Year. Default: the latest with every ally's data"),
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = FORMAT,
) -> None:
    """Share of alliance spending over share of alliance GDP per ally; the US share over time."""
    from natolab.burden.sharing import burden_sharing, us_share

    nato = alliance(on, release)
    over_time = us_share(nato)
    chosen = (
        year if year is not None else int(over_time.dropna(subset=["us_share_pct"])["year"].max())
    )
    table = burden_sharing(nato, chosen).sort_values("burden_ratio", ascending=False)
    title = f"Burden sharing, {chosen}: share of alliance spending / share of alliance GDP"
    caption = "Current US dollars. Source: NATO, Defence Expenditure of NATO Countries."
    tables = {"allies": _view(table, BURDEN_VIEW, fmt), "us_share": _view(over_time, US_VIEW, fmt)}
    titles = {"us_share": "United States and Europe and Canada, defence spending (USD m, current)"}
    emit(tables, fmt, title, caption, BURDEN_HEADERS, titles)


def freeride(
    first: int | None = year_option("--from", "First year. Default: first with data"),
    last: int | None = year_option("--to", "Last year. Default: last with data"),
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = FORMAT,
) -> None:
    """Olson-Zeckhauser test: rank correlation of GDP with defence share of GDP, per year."""
    from natolab.burden.freeride import exploitation_test

    check_order(first, last, "--from/--to")

    table = exploitation_test(alliance(on, release), first, last)
    caption = (
        "One-sided p-values (H1: larger economies spend a larger share). A ratio with GDP on both "
        "sides: a historical description, not causal evidence of free riding."
    )
    title = "Exploitation test (Olson & Zeckhauser 1966)"
    emit({"years": _view(table, FREERIDE_VIEW, fmt)}, fmt, title, caption)


@chart_app.command("compliance")
def chart_compliance(
    output: Path = OUTPUT,
    year: int | None = year_option("--year", "Year. Default: latest complete"),
    target: str = typer.Option("in force", "--target", help=TARGET_HELP),
    on: str | None = ON,
    release: str | None = RELEASE,
) -> None:
    """Each ally's share of GDP against the target."""
    from natolab.burden.charts import compliance_chart
    from natolab.burden.compliance import compliance as run

    _done(compliance_chart(run(alliance(on, release), year, target), output))


@chart_app.command("trajectory")
def chart_trajectory(
    who: list[str] = typer.Argument(..., help="An ally, several, 'Europe and Canada' or 'NATO'."),
    output: Path = OUTPUT,
    target: str = typer.Option("hague core", "--target", help=TARGET_HELP),
    by: int | None = BY,
    gdp_growth: float | None = GDP_GROWTH,
    on: str | None = ON,
    release: str | None = RELEASE,
) -> None:
    """The share-of-GDP path to the target."""
    from natolab.burden.charts import trajectory_chart
    from natolab.burden.trajectory import trajectory as run

    group = who[0] if len(who) == 1 else who
    _done(trajectory_chart(run(alliance(on, release), group, target, by, gdp_growth), output))


@chart_app.command("burden")
def chart_burden(output: Path = OUTPUT, on: str | None = ON, release: str | None = RELEASE) -> None:
    """US against Europe and Canada spending over time."""
    from natolab.burden.charts import burden_chart
    from natolab.burden.sharing import us_share

    _done(burden_chart(us_share(alliance(on, release)), output))


def _done(path: Path) -> None:
    console().print(f"wrote {path}")
