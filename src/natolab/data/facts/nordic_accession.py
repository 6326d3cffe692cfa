"""Finland's and Sweden's path into NATO: natolab's own supplement.

``supplements/nordic_accession.yaml`` records the applications, the allies that held the
ratifications up (Turkey, Hungary), the last ratifications and the accessions, each step with
at least two stored public pages. The claims checker asks "who held up Sweden, and until when?"
with :meth:`NordicAccession.held_up_by` and :meth:`NordicAccession.last_ratification`.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from natolab.data.facts._load import (
    Cited,
    FactsFile,
    FactsInput,
    FuzzyDate,
    Open,
    by_id,
    parse_supplement,
    unique_ids,
)
from natolab.errors import FactsError

FILE = "supplements/nordic_accession.yaml"
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Action = Literal[
    "applied",
    "held_up",
    "lifted_objection",
    "submitted_to_parliament",
    "ratified",
    "joined",
]


class AccessionStep(Cited):
    """One dated step: who acted (an ally's ISO code or ``NATO``), for which applicant(s)."""

    id: str
    date: FuzzyDate
    candidates: tuple[Literal["FIN", "SWE"], ...] = Field(min_length=1)
    actor: Iso3 | Literal["NATO"]
    action: Action
    summary: str
    after_delay: bool = False  # the pages call this ratification late ("months of delay")
    sources: tuple[str, ...] = Field(min_length=2)


class NordicAccession(FactsFile):
    """The whole supplement, steps in date order."""

    meta: Open
    steps: tuple[AccessionStep, ...]

    def step(self, step_id: str) -> AccessionStep:
        """One step by id (``applications`` ... ``sweden_joins``)."""
        return by_id(self.steps, step_id, "accession step")

    def for_candidate(self, iso3: str) -> tuple[AccessionStep, ...]:
        """The steps that concern Finland (``FIN``) or Sweden (``SWE``)."""
        return tuple(s for s in self.steps if iso3 in s.candidates)

    def held_up_by(self, iso3: str) -> tuple[str, ...]:
        """Allies that held up ``iso3``: an objection, or a ratification the pages call late."""
        steps = self.for_candidate(iso3)
        blockers = [s.actor for s in steps if s.action == "held_up" or s.after_delay]
        return tuple(dict.fromkeys(blockers))

    def last_ratification(self, iso3: str) -> AccessionStep | None:
        """The ratification that completed the allies' approval of ``iso3``."""
        ratified = [s for s in self.for_candidate(iso3) if s.action == "ratified"]
        return ratified[-1] if ratified else None


@cache
def load_nordic_accession(source: FactsInput = None) -> NordicAccession:
    """Load the bundled supplement (or a path / YAML text); malformed input is a FactsError."""
    found = parse_supplement(NordicAccession, FILE, source)
    unique_ids(found.steps, FILE, "steps")
    for before, after in zip(found.steps, found.steps[1:], strict=False):
        if after.date.latest < before.date.earliest:
            raise FactsError(FILE, f"steps.{after.id}.date", f"{after.date} is before {before.id}")
    return found
