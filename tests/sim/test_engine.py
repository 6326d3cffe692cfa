"""The engine: identical results whatever the chunking, the backend, or an interruption."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from natolab.sim.engine import block_seed
from natolab.sim.simulate import simulate
from natolab.store import Store

from .conftest import frames_equal

SMALL = {"runs": 5000, "block_runs": 512}  # 10 blocks, the last one partial


def test_block_seed_is_the_spawned_child() -> None:
    children = np.random.SeedSequence(42).spawn(7)
    for b in (0, 3, 6):
        assert (
            block_seed(42, b).generate_state(4).tolist() == children[b].generate_state(4).tolist()
        )


def test_chunk_size_does_not_change_results(nato: Any, backtest: Any) -> None:
    one = simulate(nato, backtest, store=False, blocks_per_chunk=1, **SMALL)
    three = simulate(nato, backtest, store=False, blocks_per_chunk=3, **SMALL)
    whole = simulate(nato, backtest, store=False, blocks_per_chunk=10, **SMALL)
    frames_equal(one.tables, three.tables)
    frames_equal(one.tables, whole.tables)


def test_seed_changes_results(nato: Any, backtest: Any) -> None:
    a = simulate(nato, backtest, store=False, seed=1, **SMALL)
    b = simulate(nato, backtest, store=False, seed=2, **SMALL)
    assert not a["allies_meeting_distribution"].equals(b["allies_meeting_distribution"])


def test_process_pool_matches_in_process(nato: Any, backtest: Any) -> None:
    here = simulate(nato, backtest, store=False, blocks_per_chunk=2, **SMALL)
    pool = simulate(nato, backtest, store=False, workers=2, blocks_per_chunk=1, **SMALL)
    frames_equal(here.tables, pool.tables)


def test_dask_local_cluster_matches_in_process(nato: Any, backtest: Any) -> None:
    here = simulate(nato, backtest, store=False, **SMALL)
    dask = simulate(nato, backtest, store=False, workers=2, dask=True, blocks_per_chunk=2, **SMALL)
    frames_equal(here.tables, dask.tables)


def test_stored_run_is_recognised_and_reused(nato: Any, backtest: Any) -> None:
    first = simulate(nato, backtest, **SMALL)
    again = simulate(nato, backtest, **SMALL)
    assert first.run_id == again.run_id and again.blocks_computed == 0
    frames_equal(first.tables, again.tables)
    rows = nato.store.query("SELECT status, runs, seed, natolab_version FROM sim_runs")
    assert rows.iloc[0].tolist() == ["complete", 5000, backtest.seed, "0.1.0"]


def test_samples_are_stored_per_run(nato: Any, backtest: Any) -> None:
    from natolab.sim.results import load_samples

    result = simulate(nato, backtest, samples=True, runs=1000, block_runs=512)
    samples = load_samples(nato.store, str(result.run_id))
    assert len(samples) == 1000 and samples["run_index"].tolist() == list(range(1000))
    assert {"metric", "adherence_scale", "share_noise_sd_pp"} <= set(samples.columns)


KILLED = textwrap.dedent(
    """
    import sys, time
    from natolab.alliance import Alliance
    from natolab.sim.simulate import simulate
    from natolab.store import Store

    def hook(results):
        print("chunk", flush=True)
        time.sleep(0.05)

    nato = Alliance(on="2026-11-24", store=Store(sys.argv[1]))
    simulate(nato, "wales-backtest-2014", runs=40 * 512, block_runs=512, blocks_per_chunk=1,
             on_chunk=hook)
    print("finished", flush=True)
    """
)


def test_killed_run_resumes_to_identical_results(nato: Any, tmp_path: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text(KILLED)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(nato.store.path)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    for _ in range(5):
        assert proc.stdout.readline().strip() == "chunk"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    store = Store(nato.store.path)
    status = store.query("SELECT status FROM sim_runs")["status"].tolist()
    done = int(store.query("SELECT merged FROM sim_progress")["merged"].iloc[0])
    waiting = int(store.query("SELECT count(*) AS n FROM sim_blocks")["n"].iloc[0])
    assert status == ["running"] and 5 <= done < 40 and waiting == 0  # one process: in order
    resumed = simulate(nato, "wales-backtest-2014", runs=40 * 512, block_runs=512)
    assert resumed.blocks_reused == done and resumed.blocks_computed == 40 - done
    fresh = simulate(nato, "wales-backtest-2014", runs=40 * 512, block_runs=512, store=False)
    frames_equal(resumed.tables, fresh.tables)


@pytest.mark.parametrize("bad", [{"workers": 0}, {"workers": 2, "scheduler": "tcp://x:1"}])
def test_backend_options_are_checked(nato: Any, backtest: Any, bad: dict[str, Any]) -> None:
    from natolab.errors import InputError

    with pytest.raises(InputError):
        simulate(nato, backtest, store=False, runs=10, **bad)


def test_a_changed_model_never_reuses_stored_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run id covers the simulator's code, so an edited model gets a new id."""
    from natolab.sim import results

    args = ('{"name": "x"}', 4096, False, "2026-11-24", None)
    before = results.run_id_for(*args)
    assert results.run_id_for(*args) == before  # stable for the same inputs and code
    monkeypatch.setattr(results, "code_fingerprint", lambda: "edited model")
    assert results.run_id_for(*args) != before


def test_a_reformed_snapshot_never_reuses_the_unreformed_run(store: Any) -> None:
    """Same scenario, same date: a what-if must be simulated, not read back from the store."""
    from natolab import Alliance, Reform

    base = Alliance(on="2026-11-24", store=store)
    reform = Reform("core 4%", {"hague_core_defence_share_of_gdp": 4.0})
    reformed = Alliance(on="2026-11-24", reforms=[reform], store=store)
    first = base.simulate("wales-backtest-2014", runs=512, block_runs=512)
    again = base.simulate("wales-backtest-2014", runs=512, block_runs=512)
    what_if = reformed.simulate("wales-backtest-2014", runs=512, block_runs=512)
    assert again.run_id == first.run_id and again.blocks_reused == 1
    assert what_if.run_id != first.run_id and what_if.blocks_computed == 1
