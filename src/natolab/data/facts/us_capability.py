"""US forces committed to Europe by capability, and the published replacement studies' figures.

natolab's own supplement ``supplements/us_capability.yaml`` (how it was compiled:
``supplements/SOURCES.md``). Each capability is a dated count with a ``low``..``high`` range
where the pages disagree and the ``central`` value a study used; each study figure is marked
``input`` (what the study assumed) or ``result`` (what it published), so a reproduction takes
its inputs from the study and compares its output with the study's result, never the reverse.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from natolab.data.facts._load import (
    Cited,
    FactsFile,
    FactsInput,
    FuzzyDate,
    Open,
    Ranged,
    by_id,
    parse_supplement,
    unique_ids,
)
from natolab.errors import FactsError

FILE = "supplements/us_capability.yaml"

#: the capability categories of issue 14 (a count of anything else is refused with its path)
Category = Literal[
    "personnel",
    "armour",
    "artillery",
    "combat_aircraft",
    "air_enablers",
    "air_missile_defence",
    "surface_combatants",
    "submarines",
    "command_space_intelligence",
]


class UsForce(Ranged):
    """One capability the US keeps in, or has committed to, Europe (or a study's equipment for
    replacing it): a count with its range. Personnel is replaced by recruiting, the rest by
    production, so the model needs the category to pick the limit that applies."""

    category: Category
    as_of: FuzzyDate


class CostFactor(Ranged):
    """A general cost relation (not a study's figure), with the range where sources disagree."""


class UnitCost(Ranged):
    """What one unit of a capability costs to buy, in the currency and price year the pages
    state, so a scenario can restate it at its own price base (with NATO's deflator).
    Its ``id`` is the capability (``us_forces`` id) it prices."""

    kind: Literal["acquisition"]
    currency: Literal["USD", "EUR"]
    price_year: int


class ProductionRate(Ranged):
    """How many units of a capability today's production line delivers a year, as the pages
    report it: context for a scenario's production limit (the extra units Europe could add,
    which stays a judgement), not that limit itself."""

    capability: str  # the ``us_forces`` id whose product it is
    product: str
    as_of: FuzzyDate


class StudyFigure(Cited):
    """A figure a study states: one of its inputs or one of its published results."""

    id: str
    kind: Literal["input", "result"]
    value: float
    unit: str
    note: str = ""


class Study(Open):
    """A published study and the figures natolab took from it."""

    id: str
    title: str
    published: FuzzyDate
    figures: tuple[StudyFigure, ...]

    def figure(self, figure_id: str) -> StudyFigure:
        return by_id(self.figures, figure_id, f"{self.id} figure")


class UsCapability(FactsFile):
    """The whole supplement."""

    meta: Open
    us_forces: tuple[UsForce, ...]
    studies: tuple[Study, ...]
    cost_factors: tuple[CostFactor, ...] = ()
    unit_costs: tuple[UnitCost, ...] = ()
    production_rates: tuple[ProductionRate, ...] = ()

    def force(self, force_id: str) -> UsForce:
        return by_id(self.us_forces, force_id, "US capability")

    def study(self, study_id: str) -> Study:
        return by_id(self.studies, study_id, "study")


@cache
def load_us_capability(source: FactsInput = None) -> UsCapability:
    """Load the bundled supplement (or a path / YAML text); malformed input is a FactsError."""
    found = parse_supplement(UsCapability, FILE, source)
    unique_ids(found.us_forces, FILE, "us_forces")
    unique_ids(found.studies, FILE, "studies")
    unique_ids(found.cost_factors, FILE, "cost_factors")
    unique_ids(found.unit_costs, FILE, "unit_costs")
    unique_ids(found.production_rates, FILE, "production_rates")
    forces = {f.id for f in found.us_forces}
    for cost in found.unit_costs:
        if cost.id not in forces:
            raise FactsError(FILE, f"unit_costs.{cost.id}", "prices no capability in us_forces")
    for rate in found.production_rates:
        if rate.capability not in forces:
            raise FactsError(FILE, f"production_rates.{rate.id}", "no capability in us_forces")
    ranged: list[tuple[str, UsForce | CostFactor | UnitCost | ProductionRate]] = [
        ("us_forces", f) for f in found.us_forces
    ]
    ranged += [("cost_factors", f) for f in found.cost_factors]
    ranged += [("production_rates", f) for f in found.production_rates]
    for where, item in ranged + [("unit_costs", f) for f in found.unit_costs]:
        if not item.low <= item.central <= item.high:
            raise FactsError(FILE, f"{where}.{item.id}", "central must lie within low..high")
    for study in found.studies:
        unique_ids(study.figures, FILE, f"studies.{study.id}.figures")
    return found
