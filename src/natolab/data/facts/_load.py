"""Shared machinery of the facts loaders.

The facts YAML files are hand-compiled and irregular, so each loader validates its file with
pydantic models and turns *every* problem into one :class:`~natolab.errors.FactsError` naming
the file, the key (list items named by their ``id``, e.g. ``statutes.ndaa_fy2024_s1250A.signed``)
and the problem. Models allow extra keys (the YAML carries many free-text notes) but type the
keys natolab computes with: dates, numbers, ``sources`` (URLs), ``confidence``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, ClassVar, Generic, Literal, Self, TypeVar, overload

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from natolab.data.bundle import bundle_path
from natolab.data.sources import known_ids, source_id_for_url
from natolab.errors import FactsError, InputError

Confidence = Literal["high", "medium", "low", "none"]
FactsInput = Path | str | None  # None: the bundled file; Path: a file; str: YAML text

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL = re.compile(
    r"(?:(?P<y0>\d{4})\s*-\s*(?P<y1>\d{4})|(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?)"
    r"(?:\s*\(.*\))?"
)
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
_LABELS = ("number", "n", "fy", "year", "host", "place", "date")


def _iso_date(value: Any) -> date:
    """Accept only ISO ``YYYY-MM-DD`` (or a YAML date): pydantic would read an int as a timestamp."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"invalid date {value!r} (expected YYYY-MM-DD)")


def _url(value: str) -> str:
    if not re.fullmatch(r"https?://\S+", value):
        raise ValueError(f"not a URL: {value!r}")
    return value


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, month or year (events use ``1990``, ``2019-01``, ``2001-2021``).

    ``earliest``/``latest`` bound the period the text allows; ``text`` is kept as written.
    """

    text: str
    earliest: date
    latest: date
    precision: Literal["day", "month", "year"]

    def __str__(self) -> str:
        return self.text


def parse_partial_date(value: Any) -> PartialDate:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``YYYY-YYYY`` (optional ``(comment)``)."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, date):
        return PartialDate(value.isoformat(), value, value, "day")
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    match = _PARTIAL.fullmatch(text)
    try:
        if match and match["y0"]:
            start, end = date(int(match["y0"]), 1, 1), date(int(match["y1"]), 12, 31)
            if end >= start:
                return PartialDate(text, start, end, "year")
        elif match and match["d"]:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
            return PartialDate(text, day, day, "day")
        elif match and match["m"]:
            first = date(int(match["y"]), int(match["m"]), 1)
            nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return PartialDate(text, first, date.fromordinal(nxt.toordinal() - 1), "month")
        elif match:
            year = int(match["y"])
            return PartialDate(text, date(year, 1, 1), date(year, 12, 31), "year")
    except ValueError:
        pass
    raise ValueError(f"invalid date {value!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
FuzzyDate = Annotated[PartialDate, BeforeValidator(parse_partial_date)]
Url = Annotated[str, AfterValidator(_url)]

_CAVEAT_KEYS = {"uncertainty", "unverified", "conflict", "nuance", "reporting_variance"}
_CAVEAT_SUFFIXES = ("_conflict", "_note", "_issue", "_warning", "_variance")


class Entry(Generic[T]):
    """A named item of a file as a typed attribute: ``wales_2014 = Entry[Pledge]("pledge", id)``.

    Reads ``obj.<lookup>(item_id)``, so well-known items (a pledge, a statute) are one line each
    instead of one property each, and a missing item fails with the lookup's own error.
    """

    def __init__(self, lookup: str, item_id: str) -> None:
        self.lookup, self.item_id = lookup, item_id

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> T | Self:
        if obj is None:
            return self
        found: T = getattr(obj, self.lookup)(self.item_id)
        return found


class Open(BaseModel):
    """A YAML mapping: typed where natolab computes, free-text extras kept as-is."""

    model_config = ConfigDict(
        extra="allow", frozen=True, arbitrary_types_allowed=True, ignored_types=(Entry,)
    )

    def get(self, key: str, default: Any = None) -> Any:
        """A typed field or an extra key of the YAML mapping."""
        if key in type(self).model_fields:
            return getattr(self, key)
        return (self.model_extra or {}).get(key, default)


class Sourced(Open):
    """A fact with its evidence: cited URLs, confidence, single-source flag, caveats."""

    #: The keys holding this fact's URLs (some files name them ``holders_sources`` etc.).
    url_keys: ClassVar[tuple[str, ...]] = ("sources",)

    sources: tuple[Url, ...] = ()
    confidence: Confidence | None = None
    single_source: bool = False

    @property
    def urls(self) -> tuple[str, ...]:
        """The URLs this fact cites, read from its :attr:`url_keys` (a URL or a list each)."""
        found: list[str] = []
        for key in self.url_keys:
            value = getattr(self, key)
            found.extend([value] if isinstance(value, str) else value)
        return tuple(found)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Ids of the cited URLs in the sources list (``natolab.data.sources``)."""
        return tuple(dict.fromkeys(source_id_for_url(u) for u in self.urls))

    @property
    def caveats(self) -> dict[str, str]:
        """The uncertainty notes the compilers attached (conflicts, unverified points, ...)."""
        items = {
            **{k: getattr(self, k) for k in type(self).model_fields},
            **(self.model_extra or {}),
        }
        return {
            k: v
            for k, v in items.items()
            if isinstance(v, str) and (k in _CAVEAT_KEYS or k.endswith(_CAVEAT_SUFFIXES))
        }


class Cited(Sourced):
    """A fact that must cite at least one URL and say how sure its compilers are."""

    sources: tuple[Url, ...] = Field(min_length=1)
    confidence: Confidence


class Ranged(Cited):
    """A sourced count, distance or cost relation, with the range where the pages disagree
    (one shape for every supplement that records a figure with its low and high)."""

    id: str
    unit: str
    low: float = Field(ge=0)
    high: float = Field(ge=0)
    central: float = Field(ge=0)
    basis: str


class FactsFile(Open):
    """The whole of one facts file: audited as a list of sourced facts."""

    def facts(self) -> list[tuple[str, Sourced]]:
        """Every sourced fact in the file with its key path (audits: every source resolves)."""
        return walk_facts(self)


def parse(model: type[M], file: str, source: FactsInput) -> M:
    """Read and validate one facts file (bundled, a path or YAML text); one FactsError if bad."""
    return validate(model, file, read_facts(file, source))


def parse_supplement(model: type[M], file: str, source: FactsInput) -> M:
    """Like :func:`parse` for natolab's own supplements, bundled under ``file`` (not ``facts/``)."""
    if source is None:
        source = bundle_path(*file.split("/")).read_text(encoding="utf-8")
    return parse(model, file, source)


def read_facts(file: str, source: FactsInput) -> dict[str, Any]:
    """The parsed YAML mapping of one facts file (bundled, a path, or YAML text)."""
    if source is None:
        text = bundle_path("facts", file).read_text(encoding="utf-8")
    elif isinstance(source, Path):
        text = source.read_text(encoding="utf-8")
    else:
        text = source
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FactsError(file, "(file)", f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise FactsError(file, "(top level)", "expected a mapping of keys")
    return data


def _step(node: Any, part: Any) -> tuple[str | None, Any]:
    """One step of a key path through the raw YAML: (label or None to skip, child)."""
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        item = node[part]
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return f".{item['id']}", item
        label = next((k for k in _LABELS if isinstance(item, dict) and k in item), None)
        return (f"[{label}={item[label]}]" if label else f"[{part}]"), item
    if isinstance(node, dict) and part in node:
        return f".{part}", node[part]
    return None, None


def key_path(data: Any, loc: tuple[Any, ...]) -> str:
    """Readable key of a pydantic error location (union-branch tags dropped)."""
    parts, node = [], data
    for i, part in enumerate(loc):
        label, child = _step(node, part)
        if label is None and i < len(loc) - 1 and node is not None:
            continue  # a union branch name such as 'Provision' or 'str'
        parts.append(label or f".{part}")
        node = child
    return "".join(parts).lstrip(".") or "(top level)"


def _problem(error: Any) -> str:
    if error["type"] == "missing":
        return "missing required key"
    message = str(error["msg"]).removeprefix("Value error, ")
    if message.startswith(("invalid date", "not a URL")):
        return message
    shown = repr(error.get("input"))
    return f"{message}, got {shown[:80]}"


def validate(model: type[M], file: str, data: dict[str, Any]) -> M:
    """Validate ``data`` with ``model``; every problem becomes one FactsError; sources checked."""
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        best = max(errors, key=lambda e: key_path(data, e["loc"]).count("."))
        raise FactsError(file, key_path(data, best["loc"]), _problem(best)) from None
    check_sources(file, data)
    return parsed


def check_sources(file: str, data: Any, path: str = "") -> None:
    """Every URL under a key naming a source must have an id in the sources list."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}".lstrip(".")
            if isinstance(key, str) and "source" in key:  # sources, holders_sources, ...
                for url in value if isinstance(value, list) else [value]:
                    cited = isinstance(url, str) and url.startswith(("http://", "https://"))
                    if cited and source_id_for_url(url) not in known_ids():
                        sid = source_id_for_url(url)
                        raise FactsError(file, here, f"unknown source {url!r} ({sid})")
            check_sources(file, value, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            label, _ = _step(data, i)
            check_sources(file, item, f"{path}{label}")


def by_id(items: tuple[T, ...], wanted: object, what: str, key: str = "id") -> T:
    """The item whose ``key`` equals ``wanted``; an InputError listing the valid ones."""
    for item in items:
        if getattr(item, key) == wanted:
            return item
    valid = ", ".join(str(getattr(i, key)) for i in items)
    raise InputError(f"no {what} {wanted!r}; known: {valid}")


def unique_ids(items: tuple[Any, ...], file: str, where: str) -> None:
    """Reject duplicated ids (lookups by id must be unambiguous)."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise FactsError(file, f"{where}.{item.id}", "duplicated id")
        seen.add(item.id)


def walk_facts(node: Any, path: str = "") -> list[tuple[str, Sourced]]:
    """Every :class:`Sourced` fact inside a parsed model, with its key path (for audits)."""
    found: list[tuple[str, Sourced]] = []
    if isinstance(node, Sourced):
        found.append((path or "(top level)", node))
    if isinstance(node, BaseModel):
        children: dict[Any, Any] = {k: getattr(node, k) for k in type(node).model_fields}
        for key, value in children.items():
            found += walk_facts(value, f"{path}.{key}".lstrip("."))
    elif isinstance(node, dict):
        for key, value in node.items():
            found += walk_facts(value, f"{path}.{key}")
    elif isinstance(node, tuple):
        for i, value in enumerate(node):
            label = getattr(value, "id", None) if isinstance(value, BaseModel) else None
            found += walk_facts(value, f"{path}.{label}" if label else f"{path}[{i}]")
    return found
