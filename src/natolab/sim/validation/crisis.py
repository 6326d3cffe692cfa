"""Model B's participation model, validated leave-one-operation-out (a held-out operation is
never seen by the fit), for each outcome (forces, access) against the unfitted log-size baseline.

The model is :mod:`natolab.sim.calibration`'s: a hierarchical logit per outcome with operation
baselines and ally terms measured at the time. A held-out operation's baseline is unknown: it is
drawn from N(0, tau^2) around the event terms, tau the spread of the training operations'
baselines (the declared uncertainty the crisis simulation draws too).

Scores: pair-weighted within-operation AUC (only operations with both outcomes can rank), and
whether each operation's observed rate (known rows) falls in its predicted 90% interval (the
baseline draw plus Bernoulli noise). Unknown rows are bounded, not dropped: ``rate_bounds``
counts them all "no", then all "yes", and ``bounds_overlap`` says whether the 90% interval
predicted for *all* the operation's member rows meets those bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.special import expit

from natolab.data.facts.operations import OUTCOMES
from natolab.sim import calibration

if TYPE_CHECKING:
    from natolab.store import Store

SIMS = 4000
#: floors the test suite enforces per outcome (regression guards at the measured level, not goals);
#: ``auc_over_log_size`` is the model's within-operation AUC minus the unfitted baseline's: since
#: the rosters of Baltic Air Policing, KFOR 1999, IFOR 1995 and Sea Guardian's first patrol
#: joined the data, forces sits just below the baseline (measured 0.754 against 0.761, -0.007;
#: 12 of 14 rates covered), not above it; access is above it (0.783 against 0.700, +0.083).
FLOORS = {
    "forces": {
        "within_operation_auc": 0.73,
        "operations_rate_covered": 11,
        "auc_over_log_size": -0.02,
    },
    "access": {
        "within_operation_auc": 0.75,
        "operations_rate_covered": 3,
        "auc_over_log_size": 0.05,
    },
}


def _interval(eta: np.ndarray, tau: float, rng: np.random.Generator) -> tuple[float, float, float]:
    """Mean and 90% interval of the rate over ``eta``'s rows: baseline draw plus Bernoulli."""
    alpha = rng.normal(0.0, tau, SIMS)[:, None]
    p = expit(eta[None, :] + alpha)
    rate = (rng.random(p.shape) < p).mean(axis=1)
    lo, hi = np.quantile(rate, [0.05, 0.95])
    return float(p.mean()), float(lo), float(hi)


def pair_weighted_auc(table: pd.DataFrame, column: str) -> float:
    """Within-operation AUCs weighted by each operation's number of (yes, no) pairs."""
    ok = table[table["pairs"] > 0]
    return float((ok[column] * ok["pairs"]).sum() / ok["pairs"].sum()) if len(ok) else float("nan")


@dataclass
class CrisisValidation:
    by_operation: pd.DataFrame
    summary: pd.DataFrame


def _held_out(
    frame: pd.DataFrame, x: np.ndarray, outcome: str, op: str, rng: np.random.Generator
) -> dict[str, Any]:
    """Fit on every other operation, score ``op``'s rows."""
    y_all = frame[outcome].to_numpy(float)
    known = ~np.isnan(y_all)
    rows = (frame["operation_id"] == op).to_numpy()
    train = known & ~rows
    fitted = calibration.fit_outcome(frame[train], x[train], outcome)
    coef = np.array(list(fitted.coef.values()))
    eta_all = x[rows] @ coef
    test = known[rows]
    y, eta = y_all[rows][test], eta_all[test]
    mean, lo, hi = _interval(eta, fitted.tau, rng)
    _, all_lo, all_hi = _interval(eta_all, fitted.tau, rng)
    total, unknown = int(rows.sum()), int((~test).sum())
    low, high = y.sum() / total, (y.sum() + unknown) / total
    n_pos, n_neg = int(y.sum()), int((1 - y).sum())
    return {
        "outcome": outcome,
        "operation": op,
        "known": len(y),
        "unknown": unknown,
        "observed_rate": float(y.mean()),
        "rate_bounds": f"{low:.2f}-{high:.2f}",
        "predicted": mean,
        "p05": lo,
        "p95": hi,
        "covered": bool(lo <= y.mean() <= hi),
        "bounds_overlap": bool(all_lo <= high and low <= all_hi),
        "pairs": n_pos * n_neg,
        "auc_model": calibration.auc(y, eta),
        "auc_log_size": calibration.auc(y, frame["log_size"].to_numpy(float)[rows][test]),
    }


def validate(store: Store, seed: int = 20011004) -> CrisisValidation:
    """Leave each operation out, fit on the rest, score the held-out rows; both outcomes."""
    from natolab.alliance import Alliance

    frame = calibration.rows(Alliance(store=store))
    rng = np.random.default_rng(seed)
    records = []
    for outcome in OUTCOMES:
        x = calibration.features(frame, outcome)
        ops = frame.loc[frame[outcome].notna(), "operation_id"].unique()
        records += [_held_out(frame, x, outcome, op, rng) for op in ops]
    table = pd.DataFrame(records)
    summary = []
    for name in OUTCOMES:
        part = table[table["outcome"] == name]
        summary += [
            {
                "outcome": name,
                "model": "per-operation (hierarchical)",
                "within_operation_auc": pair_weighted_auc(part, "auc_model"),
                "operations_rate_covered": f"{int(part['covered'].sum())}/{len(part)}",
                "bounds_overlap": f"{int(part['bounds_overlap'].sum())}/{len(part)}",
            },
            {
                "outcome": name,
                "model": "log size, unfitted",
                "within_operation_auc": pair_weighted_auc(part, "auc_log_size"),
                "operations_rate_covered": "",
                "bounds_overlap": "",
            },
        ]
    return CrisisValidation(table, pd.DataFrame(summary))
