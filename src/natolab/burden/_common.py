"""Helpers shared by the money modules: targets, groups of allies, years and same-release data.

Every money answer must say which parameter (and source) set its target and which release each
number came from, so these helpers return that provenance alongside the values instead of bare
floats. Nothing here fills a missing value: a missing figure stays NaN and the caller says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from natolab.data.allies import ally
from natolab.data.groups import group, group_label
from natolab.data.spending import RELIABLE
from natolab.errors import InputError

if TYPE_CHECKING:
    from natolab.alliance import Alliance

GUIDELINE = "defence_guideline_share_of_gdp"
EQUIPMENT_GUIDELINE = "equipment_guideline_share_of_defence_spending"
HAGUE_CORE = "hague_core_defence_share_of_gdp"
HAGUE_DEADLINE = "hague_deadline_year"
USER_REFERENCE = "user-supplied"

#: Names a user may give for a target, mapped to the parameter that holds it.
TARGET_NAMES: dict[str, str] = {
    "in force": GUIDELINE,
    "guideline": GUIDELINE,
    "2%": GUIDELINE,
    "hague": HAGUE_CORE,
    "hague core": HAGUE_CORE,
    "core": HAGUE_CORE,
    "hague total": "hague_total_share_of_gdp",
    "spain stated": "spain_stated_share_of_gdp",
}


@dataclass(frozen=True)
class Target:
    """A spending target with its provenance: the parameter (or the user) that set it."""

    value: float
    parameter: str
    reference: str
    since: date | None = None

    @property
    def label(self) -> str:
        return f"{self.value:g}% ({self.parameter}, {self.reference})"


def year_end(year: int) -> date:
    return date(year, 12, 31)


def _as_number(target: float | str) -> float | None:
    if isinstance(target, int | float):
        return float(target)
    try:
        return float(target.strip().rstrip("%"))
    except ValueError:
        return None


MAX_TARGET_PCT_GDP = 100.0  # a share of GDP: no economy spends more than all of it


def resolve_target(nato: Alliance, target: float | str, on: date) -> Target:
    """A target from a number (percent of GDP), a known name, or a parameter name, on ``on``.

    Named parameters are read from the snapshot's tree (so reforms apply); a target that is not
    positive or not in force on ``on`` is refused with the reason.
    """
    number = _as_number(target)
    if number is not None:
        if not 0 < number <= MAX_TARGET_PCT_GDP:
            raise InputError(
                f"target must be a positive share of GDP, at most {MAX_TARGET_PCT_GDP:g}% "
                f"(allowed: above 0 to {MAX_TARGET_PCT_GDP:g}), got {number:g}"
            )
        return Target(number, "user", USER_REFERENCE)
    name = TARGET_NAMES.get(str(target).strip().casefold(), str(target).strip())
    if name not in nato.parameters.names():
        known = ", ".join(repr(n) for n in TARGET_NAMES)
        raise InputError(f"unknown target {target!r}; give a number or one of {known}")
    resolved = nato.parameters.at(on).get(name)
    if resolved.unit != "percent_of_gdp":
        raise InputError(f"{name} is not a share of GDP (unit: {resolved.unit})")
    if not resolved.in_force:
        raise InputError(f"{name} is not in force on {on.isoformat()}")
    value = float(resolved.value)
    if not value > 0:
        raise InputError(f"target must be a positive share of GDP, got {value:g} from {name}")
    return Target(value, name, resolved.reference, resolved.since)


def targets_by_year(nato: Alliance, target: float | str, years: Iterable[int]) -> pd.DataFrame:
    """Per year: the target value, parameter and reference.

    ``"in force"`` means the guideline in force at the end of each year (what allies were
    measured against then); any other target is read on the snapshot's date, so "who already
    meets 3.5% in 2024" compares 2024 data with today's Hague commitment.
    """
    rows = []
    for year in years:
        on = year_end(year) if _is_in_force(target) else nato.on
        found = resolve_target(nato, target, on)
        rows.append((year, found.value, found.parameter, found.reference))
    columns = ["year", "target_pct_gdp", "target_parameter", "target_reference"]
    return pd.DataFrame(rows, columns=columns)


def _is_in_force(target: float | str) -> bool:
    return isinstance(target, str) and target.strip().casefold() == "in force"


def equipment_targets(nato: Alliance, years: Iterable[int]) -> pd.DataFrame:
    """Per year: the 20% equipment guideline in force at the year's end (NaN before Wales)."""
    rows = []
    for year in years:
        found = nato.parameters.at(year_end(year)).get(EQUIPMENT_GUIDELINE)
        value = float(found.value) if found.in_force else float("nan")
        rows.append((year, value, found.reference))
    return pd.DataFrame(rows, columns=["year", "equipment_target_pct", "equipment_reference"])


def resolve_group(nato: Alliance, who: str | Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """A label and the member codes for one ally, a named group, or a list of allies."""
    members = list(nato.members["iso3"])
    if isinstance(who, str):
        label = group_label(who)
        if label is not None:
            return label, group(label, members)
        who = [who]
    codes = tuple(dict.fromkeys(ally(name) for name in who))
    if not codes:
        raise InputError("no ally given")
    outside = [code for code in codes if code not in members]
    if outside:
        raise InputError(f"not a member on {nato.on.isoformat()}: {', '.join(outside)}")
    return ", ".join(codes), codes


def check_years(years: Sequence[int], available: Iterable[int], what: str) -> None:
    """Refuse years the data does not cover, naming the range it does."""
    have = sorted(set(available))
    if not years:
        raise InputError("no year given")
    if not have:
        raise InputError(f"no {what} data in this snapshot")
    missing = [y for y in years if y not in have]
    if missing:
        listed = ", ".join(str(y) for y in missing)
        raise InputError(f"no {what} data for {listed}; data covers {have[0]}-{have[-1]}")


def values_by_release(nato: Alliance, measures: Sequence[str]) -> pd.DataFrame:
    """Every reliable value of ``measures`` in every release this snapshot may read.

    Used to pair a share with the GDP *of the same release*; the latest view alone cannot,
    since it keeps one release per value.
    """
    releases = nato.releases()["release"].tolist()
    columns = ["iso3", "year", "release", "measure", "value", "base_year"]
    return nato.store.spending_rows(releases, RELIABLE, measures, columns)


def same_release(
    frame: pd.DataFrame,
    by_release: pd.DataFrame,
    latest: pd.DataFrame,
    measure: str,
    prefix: str,
) -> pd.DataFrame:
    """Add ``{prefix}`` value, ``{prefix}_release`` and ``{prefix}_base_year`` to ``frame``.

    Taken from the release of the row's ``release`` column where that release holds the value,
    else from the latest view (the row then names the other release). Never filled otherwise.
    """
    own = by_release[by_release["measure"] == measure]
    own = own[["iso3", "year", "release", "value", "base_year"]].rename(
        columns={"value": "_own", "base_year": "_own_base"}
    )
    own["_own_release"] = own["release"]
    out = frame.merge(own, how="left", on=["iso3", "year", "release"])
    fallback = latest[["iso3", "year", "value", "release", "base_year"]].rename(
        columns={"value": "_fb", "release": "_fb_release", "base_year": "_fb_base"}
    )
    out = out.merge(fallback, how="left", on=["iso3", "year"])
    use_fb = out["_own"].isna()
    out[prefix] = out["_own"].where(~use_fb, out["_fb"])
    out[f"{prefix}_release"] = out["_own_release"].where(~use_fb, out["_fb_release"])
    out[f"{prefix}_base_year"] = out["_own_base"].where(~use_fb, out["_fb_base"])
    return out.drop(columns=["_own", "_own_release", "_own_base", "_fb", "_fb_release", "_fb_base"])


def one_price_base(frame: pd.DataFrame, column: str) -> tuple[pd.DataFrame, int | None]:
    """Blank constant-price values not in the dominant base year: one answer, one base."""
    bases = frame[f"{column}_base_year"].dropna()
    if bases.empty:
        return frame, None
    dominant = int(bases.value_counts().index[0])
    other = frame[f"{column}_base_year"].notna() & (frame[f"{column}_base_year"] != dominant)
    frame = frame.copy()
    frame.loc[other, column] = float("nan")
    return frame, dominant


def latest_year_with(shares: pd.DataFrame, codes: Sequence[str]) -> int | None:
    """The newest year in which every ally in ``codes`` has a value in ``shares``."""
    present = shares[shares["iso3"].isin(codes)].groupby("year")["iso3"].nunique()
    full = present[present >= len(codes)]
    return int(full.index.max()) if not full.empty else None


def join_releases(values: Iterable[object]) -> str:
    """The distinct non-missing releases, sorted and joined: what a total row rests on."""
    return ", ".join(sorted({str(v) for v in values if isinstance(v, str) and v}))
