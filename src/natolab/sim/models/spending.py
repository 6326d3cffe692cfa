"""Model A, spending paths: who plausibly reaches a target, by when, and what the gaps cost.

Per ally and run, year by year:

- real GDP growth follows an AR(1) around the ally's own mean growth (mean and volatility fitted
  per ally from NATO's constant-price GDP series, persistence pooled across allies because each
  ally has only about ten years of data);
- the defence share moves toward the target in force (plus a small aim margin, since allies aim
  to clear the line, not touch it) by a fraction of the remaining gap each year: the ally's
  *adherence*, drawn per run from a Beta distribution whose mean blends the ally's own record
  with the alliance's, both calibrated on how allies actually moved toward 2% (2014-2024);
- shocks: a share noise, a GDP surprise that moves the share because budgets are set in money
  (``budget_stickiness``), and a common threat shock that raises every ally's adherence in the
  years it strikes (as 2022 did); above the target a share drifts.

Every parameter can be declared as an uncertainty in the scenario (``PARAMETERS``); undeclared
ones take their value from ``levers.parameters`` (:class:`SpendingParameters` declares every
default; ``None`` there means calibrated from the data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, model_validator

from natolab.data.groups import EUROPE_AND_CANADA, group
from natolab.errors import InputError
from natolab.sim.models.spending_tables import HIST_BINS, HIST_LOG_HI, HIST_LOG_LO
from natolab.sim.problems import ScenarioError

if TYPE_CHECKING:
    from natolab.alliance import Alliance
    from natolab.parameter_tree import ParameterTree
    from natolab.sim.scenario import Scenario

#: the model's parameters, in the column order the kernel reads them
PARAMETERS = (
    "adherence_scale",
    "adherence_concentration",
    "aim_margin_pp",
    "share_noise_sd_pp",
    "gdp_growth_shift_pp",
    "gdp_volatility_scale",
    "gdp_persistence",
    "budget_stickiness",
    "threat_shock_probability",
    "threat_shock_size",
    "above_target_drift_pp",
    "ally_weight",
    "share_drift_sd_pp",
    "deadline_honour",
)
#: parameters stated in percentage points but used by the kernel as fractions of GDP growth
_PP_TO_FRACTION = {"gdp_growth_shift_pp"}


class _Levers(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TargetStep(_Levers):
    """From ``from_year`` on, allies move toward ``pct_gdp`` or a dated ``parameter``.

    Naming the parameter (e.g. ``hague_core_defence_share_of_gdp``) lets a reform of the
    Alliance snapshot ("core 4%") change the target the simulated allies aim at. A ``deadline``
    (Wales: 2024) adds a pull whose pace rises as it nears (:func:`deadline_pace`), scaled by
    the ``deadline_honour`` parameter.
    """

    from_year: int = Field(alias="from")
    deadline: int | None = Field(
        default=None, description="year by which the commitment says the target is met"
    )
    pct_gdp: float | None = Field(
        default=None,
        gt=0,
        le=20,
        validation_alias=AliasChoices("pct_gdp", "share_of_gdp"),  # deprecated key
    )
    parameter: str | None = None

    @model_validator(mode="after")
    def _one_target(self) -> TargetStep:
        if (self.pct_gdp is None) == (self.parameter is None):
            raise ValueError("give exactly one of pct_gdp or parameter")
        return self

    def value(self, nato: Alliance) -> float:
        """The share of GDP aimed at from ``from_year`` (a parameter read at that year's end)."""
        if self.pct_gdp is not None:
            return self.pct_gdp
        tree = nato.parameters.at(date(self.from_year, 12, 31))
        resolved = tree.get(str(self.parameter))
        if not resolved.in_force:
            raise InputError(f"parameter {self.parameter!r} is not in force in {self.from_year}")
        return float(resolved.value)


class Window(_Levers):
    """A calibration window of the data (``release`` None: the Alliance's own view)."""

    start: int
    end: int
    release: str | None = None
    target: float = Field(default=2.0, gt=0)


class Backtest(_Levers):
    """Compare the simulated count of allies at or above ``threshold`` in ``year`` with data."""

    year: int
    threshold: float = 2.0
    release: str | None = None


class Threat(_Levers):
    """A declared, dated threat (an events.yaml id): for ``years`` years from the event's year,
    each ally's adherence is pulled further toward the aim by ``pull + pull_per_exposure x
    exposure`` (clipped to [0, 0.9]; exposure: :func:`exposure`). No defaults for the pull: its
    size is a declared input (``natolab validate`` estimates it on earlier episodes only).
    """

    event: str
    pull: float = Field(ge=-1, le=1)
    pull_per_exposure: float = Field(ge=-5, le=5)
    years: int = Field(default=3, ge=1, le=10)


class SpendingParameters(_Levers):
    """Fixed values of the model's parameters, with every default declared here.

    ``None`` means "calibrated from the data" (the fit says how); a number fixes the parameter
    for every run unless the scenario declares it as an uncertainty (then it is drawn).
    """

    adherence_scale: float = Field(default=1.0, gt=0, description="x the calibrated adherence")
    adherence_concentration: float | None = Field(default=None, gt=0, description="Beta kappa")
    aim_margin_pp: float | None = Field(default=None, ge=0, description="aim above the target")
    share_noise_sd_pp: float | None = Field(default=None, ge=0, description="yearly noise")
    gdp_growth_shift_pp: float = Field(default=0.0, description="added to mean growth")
    gdp_volatility_scale: float = Field(default=1.0, ge=0, description="x growth sd")
    gdp_persistence: float | None = Field(default=None, ge=-1, le=1, description="AR(1)")
    budget_stickiness: float = Field(
        default=0.5, ge=0, le=1, description="share of a GDP surprise budgets do not follow"
    )
    threat_shock_probability: float = Field(default=0.0, ge=0, le=1, description="per year")
    threat_shock_size: float = Field(default=0.0, ge=0, le=1, description="extra pull")
    above_target_drift_pp: float = Field(default=0.0, description="yearly move above the aim")
    ally_weight: float = Field(
        default=0.5, ge=0, le=1, description="weight of the ally's own rate against the pooled"
    )
    share_drift_sd_pp: float | None = Field(default=None, ge=0, description="per-ally drift")
    deadline_honour: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="x the pace a target's deadline asks for; no earlier deadline to estimate"
        " it from, so a scenario declares it (0: deadlines ignored)",
    )


class SpendingLevers(_Levers):
    release: str | None = None
    targets: list[TargetStep] = Field(default_factory=list)
    thresholds: list[float] = Field(default_factory=list)
    headline: float | None = None
    calibration: Window = Window(start=2014, end=2024, release="nato-2024-06")
    gdp_fit: Window | None = None
    parameters: SpendingParameters = SpendingParameters()
    backtest: Backtest | None = None
    threats: list[Threat] = Field(default_factory=list)


@dataclass
class Fit:
    """What calibration found: per-ally GDP and adherence, pooled values, and their basis."""

    iso3: list[str]
    mu: np.ndarray
    sigma: np.ndarray
    phi: float
    rate: np.ndarray
    rate_observed: np.ndarray
    kappa: float
    noise: float
    margin: float
    drift: float
    notes: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "iso3": self.iso3,
                "gdp_growth_mean_pct": 100 * self.mu,
                "gdp_growth_sd_pct": 100 * self.sigma,
                "adherence_rate": self.rate,
                "adherence_observed": self.rate_observed,
            }
        )

    def parameters(self) -> dict[str, float]:
        return {
            "gdp_persistence": self.phi,
            "adherence_pooled_mean": float(np.mean(self.rate)),
            "adherence_concentration": self.kappa,
            "share_noise_sd_pp": self.noise,
            "share_drift_sd_pp": self.drift,
            "aim_margin_pp": self.margin,
        }


@dataclass
class Prepared:
    """Everything a block needs, as plain arrays (picklable, sent once to each worker)."""

    iso3: list[str]
    names: list[str]
    start: int
    years: np.ndarray
    s0: np.ndarray
    y0: np.ndarray
    g0: np.ndarray
    aims: np.ndarray
    thresholds: np.ndarray
    headline: int
    europe: np.ndarray
    base: np.ndarray
    defaults: np.ndarray
    fit: Fit
    metric: str
    backtest: dict[str, Any] | None = None
    dated: np.ndarray | None = None  # (years, allies) declared threats' pull; None: none
    pace: np.ndarray | None = None  # (years,) the deadline's pace (deadline_pace); None: zeros
    fit_pace: np.ndarray | None = None  # (fit years,) the pace in force then; None: zeros


def parse_levers(scenario: Scenario) -> SpendingLevers:
    """The spending levers, or ScenarioError listing every problem with its ``levers.`` path."""
    from natolab.sim.problems import validation_problems

    problems = [
        (f"uncertainties[{i}].name", f"unknown parameter {u.name!r} for family spending")
        for i, u in enumerate(scenario.uncertainties)
        if u.name not in PARAMETERS
    ]
    try:
        levers = SpendingLevers.model_validate(scenario.levers)
    except ValidationError as exc:
        problems += [(f"levers.{path}", msg) for path, msg in validation_problems(exc)]
        levers = None
    if scenario.metric not in (None, "allies_meeting_final", "europe_total_final"):
        problems.append(("metric", "spending metrics: allies_meeting_final, europe_total_final"))
    if problems or levers is None:
        raise ScenarioError(scenario.name, problems)
    return levers


def _pivot(nato: Alliance, measure: str, release: str | None, allies: list[str]) -> pd.DataFrame:
    frame = nato.spending(measure, release=release, allies=allies)
    return frame.pivot_table(index="iso3", columns="year", values="value").reindex(allies)


def fit_gdp(gdp: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, float]:
    """Per-ally mean and residual sd of real growth; AR(1) persistence pooled across allies.

    Growth is clipped to +/-15% so a re-based series (a level break) is not read as a boom.
    """
    growth = (gdp / gdp.shift(axis=1) - 1).iloc[:, 1:].clip(-0.15, 0.15)
    mu = growth.mean(axis=1).fillna(growth.stack().mean()).to_numpy()
    dev = growth.sub(mu, axis=0).to_numpy()
    x, y = dev[:, :-1].ravel(), dev[:, 1:].ravel()
    ok = ~(np.isnan(x) | np.isnan(y))
    phi = float(np.clip(np.dot(x[ok], y[ok]) / np.dot(x[ok], x[ok]), -0.5, 0.9))
    resid = dev[:, 1:] - phi * dev[:, :-1]
    sigma = np.nanstd(resid, axis=1)
    sigma = np.where(np.isnan(sigma), np.nanmedian(sigma), np.maximum(sigma, 0.005))
    return mu, sigma, phi


def fit_adherence(shares: pd.DataFrame, window: Window, margin: float | None) -> dict[str, Any]:
    """Adherence calibrated on how allies moved toward the target over the window.

    - the aim margin (unless given): the median overshoot of allies that crossed the target;
    - each ally's relative speed: its yearly gap-closing rate between the window's ends (an
      ally that crossed is credited with closing all but 0.02 points; one that started at or
      above the aim says nothing: the pooled mean is used);
    - the Beta's concentration: from the spread of those rates;
    - the pooled mean (the level): chosen so the model's average end share of the allies that
      started below the aim equals the observed one (a simulated moment, noise-free paths).
    """
    s0, s1 = shares[window.start].to_numpy(), shares[window.end].to_numpy()
    crossed = (s0 < window.target) & (s1 >= window.target)
    if margin is None:
        margin = float(np.median(s1[crossed] - window.target)) if crossed.any() else 0.1
    aim, years = window.target + margin, window.end - window.start
    below = (s0 < aim) & ~np.isnan(s1)
    remaining = np.clip((aim - s1) / (aim - s0), 0.02 / np.maximum(aim - s0, 1e-9), 1.0)
    observed = np.where(below, 1 - remaining ** (1 / years), np.nan)
    rates = observed[below]
    mean0, var = float(rates.mean()), float(rates.var())
    kappa = float(np.clip(mean0 * (1 - mean0) / max(var, 1e-6) - 1, 0.5, 200.0))
    mean = _moment_mean(s0[below], float(np.mean(s1[below])), aim, kappa, years)
    noise, drift = _share_noise(shares.loc[:, window.start : window.end], observed, mean, aim)
    return {
        "observed": observed * (mean / mean0),
        "raw": observed,
        "mean": mean,
        "kappa": kappa,
        "noise": noise,
        "drift": drift,
        "margin": margin,
    }


def _moment_mean(s0: np.ndarray, target: float, aim: float, kappa: float, years: int) -> float:
    """Bisect the pooled Beta mean whose expected end share (over Beta quantiles) hits target."""
    from scipy import special

    u = (np.arange(64) + 0.5) / 64

    def end_share(mean: float) -> float:
        rates = special.betaincinv(mean * kappa, (1 - mean) * kappa, u)[:, None]
        return float(np.mean(aim - (aim - s0[None, :]) * (1 - rates) ** years))

    lo, hi = 1e-3, 0.99
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if end_share(mid) < target else (lo, mid)
    return (lo + hi) / 2


def _share_noise(
    shares: pd.DataFrame, rate: np.ndarray, mean: float, aim: float
) -> tuple[float, float]:
    """The yearly noise sd and the per-ally drift sd of the shares around the adherence path.

    The one-step residuals r (the yearly share change minus the adherence step) are split as
    in a one-way random-effects model, r = d_ally + e: the within-ally variance (ddof 1) is
    the yearly noise e, and the mean square of each ally's mean residual, less the part the
    noise explains (sigma^2 / n), is the variance of a drift d that persists over the years.
    A drift makes errors grow with the horizon h (sd ~ h) faster than yearly noise does
    (~ sqrt(h)), as the in-sample h-step errors do. (Until the rolling-origin backtests the
    noise was the demeaned root mean variance with ddof 0 and no drift: bands covered 55-73%
    of outcomes; docs/validation.md reports the scores after the change.)
    """
    rate = np.where(np.isnan(rate), mean, rate)[:, None]
    s = shares.to_numpy()
    expected = np.where(s[:, :-1] < aim, rate * (aim - s[:, :-1]), 0.0)
    resid = np.diff(s, axis=1) - expected
    resid = resid[(~np.isnan(resid)).sum(axis=1) >= 2]  # allies with two or more changes
    n = (~np.isnan(resid)).sum(axis=1)
    within = float(np.mean(np.nanvar(resid, axis=1, ddof=1)))
    drift = float(np.mean(np.nanmean(resid, axis=1) ** 2 - within / n))
    return float(np.sqrt(within)), float(np.sqrt(max(drift, 0.0)))


def _aims(levers: SpendingLevers, nato: Alliance, years: np.ndarray) -> np.ndarray:
    """The target in force each simulated year: the levers' steps, else the dated guideline."""
    if not levers.targets:
        value = nato.parameters.get("defence_guideline_share_of_gdp").value
        return np.full(len(years), float(value))
    steps = sorted(levers.targets, key=lambda s: s.from_year)
    values = [step.value(nato) for step in steps]
    aims = np.full(len(years), values[0])
    for step, value in zip(steps, values, strict=True):
        aims[years >= step.from_year] = value
    return aims


def _deadlines(levers: SpendingLevers, years: np.ndarray) -> np.ndarray:
    """The deadline of the target step in force each simulated year (0: none), as ``_aims``."""
    steps = sorted(levers.targets, key=lambda s: s.from_year)
    out = np.zeros(len(years), dtype=int)
    for i, step in enumerate(steps):
        rows = years >= step.from_year if i else np.ones(len(years), dtype=bool)
        out[rows] = step.deadline or 0
    return out


def deadline_pace(deadlines: np.ndarray, years: np.ndarray) -> np.ndarray:
    """The share of the remaining gap a deadline asks an ally to close in each year.

    On a straight path to the aim, the gap left at the start of year t, with n = deadline - t
    + 1 years to go, closes by 1/n that year: the pace rises as the deadline nears and is 1
    (the whole gap) in the deadline's year. After it the target stays in force and the gap is
    overdue, so the pace stays 1. Years without a deadline (0) have pace 0. An ally at or above
    the aim feels no pull (the kernel pulls only a gap).
    """
    left = np.maximum(deadlines - years + 1, 1)
    return np.where(deadlines > 0, 1.0 / left, 0.0)


def fit_pace(tree: ParameterTree, window: Window) -> np.ndarray:
    """The pace (:func:`deadline_pace`) of the guideline's deadline in force in each year of an
    adherence fit window (the steps ``start + 1 .. end``), from the dated parameter
    ``defence_guideline_deadline_year`` on 1 January of the year: Wales's 2024 for 2015-2023,
    none before Wales nor from Vilnius 2023. The kernel nets adherence of this pull at each
    run's honour (``net_adherence``), so the deadline's share of the observed closing is not
    counted again when the simulation applies a deadline on top."""
    years = np.arange(window.start + 1, window.end + 1)
    deadlines = np.zeros(len(years), dtype=int)
    for i, year in enumerate(years):
        found = tree.at(date(int(year), 1, 1)).get("defence_guideline_deadline_year")
        deadlines[i] = int(found.value) if found.in_force and found.value is not None else 0
    return deadline_pace(deadlines, years)


def _netting_note(past: np.ndarray, window: Window) -> str:
    paces = ", ".join(f"{window.start + 1 + i} {p:.2f}" for i, p in enumerate(past) if p > 0)
    return f"adherence netted per run of the deadline in force while fitted (pace: {paces})"


def _latest_at(frame: pd.DataFrame, year: int) -> pd.Series:
    """Each ally's latest value in or before ``year`` (NaN if none)."""
    cols = [c for c in frame.columns if int(c) <= year]
    return frame[cols].ffill(axis=1).iloc[:, -1] if cols else pd.Series(np.nan, frame.index)


def _years(frame: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """The year columns ``first..last`` of a pivoted (ally x year) frame."""
    return frame[[c for c in frame.columns if first <= int(c) <= last]]


def _allies(nato: Alliance, shares: pd.DataFrame, start: int) -> list[str]:
    latest = _latest_at(shares, start)
    return [str(i) for i in latest.index if not np.isnan(latest[i])]


def calibrate(nato: Alliance, levers: SpendingLevers, allies: list[str], start: int) -> Fit:
    """GDP dynamics and adherence from the data, as the levers' windows say."""
    margin = levers.parameters.aim_margin_pp
    cal = levers.calibration
    shares = _pivot(nato, "pct_gdp", cal.release, allies)
    adherence = fit_adherence(shares, cal, margin)
    gdp_window = levers.gdp_fit or Window(start=start - 10, end=start, release=levers.release)
    gdp = _pivot(nato, "gdp_usd_constant_m", gdp_window.release, allies)
    gdp = _years(gdp, gdp_window.start, gdp_window.end)
    mu, sigma, phi = fit_gdp(gdp)
    observed = adherence["observed"]
    notes = [
        f"adherence pooled mean {adherence['mean']:.3f} (moment: average {cal.end} share of allies"
        f" below the aim in {cal.start}); aim margin {adherence['margin']:.3f} pp",
        f"adherence: {int(np.sum(~np.isnan(observed)))} allies below {cal.target}% in "
        f"{cal.start} ({cal.release or 'as of'}), yearly gap-closing rates to {cal.end}",
        f"GDP: {gdp_window.start}-{gdp_window.end} ({gdp_window.release or 'as of'})",
    ]
    return Fit(
        allies,
        mu,
        sigma,
        phi,
        np.where(np.isnan(observed), adherence["mean"], observed),
        adherence["raw"],
        adherence["kappa"],
        adherence["noise"],
        adherence["margin"],
        adherence["drift"],
        notes,
    )


def _defaults(fit: Fit, levers: SpendingLevers) -> np.ndarray:
    """Each parameter's value for undrawn runs: the levers' (declared default or fixed), else
    the calibrated one (for those whose declared default is None)."""
    calibrated = {
        "adherence_concentration": fit.kappa,
        "aim_margin_pp": fit.margin,
        "share_noise_sd_pp": fit.noise,
        "gdp_persistence": fit.phi,
        "share_drift_sd_pp": fit.drift,
    }
    values = levers.parameters.model_dump()
    return np.array(
        [
            _kernel_unit(name, calibrated[name] if values[name] is None else values[name])
            for name in PARAMETERS
        ]
    )


def _kernel_unit(name: str, value: Any) -> Any:
    return value / 100.0 if name in _PP_TO_FRACTION else value


def _initial_state(
    nato: Alliance, levers: SpendingLevers, start: int, fit: Fit
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shares and GDP at ``start`` (GDP carried forward at mean growth where not yet published)."""
    shares = _pivot(nato, "pct_gdp", levers.release, fit.iso3)
    gdp = _pivot(nato, "gdp_usd_constant_m", levers.release, fit.iso3)
    gdp = _years(gdp, 0, start)
    last_year = gdp.apply(lambda row: row.last_valid_index(), axis=1).fillna(start).astype(int)
    y0 = _latest_at(gdp, start).to_numpy() * (1 + fit.mu) ** (start - last_year.to_numpy())
    growth = (gdp / gdp.shift(axis=1) - 1).clip(-0.15, 0.15)
    g0 = _latest_at(growth, start).fillna(pd.Series(fit.mu, index=fit.iso3)).to_numpy()
    return _latest_at(shares, start).to_numpy(), y0, g0


class SpendingModel:
    """Model A. See the module docstring; the engine calls these five methods."""

    family = "spending"

    def prepare(self, scenario: Scenario, nato: Alliance) -> Prepared:
        levers = parse_levers(scenario)
        start = scenario.horizon.start
        members = list(nato.members["iso3"])
        allies = _allies(nato, _pivot(nato, "pct_gdp", levers.release, members), start)
        fit = calibrate(nato, levers, allies, start)
        past = fit_pace(nato.parameters, levers.calibration)
        if past.any():
            fit.notes.append(_netting_note(past, levers.calibration))
        s0, y0, g0 = _initial_state(nato, levers, start, fit)
        years = np.arange(start + 1, scenario.horizon.end + 1)
        aims = _aims(levers, nato, years)
        thresholds = sorted(set(levers.thresholds) | set(aims.tolist()))
        headline = levers.headline if levers.headline is not None else float(aims[-1])
        thresholds = sorted(set(thresholds) | {headline})
        europe = np.isin(allies, group(EUROPE_AND_CANADA, allies))
        spend0 = s0 * y0 / 100.0
        names = nato.members.set_index("iso3")["name"].reindex(allies).fillna("").tolist()
        return Prepared(
            iso3=allies,
            names=[str(n) for n in names],
            start=start,
            years=years,
            s0=s0,
            y0=y0,
            g0=g0,
            aims=aims,
            thresholds=np.array(thresholds, dtype=float),
            headline=thresholds.index(headline),
            europe=europe,
            base=np.array([spend0.sum(), spend0[europe].sum()]),
            defaults=_defaults(fit, levers),
            fit=fit,
            metric=scenario.metric or "allies_meeting_final",
            backtest=_backtest(nato, levers, allies),
            dated=dated_pull(levers.threats, years, allies),
            pace=deadline_pace(_deadlines(levers, years), years),
            fit_pace=past,
        )

    def run_chunk(
        self, prepared: Prepared, draws: Any, rng: np.random.Generator, runs: int
    ) -> dict[str, np.ndarray]:
        """Per-run final shares and GDP, plus the block's aggregates (made in the same pass)."""
        from natolab.sim.models.spending_kernels import simulate_block

        params = np.tile(prepared.defaults, (runs, 1))
        for j, name in enumerate(PARAMETERS):
            if name in draws:
                params[:, j] = _kernel_unit(name, np.asarray(draws[name], dtype=float))
        p, f = prepared, prepared.fit
        a, t, k = len(p.iso3), len(p.years), len(p.thresholds)
        out = {"share_final": np.empty((runs, a)), "gdp_final": np.empty((runs, a))}
        agg = _empty_aggregates(a, t, k)
        state = np.vstack([p.s0, p.y0, p.g0, f.mu, f.sigma])
        width = (HIST_LOG_HI - HIST_LOG_LO) / HIST_BINS
        hist = np.array([p.base[0], p.base[1], HIST_LOG_LO, width])
        dated = p.dated if p.dated is not None else np.zeros((t, a))
        pace = p.pace if p.pace is not None else np.zeros(t)
        past = p.fit_pace if p.fit_pace is not None else np.zeros(0)
        simulate_block(
            rng, state, f.rate, p.aims, params, dated, p.dated is not None, pace, past,
            p.thresholds, p.headline, p.europe, hist,
            out["share_final"], out["gdp_final"], agg["meet"], agg["n_meeting"],
            agg["total_hist"], agg["total_sum"], agg["gap_sum"], agg["gap_total_sum"],
            agg["share_sum"],
        )  # fmt: skip
        return out | {f"agg_{key}": value for key, value in agg.items()}

    def reduce(self, prepared: Prepared, outputs: Any) -> dict[str, np.ndarray]:
        """The aggregates the kernel already made (fusing saves a pass over every ally-year)."""
        return {k[4:]: v for k, v in outputs.items() if k.startswith("agg_")}

    def metric(self, prepared: Prepared, outputs: Any) -> np.ndarray:
        """Allies at or above the headline target in the final year (or Europe and Canada's total, x base)."""
        share = outputs["share_final"]
        if prepared.metric == "europe_total_final":
            spend = share * outputs["gdp_final"] / 100.0
            return np.asarray(spend[:, prepared.europe].sum(axis=1) / prepared.base[1])
        head = prepared.thresholds[prepared.headline]
        return np.asarray((share >= head).sum(axis=1), dtype=float)

    def summarise(self, prepared: Prepared, totals: Any, runs: int) -> dict[str, pd.DataFrame]:
        from natolab.sim.models.spending_tables import summarise

        return summarise(prepared, totals, runs)

    def plot(self, tables: dict[str, pd.DataFrame], ax: Any = None) -> Any:
        from natolab.sim.models.spending_tables import plot

        return plot(tables, ax)


EXPOSURE_KM = 1500.0  #: exposure = exp(-distance of the capital from Moscow / this)


def exposure(allies: list[str]) -> np.ndarray:
    """Exposure to Russia: 1 at Moscow, falling with the capital's distance (EXPOSURE_KM)."""
    from natolab.sim import geography

    lat, lon = geography.location("RUS")
    return np.exp(-geography.distances_km(allies, lat, lon) / EXPOSURE_KM)


def threat_year(event: str) -> int:
    """The year of a declared threat, read from events.yaml (InputError if unknown)."""
    from natolab.data.facts import load_events

    return load_events().event(event).start.year


def dated_pull(threats: list[Threat], years: np.ndarray, allies: list[str]) -> np.ndarray | None:
    """Each simulated ally-year's extra pull from the declared threats (independent pulls)."""
    if not threats:
        return None
    dated = np.zeros((len(years), len(allies)))
    x = exposure(allies)
    for threat in threats:
        year = threat_year(threat.event)
        pull = np.clip(threat.pull + threat.pull_per_exposure * x, 0.0, 0.9)
        rows = (years >= year) & (years < year + threat.years)
        dated[rows] = 1.0 - (1.0 - dated[rows]) * (1.0 - pull[None, :])
    return dated


def _empty_aggregates(a: int, t: int, k: int) -> dict[str, np.ndarray]:
    return {
        "meet": np.zeros((a, t, k), np.int64),
        "n_meeting": np.zeros((t, k, a + 1), np.int64),
        "total_hist": np.zeros((2, t, HIST_BINS), np.int64),
        "total_sum": np.zeros((2, t)),
        "gap_sum": np.zeros((a, t)),
        "gap_total_sum": np.zeros((2, t)),
        "share_sum": np.zeros((a, t)),
    }


def _backtest(nato: Alliance, levers: SpendingLevers, allies: list[str]) -> dict[str, Any] | None:
    """The observed count the backtest compares with (from the release the levers name)."""
    if levers.backtest is None:
        return None
    bt = levers.backtest
    shares = _pivot(nato, "pct_gdp", bt.release, allies)
    observed = shares[bt.year] if bt.year in shares.columns else pd.Series(dtype=float)
    return {
        "year": bt.year,
        "threshold": bt.threshold,
        "release": bt.release,
        "actual": int((observed >= bt.threshold).sum()),
        "allies": int(observed.notna().sum()),
    }
