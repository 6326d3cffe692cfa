"""The verdict scale and the checked answer one claim gets.

One home for the scale so the CLI, the JSON document, ClaimReview and the docs agree on the
words and their order (best to worst), and ClaimReview ratings are derived, not restated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Verdict(str, Enum):
    """How a claim stands against natolab's data, rules and facts."""

    ACCURATE = "accurate"
    ROUNDED = "accurate (rounded)"
    IMPRECISE = "imprecise"
    INACCURATE = "inaccurate"
    FALSE = "false"
    UNVERIFIABLE = "unverifiable"
    NOT_A_CLAIM = "not a factual claim"


MEANING = {
    Verdict.ACCURATE: "matches natolab's data, rule or fact",
    Verdict.ROUNDED: "matches once rounded as a reader would (within a stated tolerance)",
    Verdict.IMPRECISE: "right on another basis or year, or a rule stated without its alternative",
    Verdict.INACCURATE: "a wrong number or date",
    Verdict.FALSE: "the opposite of what the record shows",
    Verdict.UNVERIFIABLE: "natolab holds no data or rule that settles it",
    Verdict.NOT_A_CLAIM: "a quote, an opinion or a prediction: reported, not judged",
}

# ClaimReview ratings: 5 = best. Unverifiable and non-claims get no numeric rating.
RATING = {
    Verdict.ACCURATE: 5,
    Verdict.ROUNDED: 4,
    Verdict.IMPRECISE: 3,
    Verdict.INACCURATE: 2,
    Verdict.FALSE: 1,
}


@dataclass(frozen=True)
class Evidence:
    """One piece of natolab's answer: what it says, and where that comes from."""

    says: str
    source_ids: tuple[str, ...] = ()
    release: str | None = None
    citation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready mapping."""
        return {
            "says": self.says,
            "source_ids": list(self.source_ids),
            "release": self.release,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class Finding:
    """A checker's answer to one claim: verdict, one-sentence explanation, the evidence."""

    verdict: Verdict
    explanation: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    answer: dict[str, Any] = field(default_factory=dict)
