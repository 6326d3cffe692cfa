"""Model B, crisis response: does the Council agree, who blocks, and what arrives by day 7, 30, 90?

Arrays, not agents. Each ally has two latent utilities, one per outcome of the participation
model fitted on past operations (:mod:`natolab.sim.calibration`): **forces** and **access**
(basing, overflight, logistics). Each is that outcome's logit (event terms: Article 5, NATO-led;
ally terms: size, a land border with the adversary, log distance to the theatre, the ally's
earlier rate of that outcome) plus the operation's baseline drawn per run from the operations'
spread (crises differ more from each other than allies do), the event's severity and the US
stance, a shock common to all allies and both outcomes in a run, and logistic noise per ally.
From the forces utility ``u`` and the access utility ``v``:

* ``u > 0``: forces committed;
* ``v > 0``: access granted (counted for the allies in ``access_hosts``);
* support = forces or access (what the operations data call participation);
* ``max(u, v) < -block_margin``: opposed (an ally that would grant access is not), which makes
  the decision contested; who then formally objects (holds it up) is the objection outcome
  fitted on the Council episodes (:mod:`natolab.sim.models.crisis_council`); other allies
  abstain or support.

The attacked ally is the one asking for help: it defends itself (forces) and never objects.
No past operation had an attacked ally among the rows, so the fitted terms (a land border with
the adversary lowers the forces utility) cannot speak for it.

The Council's rule comes from the dated parameter ``nac_decision_rule`` (consensus: one objection
blocks; a what-if ``majority:P/Q``), the same rule :func:`natolab.rules.council.decide` applies
one stance set at a time; here it is applied to every run at once. Whether Article 5 applies
and a Council decision is sought is the rules layer's Article 6 answer for the event
(:mod:`natolab.sim.models.crisis_area`). Without a NATO decision (or when none is sought, outside
the Article 6 area) willing allies act as a coalition at a reduced effort. Forces scale with
capacity (personnel, quality-weighted by spending per person), decay with distance, and are
generated over time with a distance-dependent time constant. Several
``cases`` (e.g. US engaged vs ambivalent, or without the US) share every random draw, so their
differences are not Monte Carlo noise.

The model reads its levers as a validated :class:`~natolab.sim.levers.CrisisLevers` (validated
once, in :meth:`CrisisModel.prepare`): every default, and every parameter's fixed value
(:class:`~natolab.sim.levers.CrisisParameters`), is declared there with its basis, none here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numba
import numpy as np
import pandas as pd
from pydantic import BaseModel

from natolab.errors import InputError
from natolab.rules.council import decide_runs as decide
from natolab.sim import aggregate, calibration, geography
from natolab.sim.calibration import Calibration
from natolab.sim.levers import CategorySplit, CrisisLevers, CrisisParameters, parameter_basis
from natolab.sim.model import Arrays
from natolab.sim.models import crisis_council
from natolab.sim.models.crisis_area import Coverage, coverage
from natolab.sim.workspace import FreshArrays, Workspace

if TYPE_CHECKING:
    from natolab.alliance import Alliance

CATEGORIES = ("land", "air", "naval", "isr_enablers")
ACCESS = "basing_overflight_logistics"
US_ENGAGEMENT = {"engaged": 1.0, "ambivalent": 0.5, "opposed": 0.0, "absent": 0.0}
RATIO_EDGES = np.concatenate([[0.0], np.logspace(-3, 2, 101)])


@dataclass(frozen=True)
class Case:
    """One variant of the event run on the same draws: a US stance and allies left out."""

    name: str
    us_engagement: float
    present: np.ndarray  # (allies,) bool


@dataclass
class CrisisPrepared:
    """Plain arrays for the runs (picklable; sent to workers as is)."""

    allies: list[str]
    names: list[str]
    features: np.ndarray  # (allies, K) the forces logit's ally terms (calibration.SLOPES)
    access_features: np.ndarray  # (allies, K) the access logit's ally terms
    feature_names: tuple[str, ...]
    coef: dict[str, float]
    article5: bool
    council: bool
    severity: float
    rule: str
    cases: list[Case]
    personnel: np.ndarray  # thousands
    spending_per_person: np.ndarray  # USD m per thousand personnel
    distance_km: np.ndarray  # capital to the event
    split: np.ndarray  # (allies, categories)
    days: np.ndarray
    access_hosts: np.ndarray  # (allies,) bool
    is_us: np.ndarray
    requester: np.ndarray  # (allies,) bool: the attacked ally
    #: each parameter's value unless drawn: levers.parameters, then the calibrated ``beta_*``
    defaults: dict[str, float] = field(default_factory=dict)
    drawn: tuple[str, ...] = ()  # the parameters the scenario declares as uncertainties
    event: str = ""
    area: Coverage | None = None  # the Article 6 answer (rules layer, or the lever's override)


def ally_capacity(nato: Alliance, year: int | None) -> tuple[pd.Series, pd.Series]:
    """Personnel (thousands) and spending (USD m, current) per ally in ``year`` (default latest
    year with personnel data): what forces scale with."""
    personnel = nato.spending("personnel_thousands")
    year = int(personnel["year"].max()) if year is None else int(year)
    spend = nato.spending("usd_current_m", years=[year]).set_index("iso3")["value"]
    return personnel[personnel["year"] == year].set_index("iso3")["value"], spend


def size_feature(nato: Alliance) -> pd.Series:
    """Constant-price spending per ally in the latest year published: size at the time of the
    event, as the calibration measures it at the time of each past operation."""
    spend = nato.spending("usd_constant_m").dropna(subset=["value"])
    return spend.sort_values("year").groupby("iso3")["value"].last()


def _event_point(levers: CrisisLevers) -> tuple[str, float, float, str | None]:
    """Where the event is: an attacked ally's capital, or coordinates."""
    event = levers.event
    if event.attacked is not None:
        lat, lon = geography.location(event.attacked)
        return event.attacked, lat, lon, event.attacked
    if event.lat is None or event.lon is None:  # the schema refuses it; kept for the type checker
        raise InputError("levers.event: give attacked: ISO3 or lat/lon")
    return event.name, event.lat, event.lon, None


def _cases(levers: CrisisLevers, allies: list[str]) -> list[Case]:
    """The case list: ``cases: {name: {us_stance, exclude}}`` (each falling back to the top-level
    lever it leaves out), or one case ``base`` from the top-level levers."""
    out = []
    for name, over in levers.named_cases().items():
        stance = over.us_stance or levers.us_stance
        exclude = set(levers.exclude if over.exclude is None else over.exclude)
        if stance == "absent":
            exclude.add("USA")
        present = np.array([a not in exclude for a in allies])
        out.append(Case(name, US_ENGAGEMENT[stance], present))
    return out


def _split(shares: CategorySplit, allies: list[str]) -> np.ndarray:
    """Category shares per ally; a landlocked ally's naval share goes to land."""
    base = np.array([getattr(shares, c) for c in CATEGORIES], dtype=float)
    split = np.tile(base / base.sum(), (len(allies), 1))
    landlocked = geography.places().loc[allies, "landlocked"].to_numpy(bool)
    split[landlocked, 0] += split[landlocked, 2]
    split[landlocked, 2] = 0.0
    return split


def _features(
    allies: list[str], adversary: str, lat: float, lon: float, nato: Alliance, cal: Calibration
) -> dict[str, np.ndarray]:
    """Each outcome's ally terms for this event, centred over the allies as in the calibration
    (the event flags are added per run)."""
    size = np.log(size_feature(nato).reindex(allies).to_numpy(float))
    size = np.where(np.isfinite(size), size, np.nanmin(size))  # no spending: the smallest
    dist = np.log1p(geography.distances_km(allies, lat, lon) / 1000)
    common = {
        "log_size": size - size.mean(),
        "border": geography.borders_state(allies, adversary),
        "log_dist_theatre": dist - dist.mean(),
    }
    out = {}
    for outcome, rates in cal.rates.items():
        mean = float(rates.mean())
        earlier = rates.reindex(allies).fillna(mean).to_numpy() - mean
        columns = {**common, "earlier_rate": earlier}
        out[outcome] = np.column_stack([columns[n] for n in calibration.SLOPES])
    return out


def _rule(nato: Alliance) -> str:
    """The Council's decision rule in force (``consensus`` unless a reform says otherwise)."""
    return str(nato.parameters.get("nac_decision_rule").value)


class CrisisModel:
    """Model B: the engine's :class:`~natolab.sim.model.Model` for family ``crisis``."""

    family = "crisis"
    # Set by the engine on its per-process instance: run_chunk then writes every block into the
    # same buffers (valid until the next call) instead of mapping fresh pages (sim/workspace.py).
    workspace: Workspace | None = None

    def prepare(self, scenario: Any, nato: Alliance) -> CrisisPrepared:
        """Validate the levers once (ScenarioError listing every ``levers.`` problem), prepare
        them, and refuse an uncertainty the model does not read (it would be drawn for nothing).
        """
        from natolab.sim.levers import crisis_levers
        from natolab.sim.problems import ScenarioError

        prepared = self.prepare_levers(crisis_levers(scenario), nato)
        prepared.drawn = tuple(u.name for u in scenario.uncertainties)
        unknown = [
            (f"uncertainties[{i}].name", f"unknown parameter {u.name!r} for family crisis")
            for i, u in enumerate(scenario.uncertainties)
            if u.name not in prepared.defaults
        ]
        if unknown:
            raise ScenarioError(scenario.name, unknown)
        return prepared

    def prepare_levers(self, levers: CrisisLevers, nato: Alliance) -> CrisisPrepared:
        """Event geometry, ally capacity, calibrated coefficients and cases, as arrays."""
        if not isinstance(levers, CrisisLevers):  # a raw dict would bypass the schema's defaults
            raise TypeError(
                "the crisis model reads validated CrisisLevers (natolab.sim.levers.crisis_levers),"
                f" not {type(levers).__name__}"
            )
        members = list(nato.members["iso3"])
        personnel, spend = ally_capacity(nato, levers.capacity_year)
        allies = [a for a in members if a in geography.places().index]
        event, lat, lon, attacked = _event_point(levers)
        area = coverage(levers, attacked, lat, lon, nato)
        council = area.in_area if levers.council is None else levers.council
        pers = personnel.reindex(allies).fillna(0.0).to_numpy(float)
        usd = spend.reindex(allies).fillna(0.0).to_numpy(float)
        per_person = np.divide(usd, pers, out=np.zeros_like(usd), where=pers > 0)
        cal = calibration.calibrate(nato)
        features = _features(allies, levers.adversary, lat, lon, nato, cal)
        hosts = levers.access_hosts
        return CrisisPrepared(
            allies=allies,
            names=list(nato.members.set_index("iso3").loc[allies, "name"]),
            features=features["forces"],
            access_features=features["access"],
            feature_names=calibration.SLOPES,
            coef=calibrated_defaults(cal),
            article5=area.in_area if levers.article5 is None else levers.article5,
            council=council,
            severity=levers.severity,
            rule=_rule(nato),
            cases=_cases(levers, allies),
            personnel=pers,
            spending_per_person=per_person,
            distance_km=geography.distances_km(allies, lat, lon),
            split=_split(levers.category_split, allies),
            days=np.array(levers.days, dtype=float),
            access_hosts=np.array([hosts is None or a in hosts for a in allies]),
            is_us=np.array([a == "USA" for a in allies]),
            requester=np.array([a == attacked for a in allies]),
            defaults={**levers.parameters.model_dump(), **calibrated_defaults(cal)},
            event=event,
            area=area,
        )

    def run_chunk(
        self, prepared: CrisisPrepared, draws: Arrays, rng: np.random.Generator, runs: int
    ) -> dict[str, np.ndarray]:
        """Utilities, stances, Council outcome and forces for ``runs`` runs and every case.

        Each case writes into its slice of the outputs (no per-case arrays stacked afterwards)."""
        ws = self.workspace if self.workspace is not None else FreshArrays()
        p = _Params(prepared, draws, runs)
        n = len(prepared.allies)
        common = p["common_shock_sd"] * rng.standard_normal(runs)
        bases = []
        for prefix, features in (("", prepared.features), ("access_", prepared.access_features)):
            baseline = p[f"{prefix}baseline_sd"] * rng.standard_normal(runs)
            base = _base_utility(prepared, p, prefix, features, baseline + common, ws)
            base += _logistic(rng, (runs, n), ws)
            bases.append(base)
        hold = crisis_council.holds(prepared.allies, rng, runs, ws)
        out = _outputs(prepared, runs, ws)
        for i, case in enumerate(prepared.cases):
            case_out = {key: value[:, i] for key, value in out.items()}
            _run_case(prepared, p, (bases[0], bases[1]), case, hold, case_out, ws)
        return out

    def reduce(self, prepared: CrisisPrepared, outputs: Arrays) -> dict[str, np.ndarray]:
        """Counts, sums, sums of squares and fixed-bin histograms: all add across chunks."""
        return reduce_crisis(prepared, outputs)

    def summarise(
        self, prepared: CrisisPrepared, totals: Arrays, runs: int
    ) -> dict[str, pd.DataFrame]:
        """Consensus, allies (support, blockers, contributions), forces over time, ratio."""
        return summarise_crisis(prepared, totals, runs)

    def metric(self, prepared: CrisisPrepared, outputs: Arrays) -> np.ndarray:
        """Force ratio to the adversary at day 30 (or the middle day) in the first case."""
        days = list(prepared.days)
        day = days.index(30.0) if 30.0 in days else len(days) // 2
        return np.asarray(outputs["ratio"][:, 0, day], dtype=float)


class _Params:
    """Per-run parameter values: the scenario's draws, else the prepared fixed values."""

    def __init__(self, prepared: CrisisPrepared, draws: Arrays, runs: int) -> None:
        self.prepared, self.draws, self.runs = prepared, draws, runs

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self.draws:
            return np.asarray(self.draws[name], dtype=float).reshape(self.runs)
        return np.full(self.runs, self.prepared.defaults[name])


def _outputs(prepared: CrisisPrepared, runs: int, ws: Workspace) -> dict[str, np.ndarray]:
    """The block's per-run outputs, shaped (runs, cases, ...), for the cases to fill in."""
    cases, n = len(prepared.cases), len(prepared.allies)
    days, cats = len(prepared.days), prepared.split.shape[1]
    shapes: dict[str, tuple[tuple[int, ...], type]] = {
        "consensus": ((), float),
        "support": ((n,), bool),
        "contribute": ((n,), bool),
        "grant": ((n,), bool),
        "object": ((n,), bool),
        "forces": ((n, days), np.float32),
        "by_category": ((days, cats), float),
        "ratio": ((days,), float),
        "access": ((), float),
    }
    return {k: ws.array(k, (runs, cases, *shape), dtype) for k, (shape, dtype) in shapes.items()}


def _logistic(rng: np.random.Generator, shape: tuple[int, int], ws: Workspace) -> np.ndarray:
    """Standard logistic noise from single-precision uniforms: a third of the time of
    ``rng.logistic`` (two such arrays per block are a tenth of a run), and ample precision
    for a noise term that is only compared with a threshold. Computed in place in ``ws``."""
    u = rng.random(dtype=np.float32, out=ws.array("uniform", shape, np.float32))
    noise = np.subtract(np.float32(1.0), u, out=ws.array("logistic", shape, np.float32))
    np.divide(u, noise, out=noise)
    with np.errstate(divide="ignore"):  # u == 0 (p = 2^-24): -inf, still below any threshold
        return np.log(noise, out=noise)


def calibrated_defaults(cal: Calibration) -> dict[str, float]:
    """The fitted coefficients as parameter defaults: ``beta_*`` (forces), ``beta_access_*``
    (access), and each outcome's operation-baseline sd (``baseline_sd``, ``access_baseline_sd``)."""
    out = {}
    for outcome, prefix in (("forces", ""), ("access", "access_")):
        fit = cal.fits[outcome]
        out.update({f"beta_{prefix}{k}": v for k, v in fit.coef.items()})
        out[f"{prefix}baseline_sd"] = fit.tau
    return out


def _base_utility(
    prepared: CrisisPrepared,
    p: _Params,
    prefix: str,
    features: np.ndarray,
    shift: np.ndarray,
    ws: Workspace,
) -> np.ndarray:
    """The case-independent part of one outcome's utility, shape (runs, allies).

    Ally terms whose coefficient the scenario does not draw are the same in every run: one
    row (features @ coefficients), broadcast once; each drawn coefficient adds an outer
    product. ``shift`` is the per-run part shared by every ally (baseline and common shock).
    """
    names = [f"beta_{prefix}{n}" for n in prepared.feature_names]
    drawn = [k for k, name in enumerate(names) if name in p.draws]
    fixed = np.array([0.0 if name in p.draws else prepared.defaults[name] for name in names])
    event = (
        p[f"beta_{prefix}intercept"]
        + p[f"beta_{prefix}article5"] * prepared.article5
        + p[f"beta_{prefix}nato_led"] * prepared.council
        + p["severity_weight"] * (prepared.severity - 0.5)
        + shift
    )
    shape = (len(event), features.shape[0])
    utility = np.add(
        (features @ fixed)[None, :], event[:, None], out=ws.array(prefix + "base", shape)
    )
    term = ws.array("term", shape)
    for k in drawn:
        utility += np.multiply(p[names[k]][:, None], features[None, :, k], out=term)
    return utility


def _run_case(
    prepared: CrisisPrepared,
    p: _Params,
    bases: tuple[np.ndarray, np.ndarray],
    case: Case,
    hold: np.ndarray,
    out: dict[str, np.ndarray],
    ws: Workspace,
) -> None:
    """Stances, the Council's outcome and forces delivered in one case, written into ``out``
    (this case's slice of every output)."""
    shortfall = case.us_engagement - 1.0  # 0 when engaged, as in the calibration operations
    u, v = bases
    if shortfall != 0.0:
        weight = ws.array("weight", u.shape)
        weight[:] = p["us_follow_weight"][:, None]
        weight[:, prepared.is_us] = p["us_self_weight"][:, None]
        weight *= shortfall
        u = np.add(u, weight, out=ws.array("case_u", u.shape))
        v = np.add(v, weight, out=ws.array("case_v", v.shape))
    present = case.present[None, :]
    others = ~prepared.requester[None, :]
    contribute = np.greater(u, 0, out=out["contribute"])
    contribute |= prepared.requester[None, :]
    contribute &= present
    grant = np.greater(v, 0, out=out["grant"])
    grant &= present
    support = np.logical_or(contribute, grant, out=out["support"])
    high = np.maximum(u, v, out=ws.array("high", u.shape))
    opposed = np.less(high, -p["block_margin"][:, None], out=ws.array("opposed", u.shape, bool))
    opposed &= present
    opposed &= others
    objecting = out["object"]
    np.logical_and(crisis_council.objections(opposed, hold), present, out=objecting)
    objecting &= others
    agreed = decide(prepared.rule, support, objecting, int(case.present.sum()))
    if not prepared.council:
        agreed = np.zeros_like(agreed)
    by_category = out["by_category"]
    _forces(prepared, p, contribute, agreed, out["forces"], by_category)
    np.divide(by_category.sum(axis=2), p["adversary_force_thousands"][:, None], out=out["ratio"])
    out["access"][:] = (grant & prepared.access_hosts[None, :]).sum(axis=1)
    out["consensus"][:] = agreed


def _forces(
    prepared: CrisisPrepared,
    p: _Params,
    contribute: np.ndarray,
    agreed: np.ndarray,
    forces: np.ndarray,
    totals: np.ndarray,
) -> None:
    """Forces delivered per ally (runs, allies, days) and in total by category (runs, days, cats),
    written into ``forces`` and ``totals`` (every element; a block's buffers are reused).

    Thousands of personnel, quality-weighted: capacity is personnel weighted by spending per
    person relative to the alliance median (to the power ``quality_elasticity``); a share is
    deployable; it decays with distance (logistics) and arrives with a time constant growing
    with distance. Categories are a fixed split per ally, so per-ally arrays need no category
    axis. One fused Numba loop: the force tensor is most of the work.
    """
    per_person = prepared.spending_per_person
    median = np.median(per_person[per_person > 0])
    rel = np.where(per_person > 0, per_person / median, 0.0)
    ally = np.vstack([prepared.personnel, rel, prepared.distance_km]).astype(float)
    names = ("quality_elasticity", "coalition_factor", "distance_decay_km", "deployable_share")
    run = np.vstack([p[name] for name in (*names, "generation_days")])
    days, split = prepared.days.astype(float), prepared.split.astype(float)
    _forces_kernel(ally, run, days, split, contribute, agreed, forces, totals)


@numba.njit(cache=True, fastmath=False)  # one thread: parallel=True cost 1.9x the CPU here
def _forces_kernel(ally, run, days, split, contribute, agreed, forces, totals):  # noqa: ANN001, ANN202
    """``ally`` rows: personnel, relative quality, distance; ``run`` rows: elasticity,
    coalition factor, decay km, deployable share, generation days (one column per run).

    The per-ally reach and readiness depend only on a run's parameters, so they are recomputed
    only when those change from the previous run (never, when no parameter is drawn)."""
    runs, n = contribute.shape
    n_days, n_cats = days.shape[0], split.shape[1]
    reach, ready = np.zeros(n), np.zeros((n, n_days))
    key = np.full(4, np.nan)
    for r in range(runs):
        elasticity, coalition, decay_km, deployable, generation = run[:, r]
        if not (
            elasticity == key[0] and decay_km == key[1] and deployable == key[2]
            and generation == key[3]
        ):  # fmt: skip
            key[0], key[1], key[2], key[3] = elasticity, decay_km, deployable, generation
            for a in range(n):
                personnel, rel, dist = ally[0, a], ally[1, a], ally[2, a]
                if rel <= 0.0:
                    reach[a] = 0.0
                    continue
                reach[a] = personnel * rel**elasticity * np.exp(-dist / decay_km) * deployable
                tau = generation * (1.0 + dist / 2000.0)
                for d in range(n_days):
                    ready[a, d] = 1.0 - np.exp(-days[d] / tau)
        effort = 1.0 if agreed[r] else coalition
        totals[r, :, :] = 0.0
        for a in range(n):
            if not contribute[r, a] or reach[a] == 0.0:
                forces[r, a, :] = 0.0
                continue
            scale = reach[a] * effort
            for d in range(n_days):
                value = scale * ready[a, d]
                forces[r, a, d] = value
                for c in range(n_cats):
                    totals[r, d, c] += value * split[a, c]


def reduce_crisis(prepared: CrisisPrepared, outputs: Arrays) -> dict[str, np.ndarray]:
    """Mergeable aggregates of one chunk of crisis outputs."""
    objecting = np.asarray(outputs["object"])
    count = objecting.sum(axis=2)  # (runs, cases)
    total = np.asarray(outputs["by_category"], dtype=float)  # (runs, cases, days, cats)
    ratio = np.asarray(outputs["ratio"])
    hist = aggregate.histogram(ratio, RATIO_EDGES)  # (cases, days, bins)
    n_allies = objecting.shape[2]
    objectors = aggregate.value_counts(count, n_allies)
    access = np.asarray(outputs["access"])
    return {
        "consensus": outputs["consensus"].sum(axis=0),
        "support": outputs["support"].sum(axis=0),
        "contribute": outputs["contribute"].sum(axis=0),
        "grant": outputs["grant"].sum(axis=0),
        "object": objecting.sum(axis=0),
        "sole_blocker": (objecting & (count == 1)[:, :, None]).sum(axis=0),
        "objectors_hist": objectors,
        "forces": np.asarray(outputs["forces"]).sum(axis=0, dtype=float),  # (cases, allies, days)
        **dict(zip(("total", "total_sq"), aggregate.moments(total), strict=True)),
        **dict(zip(("ratio", "ratio_sq"), aggregate.moments(ratio), strict=True)),
        "ratio_hist": hist,
        **dict(zip(("access", "access_sq"), aggregate.moments(access), strict=True)),
    }


def _sd(total: np.ndarray, sq: np.ndarray, runs: int) -> np.ndarray:
    """The sd of a merged output (sums and sums of squares over runs)."""
    return aggregate.mean_sd(total, sq, runs)[1]


def hist_quantile(hist: np.ndarray, q: float) -> float:
    """A quantile of the force-ratio histogram (see :func:`natolab.sim.aggregate.hist_quantile`)."""
    return aggregate.hist_quantile(hist, RATIO_EDGES, q)


def summarise_crisis(prepared: CrisisPrepared, t: Arrays, runs: int) -> dict[str, pd.DataFrame]:
    """Tidy tables from merged aggregates."""
    tables = {
        "consensus": _consensus_table(prepared, t, runs),
        "allies": _allies_table(prepared, t, runs),
        "blockers": _blockers(prepared, t, runs),
        "forces": _forces_table(prepared, t, runs),
        "ratio": _ratio_table(prepared, t, runs),
    }
    if prepared.area is not None:
        tables["article6"] = prepared.area.table()
    tables["parameters"] = parameters_table(prepared.defaults, prepared.drawn, CrisisParameters)
    return tables


def parameters_table(
    defaults: dict[str, float], drawn: tuple[str, ...], schema: type[BaseModel]
) -> pd.DataFrame:
    """Every parameter the runs read: drawn (a declared uncertainty) or the fixed value it took,
    with its basis as the levers' schema declares it; the rest are the calibrated coefficients."""
    basis = parameter_basis(schema)
    fitted = "calibrated: natolab.sim.calibration on the operations data"
    return pd.DataFrame(
        {
            "parameter": list(defaults),
            "drawn": [name in drawn for name in defaults],
            "fixed_value": [np.nan if k in drawn else v for k, v in defaults.items()],
            "basis": [basis.get(name, fitted) for name in defaults],
        }
    )


def _consensus_table(prepared: CrisisPrepared, t: Arrays, runs: int) -> pd.DataFrame:
    """Per case: the Council's outcome, or NaN where no Council decision is sought.

    Objectors are only counted where a decision is sought: outside the Article 6 area an ally's
    low utility means it stays out of the coalition, not that it objects to anything.
    """
    sought = prepared.council
    p = t["consensus"] / runs
    objectors = (t["objectors_hist"] * np.arange(t["objectors_hist"].shape[1])).sum(1) / runs
    area = prepared.area
    return pd.DataFrame(
        {
            "case": [c.name for c in prepared.cases],
            "rule": prepared.rule,
            "article6": area.outcome if area is not None else "n/a",
            "article6_basis": area.basis if area is not None else "n/a",
            "council_sought": sought,
            "article5": prepared.article5,
            "p_consensus": p if sought else np.nan,
            "se": np.sqrt(p * (1 - p) / runs) if sought else np.nan,
            "mean_objectors": objectors if sought else np.nan,
            "mean_access_granted": t["access"] / runs,
            "runs": runs,
        }
    )


def _allies_table(prepared: CrisisPrepared, t: Arrays, runs: int) -> pd.DataFrame:
    """Per case and ally; objection columns are NaN where no Council decision is sought."""
    frames = []
    last = len(prepared.days) - 1
    sought = 1.0 if prepared.council else np.nan
    for c, case in enumerate(prepared.cases):
        frame = pd.DataFrame(
            {
                "case": case.name,
                "iso3": prepared.allies,
                "name": prepared.names,
                "present": case.present,
                "p_support": t["support"][c] / runs,
                "p_forces": t["contribute"][c] / runs,
                "p_access": t["grant"][c] / runs,
                "p_object": sought * t["object"][c] / runs,
                "p_sole_blocker": sought * t["sole_blocker"][c] / runs,
            }
        )
        for k, cat in enumerate(CATEGORIES):
            per_ally = t["forces"][c, :, last] * prepared.split[:, k]
            frame[f"{cat}_day{int(prepared.days[last])}_thousands"] = per_ally / runs
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _blockers(prepared: CrisisPrepared, t: Arrays, runs: int) -> pd.DataFrame:
    """The likeliest blockers per case (probability of objecting, and of being the only one);
    empty where no Council decision is sought (nothing to block)."""
    table = _allies_table(prepared, t, runs)[["case", "iso3", "name", "p_object", "p_sole_blocker"]]
    table = table[table["p_object"] > 0].sort_values(["case", "p_object"], ascending=[True, False])
    return table.groupby("case", sort=False).head(5).reset_index(drop=True)


def _forces_table(prepared: CrisisPrepared, t: Arrays, runs: int) -> pd.DataFrame:
    rows = []
    sd = _sd(t["total"], t["total_sq"], runs)
    access_sd = _sd(t["access"], t["access_sq"], runs)
    for c, case in enumerate(prepared.cases):
        for d, day in enumerate(prepared.days):
            for k, cat in enumerate(CATEGORIES):
                rows.append(
                    {
                        "case": case.name,
                        "day": int(day),
                        "category": cat,
                        "unit": "thousand personnel (quality-weighted)",
                        "mean": t["total"][c, d, k] / runs,
                        "sd": sd[c, d, k],
                    }
                )
            rows.append(
                {
                    "case": case.name,
                    "day": int(day),
                    "category": ACCESS,
                    "unit": "allies granting access",
                    "mean": t["access"][c] / runs,
                    "sd": access_sd[c],
                }
            )
    return pd.DataFrame(rows)


def _ratio_table(prepared: CrisisPrepared, t: Arrays, runs: int) -> pd.DataFrame:
    sd = _sd(t["ratio"], t["ratio_sq"], runs)
    rows = []
    for c, case in enumerate(prepared.cases):
        for d, day in enumerate(prepared.days):
            hist = t["ratio_hist"][c, d]
            above = hist[RATIO_EDGES[:-1] >= 1.0].sum() / runs
            rows.append(
                {
                    "case": case.name,
                    "day": int(day),
                    "mean": t["ratio"][c, d] / runs,
                    "sd": sd[c, d],
                    "p10": hist_quantile(hist, 0.1),
                    "p50": hist_quantile(hist, 0.5),
                    "p90": hist_quantile(hist, 0.9),
                    "p_at_least_1": above,
                }
            )
    return pd.DataFrame(rows)
