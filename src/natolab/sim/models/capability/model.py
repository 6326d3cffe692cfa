"""Model C's capability gap as the engine's :class:`~natolab.sim.model.Model`: prepare, run in
chunks, reduce to additive totals and summarise as tables with 90% bands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from natolab.sim.model import Arrays
from natolab.sim.models.capability.inputs import (
    CapabilityPrepared,
    context_table,
    exposure_inputs,
    nato_inputs,
    pay_spread,
    personnel_inputs,
    price_inputs,
    study_rows,
)
from natolab.sim.models.capability.levers import (
    COST,
    COST_OUTPUTS,
    EQUIPMENT_COST,
    EXPOSURE,
    NATO_PERSONNEL,
    OUTPUTS,
    PER_FORCE,
    PERSONNEL_OUTPUTS,
    REQUIRED,
    PriceBase,
    cost_parameters,
    parse_levers,
)
from natolab.sim.models.capability.rules import (
    acquisition,
    burden,
    compute,
    lifecycle,
    personnel_pay,
)

if TYPE_CHECKING:
    from natolab.alliance import Alliance

BINS = 4000


class CapabilityModel:
    """Model C's capability gap: the engine's :class:`~natolab.sim.model.Model`."""

    family = "capability"

    def prepare(self, scenario: Any, nato: Alliance) -> CapabilityPrepared:
        """Validate, read NATO's figures for the allies, and fix the histogram bins."""
        from natolab.data.facts.us_capability import load_us_capability

        record = load_us_capability()
        single = frozenset(f.id for f in record.us_forces if f.single_source)
        levers = parse_levers(scenario, {f.id: f.category for f in record.us_forces}, single)
        data = nato_inputs(scenario.name, levers, nato)
        forces = [record.force(f) for f in levers.us_forces]
        defaults = {f"count_{f.id}": f.central for f in forces}
        used = data.pop("used")
        prepared = CapabilityPrepared(
            levers,
            list(levers.us_forces),
            defaults,
            {f.id: f.unit for f in forces},
            {f.id: f.category for f in forces},
            **data,
            edges={},
            context=pd.DataFrame(),
        )
        if levers.burden_rule == "exposure":
            prepared.distance_km, prepared.border = exposure_inputs(scenario.name, levers)
        pay: dict[str, PriceBase] = {}
        if levers.personnel_cost is not None:
            prepared.pay_table, pay_year = personnel_inputs(scenario.name, levers, nato)
            pay = {"personnel_cost_k": PriceBase(currency="USD", price_year=pay_year)}
        if levers.unit_costs or pay:
            prices = price_inputs(scenario.name, levers, nato, pay)
            prepared.unit_cost_factor, prepared.to_usd, prepared.to_eur = prices
        if pay:
            prepared.pay_factor = prepared.unit_cost_factor.pop("personnel_cost_k")
            prepared.pay_values, prepared.pay_cdf = pay_spread(
                prepared.pay_table, prepared.pay_factor
            )
        prepared.outputs = _outputs(prepared)
        prepared.edges = _edges(scenario, prepared)
        prepared.context = context_table(prepared, used, record)
        prepared.reproduction = study_rows(scenario.name, levers, record, prepared.outputs)
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
        out = compute(p, prepared.personnel, prepared.equipment)
        by_ally = burden(out.pop("target"), prepared, p)
        money = by_ally / 100 * prepared.gdp  # (runs, allies), millions, current prices
        out["extra_share_pp"] = 100 * money.sum(axis=1) / prepared.gdp.sum()
        out["extra_spending_bn"] = money.sum(axis=1) * prepared.price_factor / 1000
        out["ally_extra_pp"] = by_ally
        if prepared.nato_pay:
            p["personnel_cost_k"] = np.interp(
                p[NATO_PERSONNEL], prepared.pay_cdf, prepared.pay_values
            )
            out.update(personnel_pay(p, out["troops_needed"], money, prepared))
        if prepared.costed:
            out.update(lifecycle(p, out["troops_needed"], float(prepared.levers.cost_years or 0)))
        out.update(acquisition(p, out, prepared))
        return out

    def reduce(self, prepared: CapabilityPrepared, outputs: Arrays) -> dict[str, np.ndarray]:
        """Sums, sums of squares and fixed-bin histograms (all add across chunks)."""
        out: dict[str, np.ndarray] = {"ally_extra_pp.sum": outputs["ally_extra_pp"].sum(axis=0)}
        if prepared.nato_pay:
            out["ally_personnel_bn.sum"] = outputs["ally_personnel_bn"].sum(axis=0)
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
        if prepared.nato_pay:
            pay = np.asarray(totals["ally_personnel_bn.sum"], dtype=float) / runs
            allies["personnel_usd_bn"] = pay * prepared.to_usd
            allies["personnel_eur_bn"] = pay * prepared.to_eur
            tables["personnel_cost"] = _pay_table(prepared)
        if prepared.reproduction:
            tables["reproduction"] = _reproduction(prepared, gap)
        return tables

    def metric(self, prepared: CapabilityPrepared, outputs: Arrays) -> np.ndarray:
        """The scenario's metric (default: the extra spending per year)."""
        return np.asarray(outputs[prepared.metric], dtype=float)


def _outputs(prepared: CapabilityPrepared) -> list[str]:
    """The outputs this scenario has: the fixed ones its blocks allow, then per category."""
    outputs = [o for o in OUTPUTS if prepared.costed or o not in COST_OUTPUTS]
    outputs = [o for o in outputs if o != "years_all" or prepared.equipment]
    outputs += list(PERSONNEL_OUTPUTS) if prepared.nato_pay else []
    outputs += [f"{k}_{f}" for f in prepared.equipment for k in ("units", "years")]
    if prepared.priced:
        outputs += [f"acquisition_{f}_bn" for f in prepared.priced] + list(EQUIPMENT_COST)
        outputs += ["equipment_running_bn"] if prepared.costed else []
    return outputs


def _names(prepared: CapabilityPrepared) -> tuple[str, ...]:
    """Every parameter a run needs: the required ones, the counts, and the cost block if any."""
    cost = cost_parameters(prepared.levers) if prepared.costed else ()
    exposure = EXPOSURE if prepared.levers.burden_rule == "exposure" else ()
    pay = (NATO_PERSONNEL,) if prepared.nato_pay else ()
    made = tuple(f"production_{f}" for f in prepared.equipment)
    priced = tuple(f"unit_cost_{f}" for f in prepared.priced)
    counts = tuple(f"count_{f}" for f in prepared.forces)
    return (*REQUIRED, *counts, *made, *priced, *cost, *exposure, *pay)


def _edges(scenario: Any, prepared: CapabilityPrepared) -> dict[str, np.ndarray]:
    """Histogram bins spanning every output's possible range.

    Every output is monotone in each input, so its extremes lie at corners of the declared
    supports. Enumerating all 2^n corners grows with every category (the IISS scenario's 27
    inputs are 134 million corners, minutes), so :func:`_extremes` searches them instead.
    """
    names = _names(prepared)
    spans = []
    for name in names:
        u = scenario.uncertainty(name)
        spans.append(u.support() if u else (prepared.defaults[name],) * 2)
    low, high = _extremes(prepared, names, np.array(spans, dtype=float))
    edges = {}
    for i, key in enumerate(prepared.outputs):
        lo, hi = float(low[i]), float(high[i])
        pad = max(abs(hi - lo), abs(hi), 1e-9) * 1e-3
        edges[key] = np.linspace(lo - pad, hi + pad, BINS + 1)
    return edges


def _extremes(
    prepared: CapabilityPrepared, names: tuple[str, ...], spans: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each output's lowest and highest value over the corners of ``spans`` (n inputs x 2 ends).

    One-at-a-time probes from the centre tell which end of each input raises each output; that
    gives every output a candidate highest and lowest corner. Each candidate then moves to its
    best single-input flip while one improves it, so an input whose direction depends on the
    others is still followed. All evaluations are batched: about 2n + 2n x outputs runs, not 2^n.
    """
    n, k = len(names), len(prepared.outputs)
    centre = spans.mean(axis=1)
    probes = np.tile(centre, (2 * n, 1))
    probes[np.arange(n), np.arange(n)] = spans[:, 0]
    probes[n + np.arange(n), np.arange(n)] = spans[:, 1]
    seen = _evaluate(prepared, names, probes)  # (2n, outputs)
    rises = (seen[n:] >= seen[:n]).T  # (outputs, n): the upper end raises the output
    upper = np.concatenate([rises, ~rises])  # (2 outputs, n): highest, then lowest corners
    column = np.tile(np.arange(k), 2)
    sense = np.repeat([1.0, -1.0], k)[:, None]
    flip = np.eye(n, dtype=bool)
    for _ in range(n + 1):  # each step strictly improves a candidate; monotone rules need one
        moves = (upper[:, None, :] ^ flip[None]).reshape(-1, n)  # (2 outputs x n, n)
        values = _evaluate(prepared, names, np.where(np.vstack([upper, moves]), *spans.T[::-1]))
        seen = np.vstack([seen, values])
        now = values[np.arange(2 * k), column][:, None] * sense
        moved = values[2 * k :].reshape(2 * k, n, k)[np.arange(2 * k), :, column] * sense
        better = moved.max(axis=1) > now[:, 0]
        if not better.any():
            break
        upper[better] = moves.reshape(2 * k, n, n)[better, moved.argmax(axis=1)[better]]
    return np.nanmin(seen, axis=0), np.nanmax(seen, axis=0)


def _evaluate(
    prepared: CapabilityPrepared, names: tuple[str, ...], points: np.ndarray
) -> np.ndarray:
    """Every output (columns, in ``prepared.outputs`` order) at each row of input values."""
    draws = {name: points[:, i] for i, name in enumerate(names)}
    outs = CapabilityModel().run_chunk(prepared, draws, np.random.default_rng(0), len(points))
    return np.column_stack([np.asarray(outs[key], dtype=float) for key in prepared.outputs])


def _band(prepared: CapabilityPrepared, t: Arrays, key: str, runs: int) -> dict[str, Any]:
    """Mean, sd and the 5th, 50th and 95th percentiles (a 90% band) of one output."""
    mean = float(t[f"{key}.sum"]) / runs
    sd = float(np.sqrt(max(float(t[f"{key}.sq"]) / runs - mean**2, 0.0)))
    hist, edges = np.asarray(t[f"{key}.hist"]), prepared.edges[key]
    q = {f"p{int(p * 100):02d}": _quantile(hist, edges, p) for p in (0.05, 0.5, 0.95)}
    unit = OUTPUTS.get(key) or _force_unit(prepared, key)
    base = prepared.levers.price_base_year or prepared.levers.year
    if key == "extra_spending_bn":
        unit = f"{prepared.levers.currency} {unit} ({base} prices)"
    elif key in COST_OUTPUTS:
        unit = f"{prepared.levers.currency} {unit}".replace(
            "cost_years", f"{prepared.levers.cost_years} years"
        )
    return {"output": key, "unit": unit, "mean": mean, "sd": sd, **q}


def _force_unit(prepared: CapabilityPrepared, key: str) -> str:
    """``units_<id>`` counts in the capability's own unit, ``years_<id>`` in years, and the
    equipment costs in their currency at the scenario's price base year."""
    base = prepared.levers.price_base_year or prepared.levers.year
    if key == "personnel_cost_k":
        return f"{prepared.levers.currency} thousand per troop per year ({base} prices)"
    if key in PERSONNEL_OUTPUTS:
        return f"{key.split('_')[1].upper()} bn per year ({base} prices)"
    if key in EQUIPMENT_COST:
        return f"{key.split('_')[1].upper()} bn ({base} prices)"
    if key.startswith("acquisition_") or key == "equipment_running_bn":
        per_year = " per year" if key == "equipment_running_bn" else ""
        return f"{prepared.levers.currency} bn{per_year} ({base} prices)"
    kind, force = key.split("_", 1)
    return prepared.units[force] if kind == "units" else f"years ({prepared.units[force]})"


def _pay_table(prepared: CapabilityPrepared) -> pd.DataFrame:
    """NATO's figures per ally behind the cost per troop, restated at the scenario's price
    base, with their release, source ids and grade (personnel spending includes pensions)."""
    table = prepared.pay_table.copy()
    base = prepared.levers.price_base_year or prepared.levers.year
    column = f"{prepared.levers.currency.lower()}_k_per_troop_{base}_prices"
    table[column] = table["usd_k_per_troop"] * prepared.pay_factor
    return table


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
        if u.name in REQUIRED
        or u.name in COST
        or u.name == NATO_PERSONNEL
        or u.name in EXPOSURE
        or u.name.startswith(PER_FORCE)
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
