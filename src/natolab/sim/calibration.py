"""Fit model B's participation model on who took part in past operations.

Each row is one ally in one operation (members at the time, outcome known). The probability of
taking part (``participated`` in the operations data: forces, or basing/overflight/logistics) is
logistic in features the crisis model also computes for a new event, so the fitted coefficients
carry straight over: the legal basis (Article 5, NATO-led), threat proximity (a
land border with the adversary, log distance to its capital), log distance to the theatre, and
alignment (the ally's participation rate in the *other* operations, so the outcome never leaks
into its own feature) and size (log defence spending). A UN-mandate flag was tried and dropped:
only ISAF and Unified Protector have one, and it made held-out predictions worse. Maximum likelihood with a small ridge penalty, because several operations
are unanimous (ISAF, the 9/11 measures) and plain MLE would run off to infinity on them.

Validation holds out one whole operation at a time (alignment recomputed without it) and scores
the pooled held-out predictions: accuracy at 0.5 and the AUC, plus the AUC within each
operation that has both outcomes. With ten operations most variation is between operations,
and pooled leave-one-group-out AUC is biased low by construction (holding out an all-"yes"
operation lowers the training rate, so the held-out "yes" rows score low): an intercept-only
model scores about 0.2 on it. Read the within-operation AUCs for discrimination among allies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit

from natolab.data.bundle import bundle_path
from natolab.sim import geography

FEATURES = (
    "intercept",
    "article5",
    "nato_led",
    "border",
    "log_dist_adversary",
    "log_dist_theatre",
    "alignment",
    "log_capacity",
)
RIDGE = 1.0  # prior precision on the slopes (a N(0, 1) prior on a logit coefficient)


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
class Validation:
    """Leave-one-operation-out scores of the participation model."""

    accuracy: float
    auc: float
    base_rate_accuracy: float  # accuracy of always predicting the majority outcome
    by_operation: pd.DataFrame


@dataclass(frozen=True)
class Calibration:
    """The fit on all operations (its validation is ``natolab validate``'s job, not a run's)."""

    fit: Fit
    alignment: pd.Series  # each ally's participation rate over all operations


def fit_logit(x: np.ndarray, y: np.ndarray, ridge: float = RIDGE) -> Fit:
    """Penalised maximum likelihood for a logit (intercept in column 0 is not penalised)."""
    penalty = np.full(x.shape[1], ridge)
    penalty[0] = 0.0

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        eta = x @ beta
        nll = np.sum(np.logaddexp(0.0, eta) - y * eta) + 0.5 * np.sum(penalty * beta**2)
        return float(nll), x.T @ (expit(eta) - y) + penalty * beta

    res = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
    p = expit(x @ res.x)
    hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
    se = np.sqrt(np.diag(np.linalg.inv(hessian)))
    names = FEATURES if x.shape[1] == len(FEATURES) else tuple(f"x{i}" for i in range(x.shape[1]))
    return Fit(names, res.x, se, float(-res.fun), len(y))


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half)."""
    ranks = pd.Series(score).rank().to_numpy()
    pos = y.astype(bool)
    n_pos, n_neg = pos.sum(), (~pos).sum()
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _read(name: str) -> pd.DataFrame:
    """A bundled operations table with every column as lower-case text ('true'/'false')."""
    frame = pd.read_csv(bundle_path("operations", name), dtype=str, keep_default_na=False)
    for column in ("member_at_time", "participated", "nato_led"):
        if column in frame:
            frame[column] = frame[column].str.lower()
    return frame


@cache
def observations() -> pd.DataFrame:
    """Participation rows with a known outcome for allies that were members at the time."""
    part = _read("participation.csv")
    ops = _read("operations.csv")
    part = part[part["member_at_time"].eq("true") & part["participated"].isin(["true", "false"])]
    rows = part.merge(ops[["operation_id", "legal_basis", "nato_led"]], on="operation_id")
    rows["y"] = rows["participated"].eq("true").astype(float)
    return rows[["operation_id", "iso3", "legal_basis", "nato_led", "y"]].reset_index(drop=True)


def alignment_rates(rows: pd.DataFrame) -> pd.Series:
    """Each ally's participation rate over the given rows (the 'alignment' feature)."""
    return rows.groupby("iso3")["y"].mean()


def design(rows: pd.DataFrame, pool: pd.DataFrame, capacity: pd.Series) -> np.ndarray:
    """Feature matrix for ``rows``; alignment from ``pool`` minus each row's own operation.

    ``capacity`` is each ally's defence spending (USD m); its centred log is the size feature.
    """
    theatres = geography.theatres()
    out = np.zeros((len(rows), len(FEATURES)))
    out[:, 0] = 1.0
    out[:, 1] = rows["legal_basis"].eq("article5").to_numpy(float)
    out[:, 2] = rows["nato_led"].eq("true").to_numpy(float)
    mean = pool["y"].mean()
    for op, index in rows.groupby("operation_id").indices.items():
        allies = list(rows["iso3"].iloc[index])
        adversary = str(theatres.at[str(op), "adversary"])
        t_lat, t_lon = float(theatres.at[str(op), "lat"]), float(theatres.at[str(op), "lon"])  # type: ignore[arg-type]
        lat, lon = geography.location(adversary)
        out[index, 3] = geography.borders_state(allies, adversary)
        out[index, 4] = np.log1p(geography.distances_km(allies, lat, lon) / 1000)
        out[index, 5] = np.log1p(geography.distances_km(allies, t_lat, t_lon) / 1000)
        rates = alignment_rates(pool[pool["operation_id"] != op])
        out[index, 6] = rates.reindex(allies).fillna(mean).to_numpy() - mean
    out[:, 7] = log_capacity(capacity).reindex(rows["iso3"]).fillna(0.0).to_numpy()
    return out


def log_capacity(capacity: pd.Series) -> pd.Series:
    """Centred log of defence spending: the size feature shared with the crisis model."""
    logs = np.log(capacity[capacity > 0].astype(float))
    return logs - logs.mean()


def fit_operations(
    capacity: pd.Series, operations: Iterable[str] | None = None, ridge: float = RIDGE
) -> Fit:
    """Fit on the given operations (default all), alignment from those operations only."""
    rows = observations()
    if operations is not None:
        rows = rows[rows["operation_id"].isin(list(operations))].reset_index(drop=True)
    return fit_logit(design(rows, rows, capacity), rows["y"].to_numpy(), ridge)


def leave_one_operation_out(capacity: pd.Series, ridge: float = RIDGE) -> Validation:
    """Hold out each operation in turn; score the pooled held-out predictions."""
    rows = observations()
    preds, records = np.zeros(len(rows)), []
    for op in rows["operation_id"].unique():
        train = rows[rows["operation_id"] != op].reset_index(drop=True)
        test_mask = (rows["operation_id"] == op).to_numpy()
        fit = fit_logit(design(train, train, capacity), train["y"].to_numpy(), ridge)
        held_out = rows[test_mask].reset_index(drop=True)
        preds[test_mask] = fit.predict(design(held_out, train, capacity))
        y = rows["y"].to_numpy()[test_mask]
        records.append(
            {
                "operation_id": op,
                "n": int(test_mask.sum()),
                "observed_rate": y.mean(),
                "predicted_rate": preds[test_mask].mean(),
                "accuracy": float(((preds[test_mask] > 0.5) == y).mean()),
            }
        )
    y = rows["y"].to_numpy()
    base = max(y.mean(), 1 - y.mean())
    frame = pd.DataFrame(records)
    within = [
        auc(
            y[(rows["operation_id"] == op).to_numpy()],
            preds[(rows["operation_id"] == op).to_numpy()],
        )
        for op in frame["operation_id"]
    ]
    frame["auc"] = within
    return Validation(float(((preds > 0.5) == y).mean()), auc(y, preds), float(base), frame)


def calibrate(capacity: pd.Series) -> Calibration:
    """The participation model fitted on every operation (cached per process).

    No leave-one-out re-fit here: every run and every read-back prepares the model, and the
    validation's ten re-fits cost more than the run; :func:`leave_one_operation_out` is called
    by the validation (the model card and its tests) instead.
    """
    key = tuple(sorted((str(k), float(v)) for k, v in capacity.items()))
    return _calibrate(key)


@cache
def _calibrate(key: tuple[tuple[str, float], ...]) -> Calibration:
    capacity = pd.Series(dict(key))
    rows = observations()
    return Calibration(fit_operations(capacity), alignment_rates(rows))
