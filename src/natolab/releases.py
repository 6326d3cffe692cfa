"""NATO's releases side by side: what each edition said, and what changed between two of them.

NATO revises past years in every edition (new GDP, outturns replacing estimates, in 2026 a new
"core defence expenditure" series), so a headline such as "23 allies at 2% in 2024" belongs to
one release. This module keeps every release apart and compares them cell by cell:

- :func:`releases` lists the releases with publication date, cut-off, price base, estimate years,
  coverage and quality grades;
- :func:`diff` gives every ally-year-measure that changed between two releases (old and new
  value, absolute and % change, estimate -> actual flips, cells added or withdrawn);
- :func:`crossings` and :func:`line_counts` give the headline consequences: allies at or above
  the line per year in each release, and who crossed it;
- :func:`vintages` gives what every release said about one cell, in publication order.

Only grade A-C values are compared (grade D values are never used by natolab). A constant-price
value is never compared across two price bases: such a pair is reported as ``rebased`` with no
change computed.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from natolab.data.allies import AGGREGATES, ally
from natolab.data.bundle import bundle_path
from natolab.data.measures import CONSTANT_PRICE, canonical_measure
from natolab.data.spending import RELIABLE, check_measure, check_release
from natolab.store import Store

KEY = ["iso3", "year", "measure"]
CELL = ["value", "is_estimate", "base_year", "quality", "source_id"]
DIFF_COLUMNS = [
    "iso3",
    "year",
    "measure",
    "change",
    "old",
    "new",
    "abs_change",
    "pct_change",
    "old_estimate",
    "new_estimate",
    "old_quality",
    "new_quality",
    "old_source_id",
    "new_source_id",
    "old_base_year",
    "new_base_year",
    "release_a",
    "release_b",
]
# Some copies are rounded to 9 decimals (the Aug 2025 share table): smaller differences are
# copying precision, not revisions.
TOLERANCE = 1e-9
# The Wales guideline (2% of GDP) is the line NATO's own headlines count against.
GUIDELINE_PCT_GDP = 2.0


def _store(store: Store | None) -> Store:
    return store if store is not None else Store.open()


def _cells(
    store: Store, a: str, b: str, measure: str | None, allies: list[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reliable cells of releases a and b (one query), optionally one measure and allies."""
    frame = store.spending_rows(
        [a, b], RELIABLE, None if measure is None else [canonical_measure(measure)]
    )
    if allies is not None:
        frame = frame[frame["iso3"].isin(allies)]
    split = (frame[frame["release"] == r][KEY + CELL].reset_index(drop=True) for r in (a, b))
    return next(split), next(split)


def _resolve(
    store: Store, a: str, b: str, measure: str | None, allies: Iterable[str] | None
) -> list[str] | None:
    """Refuse unknown releases, measures and allies (with hints) before reading anything."""
    known = store.releases()["release"].tolist()
    for release in (a, b):
        if release not in known:
            check_release(store, release)  # raises with the list of known releases
    if measure is not None:
        measure = check_measure(measure)
    if allies is None:
        return None
    return [ally(name) for name in ([allies] if isinstance(allies, str) else allies)]


def diff(
    a: str,
    b: str,
    measure: str | None = None,
    allies: Iterable[str] | None = None,
    *,
    store: Store | None = None,
) -> pd.DataFrame:
    """Every ally-year-measure whose value differs between release ``a`` (old) and ``b`` (new).

        ``change`` is one of ``revised`` (value changed), ``estimate_to_actual`` /
        ``actual_to_estimate`` (the estimate flag flipped; the value may also have changed),
        ``added`` (only in ``b``), ``withdrawn`` (only in ``a``) or ``rebased`` (a constant-price
        value in another price base: not comparable, no change computed). Unchanged cells (equal
    within ``TOLERANCE``, the rounding of the copies) are left out.
    """
    held = _store(store)
    chosen = _resolve(held, a, b, measure, allies)
    old, new = _cells(held, a, b, measure, chosen)
    joined = old.merge(new, how="outer", on=KEY, suffixes=("_a", "_b"), indicator=True)
    frame = pd.DataFrame({key: joined[key] for key in KEY})
    frame["old"], frame["new"] = joined["value_a"], joined["value_b"]
    frame["old_estimate"], frame["new_estimate"] = joined["is_estimate_a"], joined["is_estimate_b"]
    for field in ("quality", "source_id", "base_year"):
        frame[f"old_{field}"], frame[f"new_{field}"] = joined[f"{field}_a"], joined[f"{field}_b"]
    frame["change"] = _change_kind(frame, joined["_merge"])
    comparable = frame["change"].isin(["revised", "estimate_to_actual", "actual_to_estimate"])
    frame["abs_change"] = (frame["new"] - frame["old"]).where(comparable)
    pct = 100.0 * frame["abs_change"] / frame["old"].where(frame["old"] != 0)
    frame["pct_change"] = pct.where(comparable)
    frame["release_a"], frame["release_b"] = a, b
    changed = frame[frame["change"] != ""]
    return changed.sort_values(KEY).reset_index(drop=True)[DIFF_COLUMNS]


def _change_kind(frame: pd.DataFrame, merge: pd.Series) -> pd.Series:
    """Name the kind of change of each cell; empty for a cell both releases give identically."""
    constant = frame["measure"].isin(sorted(CONSTANT_PRICE))
    bases_differ = frame["old_base_year"].astype("Float64") != frame["new_base_year"]
    rebased = constant & bases_differ.fillna(False).astype(bool)
    flipped = frame["old_estimate"].astype(object) != frame["new_estimate"].astype(object)
    revised = ~np.isclose(frame["old"], frame["new"], rtol=0.0, atol=TOLERANCE, equal_nan=False)
    conditions = [
        merge.eq("right_only"),
        merge.eq("left_only"),
        rebased,
        flipped & frame["old_estimate"].eq(True),
        flipped & frame["new_estimate"].eq(True),
        revised,
    ]
    kinds = ["added", "withdrawn", "rebased", "estimate_to_actual", "actual_to_estimate", "revised"]
    return pd.Series(np.select(conditions, kinds, default=""), index=frame.index)


def crossings(
    a: str,
    b: str,
    threshold: float = GUIDELINE_PCT_GDP,
    allies: Iterable[str] | None = None,
    *,
    store: Store | None = None,
) -> pd.DataFrame:
    """Allies whose share of GDP for a year is on different sides of ``threshold`` in a and b.

    Columns: iso3, year, old, new, direction (``fell below`` / ``rose to or above``),
    old_estimate, new_estimate. Only ally-years both releases give are compared; NATO's
    aggregates are left out.
    """
    return crossings_in(diff(a, b, "pct_gdp", allies, store=store), threshold)


def crossings_in(changed: pd.DataFrame, threshold: float = GUIDELINE_PCT_GDP) -> pd.DataFrame:
    """:func:`crossings` from a share-of-GDP :func:`diff` already computed (no second query)."""
    changed = changed[changed["measure"] == "pct_gdp"]
    both = changed[changed["old"].notna() & changed["new"].notna()]
    both = both[~both["iso3"].isin(AGGREGATES)]
    fell = (both["old"] >= threshold) & (both["new"] < threshold)
    rose = (both["old"] < threshold) & (both["new"] >= threshold)
    crossed = both[fell | rose].copy()
    crossed["direction"] = np.where(fell[fell | rose], "fell below", "rose to or above")
    columns = ["iso3", "year", "old", "new", "direction", "old_estimate", "new_estimate"]
    return crossed[columns].sort_values(["year", "direction", "iso3"]).reset_index(drop=True)


def line_counts(
    a: str, b: str, threshold: float = GUIDELINE_PCT_GDP, *, store: Store | None = None
) -> pd.DataFrame:
    """Per year: allies with a share and allies at or above ``threshold`` in release a and b.

    Columns: year, with_share_a, at_or_above_a, with_share_b, at_or_above_b (missing where a
    release does not cover the year).

    NATO's aggregates (NATO Europe and Canada, NATO total) are not allies and are not counted.
    """
    held = _store(store)
    _resolve(held, a, b, "pct_gdp", None)
    rows = []
    for shares, side in zip(_cells(held, a, b, "pct_gdp", None), "ab", strict=True):
        shares = shares[~shares["iso3"].isin(AGGREGATES)]
        grouped = shares.groupby("year")["value"]
        rows.append(
            pd.DataFrame(
                {
                    f"with_share_{side}": grouped.count(),
                    f"at_or_above_{side}": grouped.apply(lambda v: int((v >= threshold).sum())),
                }
            )
        )
    counts = rows[0].join(rows[1], how="outer").astype("Int64")
    return counts.rename_axis("year").reset_index()


def releases(*, store: Store | None = None) -> pd.DataFrame:
    """Every release in the store: publication date, cut-off, price base, coverage and grades.

    Cut-off dates and notes come from the bundle's release table (imported releases have none).
    """
    held = _store(store)
    listed = held.releases()
    bundled = pd.read_csv(bundle_path("releases.csv"), keep_default_na=False)
    extra = bundled[["release", "cutoff", "notes"]].replace("", None)
    listed = listed.merge(extra, how="left", on="release")
    spending = held.release_coverage()
    listed = listed.merge(spending, how="left", on="release")
    columns = ["release", "edition", "published", "cutoff", "base_year", "estimate_years"]
    columns += ["first_year", "last_year", "geographies", "measures", "cells", "grades"]
    columns += ["source_id", "origin", "title", "notes"]
    return listed[columns].reset_index(drop=True)


def vintages(
    ally_name: str, measure: str, year: int, *, store: Store | None = None
) -> pd.DataFrame:
    """What every release said about one ally-measure-year cell, oldest publication first.

    Grade D values are included and marked, since this is a record of what was published; the
    latest view and the comparisons never use them.
    """
    held = _store(store)
    measure = check_measure(measure)
    code = ally(ally_name)
    frame = held.cell_vintages(code, measure, int(year))
    frame["published"] = pd.to_datetime(frame["published"]).dt.date
    frame["used_by_natolab"] = frame["quality"].isin(RELIABLE)
    frame.insert(0, "iso3", code)
    return frame.reset_index(drop=True)
