"""Burden sharing: each ally's share of alliance spending against its share of alliance GDP.

The ratio (share of spending / share of GDP) is above 1 for an ally that carries more than its
economic weight. Shares are in current US dollars and exchange rates, NATO's own basis for
comparing allies in one year; spending and GDP come from the same release where it has both. A
year in which some ally has no figure has no alliance total: its shares stay NaN with a reason
rather than being computed over whoever happened to report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from natolab.burden._common import check_years, join_releases, same_release, values_by_release
from natolab.data.groups import UNITED_STATES

if TYPE_CHECKING:
    from natolab.alliance import Alliance

SPENDING, GDP = "usd_current_m", "gdp_usd_current_m"
PER_CAPITA = "defexp_per_capita_usd_constant"


def _years(frame: pd.DataFrame, years: int | Iterable[int] | None, what: str) -> list[int]:
    if years is None:
        return sorted({int(y) for y in frame["year"]})
    chosen = (
        [int(years)] if isinstance(years, int | np.integer) else sorted({int(y) for y in years})
    )
    check_years(chosen, frame["year"], what)
    return chosen


def burden_sharing(nato: Alliance, years: int | Iterable[int] | None = None) -> pd.DataFrame:
    """Per ally x year: spending and GDP (current USD), their shares of the alliance, the ratio.

    The alliance of a year is its members by that year's end, as in NATO's own totals (Finland
    and Sweden count from 2023 and 2024). Allies without armed forces (Iceland) spend nothing on defence by NATO's definition: their GDP
    counts toward the alliance's, their spending is zero, as in NATO's own totals.
    """
    spending = nato.spending(SPENDING)
    chosen = _years(spending, years, "defence spending (current USD)")
    members = nato.members[["iso3", "name", "has_armed_forces", "accession_date"]]
    grid = members.merge(pd.DataFrame({"year": chosen}), how="cross")
    ends = pd.to_datetime(grid["year"].astype(str) + "-12-31").dt.date
    grid = grid[grid["accession_date"] <= ends].drop(columns="accession_date")
    picked = spending[["iso3", "year", "value", "release", "source_id"]]
    grid = grid.merge(
        picked.rename(columns={"value": "spending_usd_m"}), how="left", on=["iso3", "year"]
    )
    no_forces = ~grid["has_armed_forces"].astype(bool)
    grid.loc[no_forces, "spending_usd_m"] = 0.0
    grid["release"] = grid["release"].fillna("")
    latest_gdp = nato.spending(GDP)
    grid = same_release(grid, values_by_release(nato, [GDP]), latest_gdp, GDP, "gdp_usd_m")
    grid = grid.rename(columns={"gdp_usd_m_release": "gdp_release"}).drop(
        columns="gdp_usd_m_base_year"
    )
    return _shares(grid)


def _shares(grid: pd.DataFrame) -> pd.DataFrame:
    """Shares of the year's alliance totals; NaN for every ally in a year with a missing figure."""
    by_year = grid.groupby("year")
    complete = by_year["spending_usd_m"].transform("count").eq(by_year["iso3"].transform("size"))
    complete &= by_year["gdp_usd_m"].transform("count").eq(by_year["iso3"].transform("size"))
    total_spending = by_year["spending_usd_m"].transform("sum").where(complete)
    total_gdp = by_year["gdp_usd_m"].transform("sum").where(complete)
    grid["share_of_alliance_spending_pct"] = 100.0 * grid["spending_usd_m"] / total_spending
    grid["share_of_alliance_gdp_pct"] = 100.0 * grid["gdp_usd_m"] / total_gdp
    grid["burden_ratio"] = (
        grid["share_of_alliance_spending_pct"] / grid["share_of_alliance_gdp_pct"]
    )
    lacking = grid["spending_usd_m"].isna() | grid["gdp_usd_m"].isna()
    missing = lacking.groupby(grid["year"]).transform("sum").astype(int)
    grid["reason"] = np.where(
        complete,
        "",
        "alliance total unknown: " + missing.astype(str) + " allies without spending or GDP",
    )
    grid["release"] = grid["release"].replace("", None)
    columns = ["iso3", "name", "year", "spending_usd_m", "gdp_usd_m"]
    columns += ["share_of_alliance_spending_pct", "share_of_alliance_gdp_pct", "burden_ratio"]
    columns += ["release", "gdp_release", "source_id", "reason"]
    return grid[columns].sort_values(["year", "iso3"]).reset_index(drop=True)


def us_share(nato: Alliance, years: int | Iterable[int] | None = None) -> pd.DataFrame:
    """Per year: US and Europe-and-Canada spending, the US share of the total, and the ratio.

    Built from the same per-ally table as :func:`burden_sharing`, so the totals agree with it.
    """
    table = burden_sharing(nato, years)
    table["group"] = np.where(table["iso3"] == UNITED_STATES, "usa", "eur_can")
    sums = table.pivot_table(index="year", columns="group", values="spending_usd_m", aggfunc="sum")
    sums = sums.reindex(columns=["usa", "eur_can"])  # a release may lack one side entirely
    counts = table.groupby("year")["spending_usd_m"].count()
    size = table.groupby("year")["iso3"].size()
    complete = counts.eq(size)
    out = pd.DataFrame(index=sums.index)
    out["us_usd_m"] = sums["usa"]
    out["europe_canada_usd_m"] = sums["eur_can"].where(complete)
    out["total_usd_m"] = out["us_usd_m"] + out["europe_canada_usd_m"]
    out["us_share_pct"] = 100.0 * out["us_usd_m"] / out["total_usd_m"]
    out["us_to_europe_canada_ratio"] = out["us_usd_m"] / out["europe_canada_usd_m"]
    out["releases"] = table.groupby("year")["release"].apply(join_releases)
    out["reason"] = np.where(complete, "", (size - counts).astype(str) + " allies without spending")
    return out.reset_index()


def per_capita(nato: Alliance, years: int | Iterable[int] | None = None) -> pd.DataFrame:
    """Per ally x year: defence spending per head (constant USD, one price base), as NATO gives it."""
    frame = nato.spending(PER_CAPITA)
    chosen = _years(frame, years, "per-capita spending")
    frame = frame[frame["year"].isin(chosen)]
    frame = frame.rename(
        columns={"value": "defence_per_capita_usd_constant", "base_year": "price_base_year"}
    )
    columns = ["iso3", "name", "year", "defence_per_capita_usd_constant", "price_base_year"]
    return frame[[*columns, "is_estimate", "release", "source_id"]].reset_index(drop=True)
