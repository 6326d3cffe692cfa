"""The sources list: every ``source_id`` in the bundle resolves to one row of ``sources.csv``.

Three id schemes meet here, one per dataset: spending uses ``S01``..``S15`` (from
``spending/SOURCES.md``), operations use short keys such as ``afp_isaf_2010`` (from
``operations/SOURCES.md``) and the facts YAML cite URLs directly, whose id is ``src-`` + the
first 8 hex digits of SHA-1(URL) (the rule of ``facts/SOURCES.md``), as do natolab's own
supplements (``supplements/SOURCES.md``, dataset ``supplements``). The bundled geography uses
short keys too (``geography/SOURCES.md``, dataset ``geography``). ``sources.csv`` is built
once by ``scripts/bundle_sources.py``; at run time this module only reads it.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pandas as pd

from natolab.data.bundle import bundle_path
from natolab.errors import DataError

COLUMNS = ("source_id", "dataset", "title", "url", "tier_or_grade", "note")

# what a spending value's grade says about its copy of NATO's figure (spending/SOURCES.md)
GRADES: dict[str, str] = {
    "A": "read directly from NATO's own Excel tables",
    "B": "exact machine copy of NATO's table values made by a third party, or values a third "
    "party parsed from NATO's workbook and displayed rounded",
    "C": "third-party transcription of NATO's image-only PDF, or press coverage quoting NATO's "
    "release; used only where no A/B value exists",
    "D": "single secondary claim with a demonstrated error; never used",
}


@dataclass(frozen=True)
class Source:
    """One source: where a value came from and how far to trust it."""

    source_id: str
    dataset: str  # spending | facts | operations | supplements | geography
    title: str
    url: str  # empty when the source names no address (e.g. an unidentified repository)
    tier_or_grade: str  # facts: tier A/B; spending: grade A-D; others: empty
    note: str


def source_id_for_url(url: str) -> str:
    """Stable id of a cited URL: ``src-`` + first 8 hex of SHA-1 (the facts/SOURCES.md rule)."""
    return "src-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]


def split_ids(value: str) -> tuple[str, ...]:
    """Split a ``;``-joined ``source_id`` cell (``"S10;S11"``) into its ids."""
    return tuple(part.strip() for part in str(value).split(";") if part.strip())


@cache
def _frame() -> pd.DataFrame:
    frame = pd.read_csv(bundle_path("sources.csv"), keep_default_na=False, dtype=str)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(f"sources.csv: missing columns {missing}")
    duplicated = sorted(set(frame.loc[frame["source_id"].duplicated(), "source_id"]))
    if duplicated:
        raise DataError(f"sources.csv: duplicated source_id {duplicated}")
    return frame


@cache
def _index() -> dict[str, Source]:
    frame = _frame()
    columns = [frame[c].astype(str).tolist() for c in COLUMNS]
    return {values[0]: Source(*values) for values in zip(*columns, strict=True)}


def load_sources() -> pd.DataFrame:
    """All sources (one row per id, columns :data:`COLUMNS`); a copy, safe to modify."""
    return _frame().copy()


def known_ids() -> frozenset[str]:
    """Every id in the sources list."""
    return frozenset(_index())


def source(source_id: str) -> Source:
    """The source with this id; a :class:`DataError` with close matches if unknown."""
    found = _index().get(source_id)
    if found is None:
        close = difflib.get_close_matches(source_id, list(_index()), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise DataError(f"unknown source_id {source_id!r}{hint}")
    return found


def resolve_all(ids: Iterable[str]) -> list[Source]:
    """Resolve many ids (``;``-joined cells allowed); one error listing every unknown id."""
    wanted = [one for value in ids for one in split_ids(value)]
    index = _index()
    unknown = sorted({one for one in wanted if one not in index})
    if unknown:
        raise DataError(f"{len(unknown)} unknown source_id(s): {', '.join(unknown)}")
    return [index[one] for one in dict.fromkeys(wanted)]
