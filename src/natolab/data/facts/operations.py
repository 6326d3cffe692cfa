"""Operations and who took part: the calibration data of the crisis-response simulation.

The five CSVs (``operations``, ``participation``, ``allies``, ``efp_battlegroups``,
``isaf_fatalities``) are checked cell by cell and returned as typed DataFrames: dates as
``datetime.date``, flags as nullable booleans (``unknown`` stays missing, never ``False``),
counts as nullable integers, and ``source_ids`` as tuples that resolve in the sources list.

:func:`outcomes` is the one home of model B's labels: ``participated`` counts access as
participation, so it splits each row into *forces* and *access*, overridden by natolab's sourced
supplement ``supplements/operations_extension.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import Field, StringConstraints

from natolab.data.bundle import bundle_path
from natolab.data.facts._load import (
    Cited,
    FactsInput,
    FuzzyDate,
    Open,
    parse_partial_date,
    parse_supplement,
    unique_ids,
)
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
#: What counts as forces and as access (operations/README.md's two groups). ``host_nation`` (an
#: eFP host) is neither: hosting a standing battlegroup is not access granted to an operation.
# fmt: off
FORCE_TYPES = frozenset({
    "troops", "strike_aircraft", "bombers", "missiles", "sead", "fighter_cap", "isr", "tanker",
    "naval", "submarine", "mcm", "helicopters", "awacs_crew", "aircraft", "unspecified",
})
# fmt: on
ACCESS_TYPES = frozenset({"basing", "overflight", "logistics"})
OUTCOMES = ("forces", "access")
EXTENSION = "supplements/operations_extension.yaml"
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


Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Decision(Cited):
    """One ally's sourced decision on one outcome of one operation (two pages at least)."""

    id: str
    operation_id: str
    iso3: Iso3
    outcome: Literal["forces", "access"]
    value: bool
    date: FuzzyDate
    summary: str
    sources: tuple[str, ...] = Field(min_length=2)


class OperationsExtension(Open):
    """natolab's supplement to the operations tables."""

    decisions: tuple[Decision, ...]


@cache
def load_extension(source: FactsInput = None) -> OperationsExtension:
    """The sourced decisions supplement (bundled, a path or YAML text); bad input: FactsError."""
    found = parse_supplement(OperationsExtension, EXTENSION, source)
    unique_ids(found.decisions, EXTENSION, "decisions")
    operations = set(load_operations().operations["operation_id"])
    for d in found.decisions:
        if d.operation_id not in operations:
            raise FactsError(EXTENSION, f"decisions.{d.id}.operation_id", "not in operations.csv")
    return found


def _forces(participated: Any, contributions: tuple[str, ...]) -> float:
    """1 forces, 0 none, NaN unknown (participation unknown, or no contribution recorded)."""
    if participated is pd.NA:
        return float("nan")
    if not participated or FORCE_TYPES.intersection(contributions):
        return float(bool(participated))
    return 0.0 if contributions else float("nan")


def _access(participated: Any, contributions: tuple[str, ...]) -> float:
    """1 access granted, 0 refused or no support at all, NaN not recorded."""
    if ACCESS_TYPES.intersection(contributions):
        return 1.0
    if participated is pd.NA:
        return float("nan")
    if not participated or "restricted" in contributions:
        return 0.0
    return float("nan")  # forces recorded, access not: unknown, not "no"


def outcomes(ops: Operations | None = None, extension: FactsInput = None) -> pd.DataFrame:
    """Member-at-the-time rows with the two outcomes as 1/0/NaN (NaN: unknown, kept).

    ``access_asked`` marks operations whose record holds any access decision (basing,
    overflight, logistics or a restriction): only there is a missing access answer a question
    without an answer rather than a question nobody asked (ISAF, eFP, Active Endeavour).
    Supplement decisions override the derived value and add their sources.
    """
    ops = load_operations() if ops is None else ops
    part = ops.participation[ops.participation["member_at_time"].astype(bool)]
    frame = part.merge(
        ops.operations[["operation_id", "start", "legal_basis", "nato_led"]], on="operation_id"
    ).reset_index(drop=True)
    pairs = list(zip(frame["participated"], frame["contributions"], strict=True))
    frame["forces"] = [_forces(p, c) for p, c in pairs]
    frame["access"] = [_access(p, c) for p, c in pairs]
    asked = {
        op
        for op, contributions in zip(frame["operation_id"], frame["contributions"], strict=True)
        if (ACCESS_TYPES | {"restricted"}).intersection(contributions)
    }
    keys = zip(frame["operation_id"], frame["iso3"], strict=True)
    index = {key: n for n, key in enumerate(keys)}
    sources = list(frame["source_ids"])
    for d in load_extension(extension).decisions:
        row = index.get((d.operation_id, d.iso3))
        if row is None:
            raise FactsError(EXTENSION, f"decisions.{d.id}", "not a member row of participation")
        frame.loc[row, d.outcome] = float(d.value)
        sources[row] = tuple(dict.fromkeys((*sources[row], *d.source_ids)))
        if d.outcome == "access":
            asked.add(d.operation_id)
    frame["source_ids"] = sources
    frame["access_asked"] = frame["operation_id"].isin(asked)
    frame.loc[~frame["access_asked"], "access"] = float("nan")
    frame["start_year"] = [d.year for d in frame["start"]]
    columns = ["operation_id", "iso3", "start_year", "legal_basis", "nato_led", "participated"]
    return frame[[*columns, "contributions", *OUTCOMES, "access_asked", "source_ids"]]
