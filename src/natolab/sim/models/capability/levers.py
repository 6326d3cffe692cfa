"""A capability scenario's levers and parameters: what must be declared, and every problem with
its path when it is not (no default for a modelled input lives in code)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

#: the parameters every capability scenario must declare (no default lives in code)
REQUIRED = ("replacement_ratio", "brigade_slice", "recruits_per_year", "target_share_pct")
#: the cost block, declared together with ``levers.cost_years`` when a scenario counts costs
COST = ("acquisition_bn", "os_share", "service_life_years", "personnel_cost_k")
#: the exposure rule's parameters, declared when ``levers.burden_rule`` is ``exposure``
EXPOSURE = ("exposure_km", "border_factor")
#: per-capability parameters: a count for each, a production limit for each non-personnel one,
#: and optionally its acquisition cost per unit (millions, at the price base its lever declares)
PER_FORCE = ("count_", "production_", "unit_cost_")
POSITIVE = {
    "exposure_km",
    "border_factor",
    "replacement_ratio",
    "brigade_slice",
    "recruits_per_year",
    "acquisition_bn",
    "service_life_years",
    "personnel_cost_k",
}
#: with ``levers.personnel_cost``: where each run sits in the allies' personnel-weighted spread
#: of NATO's personnel spending per troop (0..1; the data give the values, the scenario the range)
NATO_PERSONNEL = "personnel_cost_quantile"
#: its outputs: the drawn cost per troop and the replacement troops' yearly personnel cost
PERSONNEL_OUTPUTS = ("personnel_cost_k", "personnel_usd_bn", "personnel_eur_bn")
#: the per-run outputs, their units, and the metric sensitivity analysis may pick
OUTPUTS: dict[str, str] = {
    "us_personnel": "troops",
    "troops_needed": "troops",
    "brigades": "brigades",
    "years_to_close": "years",
    "extra_share_pp": "percentage points of GDP",
    "extra_spending_bn": "bn per year",
    "running_cost_bn": "bn per year",
    "lifecycle_cost_bn": "bn over cost_years",
    "years_all": "years (the slowest category)",
}
COST_OUTPUTS = ("running_cost_bn", "lifecycle_cost_bn")
#: the priced equipment's one-off cost in both currencies (price base year), when any is priced
EQUIPMENT_COST = ("equipment_usd_bn", "equipment_eur_bn")


class PriceBase(BaseModel):
    """The currency and price year a declared unit cost is stated in (as its source states it)."""

    model_config = ConfigDict(extra="forbid")

    currency: Literal["USD", "EUR"]
    price_year: int


class PersonnelCost(BaseModel):
    """Where the cost per troop comes from: NATO's own tables (``from: nato``) for a group of
    allies, as of a year (default: the latest year up to ``levers.year`` that every ally of the
    group with armed forces reports)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    source: Literal["nato"] = Field(alias="from")
    group: str
    year: int | None = None


class CapabilityLevers(BaseModel):
    """The deterministic settings of a capability scenario."""

    model_config = ConfigDict(extra="forbid")

    us_forces: list[str] = Field(min_length=1)
    allies: list[str] = Field(min_length=1)
    year: int
    currency: Literal["USD", "EUR"] = "USD"
    fx_ally: str = "DEU"
    price_base_year: int | None = None
    burden_rule: Literal["gdp", "spending", "target", "exposure"] = "gdp"
    exposure_states: list[str] = Field(default_factory=lambda: ["RUS"], min_length=1)
    ramp_years: int = Field(default=10, ge=1, le=50)
    cost_years: int | None = Field(default=None, ge=1, le=100)
    unit_costs: dict[str, PriceBase] = Field(default_factory=dict)
    personnel_cost: PersonnelCost | None = None
    study: str | None = None
    compare: dict[str, str] = Field(default_factory=dict)


def parse_levers(
    scenario: Any, known_forces: dict[str, str], single_source: frozenset[str] = frozenset()
) -> CapabilityLevers:
    """The levers and declared parameters, or ScenarioError listing every problem with its path.

    ``known_forces`` maps each capability of the supplement to its category: a non-personnel
    capability needs its production limit declared (no default in code). A capability in
    ``single_source`` rests on one stored page, so a scenario may not use it.
    """
    from natolab.sim.problems import ScenarioError, validation_problems

    problems: list[tuple[str, str]] = []
    levers: CapabilityLevers | None = None
    try:
        levers = CapabilityLevers.model_validate(scenario.levers)
    except ValidationError as exc:
        problems += [(f"levers.{path}", msg) for path, msg in validation_problems(exc)]
    forces = levers.us_forces if levers else []
    for i, force in enumerate(forces):
        if force not in known_forces:
            known = ", ".join(known_forces)
            problems.append((f"levers.us_forces[{i}]", f"unknown capability {force!r} ({known})"))
        elif force in single_source:
            problems.append((f"levers.us_forces[{i}]", f"{force!r} rests on one stored page"))
    made = [f"production_{f}" for f in forces if known_forces.get(f, "personnel") != "personnel"]
    needed = [*REQUIRED, *made]
    if levers is not None and levers.burden_rule == "exposure":
        needed += EXPOSURE
    nato_pay = levers is not None and levers.personnel_cost is not None
    if nato_pay:
        needed.append(NATO_PERSONNEL)
    allowed = set(needed) | {f"count_{f}" for f in forces}
    allowed |= {f"unit_cost_{m[len('production_') :]}" for m in made}
    declared = {u.name for u in scenario.uncertainties}
    problems += _unit_cost_problems(declared, levers, made)
    costed = bool(declared & set(COST)) or bool(levers and levers.cost_years is not None)
    if costed:
        allowed |= set(COST)
        problems += _cost_problems(declared, levers)
    for i, u in enumerate(scenario.uncertainties):
        problems += _parameter_problems(i, u, allowed)
    problems += [
        ("uncertainties", f"declare {name} (no default in code)")
        for name in needed
        if name not in declared
    ]
    metrics = [
        o for o in OUTPUTS if (costed or o not in COST_OUTPUTS) and (made or o != "years_all")
    ]
    metrics += list(PERSONNEL_OUTPUTS) if nato_pay else []
    metrics += [f"{k}_{m[len('production_') :]}" for m in made for k in ("units", "years")]
    priced = list(levers.unit_costs) if levers else []
    metrics += [f"acquisition_{f}_bn" for f in priced]
    metrics += [*EQUIPMENT_COST, *(["equipment_running_bn"] if costed else [])] if priced else []
    if scenario.metric not in (None, *metrics):
        problems.append(("metric", f"capability metrics: {', '.join(metrics)}"))
    if problems or levers is None:
        raise ScenarioError(scenario.name, problems)
    return levers


def cost_parameters(levers: CapabilityLevers) -> tuple[str, ...]:
    """The cost block's drawn parameters: the troops' pay is NATO's (not declared) when
    ``levers.personnel_cost`` says so, so that one figure has one home."""
    return tuple(c for c in COST if not (levers.personnel_cost and c == "personnel_cost_k"))


def _cost_problems(declared: set[str], levers: CapabilityLevers | None) -> list[tuple[str, str]]:
    """The cost block is all or nothing: its parameters and the years it is counted over."""
    names = cost_parameters(levers) if levers is not None else COST
    problems = [
        ("uncertainties", f"declare {name} (the cost block needs all of {', '.join(names)})")
        for name in names
        if name not in declared
    ]
    if levers is not None and levers.personnel_cost and "personnel_cost_k" in declared:
        problems.append(
            ("uncertainties", "personnel_cost_k comes from NATO's tables (levers.personnel_cost)")
        )
    if levers is not None and levers.cost_years is None:
        problems.append(("levers.cost_years", "give the years the cost is counted over"))
    return problems


def _unit_cost_problems(
    declared: set[str], levers: CapabilityLevers | None, made: list[str]
) -> list[tuple[str, str]]:
    """A unit cost is declared with its price base, and only for a selected equipment capability."""
    if levers is None:
        return []
    equipment = {m[len("production_") :] for m in made}
    problems = [
        ("uncertainties", f"declare unit_cost_{f} (levers.unit_costs gives its price base)")
        for f in levers.unit_costs
        if f in equipment and f"unit_cost_{f}" not in declared
    ]
    problems += [
        (f"levers.unit_costs.{f}", "not a selected equipment capability")
        for f in levers.unit_costs
        if f not in equipment
    ]
    problems += [
        ("levers.unit_costs", f"give the currency and price_year of unit_cost_{f}")
        for f in sorted(equipment)
        if f"unit_cost_{f}" in declared and f not in levers.unit_costs
    ]
    return problems


def _parameter_problems(i: int, u: Any, allowed: set[str]) -> list[tuple[str, str]]:
    """A declared parameter must be known and its support must be a possible value."""
    if u.name not in allowed:
        return [(f"uncertainties[{i}].name", f"unknown parameter {u.name!r} for family capability")]
    lo, hi = u.support()
    if u.name.startswith(PER_FORCE[0]) and lo < 0:
        return [(f"uncertainties[{i}].bounds.lower", "a count cannot be negative")]
    if (u.name in POSITIVE or u.name.startswith(PER_FORCE[1:])) and lo <= 0:
        return [(f"uncertainties[{i}].bounds.lower", f"{u.name} must be > 0")]
    if u.name == NATO_PERSONNEL and not 0 <= lo <= hi <= 1:
        return [(f"uncertainties[{i}].bounds", f"{NATO_PERSONNEL} lies within 0..1")]
    if u.name == "os_share" and not 0 < lo <= hi < 1:
        return [(f"uncertainties[{i}].bounds", "os_share lies strictly within 0..1")]
    if u.name == "target_share_pct" and not 0 <= lo <= hi <= 100:
        return [(f"uncertainties[{i}].bounds", "a share of GDP lies within 0..100")]
    return []
