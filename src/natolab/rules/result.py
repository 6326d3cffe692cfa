"""What every rule returns: an outcome with its steps, gates and reasons, never a bare boolean.

A legal answer is only as good as its explanation, so each procedure in :mod:`natolab.rules`
returns a :class:`Result`: a short ``outcome`` label, the ``steps`` with their dates, the
``gates`` (who must agree, by what majority, and whether they did), a ``because`` chain where
each :class:`Reason` cites an article or statute and the source ids behind it, what would change
the outcome, what is uncertain, and which reforms (what-ifs) were applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from natolab.data.bundle import read_yaml
from natolab.data.sources import source_id_for_url
from natolab.errors import FactsError

#: Gate statuses: a gate has passed, failed, is still open, or does not apply.
GATE_STATUSES = ("passed", "failed", "pending", "not_required")


@dataclass(frozen=True)
class Reason:
    """One link of a ``because`` chain: a claim, the provision it rests on, and its sources."""

    text: str
    citation: str
    source_ids: tuple[str, ...] = ()
    parameter: str = ""
    confidence: str = "high"


@dataclass(frozen=True)
class Step:
    """One step of a procedure, dated when the procedure fixes its date."""

    name: str
    description: str
    on: date | None = None
    because: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Gate:
    """A point where someone must agree: who, by what rule, and whether they have."""

    name: str
    who: str
    rule: str
    status: str
    detail: str = ""
    because: tuple[Reason, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in GATE_STATUSES:
            raise ValueError(f"gate status {self.status!r} not in {GATE_STATUSES}")


@dataclass(frozen=True)
class Result:
    """The answer of one rule on one date, with everything needed to check it."""

    rule: str
    on: date
    question: str
    outcome: str
    summary: str
    steps: tuple[Step, ...] = ()
    gates: tuple[Gate, ...] = ()
    because: tuple[Reason, ...] = ()
    would_change: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()
    reforms: tuple[str, ...] = ()
    dates: Mapping[str, date] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)

    def gate(self, name: str) -> Gate:
        """The gate with this name (KeyError if the procedure has none)."""
        for gate in self.gates:
            if gate.name == name:
                return gate
        raise KeyError(name)

    def source_ids(self) -> tuple[str, ...]:
        """Every source id cited anywhere in the result, in order of first citation."""
        seen: dict[str, None] = {}
        chains = [self.because, *(s.because for s in self.steps), *(g.because for g in self.gates)]
        for chain in chains:
            for reason in chain:
                seen.update(dict.fromkeys(reason.source_ids))
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings) for ``--format json`` and the web API."""
        return _plain(self)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def fact(file: str, *path: str | int) -> Any:
    """One fact from the bundled facts YAML, by keys (or list index / ``id`` / ``number``)."""
    node: Any = read_yaml("facts", file)
    for key in path:
        node = _child(node, key, file)
    return node


def _child(node: Any, key: str | int, file: str) -> Any:
    if isinstance(node, Mapping) and key in node:
        return node[key]
    if isinstance(node, list):
        for item in node:
            if isinstance(item, Mapping) and key in (item.get("id"), item.get("number")):
                return item
    raise FactsError(file, str(key), "not found (natolab.rules expects it)")


def ids(urls: Iterable[str] | str) -> tuple[str, ...]:
    """Source ids of cited URLs (the facts' ``src-`` + SHA-1 rule)."""
    items = [urls] if isinstance(urls, str) else list(urls)
    return tuple(source_id_for_url(u) for u in items)


def cite(text: str, citation: str, file: str, *path: str | int, confidence: str = "") -> Reason:
    """A reason citing one fact: its sources become the reason's source ids."""
    node = fact(file, *path)
    urls = node.get("sources", []) if isinstance(node, Mapping) else []
    level = confidence or (str(node.get("confidence", "high")) if isinstance(node, Mapping) else "")
    return Reason(text, citation, ids(urls), confidence=level or "high")


def from_parameter(text: str, citation: str, parameter: Any) -> Reason:
    """A reason resting on a dated parameter (its reference may be a source id or a reform)."""
    reference = str(parameter.reference)
    source = (reference,) if reference.startswith("src-") else ()
    where = f" [what-if: {parameter.reform}]" if getattr(parameter, "reform", "") else ""
    return Reason(text + where, citation, source, parameter=parameter.name)
