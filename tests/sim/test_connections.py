"""A stored run opens a small, fixed number of DuckDB connections, plus one per chunk written.

Each connection costs tens of milliseconds on a loaded machine (the fixed cost of a small run),
so the count is behaviour worth pinning: counted by wrapping ``duckdb.connect``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pytest

from natolab.alliance import Alliance
from natolab.store import Store

# Read-back lookup, schema check, run registration, data reads of the model, fingerprints and
# the finish: measured 15 for a one-chunk crisis run after removing two repeated queries (was 17).
FIXED_MAX = 15


@pytest.fixture()
def connections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A one-item list counting every ``duckdb.connect`` made while the test runs."""
    count = [0]
    real: Callable[..., Any] = duckdb.connect

    def counting(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(duckdb, "connect", counting)
    return count


def _connections_for(store: Store, count: list[int], chunks: int, seed: int) -> int:
    """Connections opened by one run on a fresh Alliance (no data cached from an earlier run)."""
    nato = Alliance(on="2026-11-24", store=store)
    before = count[0]
    nato.simulate(
        "baltic-article5", runs=chunks * 100, seed=seed, block_runs=100, blocks_per_chunk=1,
        quiet=True,
    )  # fmt: skip
    return count[0] - before


def test_a_run_opens_a_bounded_number_of_connections(store: Store, connections: list[int]) -> None:
    one = _connections_for(store, connections, chunks=1, seed=1)
    five = _connections_for(store, connections, chunks=5, seed=2)
    assert one <= FIXED_MAX
    assert one < five <= one + 4  # at most one transaction per further chunk, nothing else


def test_reading_a_finished_run_back_opens_few_connections(
    store: Store, connections: list[int]
) -> None:
    _connections_for(store, connections, chunks=1, seed=1)
    again = _connections_for(store, connections, chunks=1, seed=1)
    assert again <= 6
