"""Numba kernel of model A: the per ally-year update loop, fused with its mergeable reduction.

Written as plain loops, one run at a time, no (runs, allies, years) temporaries. Each run goes
through four phases over small per-run buffers that stay in L1 cache:

1. **draw**: every random number the run needs, from the block's own ``numpy.random.Generator``
   in a fixed order (threat uniforms by year, adherence Betas by ally, then the two normals of
   each ally-year). Numba reproduces NumPy's algorithms, so a block gives the same numbers in
   any process; drawing them in one tight loop keeps the generator's state hot. (Numba's inline
   ziggurat measured about 3x faster here than ``Generator.standard_normal(out=...)``.)
2. **advance**: years outer, allies inner. Allies' paths are independent, so the inner loop has
   no loop-carried dependency: the CPU overlaps allies and LLVM vectorises it. No ``reassoc`` or
   ``contract`` fast-math flags: a vector lane computes exactly what a scalar would, so results
   do not depend on the machine's SIMD width (Dask workers on other CPUs agree bit for bit).
3. **reduce**: sums over allies with years inner (ten independent chains, still added in ally
   order), hit counts per threshold, the per-run histograms of totals.
4. the per-ally sums go into run-local (year, ally) accumulators, written to the outputs once
   per block (they start at zero, so the bits are the same as adding run by run).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_FASTMATH = {"nnan", "ninf", "nsz"}


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def net_adherence(mean: float, honour: float, fit_pace: np.ndarray) -> float:
    """An adherence mean net of the deadline pull that was in force over its fit window.

    The fit reads each yearly gap-closing as adherence alone, but in a year with a deadline in
    force the model's step closes 1 - (1 - a)(1 - h x pace) of the gap: over the window's n
    years the gap left is (1 - a)^n x prod(1 - h x pace). Solving for a at this run's honour h
    keeps the decomposition the simulation applies (adherence, then the deadline on top) from
    counting the deadline twice. ``fit_pace`` zero or h zero: ``mean`` unchanged, same bits.
    """
    kept = 1.0
    for t in range(fit_pace.shape[0]):
        kept *= 1.0 - honour * fit_pace[t]
    if kept == 1.0:
        return mean
    return 1.0 - (1.0 - mean) / max(kept, 1e-12) ** (1.0 / fit_pace.shape[0])


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def _draw(  # noqa: PLR0913 - one run's parameters and the buffers its draws go into
    rng: np.random.Generator,
    p: np.ndarray,
    rate: np.ndarray,
    pooled: float,
    fit_pace: np.ndarray,
    threat: np.ndarray,
    adherence: np.ndarray,
    drift: np.ndarray,
    z: np.ndarray,
) -> None:
    """All of one run's random numbers, in a fixed order (the block's stream is the only source).

    The per-ally drifts are drawn only when their sd is positive, so a run without drift uses
    the same stream as before the drift existed.
    """
    scale, kappa, p_threat, weight, drift_sd = p[0], p[1], p[8], p[11], p[12]
    for t in range(threat.shape[0]):
        threat[t] = 1.0 if rng.random() < p_threat else 0.0
    for a in range(rate.shape[0]):
        mean = net_adherence(scale * (weight * rate[a] + (1.0 - weight) * pooled), p[13], fit_pace)
        mean = min(max(mean, 1e-3), 0.999)
        adherence[a] = rng.beta(mean * kappa, (1.0 - mean) * kappa)
    for a in range(rate.shape[0]):
        drift[a] = drift_sd * rng.standard_normal() if drift_sd > 0.0 else 0.0
    for t in range(z.shape[0]):
        for j in range(2):
            for a in range(z.shape[2]):
                z[t, j, a] = rng.standard_normal()


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def _advance(  # noqa: PLR0913 - state, parameters, draws and the paths written
    p: np.ndarray,
    state: np.ndarray,
    aims: np.ndarray,
    head: float,
    threat: np.ndarray,
    dated: np.ndarray,
    has_dated: bool,
    pace: np.ndarray,
    adherence: np.ndarray,
    drift: np.ndarray,
    z: np.ndarray,
    live: np.ndarray,
    paths: np.ndarray,
) -> None:
    """Year by year, every ally's GDP and share; ``paths[0|1|2, t, a]``: share, spend, gap.

    ``dated[t, a]`` is a declared threat's extra pull on ally ``a`` in year ``t`` (0: none); it
    combines with the random common shock as independent pulls toward the aim. ``pace[t]`` is
    the share of the remaining gap a commitment's deadline asks for in year ``t`` (0: no
    deadline); the run's honour of it (``p[13]``) scales it into a third independent pull, the
    same for every ally (a deadline is reviewed collectively). ``drift[a]`` is the run's
    persistent yearly move of ally ``a``'s share, added to every year's step.
    """
    margin, noise, gshift, gvol = p[2], p[3], p[4], p[5]
    phi, stick, boost, above, honour = p[6], p[7], p[9], p[10], p[13]
    s, y, g_prev, m, sd = live[0], live[1], live[2], live[3], live[4]
    for a in range(state.shape[1]):
        s[a], y[a], g_prev[a] = state[0, a], state[1, a], state[2, a]
        m[a] = state[3, a] + gshift
        sd[a] = state[4, a] * gvol
    for t in range(aims.shape[0]):
        aim = aims[t] + margin
        shock = threat[t] * boost
        deadline = honour * pace[t]
        if deadline != 0.0:  # else unchanged bits: a run without a deadline is as before
            shock = 1.0 - (1.0 - shock) * (1.0 - deadline)
        for a in range(state.shape[1]):
            g = m[a] + phi * (g_prev[a] - m[a]) + sd[a] * z[t, 0, a]
            yy = y[a] * (1.0 + g)
            ss = s[a]
            lift = shock
            if has_dated:  # loop-invariant: the compiler keeps the plain loop for sim run
                lift = 1.0 - (1.0 - shock) * (1.0 - dated[t, a])
            pull = adherence[a] + lift * (1.0 - adherence[a])
            step = pull * (aim - ss) if ss < aim else above
            ss = max(ss + step + drift[a] + noise * z[t, 1, a] - stick * (g - m[a]) * ss, 0.05)
            s[a], y[a], g_prev[a] = ss, yy, g
            paths[0, t, a] = ss
            paths[1, t, a] = ss * yy * 0.01
            paths[2, t, a] = max(head - ss, 0.0) * yy * 0.01


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def _totals(paths: np.ndarray, europe: np.ndarray, tot: np.ndarray) -> None:
    """``tot[0|1|2|3, t]``: alliance spend, Europe spend, alliance gap, Europe gap (ally order)."""
    tot[:] = 0.0
    for a in range(paths.shape[2]):
        for t in range(paths.shape[1]):
            tot[0, t] += paths[1, t, a]
            tot[2, t] += paths[2, t, a]
    for a in range(paths.shape[2]):
        if europe[a]:
            for t in range(paths.shape[1]):
                tot[1, t] += paths[1, t, a]
                tot[3, t] += paths[2, t, a]


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def _count(
    paths: np.ndarray, thresholds: np.ndarray, hits: np.ndarray, n_meeting: np.ndarray
) -> None:
    """Per ally-year-threshold hit counts, and the distribution of how many allies meet each."""
    for k in range(thresholds.shape[0]):
        line = thresholds[k]
        for t in range(paths.shape[1]):
            c = np.int64(0)
            for a in range(paths.shape[2]):
                hit = np.int64(paths[0, t, a] >= line)  # branch-free: the test is a coin flip
                hits[k, t, a] += hit
                c += hit
            n_meeting[t, k, c] += 1


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def _histogram(  # noqa: PLR0913 - per-run totals into the block's sums and histograms
    tot: np.ndarray,
    hist: np.ndarray,
    total_hist: np.ndarray,
    total_sum: np.ndarray,
    gap_total_sum: np.ndarray,
) -> None:
    """Add one run's totals (alliance, Europe) to the sums and the fixed log-ratio bins."""
    bins = total_hist.shape[2]
    for t in range(tot.shape[1]):
        for series in range(2):
            value = tot[series, t]
            total_sum[series, t] += value
            gap_total_sum[series, t] += tot[2 + series, t]
            b = int(math.floor((math.log(value / hist[series]) - hist[2]) / hist[3]))
            total_hist[series, t, min(max(b, 0), bins - 1)] += 1


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def _add_paths(paths: np.ndarray, share_acc: np.ndarray, gap_acc: np.ndarray) -> None:
    """Per ally-year sums of share and gap, in (year, ally) layout (contiguous, vectorised)."""
    for t in range(paths.shape[1]):
        for a in range(paths.shape[2]):
            share_acc[t, a] += paths[0, t, a]
            gap_acc[t, a] += paths[2, t, a]


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH, inline="always")
def _write_out(  # noqa: PLR0913 - local accumulators into the (ally, year[, k]) outputs
    share_acc: np.ndarray,
    gap_acc: np.ndarray,
    hits: np.ndarray,
    share_sum: np.ndarray,
    gap_sum: np.ndarray,
    meet: np.ndarray,
) -> None:
    for t in range(share_acc.shape[0]):
        for a in range(share_acc.shape[1]):
            share_sum[a, t] += share_acc[t, a]
            gap_sum[a, t] += gap_acc[t, a]
            for k in range(hits.shape[0]):
                meet[a, t, k] += hits[k, t, a]


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def simulate_block(  # noqa: PLR0913 - a kernel's inputs are its state, parameters and outputs
    rng: np.random.Generator,
    state: np.ndarray,
    rate: np.ndarray,
    aims: np.ndarray,
    params: np.ndarray,
    dated: np.ndarray,
    has_dated: bool,
    pace: np.ndarray,
    fit_pace: np.ndarray,
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
    ``params`` is (runs, 14) in the order of ``PARAMETERS`` in ``spending.py``.
    ``dated`` (years, allies): the declared threats' pull (``has_dated`` False: all zero).
    ``pace`` (years): the share of the gap the commitment's deadline asks for (0: none).
    ``fit_pace`` (fit window years): the pace of the deadline in force when adherence was fitted.
    ``hist``: base alliance total, base Europe total, log-ratio lower edge, bin width.
    """
    allies, years, k_count = state.shape[1], aims.shape[0], thresholds.shape[0]
    pooled = rate.mean()
    threat, adherence, drift = np.empty(years), np.empty(allies), np.empty(allies)
    z = np.empty((years, 2, allies))
    live, paths = np.empty((5, allies)), np.empty((3, years, allies))
    tot = np.empty((4, years))
    share_acc, gap_acc = np.zeros((years, allies)), np.zeros((years, allies))
    hits = np.zeros((k_count, years, allies), np.int64)
    for r in range(params.shape[0]):
        p = params[r]
        _draw(rng, p, rate, pooled, fit_pace, threat, adherence, drift, z)
        _advance(
            p,
            state,
            aims,
            thresholds[headline],
            threat,
            dated,
            has_dated,
            pace,
            adherence,
            drift,
            z,
            live,
            paths,
        )
        _add_paths(paths, share_acc, gap_acc)
        _totals(paths, europe, tot)
        _count(paths, thresholds, hits, n_meeting)
        _histogram(tot, hist, total_hist, total_sum, gap_total_sum)
        share_final[r] = live[0]
        gdp_final[r] = live[1]
    _write_out(share_acc, gap_acc, hits, share_sum, gap_sum, meet)


@njit(cache=True, error_model="numpy", fastmath=_FASTMATH)
def simulate_paths(  # noqa: PLR0913 - the block kernel's inputs plus the dated threat
    rng: np.random.Generator,
    state: np.ndarray,
    rate: np.ndarray,
    aims: np.ndarray,
    params: np.ndarray,
    dated: np.ndarray,
    pace: np.ndarray,
    fit_pace: np.ndarray,
    shares: np.ndarray,
) -> None:
    """Every run's share paths ``shares[r, t, a]``: what a backtest scores ally-year by ally-year.

    The same draws and update as :func:`simulate_block` (so validation scores the model that
    ``sim run`` runs), without the reduction; ``dated`` is the declared threat's pull, ``pace``
    the deadline's, ``fit_pace`` the one in force over the fit window.
    """
    allies, years = state.shape[1], aims.shape[0]
    pooled = rate.mean()
    threat, adherence, drift = np.empty(years), np.empty(allies), np.empty(allies)
    z = np.empty((years, 2, allies))
    live, paths = np.empty((5, allies)), np.empty((3, years, allies))
    has_dated = bool((dated != 0.0).any())
    for r in range(params.shape[0]):
        p = params[r]
        _draw(rng, p, rate, pooled, fit_pace, threat, adherence, drift, z)
        _advance(
            p,
            state,
            aims,
            aims[-1],
            threat,
            dated,
            has_dated,
            pace,
            adherence,
            drift,
            z,
            live,
            paths,
        )
        shares[r] = paths[0]
