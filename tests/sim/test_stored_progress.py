"""A stored run keeps its merged progress, not a row per block (issue 13: flat peak memory).

The store holds one progress row per run (the totals of the blocks merged so far, in block
order) and only the blocks that finished before a block they follow. Resuming from it, from
blocks that arrived out of order, or from a run stored the old way (a row per block) gives
results bit-identical to an uninterrupted run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import pytest

from natolab.alliance import Alliance
from natolab.sim import results
from natolab.sim.engine import BlockResult, ChunkTask, execute, pack
from natolab.sim.models import get_model
from natolab.sim.scenario import Scenario
from natolab.sim.simulate import simulate
from natolab.store import Store

from .conftest import frames_equal

RUNS, BLOCK_RUNS = 12 * 256, 256  # 12 blocks


def _stored(store: Store, sql: str) -> list[Any]:
    return store.query(sql).iloc[:, 0].tolist()


def test_a_finished_run_stores_one_progress_row_and_no_block_rows(nato: Alliance) -> None:
    result = simulate(nato, "wales-backtest-2014", runs=40 * 256, block_runs=256)
    assert _stored(nato.store, "SELECT merged FROM sim_progress") == [40]
    assert _stored(nato.store, "SELECT count(*) FROM sim_blocks") == [0]
    listed = results.list_runs(nato.store)
    assert listed["blocks"].tolist() == ["40/40"] and result.blocks_computed == 40


class ShuffledBackend:
    """In process, but handing chunks back in the order given (as workers finishing out of
    order do), and stopping (as a killed run does) after ``stop_after`` chunks."""

    workers = 1

    def __init__(self, order: list[int], stop_after: int | None = None) -> None:
        self.order, self.stop_after = order, stop_after

    def map_unordered(
        self,
        fn: Callable[[Any, ChunkTask], list[BlockResult]],
        shared: Any,
        tasks: Iterable[ChunkTask],
    ) -> Iterator[list[BlockResult]]:
        listed = list(tasks)
        for count, i in enumerate(self.order):
            if count == self.stop_after:
                raise KeyboardInterrupt
            yield fn(shared, listed[i])


def _setup(nato: Alliance, scn: Scenario) -> tuple[Any, ChunkTask]:
    prepared = get_model(scn.family).prepare(scn, nato)
    template = ChunkTask(scn.family, scn.seed, (), RUNS, BLOCK_RUNS, tuple(scn.uncertainties))
    return prepared, template


def _sink(store: Store) -> results.StoreSink:
    results.ensure_schema(store)
    return results.StoreSink(store, "00000000000000aa")


def _assert_identical(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert sorted(a) == sorted(b)
    for key in a:
        assert np.array_equal(a[key], b[key]), key


def test_blocks_that_arrive_early_are_stored_until_merged_and_resume(
    nato: Alliance, backtest: Scenario
) -> None:
    prepared, template = _setup(nato, backtest)
    fresh = execute(prepared, template, ShuffledBackend(list(range(6))), blocks_per_chunk=2)
    # chunks 3 and 1 (blocks 6-7, 2-3) finish, then the run is killed before chunk 0
    with pytest.raises(KeyboardInterrupt):
        execute(prepared, template, ShuffledBackend([3, 1, 0], 2), _sink(nato.store), 2)
    assert _stored(nato.store, "SELECT merged FROM sim_progress") == [0]
    assert sorted(_stored(nato.store, "SELECT block FROM sim_blocks")) == [2, 3, 6, 7]

    sink = _sink(nato.store)
    assert sink.done_blocks() == {2, 3, 6, 7}
    resumed = execute(prepared, template, ShuffledBackend([0, 2, 3, 1]), sink, 2)
    _assert_identical(resumed, fresh)
    assert _stored(nato.store, "SELECT merged FROM sim_progress") == [12]
    assert _stored(nato.store, "SELECT count(*) FROM sim_blocks") == [0]


def test_a_run_stored_a_row_per_block_before_progress_resumes(
    nato: Alliance, backtest: Scenario
) -> None:
    """A store written before progress was kept: no sim_progress table, every finished block a
    row of sim_blocks. It is upgraded in place and its blocks are used, not recomputed."""
    prepared, template = _setup(nato, backtest)
    early: list[BlockResult] = []
    fresh = execute(
        prepared, template, ShuffledBackend(list(range(12))), None, 1, on_chunk=early.extend
    )
    results.ensure_schema(nato.store)
    with nato.store.transaction() as con:
        con.execute("DROP TABLE sim_progress")
        con.executemany(
            "INSERT INTO sim_blocks VALUES (?, ?, ?, ?)",
            [("00000000000000aa", r.block, r.runs, pack(r.aggregates)) for r in early[:5]],
        )
    sink = _sink(nato.store)
    assert sink.done_blocks() == {0, 1, 2, 3, 4}
    computed: list[BlockResult] = []
    resumed = execute(prepared, template, ShuffledBackend([0, 1, 2, 3, 4, 5, 6]), sink, 1,
                      on_chunk=computed.extend)  # fmt: skip
    assert [r.block for r in computed] == list(range(5, 12))
    _assert_identical(resumed, fresh)
    assert _stored(nato.store, "SELECT merged FROM sim_progress") == [12]


def test_a_resumed_stored_run_matches_one_kept_in_memory(nato: Alliance) -> None:
    """Through ``simulate``: a run stopped after 3 of 12 chunks resumes from its progress."""
    calls = []

    def stop(chunk: Any) -> None:
        calls.append(chunk)
        if len(calls) == 3:
            raise KeyboardInterrupt

    options: dict[str, Any] = {"runs": RUNS, "block_runs": BLOCK_RUNS, "blocks_per_chunk": 1}
    with pytest.raises(KeyboardInterrupt):
        simulate(nato, "wales-backtest-2014", on_chunk=stop, **options)
    resumed = simulate(nato, "wales-backtest-2014", **options)
    assert (resumed.blocks_reused, resumed.blocks_computed) == (3, 9)
    fresh = simulate(nato, "wales-backtest-2014", store=False, **options)
    frames_equal(resumed.tables, fresh.tables)
