"""Dated parameters, OpenFisca-style, and reforms as overlays.

Every rule that changes with time (the 2% guideline, the Article 13 notice period, the US troop
floor in Europe, ...) is one YAML file in ``natolab/parameters/``::

    description: Share of GDP allies aim to spend on defence
    unit: percent_of_gdp
    uncertainty: origin year disputed (2002 vs 2006)   # optional
    values:
      2006-11-29: {value: 2.0, reference: src-6f404464}
      2024-01-01: {value: null, reference: ...}         # null: not in force from that date

``parameters(on=date)`` returns the tree in force on a date. A :class:`Reform` is a named
overlay: applying it yields a *new* tree that shares every untouched parameter with the base, so
what-ifs never mutate the law as it stands and never copy the whole tree.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from natolab.dates import parse_date
from natolab.errors import DataError, InputError

NOT_IN_FORCE = None


@dataclass(frozen=True)
class DatedValue:
    """One entry of a parameter's history: in force from ``since`` until the next entry."""

    since: date
    value: Any
    reference: str


@dataclass(frozen=True)
class Parameter:
    """A parameter's whole dated history, as its YAML file states it."""

    name: str
    description: str
    unit: str
    history: tuple[DatedValue, ...]
    uncertainty: str = ""

    def entry_on(self, on: date) -> DatedValue | None:
        """The entry in force on ``on``; None before the first date."""
        starts = [entry.since for entry in self.history]
        index = bisect.bisect_right(starts, on) - 1
        return self.history[index] if index >= 0 else None


@dataclass(frozen=True)
class ParameterValue:
    """A parameter resolved on a date: the value, since when, and the source it rests on."""

    name: str
    value: Any
    since: date | None
    reference: str
    unit: str
    description: str
    uncertainty: str = ""
    reform: str = ""

    @property
    def in_force(self) -> bool:
        return self.value is not NOT_IN_FORCE


@dataclass(frozen=True)
class Reform:
    """A named what-if: parameter name -> new value (from any date) or ``{date: value}``."""

    name: str
    changes: Mapping[str, Any]
    description: str = ""

    def __post_init__(self) -> None:
        """Refuse a typo or a wrong-typed value when the reform is written, not when first used."""
        if not isinstance(self.changes, Mapping) or not self.changes:
            raise InputError(f"reform {self.name!r}: changes must map parameter names to values")
        known = load_parameters()
        for name, change in self.changes.items():
            if name not in known:
                close = difflib.get_close_matches(str(name), list(known), n=3, cutoff=0.6)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise InputError(f"reform {self.name!r} changes unknown parameter {name!r}{hint}")
            values = change.values() if isinstance(change, Mapping) else [change]
            if isinstance(change, Mapping):
                for since in change:
                    _reform_date(since, self.name, name)
            for value in values:
                _check_kind(self.name, known[name], value)

    def apply(self, base: Mapping[str, Parameter]) -> dict[str, Parameter]:
        """Return the overlay: only the changed parameters, rebuilt with this reform's history."""
        overlay: dict[str, Parameter] = {}
        for name, change in self.changes.items():
            if name not in base:
                raise InputError(f"reform {self.name!r} changes unknown parameter {name!r}")
            original = base[name]
            reference = f"reform:{self.name}"
            if isinstance(change, Mapping):
                history = _merge(original.history, _entries(change, reference, self.name, name))
            else:
                history = (DatedValue(date.min, change, reference),)
            overlay[name] = Parameter(name, original.description, original.unit, history)
        return overlay


def _reform_date(raw: Any, reform: str, name: str) -> date:
    try:
        return parse_date(raw, f"reform {reform!r}: {name}")
    except DataError as exc:
        raise InputError(str(exc)) from exc


def _check_kind(reform: str, parameter: Parameter, value: Any) -> None:
    """A reform value must be of the kind the parameter already holds (a number stays a number)."""
    if isinstance(value, Mapping) and "value" in value:
        value = value["value"]
    current = next((e.value for e in reversed(parameter.history) if e.value is not None), None)
    if current is None or value is None:
        return
    numeric = (int, float)
    if isinstance(current, bool) or isinstance(value, bool):
        ok = isinstance(current, bool) and isinstance(value, bool)
    elif isinstance(current, numeric):
        ok = isinstance(value, numeric)
    else:
        ok = isinstance(value, type(current))
    if not ok:
        raise InputError(
            f"reform {reform!r}: {parameter.name} takes a {type(current).__name__} "
            f"(e.g. {current!r}), got {type(value).__name__} {value!r}"
        )


def _merge(base: tuple[DatedValue, ...], new: list[DatedValue]) -> tuple[DatedValue, ...]:
    by_date = {entry.since: entry for entry in base}
    by_date.update({entry.since: entry for entry in new})
    return tuple(by_date[d] for d in sorted(by_date))


def _entries(values: Mapping[Any, Any], default_ref: str, file: str, name: str) -> list[DatedValue]:
    entries = []
    for raw_date, raw in values.items():
        where = f"{file}: values.{raw_date}"
        if isinstance(raw, Mapping):
            if "value" not in raw:
                raise DataError(f"{where}: missing 'value'")
            value, reference = raw["value"], str(raw.get("reference") or default_ref)
        else:
            value, reference = raw, default_ref
        if not reference:
            raise DataError(f"{where}: missing 'reference'")
        entries.append(DatedValue(parse_date(raw_date, where), value, reference))
    return sorted(entries, key=lambda entry: entry.since)


class _RepeatedKey(Exception):
    """A mapping key written twice (raised by :class:`_StrictLoader`, caught by the parser)."""

    def __init__(self, key: object, first: int, second: int) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


class _StrictLoader(yaml.SafeLoader):
    """``yaml.safe_load`` keeps the last of two equal keys silently: two values on one date
    would lose one without a word. This loader refuses the second key instead."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # SafeLoader itself refuses an unhashable key, with its own message
            line = key_node.start_mark.line + 1
            if key in lines:
                raise _RepeatedKey(key, lines[key], line)
            lines[key] = line
        return super().construct_mapping(node, deep=deep)


def _load_yaml(text: str, file: str) -> Any:
    """Parse a parameter file's YAML; a repeated key (two values on one date) is a DataError."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except _RepeatedKey as repeated:
        lines = f"lines {repeated.first} and {repeated.second}"
        if isinstance(repeated.key, date):
            problem = f"two values on the same date {repeated.key.isoformat()} ({lines}); keep one"
        else:
            problem = f"the key {repeated.key!r} appears twice ({lines})"
        raise DataError(f"{file}: {problem}") from None
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError on 2020-13-01
        raise DataError(f"{file}: not valid YAML (invalid date or syntax): {exc}") from exc


def _repeated_date(history: list[DatedValue]) -> date | None:
    """The first date given two values (``2020-01-01`` and ``"2020-01-01"`` are one date)."""
    starts = [entry.since for entry in history]
    return next((d for d, after in zip(starts, starts[1:], strict=False) if d == after), None)


def parse_parameter(name: str, text: str, origin: str = "") -> Parameter:
    """Parse one parameter file; a malformed file is rejected with the file and key, and a date
    given two values is refused (a silent overwrite would change the law without a trace)."""
    file = origin or f"{name}.yaml"
    data = _load_yaml(text, file)
    if not isinstance(data, Mapping):
        raise DataError(f"{file}: expected a mapping with description, unit and values")
    for key in ("description", "unit", "values"):
        if key not in data:
            raise DataError(f"{file}: missing key {key!r}")
    if not isinstance(data["values"], Mapping) or not data["values"]:
        raise DataError(f"{file}: values: expected a non-empty mapping of date -> value")
    history = _entries(data["values"], "", file, name)
    repeated = _repeated_date(history)
    if repeated is not None:
        raise DataError(f"{file}: two values on the same date {repeated.isoformat()}; keep one")
    return Parameter(
        name=name,
        description=str(data["description"]).strip(),
        unit=str(data["unit"]),
        history=tuple(history),
        uncertainty=str(data.get("uncertainty") or "").strip(),
    )


def parameters_dir() -> Path:
    """Folder of the bundled parameter files."""
    return Path(str(files("natolab").joinpath("parameters")))


@cache
def load_parameters(folder: Path | None = None) -> Mapping[str, Parameter]:
    """Every parameter file in the folder, by name (the file stem)."""
    root = folder or parameters_dir()
    table = {
        path.stem: parse_parameter(path.stem, path.read_text(encoding="utf-8"), path.name)
        for path in sorted(root.glob("*.yaml"))
    }
    return MappingProxyType(table)


@dataclass(frozen=True)
class ParameterTree:
    """The parameters as they stand on one date, with any reforms applied on top."""

    on: date
    base: Mapping[str, Parameter]
    overlay: Mapping[str, Parameter] = field(default_factory=dict)
    reforms: tuple[str, ...] = ()

    def names(self) -> list[str]:
        return sorted(self.base)

    def _parameter(self, name: str) -> Parameter:
        if name in self.overlay:
            return self.overlay[name]
        if name not in self.base:
            raise InputError(f"unknown parameter {name!r}")
        return self.base[name]

    def get(self, name: str) -> ParameterValue:
        """The value in force on the tree's date, with its date, reference and reform."""
        parameter = self._parameter(name)
        entry = parameter.entry_on(self.on)
        reform = entry.reference.removeprefix("reform:") if entry else ""
        return ParameterValue(
            name=name,
            value=entry.value if entry else NOT_IN_FORCE,
            since=entry.since if entry and entry.since != date.min else None,
            reference=entry.reference if entry else "",
            unit=parameter.unit,
            description=parameter.description,
            uncertainty=parameter.uncertainty,
            reform=reform if entry and entry.reference.startswith("reform:") else "",
        )

    def value(self, name: str) -> Any:
        """Just the value (None when not in force)."""
        return self.get(name).value

    def __getitem__(self, name: str) -> ParameterValue:
        return self.get(name)

    def at(self, on: date) -> ParameterTree:
        """The same tree (same reforms) on another date."""
        return ParameterTree(on, self.base, self.overlay, self.reforms)

    def with_reforms(self, reforms: Iterable[Reform]) -> ParameterTree:
        """A new tree with the reforms applied in order; this tree is unchanged."""
        overlay = dict(self.overlay)
        names = list(self.reforms)
        for reform in reforms:
            overlay.update(reform.apply({**self.base, **overlay}))
            names.append(reform.name)
        return ParameterTree(self.on, self.base, MappingProxyType(overlay), tuple(names))


def parameters(on: date | str | None = None, reforms: Iterable[Reform] = ()) -> ParameterTree:
    """The parameter tree in force on ``on`` (default today), with reforms applied."""
    when = parse_date(on, "on") if on is not None else date.today()
    return ParameterTree(when, load_parameters()).with_reforms(reforms)
