"""The Baltic question: how many hours an attacker's ground advance takes to reach a capital.

A vectorised ground-advance model (model C's Baltic part, issue 14), stepped in hours for every
run at once, one column per axis of advance (e.g. border -> Tallinn, border -> Riga). The rules
are natolab's; every number is a scenario input (a declared uncertainty with its source, or a
judgement labelled as one), varied by ``sim sensitivity``. Per run and axis:

* **Forces**: the attacker's battalions on the axis = ``red_battalions`` x ``red_share_<axis>``
  (in Russian-manoeuvre-battalion equivalents); the defender's combat power = the sum over unit
  types of battalions x ``power_<type>`` (the same currency), the battalions in place at the
  onset (``levers.blue``, or a declared ``blue_<axis>_<type>``) plus the declared arrivals
  (``levers.arrivals``), each at its hour x ``arrival_slip``.
* **Fight** (while the defender has power left): each hour the defender loses
  ``attrition_per_hour`` x attacker power and the attacker loses ``attrition_per_hour`` x
  ``defender_advantage`` x defender power (Lanchester's square law, the defender's advantage of
  prepared positions as a multiplier); air power destroys ``air_attrition_per_hour`` of the
  attacker each hour (interdiction of the columns), fighting or not.
* **Movement**: with no defender left on the axis, the attacker advances at ``road_kmh`` (an
  unopposed advance, halts and refuelling included); while fighting, at ``contested_kmh`` if its
  power is at least ``attack_ratio`` times the defender's (the 3:1 planning rule) and not at all
  below it (the attack stalls, the fight goes on).
* **Outputs**: hours until the advance covers ``distance_<axis>_km``; the first capital reached
  (RAND's "Tallinn and/or Riga"); the share of runs reaching it within ``levers.deadline_hours``.
  A run that does not arrive within ``levers.horizon_hours`` counts as not arriving.

A study's published hours are set beside natolab's median and 90% band in ``reproduction``;
they never enter the computation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from natolab.sim.aggregate import hist_quantile
from natolab.sim.aggregate import histogram as _histogram
from natolab.sim.model import Arrays

if TYPE_CHECKING:
    from natolab.alliance import Alliance

#: the parameters every advance scenario declares (no default lives in code)
REQUIRED = (
    "red_battalions",
    "road_kmh",
    "contested_kmh",
    "attack_ratio",
    "attrition_per_hour",
    "defender_advantage",
    "air_attrition_per_hour",
)
#: parameters that must be strictly positive
POSITIVE = ("road_kmh", "contested_kmh", "attack_ratio", "defender_advantage", "arrival_slip")
#: parameters that are shares or hourly fractions (0..1)
FRACTIONS = ("attrition_per_hour", "air_attrition_per_hour")
FIRST = "hours_first"
MAX_STEPS = 20_000  # 240 hours in quarter hours is 960


class Arrival(BaseModel):
    """Battalions of one unit type joining the defence of an axis at a declared hour."""

    model_config = ConfigDict(extra="forbid")

    axis: str
    unit: str
    battalions: float
    hour: float = Field(ge=0)


class AdvanceLevers(BaseModel):
    """The deterministic settings of an advance scenario."""

    model_config = ConfigDict(extra="forbid")

    axes: dict[str, str] = Field(min_length=1, max_length=10)  # axis id -> capital's name
    blue: dict[str, dict[str, float]] = Field(default_factory=dict)
    arrivals: list[Arrival] = Field(default_factory=list, max_length=200)
    horizon_hours: float = Field(gt=0, le=2000)
    deadline_hours: float = Field(gt=0, le=2000)
    step_hours: float = Field(default=0.25, gt=0, le=6)
    study: str | None = None
    compare: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _steps(self) -> AdvanceLevers:
        """Why: a run costs one vectorised pass per step; cap them so a file cannot stall a run."""
        if self.horizon_hours / self.step_hours > MAX_STEPS:
            raise ValueError(f"horizon_hours / step_hours exceeds {MAX_STEPS:,} steps")
        if self.horizon_hours < self.step_hours:
            raise ValueError("horizon_hours is shorter than one step (step_hours)")
        return self


@dataclass
class AdvancePrepared:
    """Plain arrays and tables for the runs."""

    levers: AdvanceLevers
    axes: list[str]
    units: list[str]  # unit types with a power parameter
    blue: np.ndarray  # (axes, units) battalions at onset (lever values)
    blue_names: dict[tuple[int, int], str]  # (axis, unit) -> declared parameter overriding it
    arrivals: list[tuple[int, int, float, float]]  # (axis, unit, battalions, hour)
    edges: np.ndarray
    context: pd.DataFrame
    metric: str = FIRST
    reproduction: list[dict[str, Any]] = field(default_factory=list)

    @property
    def outputs(self) -> list[str]:
        return [f"hours_{a}" for a in self.axes] + [FIRST]


def _names(axes: list[str], units: list[str], arrivals: bool) -> set[str]:
    """Every parameter a scenario with these axes, unit types and arrivals must declare."""
    names = set(REQUIRED) | {f"power_{u}" for u in units}
    names |= {f"{p}_{a}" for a in axes for p in ("red_share",)} | {f"distance_{a}_km" for a in axes}
    return names | ({"arrival_slip"} if arrivals else set())


def parse_levers(scenario: Any, known_units: list[str]) -> AdvanceLevers:
    """The levers and declared parameters, or ScenarioError listing every problem with its path."""
    from natolab.sim.problems import ScenarioError, validation_problems

    problems: list[tuple[str, str]] = []
    levers: AdvanceLevers | None = None
    try:
        levers = AdvanceLevers.model_validate(scenario.levers)
    except ValidationError as exc:
        problems += [(f"levers.{path}", msg) for path, msg in validation_problems(exc)]
    axes = list(levers.axes) if levers else []
    used = _force_problems(levers, known_units, problems) if levers else set()
    required = _names(axes, sorted(used), bool(levers and levers.arrivals))
    optional = {f"blue_{a}_{u}" for a in axes for u in known_units}
    optional |= {f"power_{u}" for u in known_units}
    declared = {u.name for u in scenario.uncertainties}
    for i, u in enumerate(scenario.uncertainties):
        problems += _parameter_problems(i, u, required | optional)
    problems += [
        ("uncertainties", f"declare {name} (no default in code)")
        for name in sorted(required - declared)
    ]
    outputs = [f"hours_{a}" for a in axes] + [FIRST]
    if scenario.metric not in (None, *outputs):
        problems.append(("metric", f"advance metrics: {', '.join(outputs)}"))
    if levers and levers.deadline_hours > levers.horizon_hours:
        problems.append(("levers.deadline_hours", "the deadline lies beyond horizon_hours"))
    if problems or levers is None:
        raise ScenarioError(scenario.name, problems)
    return levers


def _force_problems(
    levers: AdvanceLevers, known: list[str], problems: list[tuple[str, str]]
) -> set[str]:
    """Unknown axes or unit types and negative counts; returns the unit types used."""
    used: set[str] = set()
    units = ", ".join(known)

    def check(path: str, axis: str, unit: str, count: float) -> None:
        if axis not in levers.axes:
            problems.append((path, f"unknown axis {axis!r} ({', '.join(levers.axes)})"))
        if unit not in known:
            problems.append((path, f"unknown unit type {unit!r} ({units})"))
        else:
            used.add(unit)
        if not count >= 0:
            problems.append((path, "a count cannot be negative"))

    for axis, forces in levers.blue.items():
        for unit, count in forces.items():
            check(f"levers.blue.{axis}.{unit}", axis, unit, count)
    for i, arr in enumerate(levers.arrivals):
        check(f"levers.arrivals[{i}]", arr.axis, arr.unit, arr.battalions)
    return used


def _parameter_problems(i: int, u: Any, allowed: set[str]) -> list[tuple[str, str]]:
    """A declared parameter must be known and its support must be a possible value."""
    if u.name not in allowed:
        return [(f"uncertainties[{i}].name", f"unknown parameter {u.name!r} for family advance")]
    lo, hi = u.support()
    where = f"uncertainties[{i}].bounds"
    if u.name.startswith(("blue_", "distance_", "power_")) or u.name == "red_battalions":
        return [(f"{where}.lower", "a count cannot be negative")] if lo < 0 else []
    if u.name in POSITIVE and lo <= 0:
        return [(f"{where}.lower", f"{u.name} must be > 0")]
    if (u.name in FRACTIONS or u.name.startswith("red_share_")) and not 0 <= lo <= hi <= 1:
        return [(where, f"{u.name} lies within 0..1")]
    return []


def advance(
    p: dict[str, np.ndarray], prepared: AdvancePrepared, runs: int
) -> dict[str, np.ndarray]:
    """The rules, vectorised over runs and axes: hours to each capital (inf: not arrived)."""
    axes = prepared.axes
    state = _initial(p, prepared, runs)
    hours = _step_all(state, prepared.levers, runs * len(axes)).reshape(runs, len(axes))
    out = {f"hours_{a}": hours[:, i] for i, a in enumerate(axes)}
    out[FIRST] = hours.min(axis=1)
    return out


def _initial(p: dict[str, np.ndarray], prepared: AdvancePrepared, runs: int) -> dict[str, Any]:
    """Every run-and-axis pair as one flat entry (run-major): forces, distance and rates."""
    axes, n_axes = prepared.axes, len(prepared.axes)
    power = np.stack([p[f"power_{u}"] for u in prepared.units] + [np.zeros(runs)], axis=1)[:, :-1]
    counts = np.broadcast_to(prepared.blue, (runs, *prepared.blue.shape)).copy()
    for (a, k), name in prepared.blue_names.items():
        counts[:, a, k] = p[name]
    slip = p.get("arrival_slip", np.ones(runs))
    state: dict[str, Any] = {
        "blue": (counts * power[:, None, :]).sum(axis=2).ravel(),
        "red": (p["red_battalions"][:, None] * np.stack([p[f"red_share_{a}"] for a in axes], 1)),
        "dist": np.stack([p[f"distance_{a}_km"] for a in axes], axis=1).ravel(),
    }
    state["red"] = state["red"].ravel()
    for name in ("attrition_per_hour", "defender_advantage", "air_attrition_per_hour"):
        state[name] = np.repeat(p[name], n_axes)
    for name in ("attack_ratio", "road_kmh", "contested_kmh"):
        state[name] = np.repeat(p[name], n_axes)
    arrivals = []
    for a, k, n, hour in prepared.arrivals:
        extra, at = np.zeros((runs, n_axes)), np.full((runs, n_axes), np.inf)
        extra[:, a], at[:, a] = power[:, k] * n, hour * slip
        arrivals.append((extra.ravel(), at.ravel()))
    state["arrivals"] = arrivals
    return state


def _step_all(state: dict[str, Any], lv: AdvanceLevers, n: int) -> np.ndarray:
    """Step the clock; entries that have arrived leave the active set (the arrays shrink)."""
    hours, active = np.full(n, np.inf), np.arange(n)
    dt = lv.step_hours
    cols = {k: v for k, v in state.items() if k != "arrivals"}
    # per-step loss rates, fixed per entry: computed once rather than every step
    cols["blue_kill"] = cols.pop("attrition_per_hour") * dt
    cols["red_kill"] = cols["blue_kill"] * cols.pop("defender_advantage")
    cols["air_kill"] = cols.pop("air_attrition_per_hour") * dt
    arrivals, x = state["arrivals"], np.zeros(n)
    for step in range(math.ceil(lv.horizon_hours / dt)):
        t0 = step * dt
        for extra, at in arrivals:
            cols["blue"] = cols["blue"] + np.where((at >= t0) & (at < t0 + dt), extra, 0.0)
        speed = _hour(cols)
        moved = x + speed * dt
        arrive = moved >= cols["dist"]
        if arrive.any():
            hours[active[arrive]] = t0 + (cols["dist"][arrive] - x[arrive]) / speed[arrive]
            keep = ~arrive
            active, x = active[keep], moved[keep]
            cols = {k: v[keep] for k, v in cols.items()}
            arrivals = [(extra[keep], at[keep]) for extra, at in arrivals]
        else:
            x = moved
        if not active.size:
            break
    return hours


def _hour(c: dict[str, np.ndarray]) -> np.ndarray:
    """One step of fight, air attrition and movement for the active entries; returns the speed."""
    red, blue = c["red"], c["blue"]
    fighting = blue > 1e-9
    attack = np.where(red >= c["attack_ratio"] * blue, c["contested_kmh"], 0.0)
    speed = np.where(red > 1e-9, np.where(fighting, attack, c["road_kmh"]), 0.0)
    red_loss = np.where(fighting, c["red_kill"] * blue, 0.0) + c["air_kill"] * red
    c["blue"] = np.maximum(blue - np.where(fighting, c["blue_kill"] * red, 0.0), 0.0)
    c["red"] = np.maximum(red - red_loss, 0.0)
    return speed


class AdvanceModel:
    """The ground-advance model: the engine's :class:`~natolab.sim.model.Model`."""

    family = "advance"

    def prepare(self, scenario: Any, nato: Alliance) -> AdvancePrepared:
        """Validate against the supplement's unit types and fix the histogram bins."""
        from natolab.data.facts.baltic_forces import load_baltic_forces

        record = load_baltic_forces()
        levers = parse_levers(scenario, record.unit_ids)
        axes = list(levers.axes)
        declared = {u.name for u in scenario.uncertainties}
        units = sorted(
            {u for f in levers.blue.values() for u in f} | {a.unit for a in levers.arrivals}
        )
        blue = np.array([[levers.blue.get(a, {}).get(u, 0.0) for u in units] for a in axes])
        names = {
            (i, k): f"blue_{a}_{u}"
            for i, a in enumerate(axes)
            for k, u in enumerate(units)
            if f"blue_{a}_{u}" in declared
        }
        arrivals = [
            (axes.index(r.axis), units.index(r.unit), r.battalions, r.hour) for r in levers.arrivals
        ]
        step = levers.step_hours
        edges = np.append(np.arange(0.0, levers.horizon_hours + step / 2, step), np.inf)
        prepared = AdvancePrepared(
            levers, axes, units, blue, names, arrivals, edges, pd.DataFrame()
        )
        prepared.context = _context(scenario, prepared)
        prepared.reproduction = _study(scenario.name, levers, record, prepared.outputs)
        prepared.metric = scenario.metric or FIRST
        return prepared

    def run_chunk(
        self, prepared: AdvancePrepared, draws: Arrays, rng: np.random.Generator, runs: int
    ) -> dict[str, np.ndarray]:
        """Hours to each capital per run (inf where the advance did not arrive)."""
        p = {k: np.asarray(v, dtype=float).reshape(runs) for k, v in draws.items()}
        out = advance(p, prepared, runs)
        horizon = prepared.levers.horizon_hours
        # the engine's finiteness check refuses inf: "not arrived" is stored past the horizon
        return {k: np.where(np.isfinite(v), v, 2 * horizon) for k, v in out.items()}

    def reduce(self, prepared: AdvancePrepared, outputs: Arrays) -> dict[str, np.ndarray]:
        """Fixed-bin histograms of the hours (the last bin: not arrived within the horizon)."""
        values = np.stack([np.asarray(outputs[k], dtype=float) for k in prepared.outputs], axis=1)
        return {"hours.hist": _histogram(values, prepared.edges)}

    def summarise(
        self, prepared: AdvancePrepared, totals: Arrays, runs: int
    ) -> dict[str, pd.DataFrame]:
        """Hours to each capital with 90% bands, the arrival curve, and the reproduction."""
        hist = np.asarray(totals["hours.hist"], dtype=float)  # (outputs, bins)
        lv = prepared.levers
        rows, curves = [], []
        capitals = [lv.axes[a] for a in prepared.axes] + ["first capital reached"]
        edges = prepared.edges
        for i, (key, capital) in enumerate(zip(prepared.outputs, capitals, strict=True)):
            counts = hist[i]
            cum = np.cumsum(counts) / runs
            band = {f"p{int(q * 100):02d}": _hours(counts, edges, q, lv) for q in (0.05, 0.5, 0.95)}
            within = float(counts[edges[1:] <= lv.deadline_hours + 1e-9].sum() / runs)
            rows.append(
                {"output": key, "capital": capital, **band}
                | {f"p_within_{lv.deadline_hours:g}h": within, "p_arrived": float(cum[-2])}
                | {"horizon_hours": lv.horizon_hours, "runs": runs}
            )
            per_hour = max(1, int(round(1 / lv.step_hours)))  # whole hours on the curve
            marks = np.arange(per_hour - 1, len(edges) - 2, per_hour)
            curves += [
                {
                    "output": key,
                    "capital": capital,
                    "hour": float(edges[m + 1]),
                    "p_arrived": cum[m],
                }
                for m in marks
            ]
        tables = {"hours": pd.DataFrame(rows), "arrival": pd.DataFrame(curves)}
        tables["context"] = prepared.context
        if prepared.reproduction:
            tables["reproduction"] = _reproduction(prepared, tables["hours"])
        return tables

    def metric(self, prepared: AdvancePrepared, outputs: Arrays) -> np.ndarray:
        """The scenario's metric (default: hours to the first capital reached)."""
        return np.asarray(outputs[prepared.metric], dtype=float)


def _hours(counts: np.ndarray, edges: np.ndarray, q: float, lv: AdvanceLevers) -> float:
    """A quantile of the hours; NaN when it lies beyond the horizon (not arrived)."""
    if counts[: len(counts) - 1].sum() < q * counts.sum():
        return float("nan")
    return min(
        hist_quantile(counts[:-1], edges[:-1], q * counts.sum() / counts[:-1].sum()),
        lv.horizon_hours,
    )


def _context(scenario: Any, prepared: AdvancePrepared) -> pd.DataFrame:
    """Every input with its declared source: the forces at the onset, arrivals and parameters."""
    rows = [
        {"input": f"blue_{a}_{u}", "value": float(prepared.blue[i, k]), "unit": "battalions"}
        | {"source": "levers.blue (see the scenario's description)"}
        for i, a in enumerate(prepared.axes)
        for k, u in enumerate(prepared.units)
        if (i, k) not in prepared.blue_names and prepared.blue[i, k] > 0
    ]
    rows += [
        {"input": f"arrival_{prepared.axes[a]}_{prepared.units[k]}", "value": n}
        | {"unit": f"battalions at hour {h:g}", "source": "levers.arrivals"}
        for a, k, n, h in prepared.arrivals
    ]
    for u in scenario.uncertainties:
        lo, hi = u.support()
        rows.append(
            {"input": u.name, "value": float(u.ppf(np.array([0.5]))[0]), "unit": u.unit}
            | {"source": f"{u.source} (drawn {lo:g}-{hi:g}, {u.distribution})"}
        )
    return pd.DataFrame(rows)


def _study(
    source: str, levers: AdvanceLevers, record: Any, outputs: list[str]
) -> list[dict[str, Any]]:
    """The study results the scenario compares with: one figure, or two bounding a range."""
    from natolab.sim.problems import ScenarioError
    from natolab.sim.studies import study_figures

    figures = study_figures(source, levers.study, levers.compare, record)
    problems, rows = [], []
    for output, ids in levers.compare.items():
        bad = [f for f in ids if f not in figures or figures[f].kind != "result"]
        if output not in outputs:
            problems.append((f"levers.compare.{output}", "unknown output"))
        elif bad or not 1 <= len(ids) <= 2:
            what = f"{bad[0]!r} is no result of {levers.study}" if bad else "one or two figures"
            problems.append((f"levers.compare.{output}", what))
        else:
            values = sorted(figures[f].value for f in ids)
            sources = sorted({s for f in ids for s in figures[f].source_ids})
            rows.append(
                {"output": output, "figures": " ".join(ids), "published_low": values[0]}
                | {"published_high": values[-1], "sources": " ".join(sources)}
            )
    if problems:
        raise ScenarioError(source, problems)
    return rows


def _reproduction(prepared: AdvancePrepared, hours: pd.DataFrame) -> pd.DataFrame:
    """natolab's median and 90% band beside the published hours (a range or one figure)."""
    bands = hours.set_index("output")
    rows = []
    for r in prepared.reproduction:
        b = bands.loc[r["output"]]
        low, high, p50 = r["published_low"], r["published_high"], b["p50"]
        rows.append(
            {**r, "natolab_p50": p50, "natolab_p05": b["p05"], "natolab_p95": b["p95"]}
            | {"median_in_published": bool(low <= p50 <= high)}
            | {"difference_pct": 100 * (p50 / ((low + high) / 2) - 1)}
        )
    return pd.DataFrame(rows)
