"""Council episodes: who objected, delayed or abstained in a contested Council decision.

``supplements/council_episodes.yaml`` records each episode's question, dates, outcome and the
position of every ally (listed ones, plus ``others`` for the rest of the allies on the start
date), each episode with at least two stored public pages. The accession episodes are *linked*
to ``nordic_accession.yaml`` rather than copied: their holds, dates and pages are read from
there. Model B's objection outcome is fitted and scored on these rows
(:mod:`natolab.sim.models.crisis_council`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from natolab.data.allies import members_on
from natolab.data.facts._load import (
    Cited,
    FactsFile,
    FactsInput,
    FuzzyDate,
    Open,
    PartialDate,
    by_id,
    parse_supplement,
    unique_ids,
)
from natolab.data.facts.nordic_accession import load_nordic_accession
from natolab.errors import FactsError

FILE = "supplements/council_episodes.yaml"
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Position = Literal["objected", "delayed", "abstained", "supported", "unknown"]
Resolution = Literal["agreed", "agreed_after_delay", "agreed_without_objector", "workaround"]
#: Positions that held a decision up: what the objection model predicts.
HOLDS: tuple[Position, ...] = ("objected", "delayed")


class Stance(Open):
    """One ally's position in an episode, with a note in natolab's words."""

    ally: Iso3
    position: Position
    note: str = ""


class Link(Open):
    """An episode recorded in another supplement (only ``nordic_accession`` so far)."""

    supplement: Literal["nordic_accession"]
    candidate: Literal["FIN", "SWE"]


class CompiledEpisode(Cited):
    """An episode compiled here: dates, positions, outcome and at least two pages."""

    id: str
    question: str
    start: FuzzyDate
    end: FuzzyDate
    forum: str
    requesters: tuple[Iso3, ...] = ()
    positions: tuple[Stance, ...] = Field(min_length=1)
    others: Position
    others_basis: str
    outcome: str
    resolution: Resolution
    sources: tuple[str, ...] = Field(min_length=2)


class LinkedEpisode(Open):
    """An episode whose holds, dates and pages live in another supplement."""

    id: str
    question: str
    linked: Link
    resolution: Resolution


@dataclass(frozen=True)
class Episode:
    """One episode as natolab uses it: every ally on the start date with its position."""

    id: str
    question: str
    start: PartialDate
    end: PartialDate
    outcome: str
    resolution: str
    positions: dict[str, Position]
    requesters: tuple[str, ...]
    sources: tuple[str, ...]

    def held_up_by(self) -> tuple[str, ...]:
        """The allies that objected or delayed (the outcome the objection model predicts)."""
        return tuple(a for a, p in self.positions.items() if p in HOLDS)


class CouncilEpisodes(FactsFile):
    """The whole supplement."""

    meta: Open
    episodes: tuple[CompiledEpisode | LinkedEpisode, ...]

    def all(self) -> tuple[Episode, ...]:
        """Every episode with full positions, in order of start date (linked ones resolved)."""
        found = [_resolve(e) for e in self.episodes]
        return tuple(sorted(found, key=lambda e: (e.start.earliest, e.id)))

    def episode(self, episode_id: str) -> Episode:
        """One episode by id (``tur_2003_planning`` ... ``hun_2024_ukraine_support``)."""
        return by_id(self.all(), episode_id, "Council episode")


def _resolve(raw: CompiledEpisode | LinkedEpisode) -> Episode:
    if isinstance(raw, LinkedEpisode):
        return _linked(raw)
    members = tuple(members_on(raw.start.earliest)["iso3"])
    positions: dict[str, Position] = {m: raw.others for m in members}
    for stance in raw.positions:
        if stance.ally not in members:
            raise FactsError(FILE, f"episodes.{raw.id}.positions", f"{stance.ally} not an ally")
        positions[stance.ally] = stance.position
    for who in raw.requesters:
        positions[who] = "supported"
    return Episode(
        raw.id,
        raw.question,
        raw.start,
        raw.end,
        raw.outcome,
        raw.resolution,
        positions,
        raw.requesters,
        raw.sources,
    )


def _linked(raw: LinkedEpisode) -> Episode:
    """Finland's or Sweden's accession: holds as ``nordic_accession`` records them."""
    nordic = load_nordic_accession()
    steps = nordic.for_candidate(raw.linked.candidate)
    start, end = steps[0].date, steps[-1].date
    held = set(nordic.held_up_by(raw.linked.candidate))
    members = tuple(members_on(start.earliest)["iso3"])
    positions: dict[str, Position] = {m: "delayed" if m in held else "supported" for m in members}
    outcome = " ".join(s.summary for s in steps if s.action in ("lifted_objection", "joined"))
    pages = tuple(dict.fromkeys(u for s in steps for u in s.sources))
    return Episode(raw.id, raw.question, start, end, outcome, raw.resolution, positions, (), pages)


@cache
def load_council_episodes(source: FactsInput = None) -> CouncilEpisodes:
    """Load the bundled supplement (or a path / YAML text); malformed input is a FactsError."""
    found = parse_supplement(CouncilEpisodes, FILE, source)
    unique_ids(found.episodes, FILE, "episodes")
    for raw in found.episodes:
        if isinstance(raw, CompiledEpisode) and raw.end.latest < raw.start.earliest:
            raise FactsError(FILE, f"episodes.{raw.id}.end", f"{raw.end} is before {raw.start}")
    return found
