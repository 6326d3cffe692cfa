"""The exploitation test of Olson & Zeckhauser (1966): do the large carry the small?

If deterrence is a public good, large allies value it most and spend a larger share of their
GDP, while small allies ride free. The test, year by year: the rank correlation between GDP
(size) and defence spending as a share of GDP (burden), Spearman and Kendall, with one-sided
p-values for the hypothesis of a *positive* correlation, and the partial rank correlation holding
GDP per capita constant (richer allies might simply spend more).

Caveat: the burden is a ratio with GDP in its denominator and size is GDP itself, so the two are
not independent measurements, and a rank correlation across 30 allies in one year is a historical
description, not causal evidence of free riding: it cannot separate exploitation from geography,
threat perception or alliance politics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from natolab.burden._common import join_releases, same_release, values_by_release
from natolab.errors import InputError

if TYPE_CHECKING:
    from natolab.alliance import Alliance

SIZE, WEALTH = "gdp_usd_current_m", "gdp_per_capita_usd_k_constant"
MIN_ALLIES = 5


def partial_rank_correlation(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[float, float]:
    """Spearman partial correlation of x and y holding z constant, and its one-sided p (> 0).

    Computed from the pairwise Spearman correlations; the p-value uses Student's t with n - 3
    degrees of freedom, the usual test for a first-order partial correlation.
    """
    from scipy import stats  # here, not at import: status must start fast

    rho = stats.spearmanr(np.column_stack([x, y, z])).statistic
    rxy, rxz, ryz = rho[0, 1], rho[0, 2], rho[1, 2]
    denominator = np.sqrt((1.0 - rxz**2) * (1.0 - ryz**2))
    if denominator == 0:
        return float("nan"), float("nan")
    r = float((rxy - rxz * ryz) / denominator)
    dof = len(x) - 3
    if abs(r) >= 1.0:
        return r, 0.0 if r > 0 else 1.0
    t = r * np.sqrt(dof / (1.0 - r**2))
    return r, float(stats.t.sf(t, dof))


def exploitation_test(
    nato: Alliance, first: int | None = None, last: int | None = None
) -> pd.DataFrame:
    """Per year in ``first``..``last``: Spearman, Kendall and partial rank correlations.

    Default range: the years in which the data has share, GDP and GDP per capita.

    Only allies with a share, a GDP and a GDP per capita in that year enter; a year with fewer
    than five has NaN statistics and a reason.
    """
    data = _data(nato)
    years = sorted(set(data["year"]))
    usable = sorted(set(data.dropna(subset=["value", "gdp", "gdp_pc"])["year"]))
    first = (usable or years)[0] if first is None else first
    last = (usable or years)[-1] if last is None else last
    if first > last:
        raise InputError(f"first year {first} is after last year {last}")
    if first < years[0] or last > years[-1]:
        raise InputError(f"share-of-GDP data covers {years[0]}-{years[-1]}, not {first}-{last}")
    rows = [_one_year(data[data["year"] == year], year) for year in range(first, last + 1)]
    return pd.DataFrame(rows)


def _data(nato: Alliance) -> pd.DataFrame:
    """Each ally's share, GDP (same release as the share where possible) and GDP per capita."""
    shares = nato.spending("pct_gdp")[["iso3", "year", "value", "release"]]
    by_release = values_by_release(nato, [SIZE, WEALTH])
    frame = same_release(shares, by_release, nato.spending(SIZE), SIZE, "gdp")
    frame = same_release(frame, by_release, nato.spending(WEALTH), WEALTH, "gdp_pc")
    return frame


def _one_year(rows: pd.DataFrame, year: int) -> dict[str, object]:
    from scipy import stats  # here, not at import: status must start fast

    complete = rows.dropna(subset=["value", "gdp", "gdp_pc"])
    out: dict[str, object] = {"year": year, "allies": len(complete)}
    names = ["spearman_rho", "spearman_p", "kendall_tau", "kendall_p", "partial_rho", "partial_p"]
    out.update(dict.fromkeys(names, float("nan")))
    out["releases"] = join_releases(complete["release"])
    out["gdp_releases"] = join_releases([*complete["gdp_release"], *complete["gdp_pc_release"]])
    if len(complete) < MIN_ALLIES:
        missing = len(rows) - len(complete)
        out["reason"] = (
            f"only {len(complete)} allies with share, GDP and GDP per capita ({missing} lack one)"
        )
        return out
    size, burden = complete["gdp"].to_numpy(float), complete["value"].to_numpy(float)
    spearman = stats.spearmanr(size, burden, alternative="greater")
    kendall = stats.kendalltau(size, burden, alternative="greater")
    partial = partial_rank_correlation(size, burden, complete["gdp_pc"].to_numpy(float))
    out.update(
        spearman_rho=float(spearman.statistic),
        spearman_p=float(spearman.pvalue),
        kendall_tau=float(kendall.statistic),
        kendall_p=float(kendall.pvalue),
        partial_rho=partial[0],
        partial_p=partial[1],
        reason="",
    )
    return out
