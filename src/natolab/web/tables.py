"""The dashboard's tables: one definition per table, shared by its page and its downloads.

A page shows a table and offers it as CSV, XLSX, JSON or a zip; both call the same builder with
the same query parameters, so a download is exactly what is shown (sort and filter included).
Builders are thin: they call natolab's Python API and pick columns. Results are cached per
snapshot and parameters, since a compliance run over every year takes about a second.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from natolab.errors import InputError
from natolab.web.params import number

if TYPE_CHECKING:
    from natolab.alliance import Alliance
    from natolab.burden import Trajectory
    from natolab.web.context import Snapshot

Params = Mapping[str, str]

# units of the columns the tables show (metadata.json of a download lists them)
UNITS: dict[str, str] = {
    "year": "calendar year",
    "pct_gdp": "percent of GDP",
    "value": "see the measure's unit",
    "usd_current_m": "million US dollars, current prices and exchange rates",
    "equipment_share_pct": "percent of defence expenditure",
    "target_pct_gdp": "percent of GDP",
    "gap_pct_gdp": "percentage points of GDP",
    "gap_usd_m": "million US dollars, current prices",
    "at_or_above_2pct": "allies",
    "at_or_above_3_5pct": "allies",
    "with_data": "allies",
    "members_in_year": "allies",
    "us_usd_m": "million US dollars, current prices",
    "europe_canada_usd_m": "million US dollars, current prices",
    "total_usd_m": "million US dollars, current prices",
    "us_share_pct": "percent of alliance spending",
    "spending_usd_m": "million US dollars, current prices",
    "share_of_alliance_spending_pct": "percent of alliance spending",
    "share_of_alliance_gdp_pct": "percent of alliance GDP",
    "burden_ratio": "ratio (spending share / GDP share)",
}


@dataclass(frozen=True)
class TableSpec:
    """A named table: its title, builder, the query parameters it reads, its explained cells.

    ``explain`` maps a column to (measure, release column) so every number in it links to its
    explanation; ``key`` names the ally and year columns of a row.
    """

    name: str
    title: str
    build: Callable[[Alliance, dict[str, str]], pd.DataFrame]
    params: tuple[str, ...] = ()
    explain: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)


def _target(params: Params) -> float | str:
    """The spending target: "in force" (default), a named target, or a number of percent."""
    raw = params.get("target", "").strip() or "in force"
    try:
        return float(raw)
    except ValueError:
        return raw


def _sort_filter(frame: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Apply ``?q=`` (name or code contains) and ``?sort=column`` (``-column`` descending)."""
    query = params.get("q", "").strip().casefold()
    if query:
        hit = frame["name"].str.casefold().str.contains(query, regex=False) | frame[
            "iso3"
        ].str.casefold().str.contains(query, regex=False)
        frame = frame[hit]
    sort = params.get("sort", "").strip()
    if sort:
        column = sort.lstrip("-")
        if column not in frame.columns:
            raise InputError(f"sort: no column {column!r}; one of {', '.join(frame.columns)}")
        frame = frame.sort_values(column, ascending=not sort.startswith("-"), kind="stable")
    return frame.reset_index(drop=True)


def _counts(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """Allies at or above 2% and 3.5% of GDP, each year with published shares."""
    shares = nato.spending("pct_gdp")
    default_year(shares)  # refuses a snapshot without any share of GDP, with the reason
    years = sorted(int(y) for y in shares["year"].unique())
    two = nato.compliance(years, 2.0).counts
    hague = nato.compliance(years, 3.5).counts
    out = two[["year", "at_or_above", "with_data", "members_in_year", "releases"]].rename(
        columns={"at_or_above": "at_or_above_2pct"}
    )
    out.insert(2, "at_or_above_3_5pct", hague["at_or_above"].to_numpy())
    return out


def _totals(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """Alliance and Europe-and-Canada spending and the US share, per year."""
    from natolab.burden import us_share

    frame = us_share(nato)
    columns = ["year", "us_usd_m", "europe_canada_usd_m", "total_usd_m", "us_share_pct"]
    return frame[[*columns, "releases", "reason"]]


def _allies(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """Every ally in one year against a target: share, dollars, equipment, gap, grade."""
    year = number(params, "year", int, "a year such as 2024") or default_year(
        nato.spending("pct_gdp")
    )
    report = nato.compliance(year, _target(params))
    table = report.table
    usd = nato.spending("usd_current_m", years=[year])[["iso3", "value", "release"]]
    usd = usd.rename(columns={"value": "usd_current_m", "release": "usd_release"})
    frame = table.merge(usd, on="iso3", how="left")  # the share's grade is on the compliance row
    columns = [
        "iso3", "name", "year", "pct_gdp", "usd_current_m", "equipment_share_pct",
        "target_pct_gdp", "meets", "gap_pct_gdp", "gap_usd_m", "is_estimate", "quality",
        "release", "usd_release", "equipment_release", "source_id", "target_parameter",
    ]  # fmt: skip
    frame = frame[columns].rename(columns={"quality": "grade"})
    return _sort_filter(frame, params)


def _ally_series(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """One ally's share of GDP as each release published it (what NATO said then)."""
    from natolab.data.allies import ally

    code = ally(params.get("ally", ""))
    frames = [
        nato.spending("pct_gdp", release=release, allies=[code])
        for release in nato.releases()["release"]
    ]
    columns = ["iso3", "name", "year", "value", "is_estimate", "release", "published"]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=[*columns, "grade", "source_id"])
    frame = pd.concat(frames, ignore_index=True)
    return frame[[*columns, "quality", "source_id"]].rename(columns={"quality": "grade"})


def _ally_measures(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """One ally's latest values of every headline measure, a row per measure and year."""
    from natolab.data.allies import ally

    code = ally(params.get("ally", ""))
    parts = []
    for measure in MEASURE_CHOICES:
        rows = nato.spending(measure, allies=[code])
        parts.append(rows.assign(measure=measure))
    frame = pd.concat(parts, ignore_index=True)
    columns = ["iso3", "name", "year", "measure", "value", "is_estimate", "release", "quality"]
    frame = frame[[*columns, "source_id", "base_year"]].rename(columns={"quality": "grade"})
    return frame.sort_values(["measure", "year"], kind="stable").reset_index(drop=True)


MEASURE_CHOICES: dict[str, str] = {
    "pct_gdp": "Defence spending, % of GDP",
    "usd_current_m": "Defence spending, million USD (current)",
    "usd_constant_m": "Defence spending, million USD (constant prices)",
    "equipment_share_pct": "Major equipment, % of defence spending",
    "personnel_share_pct": "Personnel, % of defence spending",
    "infrastructure_share_pct": "Infrastructure, % of defence spending",
    "personnel_thousands": "Military personnel, thousands",
}


def default_year(frame: pd.DataFrame) -> int:
    """The newest year in which at least 90% of the allies with any value have one.

    The newest year alone is often a handful of early estimates; a map of it is mostly grey.
    """
    if frame.empty:
        raise InputError("no values in the releases visible on this date (see ?on= and ?release=)")
    per_year = frame.groupby("year")["iso3"].nunique()
    full = per_year[per_year >= 0.9 * per_year.max()]
    return int(full.index.max())


MAP_COLUMNS = ["iso3", "name", "year", "value", "is_estimate", "release", "grade", "source_id"]


def _map_all(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """One measure (or the gap to the guideline in force) for every ally and year."""
    measure = params.get("measure", "").strip() or "pct_gdp"
    if measure not in MAP_CHOICES:
        raise InputError(f"measure: {measure!r} is not one of {', '.join(MAP_CHOICES)}")
    if measure == "gap_pct_gdp":
        shares = nato.spending("pct_gdp")
        default_year(shares)  # refuses a snapshot without any share of GDP, with the reason
        years = sorted(int(y) for y in shares["year"].unique())
        table = nato.compliance(years, "in force").table.dropna(subset=["gap_pct_gdp"])
        frame = table.assign(value=table["gap_pct_gdp"])  # the share's grade is on the row
    else:
        frame = nato.spending(measure)
    return frame.rename(columns={"quality": "grade"})[MAP_COLUMNS].reset_index(drop=True)


def _map(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """One measure for every ally in one year (the map's colours, as a table)."""
    measure = params.get("measure", "").strip() or "pct_gdp"
    frame = _cached("map-all", nato.on, nato.release, (("measure", measure),))
    year = number(params, "year", int, "a year such as 2024") or default_year(frame)
    if year not in set(frame["year"]):
        raise InputError(f"year: no {measure} published for {year}")
    frame = frame[frame["year"] == year].sort_values("value", ascending=False)
    return frame.reset_index(drop=True)


MAP_CHOICES: dict[str, str] = {
    **MEASURE_CHOICES,
    "gap_pct_gdp": "Gap to the guideline in force, points of GDP",
}


def _verdicts(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """One ally against every dated target, in each year the target was in force."""
    from natolab.burden._common import resolve_target, year_end
    from natolab.data.allies import ally

    code = ally(params.get("ally", ""))
    years = sorted(int(y) for y in nato.spending("pct_gdp", allies=[code])["year"].unique())
    parts = []
    for target in ("in force", "hague core", "hague total"):
        valid = [y for y in years if _in_force(nato, target, year_end(y), resolve_target)]
        if valid:
            table = nato.compliance(valid, target).table
            parts.append(table[table["iso3"] == code])
    columns = [
        "iso3", "year", "pct_gdp", "target_pct_gdp", "target_parameter", "meets",
        "gap_pct_gdp", "gap_usd_m", "is_estimate", "release", "target_reference",
    ]  # fmt: skip
    if not parts:  # an ally without armed forces (Iceland) publishes no share
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def _in_force(nato: Alliance, target: str, on: date, resolve: Callable[..., object]) -> bool:
    try:
        resolve(nato, target, on)
    except InputError:
        return False
    return True


def _freeride(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """Olson and Zeckhauser's test: do larger allies carry a larger share of GDP, by year?"""
    from natolab.burden import exploitation_test

    return exploitation_test(nato)


def release_pair(nato: Alliance, params: Params) -> tuple[str, str]:
    """The two releases to compare: ``?a=`` and ``?b=``, else the two newest visible."""
    from natolab.web.context import visible_releases

    visible = visible_releases(nato)["release"].tolist()
    a = params.get("a", "").strip() or (visible[-2] if len(visible) > 1 else "")
    b = params.get("b", "").strip() or (visible[-1] if visible else "")
    if not a or not b:
        raise InputError("fewer than two releases visible on this date: give ?a= and ?b=")
    return a, b


def _release_counts(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """Per year, allies with a share and at or above 2% in release a and in release b."""
    from natolab.releases import line_counts

    a, b = release_pair(nato, params)
    return line_counts(a, b, store=nato.store).assign(release_a=a, release_b=b)


def _release_crossings(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """Allies on different sides of 2% of GDP for the same year in release a and b."""
    from natolab.releases import crossings

    a, b = release_pair(nato, params)
    allies = [params["ally"]] if params.get("ally", "").strip() else None
    return crossings(a, b, allies=allies, store=nato.store).assign(
        measure="pct_gdp", release_a=a, release_b=b
    )


def _release_diff(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """Every cell of one measure that changed between release a and b."""
    from natolab.releases import diff

    a, b = release_pair(nato, params)
    measure = params.get("measure", "").strip() or "pct_gdp"
    allies = [params["ally"]] if params.get("ally", "").strip() else None
    frame = diff(a, b, measure, allies, store=nato.store)
    columns = ["iso3", "year", "measure", "change", "old", "new", "abs_change", "pct_change"]
    return frame[[*columns, "old_estimate", "new_estimate", "release_a", "release_b"]]


def _burden(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """Each ally's share of alliance spending against its share of alliance GDP."""
    from natolab.burden import burden_sharing

    frame = burden_sharing(nato, number(params, "year", int, "a year such as 2024"))
    return _sort_filter(frame.drop(columns=["reason"]), params)


def _sources(nato: Alliance, params: dict[str, str]) -> pd.DataFrame:
    """Every source natolab cites."""
    from natolab.data.sources import load_sources

    frame = load_sources()[["source_id", "dataset", "title", "url", "tier_or_grade"]]
    dataset = params.get("dataset", "").strip()
    return frame[frame["dataset"] == dataset].reset_index(drop=True) if dataset else frame


FORMATS_SHOWN = ("csv", "xlsx", "json", "zip")
SHARE = ("pct_gdp", "release")
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("counts", "Allies at or above 2% and 3.5% of GDP, by year", _counts),
        TableSpec("totals", "Alliance spending and the US share, by year", _totals),
        TableSpec(
            "allies",
            "Allies against the spending target",
            _allies,
            ("year", "target", "q", "sort"),
            {
                "pct_gdp": SHARE,
                "usd_current_m": ("usd_current_m", "usd_release"),
                "equipment_share_pct": ("equipment_share_pct", "equipment_release"),
                "target_pct_gdp": SHARE,
                "gap_pct_gdp": SHARE,
                "gap_usd_m": SHARE,
            },
        ),
        TableSpec(
            "ally-series",
            "Share of GDP as each release published it",
            _ally_series,
            ("ally",),
            {"value": SHARE},
        ),
        TableSpec("ally-measures", "Latest values of every measure", _ally_measures, ("ally",)),
        TableSpec("map", "One measure for every ally in a year", _map, ("measure", "year")),
        TableSpec("map-all", "One measure for every ally and year", _map_all, ("measure",)),
        TableSpec(
            "ally-verdicts",
            "Against every dated target",
            _verdicts,
            ("ally",),
            {
                "pct_gdp": SHARE,
                "target_pct_gdp": SHARE,
                "gap_pct_gdp": SHARE,
                "gap_usd_m": SHARE,
            },
        ),
        TableSpec("freeride", "Free riding: rank correlations of size and burden", _freeride),
        TableSpec(
            "burden",
            "Burden sharing: share of spending against share of GDP",
            _burden,
            ("year", "q", "sort"),
            {
                "spending_usd_m": ("usd_current_m", "release"),
                "share_of_alliance_spending_pct": ("usd_current_m", "release"),
                "burden_ratio": ("usd_current_m", "release"),
                "gdp_usd_m": ("gdp_usd_current_m", "gdp_release"),
                "share_of_alliance_gdp_pct": ("gdp_usd_current_m", "gdp_release"),
            },
        ),
        TableSpec("sources", "Sources", _sources, ("dataset",)),
        TableSpec(
            "release-counts", "Allies at or above 2% in each release", _release_counts, ("a", "b")
        ),
        TableSpec(
            "release-crossings",
            "Allies that crossed 2% of GDP between the releases",
            _release_crossings,
            ("a", "b", "ally"),
        ),
        TableSpec(
            "release-diff",
            "Every revised value",
            _release_diff,
            ("a", "b", "measure", "ally"),
        ),
    )
}


def spec(name: str) -> TableSpec:
    """The table called ``name``; an InputError listing the tables otherwise."""
    found = TABLES.get(name)
    if found is None:
        raise InputError(f"no table {name!r}; one of {', '.join(TABLES)}")
    return found


def table(name: str, snapshot: Snapshot, params: Params) -> pd.DataFrame:
    """The table ``name`` for this snapshot and these query parameters (a copy)."""
    wanted = spec(name)
    key = tuple(sorted((k, params.get(k, "").strip()) for k in wanted.params))
    return _cached(name, snapshot.on, snapshot.release, key).copy()


@lru_cache(maxsize=256)
def _cached(
    name: str, on: date, release: str | None, key: tuple[tuple[str, str], ...]
) -> pd.DataFrame:
    from natolab.web.context import alliance

    return TABLES[name].build(alliance(on, release), dict(key))


def trajectory_of(snapshot: Snapshot, who: str) -> Trajectory:
    """The way of ``who`` (an ally or a group) to the Hague core target, cached per snapshot."""
    return _trajectory(snapshot.on, snapshot.release, who.strip())


@lru_cache(maxsize=128)
def _trajectory(on: date, release: str | None, who: str) -> Trajectory:
    from natolab.burden import trajectory
    from natolab.web.context import alliance

    return trajectory(alliance(on, release), who, "hague core")
