"""NATO's Secretaries General and their terms: natolab's own supplement.

The shared fact base has no list of the Secretaries General, so natolab bundles one in
``supplements/secretaries_general.yaml`` (how it was compiled: ``supplements/SOURCES.md``).
Every entry cites at least two stored public pages; a term's start or end is a day, a month or
a year as the pages give it (``PartialDate``), and conflicts between pages are kept as notes.
The claims checker asks "who was Secretary General on that day?" with :meth:`on`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated

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

FILE = "supplements/secretaries_general.yaml"
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class SecretaryGeneral(Cited):
    """One Secretary General: name, ally of origin and term (``end`` None for the incumbent)."""

    id: str
    name: str
    iso3: Iso3
    start: FuzzyDate
    end: FuzzyDate | None = None
    sources: tuple[str, ...] = Field(min_length=2)

    def may_hold_office_on(self, day: dt.date) -> bool:
        """True if ``day`` can fall within the term, given the precision of its dates."""
        return self.start.earliest <= day and (self.end is None or day <= self.end.latest)


class SecretariesGeneral(FactsFile):
    """The whole supplement, in order of taking office."""

    meta: Open
    secretaries_general: tuple[SecretaryGeneral, ...]

    def secretary(self, sg_id: str) -> SecretaryGeneral:
        """One entry by id (``ismay`` ... ``rutte``)."""
        return by_id(self.secretaries_general, sg_id, "Secretary General")

    def on(self, day: dt.date) -> tuple[SecretaryGeneral, ...]:
        """Who may have held office on ``day`` (two on a handover day or within a coarse date)."""
        return tuple(sg for sg in self.secretaries_general if sg.may_hold_office_on(day))


@cache
def load_secretaries_general(source: FactsInput = None) -> SecretariesGeneral:
    """Load the bundled supplement (or a path / YAML text); malformed input is a FactsError."""
    found = parse_supplement(SecretariesGeneral, FILE, source)
    unique_ids(found.secretaries_general, FILE, "secretaries_general")
    previous: SecretaryGeneral | None = None
    for sg in found.secretaries_general:
        key = f"secretaries_general.{sg.id}"
        if sg.end is not None and sg.end.latest < sg.start.earliest:
            raise FactsError(FILE, f"{key}.end", f"{sg.end} is before the start {sg.start}")
        if previous is not None and sg.start.latest < previous.start.earliest:
            raise FactsError(FILE, f"{key}.start", f"{sg.start} is before {previous.id}'s start")
        if sg.end is None and sg is not found.secretaries_general[-1]:
            raise FactsError(FILE, f"{key}.end", "only the last entry may be in office")
        previous = sg
    return found
