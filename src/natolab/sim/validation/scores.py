"""Proper scores for probabilistic forecasts given as samples (one home for every model's card).

Forecasts are arrays of samples ``(n, m)``: ``n`` draws for each of ``m`` ally-years. Scoring
samples, not a fitted distribution, lets the model and the baselines be scored the same way.
"""

from __future__ import annotations

import numpy as np


def crps(samples: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """The continuous ranked probability score of each column (lower is better).

    CRPS = E|X - y| - E|X - X'| / 2; the second term from the sorted samples in one pass
    (sum over i of (2i - n - 1) x_(i), times 2 / n^2), so memory stays O(n m).
    """
    x = np.sort(samples, axis=0)
    n = x.shape[0]
    spread = 2.0 * ((2 * np.arange(1, n + 1) - n - 1)[:, None] * x).sum(axis=0) / n**2
    return np.asarray(np.abs(x - observed[None, :]).mean(axis=0) - spread / 2)


def brier(probability: np.ndarray, event: np.ndarray) -> np.ndarray:
    """Squared error of a probability against a 0/1 outcome, per forecast."""
    return np.asarray((probability - event.astype(float)) ** 2)


def covered(samples: np.ndarray, observed: np.ndarray, level: float = 0.9) -> np.ndarray:
    """Whether each observation falls inside the central ``level`` interval of its samples."""
    lo, hi = np.quantile(samples, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return np.asarray((observed >= lo) & (observed <= hi))


def above(samples: np.ndarray, observed: np.ndarray, level: float = 0.9) -> np.ndarray:
    """Whether each observation lies above the central ``level`` interval (a low-biased miss)."""
    hi = np.quantile(samples, (1 + level) / 2, axis=0)
    return np.asarray(observed > hi)
