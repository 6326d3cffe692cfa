"""The answer to "check this article": every claim, its finding, the date used and why.

``to_dict`` goes through :mod:`natolab.serialise`, the one serialisation of natolab's
answers, so the CLI's JSON and a web endpoint are the same document.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from natolab.claims.extraction import Claim
from natolab.claims.verdicts import MEANING, Finding, Verdict


@dataclass(frozen=True)
class CheckedClaim:
    """A claim and natolab's finding on it."""

    claim: Claim
    finding: Finding

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote": self.claim.quote,
            "start": self.claim.start,
            "end": self.claim.end,
            "kind": self.claim.kind,
            "reading": self.claim.reading,
            "verdict": self.finding.verdict.value,
            "explanation": self.finding.explanation,
            "answer": self.finding.answer,
            "evidence": [e.to_dict() for e in self.finding.evidence],
        }


@dataclass(frozen=True)
class CheckReport:
    """All claims found in one article, judged as of ``date`` (``date_basis`` says why)."""

    claims: tuple[CheckedClaim, ...]
    date: dt.date
    date_basis: str
    checked_on: dt.date
    characters: int

    def counts(self) -> dict[str, int]:
        """How many claims got each verdict (every verdict listed, zeros included)."""
        found = Counter(item.finding.verdict for item in self.claims)
        return {v.value: found.get(v, 0) for v in Verdict}

    def to_dict(self) -> dict[str, Any]:
        """One JSON-ready document (the CLI's ``--format json`` and the web's answer)."""
        from natolab.serialise import plain

        return dict(
            plain(
                {
                    "date": self.date.isoformat(),
                    "date_basis": self.date_basis,
                    "checked_on": self.checked_on.isoformat(),
                    "characters": self.characters,
                    "scale": {v.value: MEANING[v] for v in Verdict},
                    "counts": self.counts(),
                    "claims": [item.to_dict() for item in self.claims],
                }
            )
        )
