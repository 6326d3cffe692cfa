"""Streaming aggregates the models' reductions share: moments, fixed-bin histograms, quantiles.

Every aggregate here is a sum over runs, so a block's aggregates add to the next block's in any
order (the engine merges them in block order, bit for bit). Quantiles are read off the merged
histograms at the end, never from stored samples.
"""

from __future__ import annotations

import numpy as np


def moments(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum and sum of squares over runs (axis 0): the mergeable form of a mean and an sd."""
    values = np.asarray(values, dtype=float)
    return np.asarray(values.sum(axis=0)), np.asarray((values**2).sum(axis=0))


def mean_sd(total: np.ndarray, sq: np.ndarray, runs: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and (population) sd from merged sums; the variance is floored at 0 for rounding."""
    mean = np.asarray(total, dtype=float) / runs
    return mean, np.sqrt(np.maximum(np.asarray(sq, dtype=float) / runs - mean**2, 0.0))


def histogram(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Fixed-bin counts over runs (axis 0) for every trailing cell, in one pass.

    Same bins as ``numpy.histogram`` (half-open, the last one closed; values outside the edges
    are not counted), shaped ``values.shape[1:] + (bins,)``, without a Python loop per cell.
    """
    values = np.asarray(values, dtype=float)
    bins = len(edges) - 1
    flat = values.reshape(values.shape[0], -1)
    index = np.searchsorted(edges, flat, side="right") - 1
    index[flat == edges[-1]] = bins - 1
    inside = (flat >= edges[0]) & (flat <= edges[-1])
    cell = np.broadcast_to(np.arange(flat.shape[1]), flat.shape)
    counts = np.bincount((cell * bins + index)[inside], minlength=flat.shape[1] * bins).reshape(
        flat.shape[1], bins
    )
    return counts.reshape(*values.shape[1:], bins)


def value_counts(values: np.ndarray, n: int) -> np.ndarray:
    """Counts of the integers 0..n over runs (axis 0) per trailing cell: ``shape[1:] + (n+1,)``."""
    values = np.asarray(values, dtype=np.int64)
    flat = values.reshape(values.shape[0], -1)
    cell = np.broadcast_to(np.arange(flat.shape[1]), flat.shape)
    counts = np.bincount((cell * (n + 1) + flat).ravel(), minlength=flat.shape[1] * (n + 1))
    return counts.reshape(*values.shape[1:], n + 1)


def hist_quantile(counts: np.ndarray, edges: np.ndarray, q: float) -> float:
    """The q-quantile of a fixed-bin histogram, linear within its bin (NaN if empty)."""
    cum = np.cumsum(counts)
    if cum[-1] == 0:
        return float("nan")
    target = q * cum[-1]
    k = min(int(np.searchsorted(cum, target)), len(counts) - 1)
    before = cum[k - 1] if k else 0
    frac = (target - before) / counts[k] if counts[k] else 0.0
    return float(edges[k] + frac * (edges[k + 1] - edges[k]))


def count_quantile(dist: np.ndarray, q: float) -> int:
    """The q-quantile of a count distribution (smallest n with P(N <= n) >= q)."""
    cum = np.cumsum(dist) / dist.sum()
    return int(np.searchsorted(cum, q - 1e-12))
