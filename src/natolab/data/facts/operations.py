"""Operations and who took part: the calibration data of the crisis-response simulation.

The five CSVs (``operations``, ``participation``, ``allies``, ``efp_battlegroups``,
``isaf_fatalities``) are checked cell by cell and returned as typed DataFrames: dates as
``datetime.date``, flags as nullable booleans (``unknown`` stays missing, never ``False``),
counts as nullable integers, and ``source_ids`` as tuples that resolve in the sources list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from natolab.data.bundle import bundle_path
from natolab.data.facts._load import parse_partial_date
from natolab.data.sources import known_ids, split_ids
from natolab.errors import FactsError, InputError

# The contribution_type vocabulary of operations/README.md.
# fmt: off
CONTRIBUTIONS = frozenset({
    "troops", "strike_aircraft", "bombers", "missiles", "sead", "fighter_cap", "isr",
    "tanker", "naval", "submarine", "mcm", "helicopters", "awacs_crew", "aircraft",
    "unspecified", "basing", "overflight", "logistics", "host_nation", "restricted", "none",
    "civilians",  # natolab's correction for Iceland in ISAF (supplements/corrections.yaml)
})
# fmt: on
COLUMNS = {
    "operations.csv": ("operation_id", "name", "start", "end", "legal_basis", "nato_led"),
    "participation.csv": (
        "operation_id",
        "iso3",
        "member_at_time",
        "participated",
        "contribution_type",
        "troops_peak",
        "strike_missions",
        "restricted_access",
        "note",
    ),
    "allies.csv": ("iso3", "name", "accession_year", "accession_date"),
    "efp_battlegroups.csv": ("host_iso3", "framework_iso3", "member_iso3", "role", "as_of"),
    "isaf_fatalities.csv": ("iso3", "fatalities", "scope"),
}  # fmt: skip
_BOOL = {"true": True, "false": False}


@dataclass(frozen=True)
class Operations:
    """The operations tables (copies: safe to modify)."""

    operations: pd.DataFrame
    participation: pd.DataFrame
    allies: pd.DataFrame
    efp_battlegroups: pd.DataFrame
    isaf_fatalities: pd.DataFrame

    def operation(self, operation_id: str) -> pd.Series:
        """One operation's row (``ISAF``, ``OAF_1999``, ``EPIC_FURY_2026``, ...)."""
        found = self.operations[self.operations["operation_id"] == operation_id]
        if found.empty:
            known = ", ".join(self.operations["operation_id"])
            raise InputError(f"no operation {operation_id!r}; known: {known}")
        return found.iloc[0]

    def participation_in(self, operation_id: str) -> pd.DataFrame:
        """Participation rows of one operation, one per ally."""
        self.operation(operation_id)
        frame = self.participation
        return frame[frame["operation_id"] == operation_id].reset_index(drop=True)


class _Checker:
    """Converts cells of one CSV, raising FactsError(file, 'row N (label).column', problem)."""

    def __init__(self, file: str, frame: pd.DataFrame, label: Callable[[Any], str]) -> None:
        self.file, self.frame, self.label = file, frame, label

    def column(self, name: str, convert: Callable[[str], Any]) -> list[Any]:
        values = []
        for i, row in enumerate(self.frame.itertuples(index=False)):
            cell = getattr(row, name)
            try:
                values.append(convert(cell))
            except ValueError as exc:
                key = f"row {i + 2} ({self.label(row)}).{name}"
                raise FactsError(self.file, key, f"{exc}, got {cell!r}") from None
        return values


def _flag(cell: str, allow_empty: bool = False, unknown: bool = False) -> bool | None:
    if cell in _BOOL:
        return _BOOL[cell]
    if (allow_empty and cell == "") or (unknown and cell == "unknown"):
        return None
    raise ValueError("expected true/false" + (" or unknown" if unknown else ""))


def _count(cell: str) -> int | None:
    if cell == "":
        return None
    if not re.fullmatch(r"\d+", cell):
        raise ValueError("expected a whole number")
    return int(cell)


def _code(cell: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", cell):
        raise ValueError("expected an ISO alpha-3 code")
    return cell


def _sources(cell: str) -> tuple[str, ...]:
    ids = split_ids(cell)
    unknown = [one for one in ids if one not in known_ids()]
    if unknown:
        raise ValueError(f"unknown source {', '.join(unknown)}")
    return ids


def _contributions(cell: str) -> tuple[str, ...]:
    parts = split_ids(cell)
    unknown = [p for p in parts if p not in CONTRIBUTIONS]
    if unknown:
        raise ValueError(f"unknown contribution type {', '.join(unknown)}")
    return parts


def _read(folder: Path | None, file: str) -> pd.DataFrame:
    path = bundle_path("operations", file) if folder is None else folder / file
    try:
        frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    except (OSError, pd.errors.ParserError) as exc:
        raise FactsError(file, "(file)", f"cannot read: {exc}") from None
    for name in (*COLUMNS[file], "source_id"):
        if name not in frame.columns:
            raise FactsError(file, name, "missing required column")
    return frame


def _operations(folder: Path | None) -> pd.DataFrame:
    frame = _read(folder, "operations.csv")
    check = _Checker("operations.csv", frame, lambda r: r.operation_id)
    starts = check.column("start", parse_partial_date)
    ends = check.column("end", lambda c: parse_partial_date(c) if c else None)  # empty: ongoing
    frame["start"] = [p.earliest for p in starts]
    frame["start_precision"] = [p.precision for p in starts]
    frame["end"] = [p and p.latest for p in ends]
    frame["end_precision"] = [p and p.precision for p in ends]
    frame["nato_led"] = check.column("nato_led", _flag)
    frame["source_ids"] = check.column("source_id", _sources)
    duplicated = frame.loc[frame["operation_id"].duplicated(), "operation_id"].tolist()
    if duplicated:
        raise FactsError("operations.csv", f"operation_id {duplicated[0]}", "duplicated id")
    return frame


def _participation(folder: Path | None, operation_ids: set[str]) -> pd.DataFrame:
    frame = _read(folder, "participation.csv")
    check = _Checker("participation.csv", frame, lambda r: f"{r.operation_id}, {r.iso3}")

    def known_operation(cell: str) -> str:
        if cell not in operation_ids:
            raise ValueError("not an operation_id of operations.csv")
        return cell

    check.column("operation_id", known_operation)
    frame["iso3"] = check.column("iso3", _code)
    frame["member_at_time"] = check.column("member_at_time", _flag)
    participated = check.column("participated", lambda c: _flag(c, unknown=True))
    frame["participated"] = pd.array(participated, dtype="boolean")
    for name in ("strike_missions", "restricted_access"):
        values = check.column(name, lambda c: _flag(c, allow_empty=True))
        frame[name] = pd.array(values, dtype="boolean")
    frame["troops_peak"] = pd.array(check.column("troops_peak", _count), dtype="Int64")
    frame["contributions"] = check.column("contribution_type", _contributions)
    frame["source_ids"] = check.column("source_id", _sources)
    for i, (ids, answer) in enumerate(zip(frame["source_ids"], participated, strict=True)):
        if answer is not None and not ids:
            label = f"row {i + 2} ({frame['operation_id'][i]}, {frame['iso3'][i]}).source_id"
            raise FactsError("participation.csv", label, "a known answer needs a source")
    return frame


def _simple(folder: Path | None, file: str, counts: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = _read(folder, file)
    key = COLUMNS[file][0]
    check = _Checker(file, frame, lambda r: getattr(r, key))
    for name in (c for c in COLUMNS[file] if c.endswith("iso3")):
        frame[name] = check.column(name, _code)
    for name in counts:
        frame[name] = pd.array(check.column(name, _count), dtype="Int64")
    frame["source_ids"] = check.column("source_id", _sources)
    return frame


@cache
def _load(folder: Path | None) -> Operations:
    operations = _operations(folder)
    allies = _simple(folder, "allies.csv", counts=("accession_year",))
    check = _Checker("allies.csv", allies, lambda r: r.iso3)
    dates = check.column("accession_date", lambda c: parse_partial_date(c) if c else None)
    allies["accession_date_text"] = allies["accession_date"]
    # Only a day-precise date is a date; "1999-03" stays text (nothing invented).
    allies["accession_date"] = [d.earliest if d and d.precision == "day" else None for d in dates]
    return Operations(
        operations=operations,
        participation=_participation(folder, set(operations["operation_id"])),
        allies=allies,
        efp_battlegroups=_simple(folder, "efp_battlegroups.csv"),
        isaf_fatalities=_simple(folder, "isaf_fatalities.csv", counts=("fatalities",)),
    )


def load_operations(folder: Path | None = None) -> Operations:
    """Load the operations CSVs (bundled, or from ``folder``); parsing is cached."""
    loaded = _load(folder)
    return Operations(*(getattr(loaded, name).copy() for name in Operations.__dataclass_fields__))
