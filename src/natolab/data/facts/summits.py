"""NATO summits 1957-2021 (dates, host countries, cities): natolab's own supplement.

``supplements/summits.yaml`` lists the summits of heads of state and government from stored
public lists, each with at least two pages; a date the pages disagree on stays at month
precision with the conflict kept. Summits from 2022 on, with their headline decisions, are
events in ``facts/events.yaml`` (``load_events``, type ``summit``).
"""

from __future__ import annotations

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

FILE = "supplements/summits.yaml"
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Summit(Cited):
    """One summit: first and (if several days) last day, host countries and city."""

    id: str
    start: FuzzyDate
    end: FuzzyDate | None = None
    hosts: tuple[Iso3, ...] = Field(min_length=1)
    city: str
    sources: tuple[str, ...] = Field(min_length=2)

    @property
    def year(self) -> int:
        return self.start.earliest.year


class Summits(FactsFile):
    """The whole supplement, in date order."""

    meta: Open
    summits: tuple[Summit, ...]

    def summit(self, summit_id: str) -> Summit:
        """One summit by id (``paris_1957`` ... ``brussels_2021``)."""
        return by_id(self.summits, summit_id, "summit")

    def in_year(self, year: int) -> tuple[Summit, ...]:
        return tuple(s for s in self.summits if s.year == year)

    def hosted_by(self, iso3: str) -> tuple[Summit, ...]:
        return tuple(s for s in self.summits if iso3 in s.hosts)


@cache
def load_summits(source: FactsInput = None) -> Summits:
    """Load the bundled supplement (or a path / YAML text); malformed input is a FactsError."""
    found = parse_supplement(Summits, FILE, source)
    unique_ids(found.summits, FILE, "summits")
    for before, after in zip(found.summits, found.summits[1:], strict=False):
        if after.start.latest < before.start.earliest:
            raise FactsError(
                FILE, f"summits.{after.id}.start", f"{after.start} is before {before.id}"
            )
    for s in found.summits:
        if s.end is not None and s.end.latest < s.start.earliest:
            raise FactsError(FILE, f"summits.{s.id}.end", f"{s.end} is before the start {s.start}")
    return found
