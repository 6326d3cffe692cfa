"""Reused per-block arrays (sim/workspace.py): the same pages every block, the same results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import natolab
from natolab.sim import engine
from natolab.sim.models.crisis import CrisisModel
from natolab.sim.scenario import load_scenario
from natolab.sim.simulate import simulate
from natolab.sim.workspace import Workspace
from natolab.store import Store

RUNS, BLOCK = 2_345, 1_000  # three blocks, the last one shorter


@pytest.fixture(scope="module")
def nato(built_store_file: Path) -> natolab.Alliance:
    return natolab.Alliance(on="2026-11-24", store=Store(built_store_file))


def test_a_buffer_is_reused_and_a_shorter_block_gets_its_first_rows() -> None:
    ws = Workspace()
    first = ws.array("x", (100, 3))
    first[:] = 1.0
    again = ws.array("x", (100, 3))
    shorter = ws.array("x", (40, 3))
    assert np.shares_memory(first, again) and again.shape == (100, 3)
    assert np.shares_memory(first, shorter) and shorter.shape == (40, 3)
    assert not np.shares_memory(first, ws.array("x", (100, 4)))  # another trailing shape
    assert not np.shares_memory(ws.array("y", (100, 3)), ws.array("x", (100, 3)))
    assert ws.array("x", (200, 4)).shape == (200, 4)  # a longer block: a new, larger buffer
    assert ws.array("z", (5,), bool).dtype == np.bool_


def _tables(nato: natolab.Alliance) -> dict[str, pd.DataFrame]:
    result = simulate(nato, "baltic-article5", runs=RUNS, seed=11, store=False, block_runs=BLOCK)
    return dict(result.tables)


def test_results_are_bit_identical_with_reused_buffers(
    nato: natolab.Alliance, monkeypatch: pytest.MonkeyPatch
) -> None:
    reused = _tables(nato)
    assert isinstance(engine._model("crisis").workspace, Workspace)  # the run above reused them
    monkeypatch.setitem(engine._MODELS, "crisis", CrisisModel())  # fresh arrays every block
    fresh = _tables(nato)
    assert list(reused) == list(fresh)
    for name, table in fresh.items():
        pd.testing.assert_frame_equal(reused[name], table, check_exact=True)


def test_a_blocks_metric_survives_the_next_block(
    nato: natolab.Alliance, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = load_scenario("baltic-article5")
    prepared = CrisisModel().prepare(scenario, nato)
    task = engine.ChunkTask(
        "crisis", 5, (0, 1), RUNS, BLOCK, tuple(scenario.uncertainties), mode="metric"
    )
    reusing = CrisisModel()
    reusing.workspace = Workspace()
    monkeypatch.setitem(engine._MODELS, "crisis", reusing)
    first, second = engine.run_chunk_task(prepared, task)
    monkeypatch.setitem(engine._MODELS, "crisis", CrisisModel())
    alone = engine.run_block(prepared, task, 0)
    assert first.metric is not None and alone.metric is not None and second.metric is not None
    assert not np.array_equal(first.metric, second.metric)  # the blocks differ...
    np.testing.assert_array_equal(first.metric, alone.metric)  # ...and block 0 kept its own


def test_a_finished_run_releases_its_buffers(nato: natolab.Alliance) -> None:
    simulate(nato, "baltic-article5", runs=RUNS, seed=12, store=False, block_runs=BLOCK)
    workspace = engine._model("crisis").workspace
    assert isinstance(workspace, Workspace)
    kept = workspace.array("consensus", (BLOCK, 2))
    assert kept.shape == (BLOCK, 2) and len(workspace._buffers) == 1  # only the one just asked
