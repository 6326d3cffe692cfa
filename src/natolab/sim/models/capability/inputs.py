"""The data a capability scenario reads: NATO's GDP and spending for its allies, the exchange
rate and price index from NATO's own tables, the geography for the exposure rule, and the study
results it compares with; each with the provenance the ``context`` table reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from natolab.sim.models.capability.levers import CapabilityLevers, PriceBase

if TYPE_CHECKING:
    from natolab.alliance import Alliance


@dataclass
class CapabilityPrepared:
    """Plain arrays and tables for the runs."""

    levers: CapabilityLevers
    forces: list[str]
    defaults: dict[str, float]
    units: dict[str, str]  # each selected capability's unit (troops, aircraft, ships ...)
    categories: dict[str, str]  # each selected capability's category
    iso3: list[str]
    names: list[str]
    gdp: np.ndarray  # (allies,) GDP in the scenario's currency, millions, current prices of year
    spend: np.ndarray  # (allies,) defence spending, same units
    price_factor: float  # from current prices of ``year`` to prices of ``price_base_year``
    fx_rate: float  # currency units per US dollar in ``year`` (1 for USD)
    edges: dict[str, np.ndarray]
    context: pd.DataFrame
    distance_km: np.ndarray = field(default_factory=lambda: np.zeros(0))  # capital to adversary
    border: np.ndarray = field(default_factory=lambda: np.zeros(0))  # 1 on a land border
    #: per priced capability: from its unit cost's price base to the scenario's currency and
    #: price base year; then from the scenario's currency to dollars and to euros
    unit_cost_factor: dict[str, float] = field(default_factory=dict)
    to_usd: float = 1.0
    to_eur: float = 1.0
    #: with ``levers.personnel_cost``: the allies' cost per troop (thousand, scenario currency
    #: and price base) sorted, each one's position in the personnel-weighted spread, and the table
    pay_values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pay_cdf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pay_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    pay_factor: float = 1.0  # from current dollars of the pay table's year to the scenario's
    metric: str = "extra_spending_bn"
    outputs: list[str] = field(default_factory=list)
    reproduction: list[dict[str, Any]] = field(default_factory=list)

    @property
    def costed(self) -> bool:
        return self.levers.cost_years is not None

    @property
    def share(self) -> np.ndarray:
        return 100 * self.spend / self.gdp

    @property
    def nato_pay(self) -> bool:
        return self.levers.personnel_cost is not None

    @property
    def personnel(self) -> list[str]:
        return [f for f in self.forces if self.categories[f] == "personnel"]

    @property
    def equipment(self) -> list[str]:
        return [f for f in self.forces if self.categories[f] != "personnel"]

    @property
    def priced(self) -> list[str]:
        return [f for f in self.equipment if f in self.levers.unit_costs]


def exposure_inputs(source: str, levers: CapabilityLevers) -> tuple[np.ndarray, np.ndarray]:
    """Each ally's distance (capital to the nearest adversary capital) and land-border flag,
    from the data layer's geography (the same tables model B reads)."""
    from natolab.sim import geography
    from natolab.sim.problems import ScenarioError

    places = geography.places()
    problems = [
        (f"levers.exposure_states[{i}]", f"{s} is not a state in the geography tables")
        for i, s in enumerate(levers.exposure_states)
        if s not in places.index or places.loc[s, "kind"] != "state"
    ]
    problems += [
        (f"levers.allies[{i}]", f"{a} has no capital in the geography tables")
        for i, a in enumerate(levers.allies)
        if a not in places.index
    ]
    if problems:
        raise ScenarioError(source, problems)
    states = levers.exposure_states
    km = [geography.distances_km(levers.allies, *geography.location(s)) for s in states]
    border = [geography.borders_state(levers.allies, s) for s in states]
    return np.min(km, axis=0), np.max(border, axis=0)


def nato_inputs(source: str, levers: CapabilityLevers, nato: Alliance) -> dict[str, Any]:
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


def price_inputs(
    source: str, levers: CapabilityLevers, nato: Alliance, extra: dict[str, PriceBase] | None = None
) -> tuple[dict[str, float], float, float]:
    """Factors restating each declared unit cost at the scenario's currency and price base
    year, and the scenario currency's dollars and euros at that year.

    A cost stated in currency ``c`` at year ``y`` is converted at NATO's rate of year ``y``,
    then carried to the base year with the scenario currency's price index: both from NATO's
    own tables (:func:`_currency`). A year with no index or rate is a problem with its path.
    ``extra`` restates other figures the same way (the troops' pay, under its own key).
    """
    from natolab.sim.problems import ScenarioError

    base = levers.price_base_year or levers.year
    series = {
        c: _currency(levers.model_copy(update={"currency": c}), nato, levers.allies)[:2]
        for c in ("USD", "EUR")
    }
    fx, deflator = series[levers.currency]
    span = f"{deflator.index.min()}-{deflator.index.max()}"
    problems, factors = [], {}
    for force, price in (levers.unit_costs | (extra or {})).items():
        y, rate = price.price_year, series[price.currency][0]
        if y not in deflator.index or y not in fx.index or y not in rate.index:
            path = "levers.personnel_cost.year" if force in (extra or {}) else None
            problems.append(
                (
                    path or f"levers.unit_costs.{force}.price_year",
                    f"no deflator for {y} (bundled: {span})",
                )
            )
            continue
        factors[force] = float(fx.loc[y] / rate.loc[y] * deflator.loc[base] / deflator.loc[y])
    eur = series["EUR"][0]
    if base not in eur.index or base not in fx.index:
        problems.append(("levers.price_base_year", f"no euro rate in NATO's figures for {base}"))
    if problems:
        raise ScenarioError(source, problems)
    return factors, float(1 / fx.loc[base]), float(eur.loc[base] / fx.loc[base])


#: NATO's three measures that give the personnel spending per military person
PAY_MEASURES = ("usd_current_m", "personnel_share_pct", "personnel_thousands")


def personnel_inputs(
    source: str, levers: CapabilityLevers, nato: Alliance
) -> tuple[pd.DataFrame, int]:
    """Each ally's personnel spending per military person from NATO's own tables, in thousand
    current US dollars of the year used: dollars x personnel share / personnel.

    Why NATO's: it is a sourced figure per ally with a release and a grade, where a study's
    total over a head count is one reading. The year is the latest up to ``levers.year`` that
    every ally of the group with armed forces reports (Iceland reports no personnel share), so
    the spread is never that of a partial set; a year given that lacks an ally is refused.
    """
    from natolab.data.groups import GROUP_NAMES, group, group_label
    from natolab.sim.problems import ScenarioError

    spec = levers.personnel_cost
    assert spec is not None
    label = group_label(spec.group)
    if label is None:
        known = ", ".join(sorted(GROUP_NAMES))
        raise ScenarioError(
            source, [("levers.personnel_cost.group", f"unknown group {spec.group!r} ({known})")]
        )
    members = list(group(label, nato.members["iso3"]))
    frames = {m: nato.spending(m, allies=members) for m in PAY_MEASURES}
    armed = sorted(set(frames["personnel_share_pct"]["iso3"]))
    wide = pd.concat(f.assign(measure=m) for m, f in frames.items()).pivot_table(
        index=["iso3", "year"], columns="measure", values="value", aggfunc="first"
    )
    wide = wide.reindex(columns=list(PAY_MEASURES)).dropna()
    count = wide.reset_index().groupby("year")["iso3"].nunique()
    full = sorted(int(y) for y in count[count == len(armed)].index)
    year = spec.year or max((y for y in full if y <= levers.year), default=None)
    if year is None:
        problem = f"no year up to {levers.year} in which every ally of {label} has them"
        raise ScenarioError(
            source, [("levers.personnel_cost", f"no NATO personnel figures: {problem}")]
        )
    if year not in full:
        have = set(wide.xs(year, level="year").index) if year in count.index else set()
        missing = " ".join(a for a in armed if a not in have)
        raise ScenarioError(
            source,
            [("levers.personnel_cost.year", f"no NATO personnel figures for {missing} in {year}")],
        )
    flat = wide.reset_index()
    values = flat[flat["year"] == year].set_index("iso3").loc[armed, list(PAY_MEASURES)]
    return _pay_table(frames, values, year), year


def _pay_table(frames: dict[str, pd.DataFrame], values: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per ally: the three figures, the cost per troop, and the rows' provenance."""
    rows = pd.concat(f[f["year"] == year] for f in frames.values())
    rows = rows[rows["iso3"].isin(values.index)]
    prov = rows.groupby("iso3").agg(
        name=("name", "first"),
        release=("release", lambda c: ";".join(sorted(set(c)))),
        source_id=("source_id", lambda c: ";".join(sorted(set(map(str, c))))),
        quality=("quality", lambda c: ";".join(sorted(set(map(str, c))))),
    )
    table = values.join(prov)
    table.insert(0, "year", year)
    table["usd_k_per_troop"] = (
        table["usd_current_m"] * table["personnel_share_pct"] / 100 / table["personnel_thousands"]
    )
    return table.reset_index()


def pay_spread(table: pd.DataFrame, factor: float) -> tuple[np.ndarray, np.ndarray]:
    """The allies' cost per troop restated by ``factor`` (to the scenario's currency and price
    base), sorted, and each one's midpoint position in the personnel-weighted distribution: a
    run's quantile is interpolated between them, so a value is never outside the allies'."""
    order = table.sort_values("usd_k_per_troop")
    weight = order["personnel_thousands"].to_numpy(float)
    cdf = (np.cumsum(weight) - weight / 2) / weight.sum()
    return order["usd_k_per_troop"].to_numpy(float) * factor, cdf


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


def context_table(prepared: CapabilityPrepared, used: pd.DataFrame, record: Any) -> pd.DataFrame:
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
        + pay_context(prepared)
        + [
            {"input": f"distance_km_{a}", "value": d}
            | {"source": f"geography/places.csv, borders.csv (land border: {bool(b)})"}
            for a, d, b in zip(prepared.iso3, prepared.distance_km, prepared.border, strict=False)
        ]
    )


def pay_context(prepared: CapabilityPrepared) -> list[dict[str, Any]]:
    """NATO's cost per troop for the group (all personnel spending over all personnel, i.e.
    weighted by personnel) and the spread the runs draw from, with release, sources and grade."""
    table = prepared.pay_table
    if table.empty:
        return []
    lv = prepared.levers
    spent = (table["usd_current_m"] * table["personnel_share_pct"] / 100).sum()
    mean = spent / table["personnel_thousands"].sum() * prepared.pay_factor
    cells = {c: sorted({s for v in table[c] for s in str(v).split(";")}) for c in table}
    source = (
        f"NATO {' '.join(cells['release'])} ({table['year'].iloc[0]}; source ids "
        f"{' '.join(cells['source_id'])}; grade {' '.join(cells['quality'])}): "
        "usd_current_m x personnel_share_pct / personnel_thousands, pensions included"
    )
    base, cur = lv.price_base_year or lv.year, lv.currency.lower()
    name = f"personnel_cost_k_{cur}_{base}"
    return [
        {"input": f"{name}_weighted", "value": mean, "source": source},
        {"input": f"{name}_lowest", "value": prepared.pay_values[0], "source": source},
        {"input": f"{name}_highest", "value": prepared.pay_values[-1], "source": source},
    ]


def study_rows(
    source: str, levers: CapabilityLevers, record: Any, outputs: list[str]
) -> list[dict[str, Any]]:
    """The study results the scenario compares with, checked: outputs and result figures only."""
    from natolab.sim.problems import ScenarioError
    from natolab.sim.studies import study_figures

    figures = study_figures(source, levers.study, levers.compare, record)
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
