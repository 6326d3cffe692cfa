"""The shared streaming aggregates agree with NumPy's one-shot answers and merge across blocks."""

from __future__ import annotations

import numpy as np
import pytest

from natolab.sim import aggregate


def test_histogram_matches_numpy_including_the_closed_last_edge() -> None:
    rng = np.random.default_rng(7)
    values = rng.normal(1.0, 1.0, (400, 2, 3))
    values[0, 0, 0], values[1, 1, 2] = 3.0, 9.0  # on the last edge; outside
    edges = np.linspace(-1.0, 3.0, 21)
    expected = np.array(
        [[np.histogram(values[:, c, d], bins=edges)[0] for d in range(3)] for c in range(2)]
    )
    assert np.array_equal(aggregate.histogram(values, edges), expected)


def test_blocks_merge_to_the_whole() -> None:
    rng = np.random.default_rng(8)
    values = rng.gamma(2.0, 1.0, (1000, 4))
    edges = np.linspace(0, 10, 51)
    halves = [aggregate.histogram(v, edges) for v in (values[:300], values[300:])]
    assert np.array_equal(halves[0] + halves[1], aggregate.histogram(values, edges))
    s1, q1 = aggregate.moments(values[:300])
    s2, q2 = aggregate.moments(values[300:])
    mean, sd = aggregate.mean_sd(s1 + s2, q1 + q2, 1000)
    assert mean == pytest.approx(values.mean(axis=0))
    assert sd == pytest.approx(values.std(axis=0))


def test_quantiles_from_histograms_and_counts() -> None:
    counts = np.array([0, 10, 10, 0])
    edges = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    assert aggregate.hist_quantile(counts, edges, 0.5) == pytest.approx(2.0)
    assert aggregate.hist_quantile(counts, edges, 0.25) == pytest.approx(1.5)
    assert np.isnan(aggregate.hist_quantile(np.zeros(4), edges, 0.5))
    dist = np.array([1, 0, 8, 1])  # P(N<=0)=.1, P(N<=2)=.9
    assert aggregate.count_quantile(dist, 0.05) == 0
    assert aggregate.count_quantile(dist, 0.5) == 2
    assert aggregate.count_quantile(dist, 0.95) == 3


def test_value_counts_per_cell() -> None:
    values = np.array([[0, 2], [1, 2], [1, 0]])
    assert aggregate.value_counts(values, 2).tolist() == [[1, 2, 0], [1, 0, 2]]
