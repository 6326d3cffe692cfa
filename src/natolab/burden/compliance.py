"""Compliance: who meets the spending target, by how much each ally is short, in points and dollars.

One vectorised pass over allies x years (no per-ally loop), so the whole 2014-2026 table costs a
handful of store reads. NATO's share is a share of *real* GDP, so a gap in points is turned into
dollars with the ally's GDP from the same release as the share where that release has it (else the
newest release that does, named in ``gdp_release``); a value NATO did not publish stays NaN and
``reason`` says why, it is never filled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from natolab.burden._common import (
    check_years,
    equipment_targets,
    join_releases,
    one_price_base,
    same_release,
    targets_by_year,
    values_by_release,
)
from natolab.display import Summary
from natolab.errors import InputError

if TYPE_CHECKING:
    from natolab.alliance import Alliance

GDP_MEASURES = ("gdp_usd_current_m", "gdp_usd_constant_m")

COLUMNS = [
    "iso3",
    "name",
    "year",
    "member_in_year",
    "pct_gdp",
    "is_estimate",
    "quality",
    "release",
    "source_id",
    "target_pct_gdp",
    "target_parameter",
    "target_reference",
    "meets",
    "gap_pct_gdp",
    "gdp_usd_m",
    "gap_usd_m",
    "gdp_usd_constant_m",
    "gap_usd_constant_m",
    "price_base_year",
    "gdp_release",
    "equipment_share_pct",
    "equipment_target_pct",
    "equipment_reference",
    "meets_equipment",
    "equipment_release",
    "reason",
]


@dataclass(frozen=True, repr=False)
class ComplianceReport(Summary):
    """Per ally x year ``table``, per year ``counts``, the ``short`` allies, titles for display."""

    years: tuple[int, ...]
    table: pd.DataFrame
    counts: pd.DataFrame
    short: pd.DataFrame
    title: str
    caption: str


def latest_complete_year(shares: pd.DataFrame, expected: int) -> int:
    """The newest year in which every ally with armed forces has a published share."""
    per_year = shares.groupby("year")["value"].count()
    complete = per_year[per_year >= expected]
    if complete.empty:
        raise InputError("no year in which every ally has reported a share of GDP")
    return int(complete.index.max())


def compliance(
    nato: Alliance, year: int | Iterable[int] | None = None, target: float | str = "in force"
) -> ComplianceReport:
    """Every member against a spending target in ``year`` (one year, several, or the latest).

    ``target``: ``"in force"`` (the guideline in force at each year's end), a name such as
    ``"hague core"``, a parameter name, or a number in percent of GDP. Default year: the newest
    year in which every ally with armed forces has published a share.
    """
    shares = nato.spending("pct_gdp")
    years = _years(nato, shares, year)
    check_years(years, shares["year"], "share-of-GDP")
    frame = _base_frame(nato, shares, years)
    frame = frame.merge(targets_by_year(nato, target, years), on="year", how="left")
    frame = _add_gaps(nato, frame)
    frame = _add_equipment(nato, frame, years)
    frame["reason"] = _reasons(frame)
    frame = frame.sort_values(["year", "pct_gdp"], ascending=[True, False])
    table = frame[COLUMNS].reset_index(drop=True)
    counts = count_compliance(table)
    short = table[table["meets"].eq(True).eq(False) & table["pct_gdp"].notna()]
    short = short.sort_values(["year", "gap_pct_gdp"], ascending=[True, False])
    title, caption = _titles(nato, table, counts)
    return ComplianceReport(
        tuple(years), table, counts, short.reset_index(drop=True), title, caption
    )


def _years(nato: Alliance, shares: pd.DataFrame, year: int | Iterable[int] | None) -> list[int]:
    if year is None:
        return [latest_complete_year(shares, int(nato.members["has_armed_forces"].sum()))]
    if isinstance(year, int | np.integer):
        return [int(year)]
    return sorted({int(y) for y in year})


def _base_frame(nato: Alliance, shares: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Members x years, with each member's share, estimate flag, release and source."""
    members = nato.members[["iso3", "name", "accession_date", "has_armed_forces"]]
    grid = members.merge(pd.DataFrame({"year": years}), how="cross")
    ends = pd.to_datetime(grid["year"].astype(str) + "-12-31").dt.date
    grid["member_in_year"] = grid["accession_date"] <= ends
    picked = shares[shares["year"].isin(years)]
    picked = picked[["iso3", "year", "value", "is_estimate", "quality", "release", "source_id"]]
    picked = picked.rename(columns={"value": "pct_gdp"})
    return grid.merge(picked, how="left", on=["iso3", "year"])


def _add_gaps(nato: Alliance, frame: pd.DataFrame) -> pd.DataFrame:
    """Meets or not, and the gap in points of GDP and in current and constant dollars."""
    share, target = frame["pct_gdp"], frame["target_pct_gdp"]
    frame["meets"] = (share >= target).astype(object).where(share.notna(), None)
    frame["gap_pct_gdp"] = (target - share).clip(lower=0.0)
    by_release = values_by_release(nato, GDP_MEASURES)
    for measure, column in zip(GDP_MEASURES, ("gdp_usd_m", "gdp_usd_constant_m"), strict=True):
        latest = nato.spending(measure)
        frame = same_release(frame, by_release, latest, measure, column)
    frame, base = one_price_base(frame, "gdp_usd_constant_m")
    frame["price_base_year"] = base
    for gdp, gap in (("gdp_usd_m", "gap_usd_m"), ("gdp_usd_constant_m", "gap_usd_constant_m")):
        dollars = frame["gap_pct_gdp"] / 100.0 * frame[gdp]
        frame[gap] = dollars.where(frame["gap_pct_gdp"] != 0.0, 0.0)  # no gap costs nothing
    frame["gdp_release"] = frame["gdp_usd_m_release"]
    return frame


def _add_equipment(nato: Alliance, frame: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """The equipment share (major equipment incl. R&D) against the 20% guideline."""
    equipment = nato.spending("equipment_share_pct", years=years)
    equipment = equipment[["iso3", "year", "value", "release"]].rename(
        columns={"value": "equipment_share_pct", "release": "equipment_release"}
    )
    frame = frame.merge(equipment, how="left", on=["iso3", "year"])
    frame = frame.merge(equipment_targets(nato, years), how="left", on="year")
    known = frame["equipment_share_pct"].notna() & frame["equipment_target_pct"].notna()
    meets = frame["equipment_share_pct"] >= frame["equipment_target_pct"]
    frame["meets_equipment"] = meets.astype(object).where(known, None)
    return frame


def _reasons(frame: pd.DataFrame) -> pd.Series:
    """Why a row has a missing value, or which releases it combines; empty when complete."""
    no_share = frame["pct_gdp"].isna()
    no_forces = ~frame["has_armed_forces"].astype(bool)
    no_gdp = frame["gdp_usd_m"].isna() & ~no_share
    no_const = frame["gdp_usd_constant_m"].isna() & ~no_share & ~no_gdp
    mixed = ~no_share & frame["gdp_release"].notna() & (frame["gdp_release"] != frame["release"])
    choices = [
        "no armed forces: NATO publishes no share of GDP",
        "share of GDP not published for this year",
        "no GDP for this year in any visible release",
        "no constant-price GDP in the table's price base",
    ]
    reason = np.select([no_share & no_forces, no_share, no_gdp, no_const], choices, default="")
    note = (
        "GDP from "
        + frame["gdp_release"].astype(str)
        + " (share from "
        + frame["release"].astype(str)
        + ")"
    )
    reason = np.where(mixed & (reason == ""), note, reason)
    return pd.Series(reason, index=frame.index)


def count_compliance(table: pd.DataFrame) -> pd.DataFrame:
    """Per year: allies at or above the target, with data, short, and the total gap."""
    grouped = table.groupby("year")
    short = table["meets"].eq(False)
    counts = pd.DataFrame(
        {
            "target_pct_gdp": grouped["target_pct_gdp"].first(),
            "at_or_above": grouped["meets"].apply(lambda m: int(m.eq(True).sum())),
            "short": short.groupby(table["year"]).sum().astype(int),
            "with_data": grouped["pct_gdp"].count(),
            "allies": grouped["iso3"].size(),
            "members_in_year": grouped["member_in_year"].sum().astype(int),
            "total_gap_usd_m": table["gap_usd_m"]
            .where(short)
            .groupby(table["year"])
            .sum(min_count=1),
            "gap_usd_unknown": (short & table["gap_usd_m"].isna()).groupby(table["year"]).sum(),
            "target_parameter": grouped["target_parameter"].first(),
            "target_reference": grouped["target_reference"].first(),
            "releases": grouped["release"].apply(join_releases),
        }
    )
    return counts.reset_index()


def headline(table: pd.DataFrame, year: int, threshold: float) -> str:
    """'N of M allies with a published figure at or above T% of GDP (K members that year)'.

    A bare "N of 32" misleads twice: it counts allies NATO published no figure for as failing,
    and it counts states that were not yet members (32 in 2014, when there were 28). So the
    denominators are the members in that year, and those of them with a published figure.
    """
    members = table[(table["year"] == year) & table["member_in_year"].astype(bool)]
    meets = int(members["meets"].eq(True).sum())
    with_figure = int(members["pct_gdp"].notna().sum())
    return (
        f"{meets} of {with_figure} allies with a published figure at or above {threshold:g}% "
        f"of GDP ({len(members)} members that year)"
    )


def _titles(nato: Alliance, table: pd.DataFrame, counts: pd.DataFrame) -> tuple[str, str]:
    last = counts.iloc[-1]
    span = f"{counts['year'].iloc[0]}-{last['year']}" if len(counts) > 1 else f"{last['year']}"
    title = f"Compliance, {span}: in {last['year']}, " + headline(
        table, int(last["year"]), float(last["target_pct_gdp"])
    )
    source = ", release " + nato.release if nato.release else ", latest release per value"
    caption = (
        f"As of {nato.on.isoformat()}{source}. Target {last['target_parameter']} "
        f"({last['target_reference']}). Gaps in dollars from GDP of the same release where it "
        "has it. Source: NATO, Defence Expenditure of NATO Countries. — = not published."
    )
    return title, caption
