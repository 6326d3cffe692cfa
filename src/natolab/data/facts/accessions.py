"""The enlargement rounds as structured dates: natolab's own supplement.

``supplements/accessions.yaml`` gives each accession day after 1949 its invited countries
(ISO3), the invitation, the protocol signature and the accession, each date as precise as its
pages give it and every row with at least two stored public pages. Article 10's timing reads
durations from these fields instead of parsing English event summaries, so a reworded summary
cannot silently change a number.
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
    IsoDate,
    Open,
    PartialDate,
    by_id,
    parse_supplement,
    unique_ids,
)
from natolab.errors import FactsError

FILE = "supplements/accessions.yaml"
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class EnlargementRound(Cited):
    """One accession day: who joined, and when they were invited and their protocol signed."""

    id: str
    invited: tuple[Iso3, ...] = Field(min_length=1)
    invitation: FuzzyDate | None = None  # None: no cited page dates it
    protocol_signed: FuzzyDate | None = None
    joined: IsoDate
    sources: tuple[str, ...] = Field(min_length=2)

    def start(self, stage: str) -> PartialDate | None:
        """The date a duration to membership starts from: ``invitation`` or ``protocol``."""
        if stage not in ("invitation", "protocol"):
            raise ValueError(f"unknown stage {stage!r} (invitation or protocol)")
        return self.invitation if stage == "invitation" else self.protocol_signed


class Accessions(FactsFile):
    """The whole supplement, rounds in accession order."""

    meta: Open
    rounds: tuple[EnlargementRound, ...]

    def round(self, round_id: str) -> EnlargementRound:
        """One round by id (``greece_turkey_1952`` ... ``sweden_2024``)."""
        return by_id(self.rounds, round_id, "enlargement round")

    def round_of(self, iso3: str) -> EnlargementRound | None:
        """The round in which ``iso3`` joined (None for a founder or a non-member)."""
        return next((r for r in self.rounds if iso3 in r.invited), None)


def _check_order(found: Accessions) -> None:
    """Rounds in accession order; each start before its accession; a country in one round."""
    seen: dict[str, str] = {}
    for before, after in zip(found.rounds, found.rounds[1:], strict=False):
        if after.joined < before.joined:
            raise FactsError(FILE, f"rounds.{after.id}.joined", f"before {before.id}")
    for item in found.rounds:
        steps = [("invitation", item.invitation), ("protocol_signed", item.protocol_signed)]
        for key, start in steps:
            if start is not None and start.earliest > item.joined:
                raise FactsError(FILE, f"rounds.{item.id}.{key}", f"{start} is after joined")
        invited, signed = item.invitation, item.protocol_signed
        if invited and signed and signed.latest < invited.earliest:
            problem = f"{signed} is before the invitation"
            raise FactsError(FILE, f"rounds.{item.id}.protocol_signed", problem)
        for code in item.invited:
            if code in seen:
                raise FactsError(FILE, f"rounds.{item.id}.invited", f"{code} also in {seen[code]}")
            seen[code] = item.id


@cache
def load_accessions(source: FactsInput = None) -> Accessions:
    """Load the bundled supplement (or a path / YAML text); malformed input is a FactsError."""
    found = parse_supplement(Accessions, FILE, source)
    unique_ids(found.rounds, FILE, "rounds")
    _check_order(found)
    return found
