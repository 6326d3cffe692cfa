"""Model A's result tables (from the merged aggregates) and its plot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from natolab.sim import aggregate
from natolab.sim.aggregate import count_quantile

if TYPE_CHECKING:
    from natolab.sim.models.spending import Prepared


# log-scale bins of the alliance and European totals, relative to the base year (0.4x to 5x)
HIST_LOG_LO, HIST_LOG_HI, HIST_BINS = float(np.log(0.4)), float(np.log(5.0)), 640


def hist_quantiles(counts: np.ndarray, lo: float, hi: float, qs: tuple[float, ...]) -> list[float]:
    """Quantiles of a fixed-bin histogram over [lo, hi) (see :mod:`natolab.sim.aggregate`)."""
    edges = np.linspace(lo, hi, len(counts) + 1)
    return [aggregate.hist_quantile(counts, edges, q) for q in qs]


def _meet(prepared: Prepared, totals: Any, runs: int) -> pd.DataFrame:
    a, t, k = totals["meet"].shape
    return pd.DataFrame(
        {
            "iso3": np.repeat(prepared.iso3, t * k),
            "name": np.repeat(prepared.names, t * k),
            "year": np.tile(np.repeat(prepared.years, k), a),
            "threshold_pct_gdp": np.tile(prepared.thresholds, a * t),
            "probability": totals["meet"].ravel() / runs,
        }
    )


def _allies_meeting(prepared: Prepared, totals: Any, runs: int) -> pd.DataFrame:
    rows = []
    for ti, year in enumerate(prepared.years):
        for ki, thr in enumerate(prepared.thresholds):
            dist = totals["n_meeting"][ti, ki]
            values = np.arange(len(dist))
            rows.append(
                {
                    "year": int(year),
                    "threshold_pct_gdp": float(thr),
                    "mean": float((dist * values).sum() / runs),
                    "p05": count_quantile(dist, 0.05),
                    "p50": count_quantile(dist, 0.5),
                    "p95": count_quantile(dist, 0.95),
                    "of_allies": len(prepared.iso3),
                }
            )
    return pd.DataFrame(rows)


def _distribution(prepared: Prepared, totals: Any, runs: int) -> pd.DataFrame:
    """P(N allies >= threshold) in the final year, for each N: the backtest's distribution."""
    dist = totals["n_meeting"][-1]
    frames = [
        pd.DataFrame(
            {
                "year": int(prepared.years[-1]),
                "threshold_pct_gdp": float(thr),
                "n_allies": np.arange(dist.shape[1]),
                "probability": dist[ki] / runs,
            }
        )
        for ki, thr in enumerate(prepared.thresholds)
    ]
    return pd.concat(frames, ignore_index=True)


def _totals(prepared: Prepared, totals: Any, runs: int) -> pd.DataFrame:
    rows = []
    for si, label in enumerate(("alliance", "europe_and_canada")):
        for ti, year in enumerate(prepared.years):
            qs = hist_quantiles(
                totals["total_hist"][si, ti], HIST_LOG_LO, HIST_LOG_HI, (0.05, 0.5, 0.95)
            )
            base = prepared.base[si]
            rows.append(
                {
                    "series": label,
                    "year": int(year),
                    "mean_usd_constant_m": totals["total_sum"][si, ti] / runs,
                    "p05_usd_constant_m": base * float(np.exp(qs[0])),
                    "p50_usd_constant_m": base * float(np.exp(qs[1])),
                    "p95_usd_constant_m": base * float(np.exp(qs[2])),
                    "mean_gap_usd_constant_m": totals["gap_total_sum"][si, ti] / runs,
                }
            )
    return pd.DataFrame(rows)


def _gaps(prepared: Prepared, totals: Any, runs: int) -> pd.DataFrame:
    a, t = totals["gap_sum"].shape
    return pd.DataFrame(
        {
            "iso3": np.repeat(prepared.iso3, t),
            "year": np.tile(prepared.years, a),
            "threshold_pct_gdp": float(prepared.thresholds[prepared.headline]),
            "mean_pct_gdp": totals["share_sum"].ravel() / runs,
            "mean_gap_usd_constant_m": totals["gap_sum"].ravel() / runs,
        }
    )


def _backtest(prepared: Prepared, totals: Any, runs: int) -> pd.DataFrame | None:
    bt = prepared.backtest
    if bt is None or bt["year"] not in prepared.years.tolist():
        return None
    ti = prepared.years.tolist().index(bt["year"])
    ki = int(np.argmin(np.abs(prepared.thresholds - bt["threshold"])))
    dist = totals["n_meeting"][ti, ki]
    actual = bt["actual"]
    p50, p05, p95 = (count_quantile(dist, q) for q in (0.5, 0.05, 0.95))
    return pd.DataFrame(
        [
            {
                "year": bt["year"],
                "threshold_pct_gdp": bt["threshold"],
                "release": bt["release"],
                "actual": actual,
                "of_allies": len(prepared.iso3),
                "median": p50,
                "p05": p05,
                "p95": p95,
                "mean": float((dist * np.arange(len(dist))).sum() / runs),
                "p_at_most_actual": float(dist[: actual + 1].sum() / runs),
                "p_exactly_actual": float(dist[actual] / runs),
                "covered_90": bool(p05 <= actual <= p95),
                "median_within_2": bool(abs(p50 - actual) <= 2),
            }
        ]
    )


def _fit(prepared: Prepared) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = [
        "adherence_scale", "adherence_concentration", "aim_margin_pp", "share_noise_sd_pp",
        "gdp_growth_shift_pp", "gdp_volatility_scale", "gdp_persistence", "budget_stickiness",
        "threat_shock_probability", "threat_shock_size", "above_target_drift_pp", "ally_weight",
        "share_drift_sd_pp", "deadline_honour",
    ]  # fmt: skip
    defaults = pd.DataFrame({"parameter": names, "default": prepared.defaults})
    notes = pd.DataFrame({"parameter": ["note"] * len(prepared.fit.notes)})
    notes["default"] = np.nan
    notes["note"] = prepared.fit.notes
    pooled = pd.DataFrame(
        {
            "parameter": [f"calibrated_{k}" for k in prepared.fit.parameters()],
            "default": list(prepared.fit.parameters().values()),
        }
    )
    return prepared.fit.table(), pd.concat([defaults, pooled, notes], ignore_index=True)


def summarise(prepared: Prepared, totals: Any, runs: int) -> dict[str, pd.DataFrame]:
    fit, fit_parameters = _fit(prepared)
    tables = {
        "meet_probability": _meet(prepared, totals, runs),
        "allies_meeting": _allies_meeting(prepared, totals, runs),
        "allies_meeting_distribution": _distribution(prepared, totals, runs),
        "totals": _totals(prepared, totals, runs),
        "gaps": _gaps(prepared, totals, runs),
        "fit": fit,
        "fit_parameters": fit_parameters,
    }
    backtest = _backtest(prepared, totals, runs)
    if backtest is not None:
        tables["backtest"] = backtest
    return tables


def plot(tables: dict[str, pd.DataFrame], ax: Any = None) -> Any:
    """Alliance and Europe-and-Canada totals with 90% bands (constant USD bn)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    for series, frame in tables["totals"].groupby("series"):
        ax.fill_between(
            frame["year"], frame["p05_usd_constant_m"] / 1e3, frame["p95_usd_constant_m"] / 1e3,
            alpha=0.25,
        )  # fmt: skip
        ax.plot(frame["year"], frame["p50_usd_constant_m"] / 1e3, label=f"{series} (median)")
    ax.set_xlabel("year")
    ax.set_ylabel("defence spending, constant USD bn")
    ax.legend()
    return ax.figure
