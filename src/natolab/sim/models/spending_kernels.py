"""Numba kernel of model A: the per ally-year update loop, fused with its mergeable reduction.

Written as plain loops over runs x allies x years: one pass, no (runs, allies, years)
temporaries, every random number drawn from the block's own ``numpy.random.Generator`` in a
fixed order (Numba reproduces NumPy's algorithms, so a block gives the same numbers in any
process). The reduction (counts, fixed-bin histograms, sums) happens in the same pass because
writing and re-reading every ally-year costs more than the update itself.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy", fastmath={"nnan", "ninf", "nsz"})
def simulate_block(  # noqa: PLR0913 - a kernel's inputs are its state, parameters and outputs
    rng: np.random.Generator,
    state: np.ndarray,
    rate: np.ndarray,
    aims: np.ndarray,
    params: np.ndarray,
    thresholds: np.ndarray,
    headline: int,
    europe: np.ndarray,
    hist: np.ndarray,
    share_final: np.ndarray,
    gdp_final: np.ndarray,
    meet: np.ndarray,
    n_meeting: np.ndarray,
    total_hist: np.ndarray,
    total_sum: np.ndarray,
    gap_sum: np.ndarray,
    gap_total_sum: np.ndarray,
    share_sum: np.ndarray,
) -> None:
    """Advance every run's allies year by year and add the paths into the aggregates.

    ``state`` rows: initial share (% GDP), real GDP, last growth, mean growth, growth sd.
    ``params`` is (runs, 12) in the order of ``PARAMETERS`` in ``spending.py``.
    ``hist``: base alliance total, base Europe total, log-ratio lower edge, bin width.
    """
    n = params.shape[0]
    allies, years, k_count = state.shape[1], aims.shape[0], thresholds.shape[0]
    bins = total_hist.shape[2]
    head = thresholds[headline]
    threat = np.empty(years)
    tot = np.empty((2, years))
    gaps = np.empty((2, years))
    counts = np.empty((years, k_count), np.int64)
    pooled = rate.mean()
    for r in range(n):
        scale, kappa, margin, noise = params[r, 0], params[r, 1], params[r, 2], params[r, 3]
        gshift, gvol, phi, stick = params[r, 4], params[r, 5], params[r, 6], params[r, 7]
        p_threat, boost, drift, weight = params[r, 8], params[r, 9], params[r, 10], params[r, 11]
        for t in range(years):
            threat[t] = 1.0 if rng.random() < p_threat else 0.0
        tot[:] = 0.0
        gaps[:] = 0.0
        counts[:] = 0
        for a in range(allies):
            mean = min(max(scale * (weight * rate[a] + (1.0 - weight) * pooled), 1e-3), 0.999)
            adherence = rng.beta(mean * kappa, (1.0 - mean) * kappa)
            s, y, g_prev = state[0, a], state[1, a], state[2, a]
            m = state[3, a] + gshift
            sd = state[4, a] * gvol
            eu = 1.0 if europe[a] else 0.0
            for t in range(years):
                g = m + phi * (g_prev - m) + sd * rng.standard_normal()
                y *= 1.0 + g
                aim = aims[t] + margin
                pull = adherence + threat[t] * boost * (1.0 - adherence)
                step = pull * (aim - s) if s < aim else drift
                s = max(s + step + noise * rng.standard_normal() - stick * (g - m) * s, 0.05)
                g_prev = g
                spend = s * y * 0.01
                gap = max(head - s, 0.0) * y * 0.01
                share_sum[a, t] += s
                gap_sum[a, t] += gap
                tot[0, t] += spend
                gaps[0, t] += gap
                tot[1, t] += eu * spend
                gaps[1, t] += eu * gap
                for k in range(k_count):
                    hit = np.int64(s >= thresholds[k])  # branch-free: the test is a coin flip
                    meet[a, t, k] += hit
                    counts[t, k] += hit
            share_final[r, a] = s
            gdp_final[r, a] = y
        for t in range(years):
            for k in range(k_count):
                n_meeting[t, k, counts[t, k]] += 1
            for series in range(2):
                value = tot[series, t]
                total_sum[series, t] += value
                gap_total_sum[series, t] += gaps[series, t]
                b = int(math.floor((math.log(value / hist[series]) - hist[2]) / hist[3]))
                total_hist[series, t, min(max(b, 0), bins - 1)] += 1
