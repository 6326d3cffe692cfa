"""The foundation's main job: who meets the spending guideline, from NATO's own tables.

Kept apart from the CLI so the web layer and tests use the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from natolab.alliance import Alliance
from natolab.errors import InputError

GUIDELINE = "defence_guideline_share_of_gdp"
FIRST_COUNT_YEAR = 2014


@dataclass(frozen=True)
class StatusReport:
    """The per-ally table for one year and the per-year counts, with titles naming sources."""

    year: int
    allies: pd.DataFrame
    counts: pd.DataFrame
    title: str
    caption: str
    counts_title: str


def latest_complete_year(shares: pd.DataFrame, expected: int) -> int:
    """The newest year in which every ally with armed forces has a published share."""
    per_year = shares.groupby("year")["value"].count()
    complete = per_year[per_year >= expected]
    if complete.empty:
        raise InputError("no year in which every ally has reported a share of GDP")
    return int(complete.index.max())


def status_report(nato: Alliance, year: int | None = None) -> StatusReport:
    """Every ally's share of GDP in ``year`` against the guideline, and counts per year."""
    shares = nato.spending("share_of_gdp")
    members = nato.members
    reporting = int(members["has_armed_forces"].sum())
    chosen = year if year is not None else latest_complete_year(shares, reporting)
    if chosen not in set(shares["year"]):
        years = sorted(set(shares["year"]))
        raise InputError(f"no share-of-GDP data for {chosen}; data covers {years[0]}-{years[-1]}")
    guideline = nato.parameters.at(pd.Timestamp(chosen, 12, 31).date()).get(GUIDELINE)
    threshold = float(guideline.value)
    of_year = shares[shares["year"] == chosen].set_index("iso3")
    table = pd.DataFrame({"iso3": members["iso3"], "ally": members["name"]})
    table["share_of_gdp"] = table["iso3"].map(of_year["value"])
    table["estimate"] = table["iso3"].map(of_year["is_estimate"])
    table["release"] = table["iso3"].map(of_year["release"])
    table["source_id"] = table["iso3"].map(of_year["source_id"])
    table["meets"] = table["share_of_gdp"].ge(threshold).where(table["share_of_gdp"].notna())
    table = table.sort_values("share_of_gdp", ascending=False, na_position="last")
    meets = int(table["meets"].eq(True).sum())
    title = (
        f"Defence expenditure, share of GDP, {chosen}: {meets} of {len(table)} allies "
        f"at or above {threshold:g}%"
    )
    caption = (
        f"As of {nato.on.isoformat()}"
        + (f", release {nato.release}" if nato.release else ", latest release per value")
        + f". Guideline {threshold:g}% ({guideline.reference}). "
        "Source: NATO, Defence Expenditure of NATO Countries. — = not published."
    )
    counts = count_by_year(shares, threshold, len(members))
    return StatusReport(
        chosen,
        table.reset_index(drop=True),
        counts,
        title,
        caption,
        f"Allies at or above {threshold:g}% of GDP, by year",
    )


def count_by_year(shares: pd.DataFrame, threshold: float, members: int) -> pd.DataFrame:
    """Per year from 2014: allies at or above the threshold, allies with data, releases used."""
    recent = shares[shares["year"] >= FIRST_COUNT_YEAR]
    grouped = recent.groupby("year")
    counts = pd.DataFrame(
        {
            "at_or_above": grouped["value"].apply(lambda v: int((v >= threshold).sum())),
            "with_data": grouped["value"].count(),
            "allies": members,
            "releases": grouped["release"].apply(lambda r: ", ".join(sorted(set(r)))),
        }
    )
    return counts.reset_index()
