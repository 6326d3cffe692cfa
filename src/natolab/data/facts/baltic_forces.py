"""RAND's Baltic wargames (2016): the study's findings, NATO's 2014-2015 posture and today's eFP.

natolab's own supplement ``supplements/baltic_forces.yaml`` (how it was compiled:
``supplements/SOURCES.md``). It holds only figures two stored pages show (or one, flagged
``single_source``); the ground-advance model (``natolab.sim.models.advance``) takes its inputs
from here or from the scenario's declared judgements, and compares its hours with the study's
``result`` figures, never the reverse.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from natolab.data.facts._load import (
    FactsFile,
    FactsInput,
    FuzzyDate,
    Open,
    Ranged,
    by_id,
    parse_supplement,
    unique_ids,
)
from natolab.data.facts.us_capability import Study
from natolab.errors import FactsError

FILE = "supplements/baltic_forces.yaml"


class UnitType(Open):
    """A kind of ground unit the advance model weighs (its combat power is a scenario input)."""

    id: str
    description: str


class Force(Ranged):
    """A force in or near the Baltic states at a date."""

    side: Literal["nato", "russia"]
    as_of: FuzzyDate


class BalticForces(FactsFile):
    """The whole supplement."""

    meta: Open
    unit_types: tuple[UnitType, ...]
    studies: tuple[Study, ...]
    forces: tuple[Force, ...]
    distances: tuple[Ranged, ...]

    @property
    def unit_ids(self) -> list[str]:
        return [u.id for u in self.unit_types]

    def study(self, study_id: str) -> Study:
        return by_id(self.studies, study_id, "study")

    def force(self, force_id: str) -> Force:
        return by_id(self.forces, force_id, "force")

    def distance(self, distance_id: str) -> Ranged:
        return by_id(self.distances, distance_id, "distance")


@cache
def load_baltic_forces(source: FactsInput = None) -> BalticForces:
    """Load the bundled supplement (or a path / YAML text); malformed input is a FactsError."""
    found = parse_supplement(BalticForces, FILE, source)
    for where in ("unit_types", "studies", "forces", "distances"):
        unique_ids(getattr(found, where), FILE, where)
    for where, items in (("forces", found.forces), ("distances", found.distances)):
        for item in items:
            if not item.low <= item.central <= item.high:
                raise FactsError(FILE, f"{where}.{item.id}", "central must lie within low..high")
    for study in found.studies:
        unique_ids(study.figures, FILE, f"studies.{study.id}.figures")
    return found
