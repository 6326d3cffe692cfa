"""The foundation's main job: who meets the spending guideline, from NATO's own tables.

A compact view of :func:`natolab.burden.compliance`: one year's table and the counts since 2014.
Kept apart from the CLI so the web layer and tests use the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from natolab.burden.compliance import (
    compliance,
    count_compliance,
    headline,
    latest_complete_year,
)
from natolab.display import Summary
from natolab.errors import InputError

if TYPE_CHECKING:
    from natolab.alliance import Alliance

FIRST_COUNT_YEAR = 2014
TABLE_COLUMNS = {
    "iso3": "iso3",
    "name": "ally",
    "pct_gdp": "pct_gdp",
    "is_estimate": "estimate",
    "quality": "grade",
    "release": "release",
    "source_id": "source_id",
    "meets": "meets",
}
COUNT_COLUMNS = ["year", "at_or_above", "with_data", "members_in_year", "releases"]


@dataclass(frozen=True, repr=False)
class StatusReport(Summary):
    """The per-ally table for one year and the per-year counts, with titles naming sources."""

    year: int
    allies: pd.DataFrame
    counts: pd.DataFrame
    title: str
    caption: str
    counts_title: str


def status_report(nato: Alliance, year: int | None = None) -> StatusReport:
    """Every ally's share of GDP in ``year`` against the guideline in force, and counts per year."""
    shares = nato.spending("pct_gdp")
    reporting = int(nato.members["has_armed_forces"].sum())
    chosen = year if year is not None else latest_complete_year(shares, reporting)
    years = sorted(set(shares["year"]))
    if chosen not in years:
        raise InputError(f"no share-of-GDP data for {chosen}; data covers {years[0]}-{years[-1]}")
    report = compliance(nato, sorted({chosen, *(y for y in years if y >= FIRST_COUNT_YEAR)}))
    # Only members in each year count: NATO's tables give Finland and Sweden from 2014.
    members = report.table[report.table["member_in_year"].astype(bool)]
    of_year = members[members["year"] == chosen]
    table = of_year[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    table = table.sort_values("pct_gdp", ascending=False, na_position="last")
    counts = count_compliance(members)
    counts = counts[counts["year"] >= FIRST_COUNT_YEAR][COUNT_COLUMNS]
    threshold = float(of_year["target_pct_gdp"].iloc[0])
    title = f"Defence expenditure, share of GDP, {chosen}: " + headline(
        report.table, chosen, threshold
    )
    return StatusReport(
        chosen,
        table.reset_index(drop=True),
        counts.reset_index(drop=True),
        title,
        report.caption,
        f"Allies at or above {threshold:g}% of GDP, by year",
    )
