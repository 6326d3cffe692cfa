"""What every rule returns: an outcome with its steps, gates and reasons, never a bare boolean.

A legal answer is only as good as its explanation, so each procedure in :mod:`natolab.rules`
returns a :class:`Result`: a short ``outcome`` label, the ``steps`` with their dates, the
``gates`` (who must agree, by what majority, and whether they did), a ``because`` chain where
each :class:`Reason` cites an article or statute and the source ids behind it, what would change
the outcome, what is uncertain, and which reforms (what-ifs) were applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Literal, get_args

from natolab.data.facts import Sourced, load_treaty
from natolab.display import Summary
from natolab.parameter_tree import ParameterValue

#: Gate statuses: a gate has passed, failed, is still open, or does not apply.
GateStatus = Literal["passed", "failed", "pending", "not_required"]
GATE_STATUSES: tuple[GateStatus, ...] = get_args(GateStatus)

# Each rule's outcome labels, one Literal per rule, so mypy refuses a label a rule does not define
# (a typo such as "efective" in a rule module fails ``mypy src``, not a user's comparison).
Article4Outcome = Literal["consultations_due", "not_available"]
Article5Outcome = Literal["invoked", "blocked", "pending", "outside_area", "no_armed_attack"]
Article6Outcome = Literal["covered", "not_covered"]
Article10Outcome = Literal["eligible", "eligibility_arguable", "not_eligible", "already_member"]
Article13Outcome = Literal["effective", "pending", "not_available", "unlawful_under_us_law"]
CouncilOutcome = Literal["agreed", "blocked", "rejected", "pending"]
TroopFloorOutcome = Literal[
    "no_floor",
    "floor_in_force",
    "at_or_above_floor",
    "below_floor_within_grace",
    "below_floor_needs_certification",
]
SaceurOutcome = Literal["statutory_bar", "practice_only"]
BillsOutcome = Literal["bills_introduced", "none_introduced"]
#: Every outcome any rule may return: what ``Result.outcome`` holds.
Outcome = Literal[
    Article4Outcome,
    Article5Outcome,
    Article6Outcome,
    Article10Outcome,
    Article13Outcome,
    CouncilOutcome,
    TroopFloorOutcome,
    SaceurOutcome,
    BillsOutcome,
]
OUTCOMES: tuple[Outcome, ...] = tuple(dict.fromkeys(get_args(Outcome)))
#: The outcomes each rule (by its ``Result.rule`` id) may return; a Result refuses any other.
RULE_OUTCOMES: dict[str, tuple[str, ...]] = {
    "article4": get_args(Article4Outcome),
    "article5": get_args(Article5Outcome),
    "article6.covered": get_args(Article6Outcome),
    "article10.accede": get_args(Article10Outcome),
    "article13.withdrawal": get_args(Article13Outcome),
    "council.decide": get_args(CouncilOutcome),
    "us.troop_floor": get_args(TroopFloorOutcome),
    "us.saceur": get_args(SaceurOutcome),
    "us.withdrawal_bills": get_args(BillsOutcome),
}


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


@dataclass(frozen=True, kw_only=True)
class Gate:
    """A point where someone must agree: who, by what rule, and whether they have.

    Built with keywords only, so that six fields of similar strings cannot be swapped silently.
    """

    name: str
    who: str
    rule: str
    status: GateStatus
    detail: str = ""
    because: tuple[Reason, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in GATE_STATUSES:
            raise ValueError(f"gate status {self.status!r} not in {GATE_STATUSES}")


@dataclass(frozen=True, repr=False)
class Result(Summary):
    """The answer of one rule on one date, with everything needed to check it."""

    rule: str
    on: date
    question: str
    outcome: Outcome
    summary: str
    steps: tuple[Step, ...] = ()
    gates: tuple[Gate, ...] = ()
    because: tuple[Reason, ...] = ()
    would_change: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()
    reforms: tuple[str, ...] = ()
    dates: Mapping[str, date] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse an outcome the rule does not define (mypy sees only the union of all rules')."""
        allowed = RULE_OUTCOMES.get(self.rule, OUTCOMES)
        if self.outcome not in allowed:
            raise ValueError(f"{self.rule}: outcome {self.outcome!r} not in {allowed}")

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


def cite(text: str, citation: str, fact: Sourced, confidence: str = "") -> Reason:
    """A reason resting on one typed fact: its ``source_ids`` and confidence travel with it.

    The ids come from the loader (``natolab.data.facts``), which already checked that each
    resolves in ``natolab.data.sources``; the rules never hash URLs themselves.
    """
    return Reason(
        text, citation, fact.source_ids, confidence=confidence or fact.confidence or "high"
    )


def treaty_article(number: int, text: str) -> Reason:
    """A reason citing Article ``number`` of the treaty and the pages its text was read from."""
    return cite(text, f"North Atlantic Treaty, Art. {number}", load_treaty().article(number))


def from_parameter(text: str, citation: str, parameter: ParameterValue) -> Reason:
    """A reason resting on a dated parameter (its reference may be a source id or a reform)."""
    reference = str(parameter.reference)
    source = (reference,) if reference.startswith("src-") else ()
    where = f" [what-if: {parameter.reform}]" if parameter.reform else ""
    return Reason(text + where, citation, source, parameter=parameter.name)
