"""Model A's real-time, rolling-origin backtests against three naive baselines.

For each origin year the forecasters see only what natolab held on 31 December of that year:
the releases published by then (``Alliance(on=...)``) and the guideline then in force. Where no
release in the store was published by the origin (2014, 2017: the store's oldest edition is
June 2019), the oldest edition is cut at the origin year and the card says so ("pseudo
real-time": later revisions of those years leak in, later years do not). Every later year to
``LAST_YEAR`` is scored against the newest figures, ally by ally.

Forecasters, each returning share-of-GDP samples ``(runs, years, allies)``:

- ``model``: model A as ``sim run`` runs it (same kernel, calibrated on the origin's data only);
- ``model+threat``: the same plus a dated threat (:data:`THREATS`, from events.yaml) whose pull
  on each ally depends on its exposure to Russia; the pull's size is estimated on earlier
  episodes only, and drawn per block from its sampling distribution (a declared uncertainty);
- ``model+threat+deadline``: the same plus the guideline's deadline in force at the origin
  (the dated parameter ``defence_guideline_deadline_year``: Wales 2014, 2% by 2024), honoured
  to a degree drawn per run as the scenarios declare it (:func:`declared_honour`; same random
  numbers as ``model+threat`` otherwise, so the two differ by the deadline alone);
- ``persistence``, ``trend`` (each ally's linear trend) and ``pledge pace`` (every ally below the
  aim closes the gap at the pooled historical pace), with Gaussian errors growing as sqrt(h).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from natolab.sim.models.spending import Threat, dated_pull, exposure, threat_year
from natolab.sim.validation.scores import above, brier, covered, crps

if TYPE_CHECKING:
    from natolab.alliance import Alliance
    from natolab.sim.models.spending import Fit, SpendingLevers
    from natolab.sim.scenario import Uncertainty
    from natolab.store import Store

ORIGINS = (2014, 2017, 2019, 2022)
LAST_YEAR = 2025
TARGET = 2.0
#: dated threat episodes (events.yaml ids): Wales 2014 (the response to Crimea), the 2022 invasion
THREATS = ("wales_summit", "russia_full_scale_invasion")
THREAT_YEARS = 3  #: years a threat's extra pull lasts, from its year on
HEADLINE = "model+threat+deadline"  #: the forecaster the goals and floors judge
FORECASTERS = ("model", "model+threat", HEADLINE, "persistence", "trend", "pledge pace")
#: the scenario that declares how far allies honour a commitment's deadline (the uncertainty
#: ``deadline_honour``: a judgement, uniform 0-1, since before Wales 2014 no spending commitment
#: had a deadline to estimate it from): one home, read by these backtests and the what-ifs alike
HONOUR_SCENARIO = "wales-backtest-2014"


def declared_honour() -> Uncertainty:
    """The declared distribution of ``deadline_honour`` (from :data:`HONOUR_SCENARIO`), so the
    validated forecaster and the scenarios users run draw the same degree, not two copies."""
    from natolab.sim.scenario import load_scenario

    found = load_scenario(HONOUR_SCENARIO).uncertainty("deadline_honour")
    if found is None:
        raise ValueError(f"{HONOUR_SCENARIO} declares no deadline_honour uncertainty")
    return found


#: the range of the declared honour (0: the deadline ignored, 1: kept in full), for the card
DEADLINE_HONOUR = declared_honour().support()
#: bootstrap replicates of the pooled adherence (resampled allies) the runs draw from
BOOTSTRAP = 200
#: the floors the test suite enforces (stated in the card): from these origins the headline
#: model must score no worse than this multiple of the best baseline's CRPS and Brier, and
#: cover at least this share. Set from the measured result (issue 13 third review, December
#: 2026, 2000 runs: CRPS ratio 0.67 and 0.95, Brier ratio 0.66 and 0.66, coverage 0.86 and 0.76
#: from 2014 and 2019) with a Monte Carlo margin: at the tests' 300 runs, five seeds gave CRPS
#: ratios up to 0.965, Brier ratios up to 0.672 and coverage down to 0.738; the count band
#: covered 11 of 11 and 5 of 6 years at every seed (a floor of 0.8 of the years). Rechecked
#: after adherence was netted of the deadline's pull (issue 13): at 300 runs, five seeds gave
#: CRPS ratios up to 0.933, Brier ratios up to 0.690 and coverage down to 0.732.
FLOORS = {
    "crps_ratio_to_best_baseline": 0.98,
    "brier_ratio_to_best_baseline": 0.7,
    "coverage_90": 0.72,
    "count_years_covered_share": 0.8,
}
FLOOR_ORIGINS = (2014, 2019)


@dataclass
class Vintage:
    """What a forecaster may see at an origin: shares and GDP up to ``last`` year, the aim."""

    origin: int
    basis: str
    shares: pd.DataFrame  # ally x year
    gdp: pd.DataFrame  # ally x year, constant USD m
    guideline: float
    deadline: tuple[int, str] | None = None  # the guideline's deadline year then in force
    notes: list[str] = field(default_factory=list)

    @property
    def last(self) -> int:
        return int(self.shares.columns.max())


def _pivot(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.pivot_table(index="iso3", columns="year", values="value").sort_index()


def vintage(store: Store, origin: int) -> Vintage:
    """The data natolab held at the end of ``origin`` (or the oldest edition cut at it)."""
    from natolab.alliance import Alliance

    nato = Alliance(on=date(origin, 12, 31), store=store)
    guideline = float(nato.parameters.get("defence_guideline_share_of_gdp").value)
    if len(nato.releases()):
        basis = "real-time: releases " + ", ".join(nato.releases()["release"])
        release = None
    else:
        release = str(store.releases().sort_values("published")["release"].iloc[0])
        basis = f"pseudo real-time: {release} cut at {origin} (no release published by then)"
    shares = _pivot(nato.spending("pct_gdp", release=release))
    gdp = _pivot(nato.spending("gdp_usd_constant_m", release=release))
    shares = shares[[c for c in shares.columns if int(c) <= origin]].dropna(how="all")
    gdp = gdp[[c for c in gdp.columns if int(c) <= origin]].reindex(shares.index)
    return Vintage(origin, basis, shares, gdp, guideline, deadline_in_force(nato))


def actuals(store: Store) -> pd.DataFrame:
    """The newest figure for every ally-year (the scoring truth), ally x year."""
    from natolab.alliance import Alliance

    return _pivot(Alliance(store=store).spending("pct_gdp"))


def _window(v: Vintage) -> tuple[int, int]:
    """Adherence window: from Wales (2014) when 3+ years follow it, else all the data."""
    first = int(v.shares.columns.min())
    start = 2014 if v.last - 2014 >= 3 else first
    return start, v.last


def _rates(s0: np.ndarray, s1: np.ndarray, aim: float, years: int) -> np.ndarray:
    """Yearly gap-closing rate toward ``aim`` of allies below it at the start (else NaN)."""
    gap0 = aim - s0
    remaining = np.clip(
        (aim - s1) / np.where(gap0 > 0, gap0, np.nan), 0.02 / np.maximum(gap0, 1e-9), 1.0
    )
    return np.where(gap0 > 0, 1 - remaining ** (1 / years), np.nan)


def threat_years() -> list[int]:
    """The years of the declared threat episodes, read from events.yaml."""
    return [threat_year(e) for e in THREATS]


def threat_effect(v: Vintage, aim: float) -> tuple[np.ndarray, np.ndarray, str]:
    """Coefficients (c0, c1) of the pull c0 + c1 * exposure and their covariance, from episodes
    before the origin with THREAT_YEARS of episode and 2+ calm years after it in the data.

    The pull is the rise of each ally's gap-closing rate during the episode over the allies'
    median rate in the calm years after it, as a share of the gap left: (r_episode - r_calm) /
    (1 - r_calm). The calm rate is pooled because an ally that crossed the aim during the
    episode has no calm rate of its own: dropping it would drop the allies that answered most.
    """
    s = v.shares
    xs, ys = [], []
    used = []
    for year in threat_years():
        end, calm_end = year + THREAT_YEARS - 1, v.last
        if year - 1 not in s.columns or calm_end - end < 2:
            continue
        r_epi = _rates(s[year - 1].to_numpy(), s[end].to_numpy(), aim, end - year + 1)
        calm = float(
            np.nanmedian(_rates(s[end].to_numpy(), s[calm_end].to_numpy(), aim, calm_end - end))
        )
        ok = ~np.isnan(r_epi)
        xs.append(exposure(list(s.index[ok])))
        ys.append(np.clip((r_epi[ok] - calm) / (1 - calm), -1, 1))
        used.append(f"{year} ({int(ok.sum())} allies)")
    if not xs:
        return np.zeros(2), np.zeros((2, 2)), "no earlier episode with enough data: no pull"
    x, y = np.concatenate(xs), np.concatenate(ys)
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    cov = np.linalg.inv(design.T @ design) * float(resid @ resid) / max(len(y) - 2, 1)
    note = f"pull {coef[0]:+.3f} {coef[1]:+.3f} x exposure, from episode(s) " + ", ".join(used)
    return coef, cov, note


def new_threat(v: Vintage, coef: np.ndarray, allies: list[str]) -> tuple[float, float]:
    """The yearly probability and mean pull of an undeclared episode after the origin.

    The probability is the declared episodes' frequency in the vintage's years (episodes
    per year of data); the pull is the allies' mean pull c0 + c1 x exposure (clipped to
    [0, 0.9], as a declared threat's is) estimated on those episodes.
    """
    first = int(v.shares.columns.min())
    seen = [y for y in threat_years() if first <= y <= v.last]
    probability = len(seen) / (v.last - first + 1)
    size = float(np.mean(np.clip(coef[0] + coef[1] * exposure(allies), 0.0, 0.9)))
    return probability, size


def deadline_in_force(nato: Alliance) -> tuple[int, str] | None:
    """The guideline's deadline year in force on the Alliance's date, and its basis (the dated
    parameter ``defence_guideline_deadline_year``: Wales 2014's 2024, none from Vilnius 2023)."""
    found = nato.parameters.get("defence_guideline_deadline_year")
    if not found.in_force or found.value is None:
        return None
    return int(found.value), f"defence_guideline_deadline_year since {found.since}"


def origin_fit(v: Vintage) -> Fit:
    """Model A calibrated as ``sim run`` calibrates it, on the vintage's data only."""
    from natolab.sim.models.spending import Fit, Window, fit_adherence, fit_gdp

    start, end = _window(v)
    adherence = fit_adherence(v.shares, Window(start=start, end=end, target=v.guideline), None)
    gdp = v.gdp[[c for c in v.gdp.columns if int(c) >= v.last - 10]]
    mu, sigma, phi = fit_gdp(gdp)
    observed = adherence["observed"]
    return Fit(
        list(v.shares.index),
        mu,
        sigma,
        phi,
        np.where(np.isnan(observed), adherence["mean"], observed),
        observed,
        adherence["kappa"],
        adherence["noise"],
        adherence["margin"],
        adherence["drift"],
    )


def origin_fit_pace(v: Vintage) -> np.ndarray:
    """The pace of the deadline in force in each year of the origin's adherence window, which
    the kernel nets adherence of at each run's honour (zero honour: nothing netted)."""
    from natolab.parameter_tree import parameters
    from natolab.sim.models.spending import Window, fit_pace

    start, end = _window(v)
    return fit_pace(parameters(date(v.origin, 12, 31)), Window(start=start, end=end))


def adherence_scale_draws(v: Vintage, fit: Fit, runs: int, seed: int) -> tuple[np.ndarray, str]:
    """Per run, the pooled adherence's estimation error as a multiple of its point estimate.

    The pooled mean is refitted on the allies resampled with replacement (a bootstrap over
    allies, the unit the estimate averages) BOOTSTRAP times, and each run takes one replicate's
    ratio to the point estimate as its ``adherence_scale``: plugging in the point estimate
    treats a level fitted on about 25 allies over three to six years as known, so bands were
    narrower than the estimate warrants. The aim margin is held at its point estimate.
    """
    from natolab.sim.models.spending import Window, fit_adherence

    start, end = _window(v)
    window = Window(start=start, end=end, target=v.guideline)
    point = fit_adherence(v.shares, window, fit.margin)["mean"]
    rng = np.random.default_rng([seed, v.origin, BOOTSTRAP])
    n = len(v.shares)
    means = np.array(
        [
            fit_adherence(v.shares.iloc[rng.integers(0, n, n)], window, fit.margin)["mean"]
            for _ in range(BOOTSTRAP)
        ]
    )
    scale = means / point
    lo, hi = np.quantile(scale, [0.05, 0.95])
    note = (
        f"pooled adherence {point:.3f}; bootstrap over allies ({BOOTSTRAP} replicates):"
        f" x {lo:.2f} to x {hi:.2f} (90%)"
    )
    return scale[rng.integers(0, BOOTSTRAP, runs)], note


def _threat_levers(
    v: Vintage, fit: Fit, threat: bool
) -> tuple[SpendingLevers, np.ndarray, np.ndarray, str]:
    """The levers of a forecaster (with threat: a new episode may strike after the origin, as
    often as before it) and the declared episodes' estimated pull (zero without threat)."""
    from natolab.sim.models.spending import SpendingLevers, SpendingParameters

    coef, cov, note = threat_effect(v, v.guideline + fit.margin)
    if not threat:
        return SpendingLevers(), np.zeros(2), cov, ""
    if not coef.any():
        return SpendingLevers(), coef, cov, note
    probability, size = new_threat(v, coef, fit.iso3)
    parameters = SpendingParameters(threat_shock_probability=probability, threat_shock_size=size)
    note += f"; a new episode each year with probability {probability:.3f}, pull {size:.3f}"
    return SpendingLevers(parameters=parameters), coef, cov, note


def deadline_draws(
    v: Vintage, runs: int, seed: int, deadline: bool
) -> tuple[np.ndarray, np.ndarray, str]:
    """Per run, the declared honour of the deadline in force at the origin; per year, the pace
    it scales; and a note for the card. Zeros without a deadline. The honour has a stream of
    its own, so the model's other draws are the same with and without it."""
    from natolab.sim.models.spending import deadline_pace

    years = np.arange(v.last + 1, LAST_YEAR + 1)
    found = v.deadline if deadline else None
    if found is None:
        return np.zeros(runs), np.zeros(len(years)), "no deadline in force"
    year, basis = found
    draws = np.random.default_rng([seed, v.origin, year]).uniform(size=runs)
    honour = declared_honour().ppf(draws)
    pace = deadline_pace(np.full(len(years), year), years)
    paces = ", ".join(f"{y} {p:.2f}" for y, p in zip(years, pace, strict=True))
    return honour, pace, f"deadline {year} ({basis}); pace by year: {paces}"


def _model_paths(
    v: Vintage, runs: int, seed: int, threat: bool, deadline: bool = False
) -> tuple[np.ndarray, str]:
    """Model A's share paths from the vintage's last year to LAST_YEAR (runs x years x allies)."""
    from natolab.sim.models.spending import PARAMETERS, _defaults
    from natolab.sim.models.spending_kernels import simulate_paths

    fit = origin_fit(v)
    mu, sigma, allies, rate = fit.mu, fit.sigma, fit.iso3, fit.rate
    levers, coef, cov, note = _threat_levers(v, fit, threat)
    params = _defaults(fit, levers)
    s0 = v.shares[v.last].to_numpy()
    y0 = v.gdp.ffill(axis=1).iloc[:, -1].to_numpy()
    growth = (v.gdp / v.gdp.shift(axis=1) - 1).clip(-0.15, 0.15)
    g0 = growth.ffill(axis=1).iloc[:, -1].fillna(pd.Series(mu, index=allies)).to_numpy()
    y0 = np.where(np.isnan(y0), 1.0, y0)
    years = np.arange(v.last + 1, LAST_YEAR + 1)
    aims = np.full(len(years), v.guideline)
    state = np.ascontiguousarray(np.vstack([s0, y0, g0, mu, sigma]))
    honour, pace, _ = deadline_draws(v, runs, seed, deadline)
    past = origin_fit_pace(v)
    params = np.tile(params, (runs, 1))
    params[:, PARAMETERS.index("deadline_honour")] = honour
    params[:, PARAMETERS.index("adherence_scale")] = adherence_scale_draws(v, fit, runs, seed)[0]
    blocks, out = 8, np.empty((runs, len(years), len(allies)))
    seq = np.random.SeedSequence([seed, v.origin]).spawn(blocks + 1)
    draw = np.random.default_rng(seq[-1])
    bounds = np.linspace(0, runs, blocks + 1).astype(int)
    for b in range(blocks):
        dated: np.ndarray | None = None
        if coef.any():  # the model's own lever, its size drawn from the estimate's uncertainty
            c0, c1 = np.clip(draw.multivariate_normal(coef, cov), [-1, -5], [1, 5])
            threats = [
                Threat(event=e, pull=c0, pull_per_exposure=c1, years=THREAT_YEARS) for e in THREATS
            ]
            dated = dated_pull(threats, years, allies)
        part = out[bounds[b] : bounds[b + 1]]
        rng = np.random.default_rng(seq[b])
        if dated is None:
            dated = np.zeros((len(years), len(allies)))
        block = np.ascontiguousarray(params[bounds[b] : bounds[b + 1]])
        simulate_paths(rng, state, rate, aims, block, dated, pace, past, part)
    return out, note


def spread_note(v: Vintage, fit: Fit) -> str:
    """The calibrated spread, and the common yearly shock the pre-origin years would support.

    The common shock is the variance across years of the allies' mean one-step residual less
    what independent yearly noise explains (noise^2 / allies): a diagnostic of what a shared
    shock estimated before the origin could add to the bands (the model does not draw one).
    """
    start, end = _window(v)
    s = v.shares.loc[:, start:end].to_numpy()
    aim = v.guideline + fit.margin
    resid = np.diff(s, axis=1) - np.where(s[:, :-1] < aim, fit.rate[:, None] * (aim - s[:, :-1]), 0)
    means, n = np.nanmean(resid, axis=0), (~np.isnan(resid)).sum(axis=0)
    common = float(np.var(means, ddof=1) - np.mean(fit.noise**2 / n)) if len(means) > 1 else 0.0
    return (
        f"yearly noise sd {fit.noise:.3f} pp, per-ally drift sd {fit.drift:.3f} pp a year;"
        f" a common yearly shock the {start}-{end} residuals support: sd"
        f" {np.sqrt(max(common, 0.0)):.3f} pp"
    )


def _sigma(v: Vintage) -> float:
    """Pooled sd of yearly share changes in the vintage (the baselines' one-year error)."""
    return float(np.nanstd(np.diff(v.shares.to_numpy(), axis=1)))


def _baseline(v: Vintage, name: str, runs: int, seed: int) -> np.ndarray:
    """A naive forecaster's samples: its point path plus N(0, sigma^2 h) errors."""
    years = np.arange(v.last + 1, LAST_YEAR + 1)
    h = (years - v.last)[:, None]
    s = v.shares
    last = s[v.last].to_numpy()[None, :]
    if name == "persistence":
        point = np.repeat(last, len(years), axis=0)
    elif name == "trend":
        cols = np.array(s.columns, dtype=float)
        slope = np.array(
            [
                np.polyfit(cols[~np.isnan(r)], r[~np.isnan(r)], 1)[0]
                if (~np.isnan(r)).sum() > 1
                else 0.0
                for r in s.to_numpy()
            ]
        )
        point = last + slope[None, :] * h
    else:  # pledge pace
        start, end = _window(v)
        pace = float(
            np.nanmedian(
                _rates(s[start].to_numpy(), s[end].to_numpy(), v.guideline, max(end - start, 1))
            )
        )
        below = last < v.guideline
        point = np.where(below, v.guideline - (v.guideline - last) * (1 - pace) ** h, last)
    rng = np.random.default_rng([seed, v.origin, FORECASTERS.index(name)])
    noise = rng.standard_normal((runs, len(years), s.shape[0])) * _sigma(v) * np.sqrt(h)[None]
    return np.maximum(point[None] + noise, 0.05)


@dataclass
class OriginResult:
    """One origin's scores (per forecaster), count bands (per year) and notes."""

    origin: int
    basis: str
    allies: int
    scores: pd.DataFrame
    counts: pd.DataFrame
    notes: list[str]
    reliability: pd.DataFrame  # HEADLINE: P(meets 2%) per ally-year and whether it did
    spread: str = ""  # the model's calibrated spread (:func:`spread_note`)
    deadline: str = ""  # the deadline in force at the origin (:func:`deadline_draws`)
    estimation: str = ""  # the pooled adherence's bootstrap (:func:`adherence_scale_draws`)


def backtest_origin(
    store: Store, origin: int, runs: int = 2000, seed: int = 20140905
) -> OriginResult:
    """Score every forecaster from ``origin`` on every later year to LAST_YEAR."""
    v = vintage(store, origin)
    truth = actuals(store).reindex(v.shares.index)
    years = np.arange(v.last + 1, LAST_YEAR + 1)
    scored = [i for i, y in enumerate(years) if y > origin and y in truth.columns]
    notes = [
        v.basis,
        f"adherence window {_window(v)[0]}-{_window(v)[1]}, guideline {v.guideline:g}%",
    ]
    score_rows, count_rows, prob_rows = [], [], []
    for name in FORECASTERS:
        if name.startswith("model"):
            paths, note = _model_paths(
                v, runs, seed, threat=name != "model", deadline=name == HEADLINE
            )
            if note and name == "model+threat":
                notes.append(note)
        else:
            paths = _baseline(v, name, runs, seed)
        for i in scored:
            year = int(years[i])
            y = truth[year].to_numpy()
            ok = ~np.isnan(y)
            sample = paths[:, i, ok]
            score_rows.append(
                {
                    "forecaster": name,
                    "year": year,
                    "n": int(ok.sum()),
                    "crps": float(crps(sample, y[ok]).sum()),
                    "brier": float(brier((sample >= TARGET).mean(axis=0), y[ok] >= TARGET).sum()),
                    "covered": int(covered(sample, y[ok]).sum()),
                    "above": int(above(sample, y[ok]).sum()),
                }
            )
            if name == HEADLINE:
                prob_rows.append(
                    pd.DataFrame(
                        {
                            "year": year,
                            "probability": (sample >= TARGET).mean(axis=0),
                            "met": y[ok] >= TARGET,
                        }
                    )
                )
            n_meeting = (sample >= TARGET).sum(axis=1)
            lo, mid, hi = np.quantile(n_meeting, [0.05, 0.5, 0.95])
            actual = int((y[ok] >= TARGET).sum())
            count_rows.append(
                {
                    "forecaster": name,
                    "year": year,
                    "actual": actual,
                    "p05": int(lo),
                    "median": int(mid),
                    "p95": int(hi),
                    "covered": bool(lo <= actual <= hi),
                    "mean_error_pp": float(np.mean(np.median(sample, axis=0) - y[ok])),
                }
            )
    raw = pd.DataFrame(score_rows)
    columns = ["n", "crps", "brier", "covered", "above"]
    scores = raw.groupby("forecaster", sort=False)[columns].sum()
    scores = pd.DataFrame(
        {
            "ally_years": scores["n"],
            "crps": scores["crps"] / scores["n"],
            "brier": scores["brier"] / scores["n"],
            "coverage_90": scores["covered"] / scores["n"],
            "above_band": scores["above"] / scores["n"],
        }
    ).reset_index()
    counts = pd.DataFrame(count_rows)
    return OriginResult(
        origin,
        v.basis,
        len(v.shares),
        scores,
        counts,
        notes,
        pd.concat(prob_rows),
        spread_note(v, origin_fit(v)),
        deadline_draws(v, 1, seed, deadline=True)[2],
        adherence_scale_draws(v, origin_fit(v), 1, seed)[1],
    )


def backtest(
    store: Store, origins: tuple[int, ...] = ORIGINS, runs: int = 2000
) -> list[OriginResult]:
    """Every origin's backtest (see :func:`backtest_origin`)."""
    return [backtest_origin(store, origin, runs) for origin in origins]
