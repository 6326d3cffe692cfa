"""Fit model B's participation model on who took part in past operations.

Two outcomes, fitted separately because they are different decisions: **forces** (the ally's
own troops, aircraft or ships) and **access** (basing, overflight, logistics granted to the
operating forces); labels come from the typed operations loader
(:func:`natolab.data.facts.operations.outcomes`), the one home of the operations data.

Each outcome is a logit with a per-operation baseline: operations differ more from each other
than allies do, so every operation gets its own intercept (ridge = a N(0, 1) prior on its
deviation from the event-level terms: Article 5, NATO-led). The ally terms are measured at the
time of the operation: size (log constant-price defence spending in the operation's start year,
or the nearest year published), exposure (a land border with the adversary), log distance to
the theatre, and the ally's rate of the same outcome in *earlier* operations only. The pooled
logit this replaced also had the log distance to the adversary (collinear with the distance to
the theatre, with the opposite sign) and an all-operations "alignment" rate (no signal, and it
leaked later operations into earlier ones); both are gone.

Rows whose outcome is unknown are kept, not dropped: the fit uses the known rows (an unknown
row adds nothing to a likelihood when it is missing at random), and the validation bounds each
operation's rate by counting the unknown rows all "no", then all "yes".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit

from natolab.data.facts.operations import OUTCOMES, outcomes
from natolab.sim import geography

if TYPE_CHECKING:
    from natolab.alliance import Alliance

EVENT = ("intercept", "article5", "nato_led")
SLOPES = ("log_size", "border", "log_dist_theatre", "earlier_rate")
FEATURES = (*EVENT, *SLOPES)
RIDGE = 1.0  # prior precision on the slopes and event terms (N(0, 1) on a logit term)
#: prior precision on each operation's deviation: N(0, 2^2), wide enough that the fitted
#: deviations measure how much operations differ (a tighter prior shrinks tau, and the held-out
#: intervals with it)
OPERATION_RIDGE = 0.25


@dataclass(frozen=True)
class Fit:
    """Fitted logit coefficients with standard errors from the penalised Hessian."""

    names: tuple[str, ...]
    coef: np.ndarray
    se: np.ndarray
    loglik: float
    n: int

    def table(self) -> pd.DataFrame:
        return pd.DataFrame({"feature": self.names, "coef": self.coef, "se": self.se})

    def predict(self, x: np.ndarray) -> np.ndarray:
        return expit(x @ self.coef)


@dataclass(frozen=True)
class OutcomeFit:
    """One outcome's hierarchical fit: event terms and slopes, and the operations' spread."""

    outcome: str
    fit: Fit
    operations: tuple[str, ...]
    tau: float  # sd of the operation baselines around the event terms (a declared uncertainty)

    @property
    def coef(self) -> dict[str, float]:
        """Event terms and slopes by name (the operation deviations left out)."""
        k = len(self.operations)
        values = np.concatenate([self.fit.coef[: len(EVENT)], self.fit.coef[len(EVENT) + k :]])
        return dict(zip(FEATURES, map(float, values), strict=True))

    @property
    def se(self) -> dict[str, float]:
        k = len(self.operations)
        values = np.concatenate([self.fit.se[: len(EVENT)], self.fit.se[len(EVENT) + k :]])
        return dict(zip(FEATURES, map(float, values), strict=True))


@dataclass(frozen=True)
class Calibration:
    """Both outcomes' fits on every operation, and each ally's rates over all of them."""

    fits: dict[str, OutcomeFit]
    rates: dict[str, pd.Series]  # per outcome: each ally's rate over every known row


def fit_logit(
    x: np.ndarray,
    y: np.ndarray,
    ridge: float | np.ndarray = RIDGE,
    free: int = 1,
    names: tuple[str, ...] = (),
) -> Fit:
    """Penalised maximum likelihood for a logit (``ridge``: one precision, or one per column);
    the first ``free`` columns are not penalised."""
    penalty = np.broadcast_to(np.asarray(ridge, dtype=float), (x.shape[1],)).copy()
    penalty[:free] = 0.0

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        eta = x @ beta
        nll = np.sum(np.logaddexp(0.0, eta) - y * eta) + 0.5 * np.sum(penalty * beta**2)
        return float(nll), x.T @ (expit(eta) - y) + penalty * beta

    res = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
    p = expit(x @ res.x)
    hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
    se = np.sqrt(np.diag(np.linalg.pinv(hessian)))
    names = names or tuple(f"x{i}" for i in range(x.shape[1]))
    return Fit(names, res.x, se, float(-res.fun), len(y))


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half)."""
    ranks = pd.Series(score).rank().to_numpy()
    pos = y.astype(bool)
    n_pos, n_neg = pos.sum(), (~pos).sum()
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def size_at_time(spend: pd.DataFrame, frame: pd.DataFrame) -> np.ndarray:
    """Log constant-price spending (``spend``: iso3, year, value) in each row's start year, else
    the nearest year published (the store starts in 2012: older operations use that year)."""
    table = spend.pivot_table(index="iso3", columns="year", values="value")
    years = np.array(table.columns, dtype=int)
    out = np.full(len(frame), np.nan)
    for i, (iso, year) in enumerate(zip(frame["iso3"], frame["start_year"], strict=True)):
        if iso in table.index:
            row = table.loc[iso].to_numpy(float)
            ok = ~np.isnan(row) & (row > 0)
            if ok.any():
                nearest = np.argmin(np.where(ok, np.abs(years - year), np.iinfo(int).max))
                out[i] = np.log(row[nearest])
    # no spending published (Iceland has no armed forces): the smallest size, not "average"
    return np.where(np.isnan(out), np.nanmin(out), out) if np.isfinite(out).any() else out


def rows(nato: Alliance) -> pd.DataFrame:
    """Member-at-the-time rows with both outcomes (NaN unknown) and size at the time."""
    frame = outcomes()
    frame["log_size"] = size_at_time(nato.spending("usd_constant_m"), frame)
    return frame


def features(frame: pd.DataFrame, outcome: str) -> np.ndarray:
    """Event flags and ally terms, the ally terms centred within each operation."""
    theatres = geography.theatres()
    x = np.zeros((len(frame), len(FEATURES)))
    x[:, 0] = 1.0
    x[:, 1] = frame["legal_basis"].eq("article5").to_numpy(float)
    x[:, 2] = frame["nato_led"].astype(bool).to_numpy(float)
    for op, index in frame.groupby("operation_id").indices.items():
        allies = list(frame["iso3"].iloc[index])
        t = theatres.loc[str(op)].to_dict()
        start = int(frame["start_year"].iloc[index[0]])
        earlier = frame[(frame["start_year"] < start) & frame[outcome].notna()]
        size = frame["log_size"].to_numpy(float)[index]
        x[index, 3] = size - np.nanmean(size) if np.isfinite(size).any() else 0.0
        x[index, 4] = geography.borders_state(allies, str(t["adversary"]))
        dist = np.log1p(geography.distances_km(allies, float(t["lat"]), float(t["lon"])) / 1000)
        x[index, 5] = dist - dist.mean()
        rates = earlier.groupby("iso3")[outcome].mean()
        mean = float(earlier[outcome].mean()) if len(earlier) else 0.0
        x[index, 6] = rates.reindex(allies).fillna(mean).to_numpy() - mean
    return np.nan_to_num(x)


def design(ops: list[str], frame: pd.DataFrame, x: np.ndarray) -> np.ndarray:
    """Event columns, one deviation column per operation, then the ally slopes."""
    dummies = (frame["operation_id"].to_numpy()[:, None] == np.array(ops)[None, :]).astype(float)
    return np.column_stack([x[:, : len(EVENT)], dummies, x[:, len(EVENT) :]])


def fit_outcome(frame: pd.DataFrame, x: np.ndarray, outcome: str) -> OutcomeFit:
    """The hierarchical logit of ``outcome`` on the rows of ``frame`` with a known answer."""
    known = frame[outcome].notna().to_numpy()
    sub = frame[known]
    ops = sorted(sub["operation_id"].unique())
    names = (*EVENT, *(f"op_{o}" for o in ops), *SLOPES)
    ridge = np.full(len(names), RIDGE)
    ridge[len(EVENT) : len(EVENT) + len(ops)] = OPERATION_RIDGE
    fit = fit_logit(design(ops, sub, x[known]), sub[outcome].to_numpy(float), ridge, names=names)
    offsets = fit.coef[len(EVENT) : len(EVENT) + len(ops)]
    tau = float(np.sqrt(np.mean(offsets**2))) if len(ops) else 0.0
    return OutcomeFit(outcome, fit, tuple(ops), tau)


def calibrate(nato: Alliance) -> Calibration:
    """Both outcomes fitted on every operation (cached per process and spending release).

    No leave-one-out re-fit here: every run prepares the model, and the validation's re-fits
    cost more than the run; :mod:`natolab.sim.validation.crisis` does them instead.
    """
    spend = nato.spending("usd_constant_m")
    key = tuple(
        zip(spend["iso3"], spend["year"].astype(int), spend["value"].astype(float), strict=True)
    )
    return _calibrate(key)


@cache
def _calibrate(key: tuple[tuple[str, int, float], ...]) -> Calibration:
    spend = pd.DataFrame(key, columns=["iso3", "year", "value"])
    frame = outcomes()
    frame["log_size"] = size_at_time(spend, frame)
    fits = {o: fit_outcome(frame, features(frame, o), o) for o in OUTCOMES}
    rates = {o: frame.groupby("iso3")[o].mean().dropna() for o in OUTCOMES}
    return Calibration(fits, rates)
