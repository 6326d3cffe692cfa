"""Reading spending as it was published: one release, or the latest view as of a date.

NATO revises past years in every edition, so "how many allies met 2% in 2016" has one answer in
2024 and another in 2026. The *latest view* is derived, never kept: for each ally x year x
measure it takes, among the releases published on or before the "as of" date, the value of
grade A or B from the newest release, else a grade C value from the newest release; grade D
values (single secondary claims with known errors) are never used. Every row keeps the release
it came from, so editions are never mixed silently. Constant-price measures carry a base year;
one answer never mixes two bases.
"""

from __future__ import annotations

import warnings
from datetime import date

import pandas as pd

from natolab.data.measures import (
    CONSTANT_PRICE,
    DEPRECATED_MEASURES,
    MEASURES,
    MeasureDeprecationWarning,
    deprecation_note,
)
from natolab.errors import InputError, UnknownReleaseError
from natolab.store import Store

RELIABLE = ("A", "B", "C")

_LATEST_SQL = """
SELECT * EXCLUDE (rank) FROM (
    SELECT s.*, r.published,
           row_number() OVER (
               PARTITION BY s.iso3, s.year, s.measure, s.base_year
               ORDER BY CASE WHEN s.quality IN ('A', 'B') THEN 0 ELSE 1 END,
                        r.published DESC, s.release DESC) AS rank
    FROM spending s JOIN releases r USING (release)
    WHERE r.published <= ? AND s.measure = ? AND s.quality IN ('A', 'B', 'C')
) WHERE rank = 1
"""

_RELEASE_SQL = """
SELECT s.*, r.published FROM spending s JOIN releases r USING (release)
WHERE s.release = ? AND s.measure = ? AND s.quality IN ('A', 'B', 'C')
"""


def check_measure(measure: str) -> str:
    """The measure id for ``measure``; an unknown one is refused with the list of known ones.

    A deprecated name still works: it is mapped to its replacement with a
    :class:`MeasureDeprecationWarning` (one line on the CLI's stderr, ``warnings`` in the web
    API's JSON), so old scripts keep running while they are told the new name.
    """
    if measure in DEPRECATED_MEASURES:
        warnings.warn(deprecation_note(measure), MeasureDeprecationWarning, stacklevel=3)
        return DEPRECATED_MEASURES[measure]
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    return measure


def visible_releases(store: Store, on: date) -> pd.DataFrame:
    """Releases published on or before ``on``."""
    releases = store.releases()
    return releases[releases["published"] <= on].reset_index(drop=True)


def _refuse_empty_view(store: Store, on: date) -> None:
    """Nothing published by ``on``: say so, and from when data exists, instead of empty output."""
    releases = store.releases()
    if releases.empty or (releases["published"] <= on).any():
        return
    first = releases.sort_values("published").iloc[0]
    raise InputError(
        f"no release was published by {on.isoformat()}; the first, {first['release']}, "
        f"came out on {first['published']} (use a later --on)"
    )


def check_release(store: Store, release: str) -> None:
    """Refuse a release the store does not hold, listing those it does."""
    known = store.releases()["release"].tolist()
    if release not in known:
        raise UnknownReleaseError(f"unknown release {release!r}; the store has: {', '.join(known)}")


def read_measure(store: Store, measure: str, on: date, release: str | None = None) -> pd.DataFrame:
    """One measure for every country and year: from ``release``, or the latest view as of ``on``.

    Columns: iso3, year, value, is_estimate, release, published, source_id, quality, unit,
    currency, base_year, precision, note.
    """
    measure = check_measure(measure)
    if release is not None:
        check_release(store, release)
        frame = store.query(_RELEASE_SQL, [release, measure])
    else:
        frame = store.query(_LATEST_SQL, [on, measure])
        if frame.empty:
            _refuse_empty_view(store, on)
    if measure in CONSTANT_PRICE and frame["base_year"].nunique() > 1:
        frame = frame[frame["base_year"] == _dominant_base(frame)]
    frame["published"] = pd.to_datetime(frame["published"]).dt.date
    columns = ["iso3", "year", "value", "is_estimate", "release", "published", "source_id"]
    columns += ["quality", "unit", "currency", "base_year", "precision", "note"]
    return frame[columns].sort_values(["iso3", "year"]).reset_index(drop=True)


def _dominant_base(frame: pd.DataFrame) -> int:
    """The base year with the most values: one answer never mixes two price bases."""
    counts = frame["base_year"].value_counts()
    return int(counts.index[0])
