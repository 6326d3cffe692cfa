"""Model C's gap in capabilities: what replacing the US forces in Europe takes, costs and lasts.

The rules are natolab's; every input is the scenario's (a declared uncertainty with its source,
or a judgement labelled as one) or the bundled data (NATO's GDP and spending figures, the US
forces supplement ``supplements/us_capability.yaml``). For each run:

* **US contribution**: the sum of the selected US capabilities' counts (``count_<id>``, drawn
  from the scenario; an undeclared one takes the supplement's ``central`` value).
* **Force requirement**: European troops = US troops x ``replacement_ratio`` (European troops
  needed per US troop of fighting capacity); brigades = troops / ``brigade_slice`` (troops per
  brigade including its share of support).
* **Time**: years to close = troops / ``recruits_per_year`` (net extra troops a year).
* **Cost**: the extra defence spending that raises the allies from their NATO-reported share of
  GDP in ``year`` to ``target_share_pct``, shared out by a burden-sharing rule (``gdp``: every
  ally adds the same share of GDP; ``spending``: in proportion to current spending; ``target``:
  each ally below the target rises to it), in the scenario's currency and price base year.

A study's published results are compared with natolab's median and 90% band in the
``reproduction`` table; the study's figures never enter the computation except as the inputs
the scenario declares from them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from natolab.sim.model import Arrays

if TYPE_CHECKING:
    from natolab.alliance import Alliance

#: the parameters every capability scenario must declare (no default lives in code)
REQUIRED = ("replacement_ratio", "brigade_slice", "recruits_per_year", "target_share_pct")
#: the cost block, declared together with ``levers.cost_years`` when a scenario counts costs
COST = ("acquisition_bn", "os_share", "service_life_years", "personnel_cost_k")
POSITIVE = {
    "replacement_ratio",
    "brigade_slice",
    "recruits_per_year",
    "acquisition_bn",
    "service_life_years",
    "personnel_cost_k",
}
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
}
COST_OUTPUTS = ("running_cost_bn", "lifecycle_cost_bn")
BINS = 4000


class CapabilityLevers(BaseModel):
    """The deterministic settings of a capability scenario."""

    model_config = ConfigDict(extra="forbid")

    us_forces: list[str] = Field(min_length=1)
    allies: list[str] = Field(min_length=1)
    year: int
    currency: Literal["USD", "EUR"] = "USD"
    fx_ally: str = "DEU"
    price_base_year: int | None = None
    burden_rule: Literal["gdp", "spending", "target"] = "gdp"
    ramp_years: int = Field(default=10, ge=1, le=50)
    cost_years: int | None = Field(default=None, ge=1, le=100)
    study: str | None = None
    compare: dict[str, str] = Field(default_factory=dict)


@dataclass
class CapabilityPrepared:
    """Plain arrays and tables for the runs."""

    levers: CapabilityLevers
    forces: list[str]
    defaults: dict[str, float]
    iso3: list[str]
    names: list[str]
    gdp: np.ndarray  # (allies,) GDP in the scenario's currency, millions, current prices of year
    spend: np.ndarray  # (allies,) defence spending, same units
    price_factor: float  # from current prices of ``year`` to prices of ``price_base_year``
    fx_rate: float  # currency units per US dollar in ``year`` (1 for USD)
    edges: dict[str, np.ndarray]
    context: pd.DataFrame
    metric: str = "extra_spending_bn"
    outputs: list[str] = field(default_factory=list)
    reproduction: list[dict[str, Any]] = field(default_factory=list)

    @property
    def costed(self) -> bool:
        return self.levers.cost_years is not None

    @property
    def share(self) -> np.ndarray:
        return 100 * self.spend / self.gdp


def parse_levers(scenario: Any, known_forces: list[str]) -> CapabilityLevers:
    """The levers and declared parameters, or ScenarioError listing every problem with its path."""
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
    allowed = set(REQUIRED) | {f"count_{f}" for f in forces}
    declared = {u.name for u in scenario.uncertainties}
    costed = bool(declared & set(COST)) or bool(levers and levers.cost_years is not None)
    if costed:
        allowed |= set(COST)
        problems += _cost_problems(declared, levers)
    for i, u in enumerate(scenario.uncertainties):
        problems += _parameter_problems(i, u, allowed)
    problems += [
        ("uncertainties", f"declare {name} (no default in code)")
        for name in REQUIRED
        if name not in declared
    ]
    metrics = [o for o in OUTPUTS if costed or o not in COST_OUTPUTS]
    if scenario.metric not in (None, *metrics):
        problems.append(("metric", f"capability metrics: {', '.join(metrics)}"))
    if problems or levers is None:
        raise ScenarioError(scenario.name, problems)
    return levers


def _cost_problems(declared: set[str], levers: CapabilityLevers | None) -> list[tuple[str, str]]:
    """The cost block is all or nothing: four parameters and the years it is counted over."""
    problems = [
        ("uncertainties", f"declare {name} (the cost block needs all of {', '.join(COST)})")
        for name in COST
        if name not in declared
    ]
    if levers is not None and levers.cost_years is None:
        problems.append(("levers.cost_years", "give the years the cost is counted over"))
    return problems


def _parameter_problems(i: int, u: Any, allowed: set[str]) -> list[tuple[str, str]]:
    """A declared parameter must be known and its support must be a possible value."""
    if u.name not in allowed:
        return [(f"uncertainties[{i}].name", f"unknown parameter {u.name!r} for family capability")]
    lo, hi = u.support()
    if u.name.startswith("count_") and lo < 0:
        return [(f"uncertainties[{i}].bounds.lower", "a count cannot be negative")]
    if u.name in POSITIVE and lo <= 0:
        return [(f"uncertainties[{i}].bounds.lower", f"{u.name} must be > 0")]
    if u.name == "os_share" and not 0 < lo <= hi < 1:
        return [(f"uncertainties[{i}].bounds", "os_share lies strictly within 0..1")]
    if u.name == "target_share_pct" and not 0 <= lo <= hi <= 100:
        return [(f"uncertainties[{i}].bounds", "a share of GDP lies within 0..100")]
    return []


def compute(p: dict[str, np.ndarray], forces: list[str]) -> dict[str, Any]:
    """The rules, vectorised over runs: ``p`` holds each parameter's values, shape ``(runs,)``."""
    us = sum((p[f"count_{f}"] for f in forces), np.zeros_like(p["replacement_ratio"]))
    troops = us * p["replacement_ratio"]
    return {
        "us_personnel": us,
        "troops_needed": troops,
        "brigades": troops / p["brigade_slice"],
        "years_to_close": troops / p["recruits_per_year"],
        "target": p["target_share_pct"],
    }


def lifecycle(p: dict[str, np.ndarray], troops: np.ndarray, years: float) -> dict[str, np.ndarray]:
    """Running and whole-period cost: one-off acquisition, then each year its operating and
    support cost and the replacement troops' pay.

    Operating and support over a system's life is ``os_share / (1 - os_share)`` times its
    acquisition cost (``os_share``: their share of life-cycle cost), spread evenly over
    ``service_life_years``; troops cost ``personnel_cost_k`` thousand a year each.
    """
    acquisition, share = p["acquisition_bn"], p["os_share"]
    running = acquisition * share / (1 - share) / p["service_life_years"]
    running = running + troops * p["personnel_cost_k"] / 1e6
    return {"running_cost_bn": running, "lifecycle_cost_bn": acquisition + years * running}


def _names(prepared: CapabilityPrepared) -> tuple[str, ...]:
    """Every parameter a run needs: the required ones, the counts, and the cost block if any."""
    cost = COST if prepared.costed else ()
    return (*REQUIRED, *(f"count_{f}" for f in prepared.forces), *cost)


def burden(target: np.ndarray, prepared: CapabilityPrepared) -> np.ndarray:
    """Extra share of GDP per run and ally (percentage points) under the burden-sharing rule.

    ``gdp`` and ``spending`` first close the group's gap (target minus the group's share) and
    then split it; ``target`` lifts each ally below the target to it and leaves the others.
    """
    gdp, spend = prepared.gdp, prepared.spend
    gap = np.maximum(target[:, None] - 100 * spend.sum() / gdp.sum(), 0.0)  # (runs, 1) pp
    rule = prepared.levers.burden_rule
    if rule == "gdp":
        return np.broadcast_to(gap, (len(target), len(gdp))).copy()
    if rule == "spending":
        money = gap / 100 * gdp.sum() * spend / spend.sum()  # (runs, allies)
        return 100 * money / gdp
    return np.maximum(target[:, None] - prepared.share, 0.0)


class CapabilityModel:
    """Model C's capability gap: the engine's :class:`~natolab.sim.model.Model`."""

    family = "capability"

    def prepare(self, scenario: Any, nato: Alliance) -> CapabilityPrepared:
        """Validate, read NATO's figures for the allies, and fix the histogram bins."""
        from natolab.data.facts.us_capability import load_us_capability

        record = load_us_capability()
        levers = parse_levers(scenario, [f.id for f in record.us_forces])
        data = _nato_inputs(scenario.name, levers, nato)
        defaults = {f"count_{f}": record.force(f).central for f in levers.us_forces}
        used = data.pop("used")
        prepared = CapabilityPrepared(
            levers, list(levers.us_forces), defaults, **data, edges={}, context=pd.DataFrame()
        )
        prepared.outputs = [o for o in OUTPUTS if prepared.costed or o not in COST_OUTPUTS]
        prepared.edges = _edges(scenario, prepared)
        prepared.context = _context(prepared, used, record)
        prepared.reproduction = _study(scenario.name, levers, record, prepared.outputs)
        prepared.metric = scenario.metric or "extra_spending_bn"
        return prepared

    def _params(
        self, prepared: CapabilityPrepared, draws: Arrays, runs: int
    ) -> dict[str, np.ndarray]:
        return {
            k: np.asarray(draws[k], dtype=float).reshape(runs)
            if k in draws
            else np.full(runs, prepared.defaults[k])
            for k in _names(prepared)
        }

    def run_chunk(
        self, prepared: CapabilityPrepared, draws: Arrays, rng: np.random.Generator, runs: int
    ) -> dict[str, np.ndarray]:
        """Every output per run, and each ally's extra share of GDP."""
        p = self._params(prepared, draws, runs)
        out = compute(p, prepared.forces)
        by_ally = burden(out.pop("target"), prepared)
        money = by_ally / 100 * prepared.gdp  # (runs, allies), millions, current prices
        out["extra_share_pp"] = 100 * money.sum(axis=1) / prepared.gdp.sum()
        out["extra_spending_bn"] = money.sum(axis=1) * prepared.price_factor / 1000
        out["ally_extra_pp"] = by_ally
        if prepared.costed:
            out.update(lifecycle(p, out["troops_needed"], float(prepared.levers.cost_years or 0)))
        return out

    def reduce(self, prepared: CapabilityPrepared, outputs: Arrays) -> dict[str, np.ndarray]:
        """Sums, sums of squares and fixed-bin histograms (all add across chunks)."""
        out: dict[str, np.ndarray] = {"ally_extra_pp.sum": outputs["ally_extra_pp"].sum(axis=0)}
        for key in prepared.outputs:
            values = np.asarray(outputs[key], dtype=float)
            out[f"{key}.sum"] = np.asarray(values.sum())
            out[f"{key}.sq"] = np.asarray((values**2).sum())
            out[f"{key}.hist"] = np.histogram(values, bins=prepared.edges[key])[0]
        return out

    def summarise(
        self, prepared: CapabilityPrepared, totals: Arrays, runs: int
    ) -> dict[str, pd.DataFrame]:
        """The gap with 90% bands, the reproduction, the allies' shares and their path."""
        gap = pd.DataFrame([_band(prepared, totals, key, runs) for key in prepared.outputs])
        extra = np.asarray(totals["ally_extra_pp.sum"], dtype=float) / runs
        allies = pd.DataFrame(
            {
                "iso3": prepared.iso3,
                "name": prepared.names,
                "share_pct": prepared.share,
                "extra_pp": extra,
                "new_share_pct": prepared.share + extra,
                "extra_spending_bn": extra / 100 * prepared.gdp * prepared.price_factor / 1000,
            }
        )
        start, ramp = prepared.levers.year, prepared.levers.ramp_years
        steps = np.arange(ramp + 1)
        path = pd.DataFrame(
            {
                "year": np.repeat(start + steps, len(prepared.iso3)),
                "iso3": np.tile(prepared.iso3, len(steps)),
                "extra_pp": np.outer(steps / ramp, extra).ravel(),
            }
        )
        path["share_pct"] = np.tile(prepared.share, len(steps)) + path["extra_pp"]
        tables = {"gap": gap, "allies": allies, "path": path, "context": prepared.context}
        if prepared.reproduction:
            tables["reproduction"] = _reproduction(prepared, gap)
        return tables

    def metric(self, prepared: CapabilityPrepared, outputs: Arrays) -> np.ndarray:
        """The scenario's metric (default: the extra spending per year)."""
        return np.asarray(outputs[prepared.metric], dtype=float)


def _nato_inputs(source: str, levers: CapabilityLevers, nato: Alliance) -> dict[str, Any]:
    """GDP and spending per ally in ``year``, the exchange rate and the price factor."""
    from natolab.sim.problems import ScenarioError

    year, problems = levers.year, []
    members = set(nato.members["iso3"])
    known = [a for a in levers.allies if a in members]
    frames = {
        m: nato.spending(m, allies=known)
        for m in ("usd_current_m", "gdp_usd_current_m", "usd_constant_m")
    }
    have = {
        m: set(f.loc[f["year"] == year, "iso3"]) for m, f in frames.items() if m != "usd_constant_m"
    }
    for i, iso in enumerate(levers.allies):
        if iso not in members:
            problems.append((f"levers.allies[{i}]", f"{iso} is not an ally on {nato.on}"))
        elif not all(iso in h for h in have.values()):
            problems.append((f"levers.allies[{i}]", f"no NATO GDP or spending for {iso} in {year}"))
    if levers.currency == "EUR" and levers.fx_ally not in members:
        problems.append(("levers.fx_ally", f"{levers.fx_ally} is not an ally on {nato.on}"))
        raise ScenarioError(source, problems)
    fx, deflator, fx_frame = _currency(levers, nato, known)
    base = levers.price_base_year or year
    if year not in fx.index:
        problems.append(("levers.year", f"no {levers.currency} rate in NATO's figures for {year}"))
    for key, y in (("year", year), ("price_base_year", base)):
        if y not in deflator.index:
            span = f"{deflator.index.min()}-{deflator.index.max()}"
            problems.append((f"levers.{key}", f"no deflator for {y} (bundled: {span})"))
    if problems:
        raise ScenarioError(source, problems)
    rate = float(fx.loc[year])
    pick = {m: f[f["year"] == year].set_index("iso3").loc[levers.allies] for m, f in frames.items()}
    used = pd.concat([pick["usd_current_m"], pick["gdp_usd_current_m"], fx_frame])
    names = dict(
        zip(frames["usd_current_m"]["iso3"], frames["usd_current_m"]["name"], strict=False)
    )
    return {
        "iso3": list(levers.allies),
        "names": [names.get(a, a) for a in levers.allies],
        "gdp": pick["gdp_usd_current_m"]["value"].to_numpy(float) * rate,
        "spend": pick["usd_current_m"]["value"].to_numpy(float) * rate,
        "price_factor": float(deflator.loc[base] / deflator.loc[year]),
        "fx_rate": rate,
        "used": used,
    }


def _currency(
    levers: CapabilityLevers, nato: Alliance, allies: list[str]
) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """Units of the currency per US dollar by year, its price index by year, and the rows used.

    Both come from NATO's own tables: for euros, the ``fx_ally``'s spending in national currency
    over its spending in dollars (the rate NATO converted at) and its current over constant
    national-currency spending; for dollars, the allies' current over constant dollar spending.
    """
    if levers.currency == "EUR":
        ally = [levers.fx_ally]
        cur = nato.spending("nac_current_m", allies=ally).set_index("year")
        usd = nato.spending("usd_current_m", allies=ally).set_index("year")
        const = nato.spending("nac_constant_m", allies=ally).set_index("year")
        fx = (cur["value"] / usd["value"]).dropna()
        return fx, (cur["value"] / const["value"]).dropna(), cur.reset_index()
    current = nato.spending("usd_current_m", allies=allies).groupby("year")["value"].sum()
    constant = nato.spending("usd_constant_m", allies=allies).groupby("year")["value"].sum()
    ones = pd.Series(1.0, index=current.index)
    return ones, (current / constant).dropna(), pd.DataFrame()


def _context(prepared: CapabilityPrepared, used: pd.DataFrame, record: Any) -> pd.DataFrame:
    """The data inputs with their provenance: release, source ids and grades of NATO's rows."""
    lv = prepared.levers
    sources = sorted({s for cell in used.get("source_id", []) for s in str(cell).split(";")})
    forces = [record.force(f) for f in prepared.forces]
    return pd.DataFrame(
        [
            {"input": "year", "value": lv.year, "source": "scenario lever"},
            {"input": "allies", "value": len(prepared.iso3), "source": " ".join(prepared.iso3)},
            {"input": f"gdp_{lv.currency.lower()}_m", "value": prepared.gdp.sum()}
            | {"source": f"NATO {', '.join(sorted(set(used.get('release', []))))}"},
            {"input": "share_pct", "value": 100 * prepared.spend.sum() / prepared.gdp.sum()}
            | {"source": f"NATO source ids {', '.join(sources)}"},
            {"input": f"{lv.currency} per USD", "value": prepared.fx_rate}
            | {
                "source": f"NATO: {lv.fx_ally} national currency / USD"
                if lv.currency == "EUR"
                else "-"
            },
            {"input": "price_factor", "value": prepared.price_factor}
            | {"source": f"to {lv.price_base_year or lv.year} prices (NATO current / constant)"},
        ]
        + [
            {"input": f"count_{f.id}", "value": f.central}
            | {"source": f"supplements/us_capability.yaml {' '.join(f.source_ids)}"}
            for f in forces
        ]
    )


def _study(
    source: str, levers: CapabilityLevers, record: Any, outputs: list[str]
) -> list[dict[str, Any]]:
    """The study results the scenario compares with, checked: outputs and result figures only."""
    from natolab.sim.problems import ScenarioError

    if levers.study is None:
        if levers.compare:
            raise ScenarioError(source, [("levers.compare", "give levers.study too")])
        return []
    studies = {s.id: s for s in record.studies}
    if levers.study not in studies:
        raise ScenarioError(
            source, [("levers.study", f"unknown study (known: {', '.join(studies)})")]
        )
    figures = {f.id: f for f in studies[levers.study].figures}
    problems, rows = [], []
    for output, fig in levers.compare.items():
        if output not in outputs:
            problems.append((f"levers.compare.{output}", "unknown output"))
        elif fig not in figures or figures[fig].kind != "result":
            problems.append((f"levers.compare.{output}", f"{fig!r} is no result of {levers.study}"))
        else:
            f = figures[fig]
            rows.append({"output": output, "figure": fig, "published": f.value, "unit": f.unit})
            rows[-1]["sources"] = " ".join(f.source_ids)
    if problems:
        raise ScenarioError(source, problems)
    return rows


def _edges(scenario: Any, prepared: CapabilityPrepared) -> dict[str, np.ndarray]:
    """Histogram bins spanning every output's possible range (outputs are monotone in each input,
    so the extremes lie at the corners of the declared supports)."""
    names = _names(prepared)
    spans = []
    for name in names:
        u = scenario.uncertainty(name)
        spans.append(u.support() if u else (prepared.defaults[name],) * 2)
    corners = np.array(list(itertools.product(*spans)), dtype=float)
    draws = {n: corners[:, i] for i, n in enumerate(names)}
    outs = CapabilityModel().run_chunk(prepared, draws, np.random.default_rng(0), len(corners))
    edges = {}
    for key in prepared.outputs:
        lo, hi = float(outs[key].min()), float(outs[key].max())
        pad = max(abs(hi - lo), abs(hi), 1e-9) * 1e-3
        edges[key] = np.linspace(lo - pad, hi + pad, BINS + 1)
    return edges


def _band(prepared: CapabilityPrepared, t: Arrays, key: str, runs: int) -> dict[str, Any]:
    """Mean, sd and the 5th, 50th and 95th percentiles (a 90% band) of one output."""
    mean = float(t[f"{key}.sum"]) / runs
    sd = float(np.sqrt(max(float(t[f"{key}.sq"]) / runs - mean**2, 0.0)))
    hist, edges = np.asarray(t[f"{key}.hist"]), prepared.edges[key]
    q = {f"p{int(p * 100):02d}": _quantile(hist, edges, p) for p in (0.05, 0.5, 0.95)}
    unit = OUTPUTS[key]
    if key == "extra_spending_bn":
        base = prepared.levers.price_base_year or prepared.levers.year
        unit = f"{prepared.levers.currency} {unit} ({base} prices)"
    elif key in COST_OUTPUTS:
        unit = f"{prepared.levers.currency} {unit}".replace(
            "cost_years", f"{prepared.levers.cost_years} years"
        )
    return {"output": key, "unit": unit, "mean": mean, "sd": sd, **q}


def _quantile(hist: np.ndarray, edges: np.ndarray, q: float) -> float:
    """A quantile from a fixed-bin histogram (linear within the bin)."""
    cum = np.cumsum(hist)
    if cum[-1] == 0:
        return float("nan")
    k = min(int(np.searchsorted(cum, q * cum[-1])), len(hist) - 1)
    before = cum[k - 1] if k else 0
    frac = (q * cum[-1] - before) / max(hist[k], 1)
    return float(edges[k] + frac * (edges[k + 1] - edges[k]))


def _reproduction(prepared: CapabilityPrepared, gap: pd.DataFrame) -> pd.DataFrame:
    """natolab's median and 90% band beside each published result, and the difference."""
    bands = gap.set_index("output")
    rows = []
    for r in prepared.reproduction:
        b = bands.loc[r["output"]]
        rows.append(
            {**r, "natolab_p50": b["p50"], "natolab_p05": b["p05"], "natolab_p95": b["p95"]}
            | {"difference_pct": 100 * (b["p50"] / r["published"] - 1)}
            | {"published_in_band": bool(b["p05"] <= r["published"] <= b["p95"])}
        )
    return pd.DataFrame(rows)


def embedded(scenario: Any, nato: Alliance, key: str = "capability") -> CapabilityPrepared | None:
    """The capability gap inside another model's scenario (model C): ``levers.<key>`` holds the
    capability levers and the scenario declares the capability parameters among its own.

    Problems are reported with the outer scenario's paths (``levers.capability.us_forces[0]``,
    ``uncertainties[7].bounds.lower``), so the author fixes the file they wrote.
    """
    import re

    from natolab.sim.problems import ScenarioError

    levers = dict(getattr(scenario, "levers", {}) or {})
    if key not in levers:
        return None
    own = [
        (i, u)
        for i, u in enumerate(scenario.uncertainties)
        if u.name in REQUIRED or u.name in COST or u.name.startswith("count_")
    ]
    inner = type(scenario)(  # the Scenario schema itself, without importing it back
        name=scenario.name,
        family="capability",
        horizon=scenario.horizon,
        levers=dict(levers[key]) if isinstance(levers[key], dict) else {},
        uncertainties=[u for _, u in own],
    )
    try:
        return CapabilityModel().prepare(inner, nato)
    except ScenarioError as exc:

        def outer(path: str) -> str:
            path = re.sub(r"^levers\.", f"levers.{key}.", path)
            return re.sub(
                r"^uncertainties\[(\d+)\]", lambda m: f"uncertainties[{own[int(m[1])][0]}]", path
            )

        raise ScenarioError(exc.source, [(outer(p), m) for p, m in exc.problems]) from None
