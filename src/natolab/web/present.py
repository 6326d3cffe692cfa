"""A table as the pages show it: formatted cells, each number linked to its explanation.

Kept apart from the builders (:mod:`natolab.web.tables`) so the data a download holds is the raw
table, and only the screen gets thousands separators, "—" for missing and links.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from natolab.web.context import Snapshot, explain_link
from natolab.web.tables import FORMATS_SHOWN, spec

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    numeric: bool = False


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    sort_href: str | None
    aria_sort: str | None


@dataclass(frozen=True)
class Shown:
    """What a page renders for one table, with its download links."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    downloads: Mapping[str, str]
    error: str | None = None


def unavailable(name: str, error: str) -> Shown:
    """A table this snapshot cannot give (e.g. a target not yet in force), with the reason."""
    return Shown(name, spec(name).title, (), (), {}, error)


def section(
    name: str, snapshot: Snapshot, params: Mapping[str, str], page: str, **options: Any
) -> tuple[pd.DataFrame | None, Shown]:
    """Build and present a secondary table; a NatolabError becomes its shown reason.

    A page's main table lets the error through (a 4xx JSON answer); a secondary one — a
    trajectory, the free-riding test — must not take the whole page down with it.
    """
    from natolab.errors import NatolabError
    from natolab.web.tables import table

    try:
        frame = table(name, snapshot, params)
    except NatolabError as exc:
        return None, unavailable(name, str(exc))
    return frame, present(name, frame, snapshot, params, page, **options)


def text(column: str, value: Any) -> str:
    """A value for reading: missing as "—", money without decimals, shares with two."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    try:
        import pandas as pd

        if pd.isna(value):
            return "—"
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if column.endswith("_m") else f"{value:,.2f}"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


LABELS = frozenset({"year", "base_year", "price_base_year"})


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _link(name: str, column: str, row: Mapping[str, Any], snapshot: Snapshot) -> str | None:
    """Where a number in ``column`` is explained (None for codes, names and text)."""
    if not _is_number(row[column]) or column in LABELS:
        return None
    if name.startswith("release-"):
        return _release_link(column, row, snapshot)
    if column == "members_in_year":
        return snapshot.link("/allies", year=int(row["year"]))
    if name == "freeride" and column == "allies":
        return snapshot.link("/allies", year=int(row["year"]))
    if column.startswith("at_or_above"):
        target = "3.5" if "3_5" in column else "2"
        return snapshot.link("/allies", year=int(row["year"]), target=target)
    if column in {"us_usd_m"}:
        return explain_link(snapshot, "usd_current_m", "USA", row["year"], None)
    if column in {"europe_canada_usd_m", "total_usd_m", "us_share_pct", "with_data"}:
        return snapshot.link("/targets", year=int(row["year"]))
    explained = spec(name).explain.get(column)
    if name == "map" and column == "value":
        measure = str(row.get("_measure") or "pct_gdp")
        if measure == "gap_pct_gdp":  # the gap is the share's verdict against the guideline
            return explain_link(
                snapshot, "pct_gdp", str(row["iso3"]), row["year"], row["release"], "in force"
            )
        explained = (measure, "release")
    if name == "ally-measures" and column == "value":
        explained = (str(row["measure"]), "release")
    if explained is None or "iso3" not in row:
        return None
    measure, release_column = explained
    release = row.get(release_column) if release_column else None
    judged = None
    if measure == "pct_gdp" and row.get("target_pct_gdp") is not None:
        parameter = row.get("target_parameter")  # a dated parameter, or "user" for a number
        judged = parameter if parameter and parameter != "user" else row["target_pct_gdp"]
    return explain_link(snapshot, measure, str(row["iso3"]), row["year"], release, judged)


def _release_link(column: str, row: Mapping[str, Any], snapshot: Snapshot) -> str | None:
    """Release comparison: a value links to what that release said; a count to its allies."""
    # a change is explained by the two values; its cell opens the newer one
    side = {"old": "release_a", "new": "release_b", "abs_change": "release_b",
            "pct_change": "release_b"}.get(column)  # fmt: skip
    if side and "iso3" in row:
        measure = str(row.get("measure") or "pct_gdp")
        return explain_link(snapshot, measure, str(row["iso3"]), row["year"], row[side])
    if column.startswith(("at_or_above_", "with_share_")):
        release = row["release_a"] if column.endswith("_a") else row["release_b"]
        return f"/allies?release={release}&year={int(row['year'])}&target=2"
    return None


def present(
    name: str,
    frame: pd.DataFrame,
    snapshot: Snapshot,
    params: Mapping[str, str],
    page: str,
    sortable: bool = False,
    extra: Mapping[str, str] | None = None,
) -> Shown:
    """Turn one built table into header links (sorting), cells (links) and download links."""
    from natolab.serialise import records

    wanted = {k: params.get(k) for k in spec(name).params if params.get(k)}
    wanted.update(extra or {})
    current = str(wanted.get("sort") or "")
    columns = []
    for column in frame.columns:
        column = str(column)
        sort_href = aria = None
        if sortable:
            flip = "-" + column if current == column else column
            sort_href = snapshot.link(page, **{**wanted, "sort": flip})
            aria = {column: "ascending", "-" + column: "descending"}.get(current)
        columns.append(Column(column, header(column), sort_href, aria))
    rows = []
    for row in records(frame):
        if extra and "measure" in extra:
            row["_measure"] = extra["measure"]
        rows.append(
            tuple(
                Cell(
                    text(c.name, row[c.name]),
                    _link(name, c.name, row, snapshot),
                    _is_number(row[c.name]) and c.name not in LABELS,
                )
                for c in columns
            )
        )
    downloads = {fmt: snapshot.link(f"/download/{name}.{fmt}", **wanted) for fmt in FORMATS_SHOWN}
    return Shown(name, spec(name).title, tuple(columns), tuple(rows), downloads)


HEADERS = {"at_or_above_2pct": "at or above 2%", "at_or_above_3_5pct": "at or above 3.5%"}


def header(column: str) -> str:
    """A column's on-screen title: its name in words (downloads keep the name itself)."""
    return HEADERS.get(column, column.replace("_", " "))
