"""Failed and killed runs are visible and removable (issue 10.2): ``sim list`` never says
``running`` for a run whose process is gone; ``sim delete`` and ``sim prune`` remove runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from natolab.alliance import Alliance
from natolab.cli.main import app as main_app
from natolab.errors import StoreBusyError
from natolab.sim import results
from natolab.store import Store

runner = CliRunner()
ROOT = Path(__file__).parents[2]
OPTIONS = {"runs": 600, "seed": 3, "block_runs": 200, "quiet": True}

# A process that registers a run, stores nothing, and exits: its pid is then dead.
ORPHAN = """
import sys
from natolab.sim import results
from natolab.store import Store
record = results.RunRecord("0123456789abcdef", "orphan", "spending", "{}", 1, 10, 10, 1,
                           False, "2026-11-24", None)
results.begin_run(Store(sys.argv[1]), record, {})
"""


def status_of(store: Store) -> dict[str, tuple[str, str]]:
    frame = results.list_runs(store)
    return {
        str(r): (str(s), "" if w is None or w != w else str(w))
        for r, s, w in zip(frame["run_id"], frame["status"], frame["reason"], strict=True)
    }


def failing_on(exc: BaseException) -> Any:
    def hook(chunk: Any) -> None:
        raise exc

    return hook


def orphan(store: Store) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", ORPHAN, str(store.path)], env=env, check=False)
    assert done.returncode == 0
    return "0123456789abcdef"


def test_a_run_whose_process_died_is_interrupted_not_running(store: Store) -> None:
    run_id = orphan(store)
    status, reason = status_of(store)[run_id]
    assert status == "interrupted"
    assert "ended without finishing" in reason


def test_a_pid_reused_by_a_later_process_is_not_the_owner(store: Store) -> None:
    record = results.RunRecord("00aa00aa00aa00aa", "reused", "spending", "{}", 1, 10, 10, 1,
                               False, "2026-11-24", None)  # fmt: skip
    results.begin_run(store, record, {})  # owned by this live process ...
    with store.transaction() as con:  # ... but its last heartbeat predates this process
        con.execute("UPDATE sim_runs SET heartbeat = TIMESTAMP '2001-01-01 00:00:00'")
    assert status_of(store)[record.run_id][0] == "interrupted"
    assert results.begin_run(store, record, {}) == "running"  # taken over, to resume
    assert status_of(store)[record.run_id] == ("running", "")


def test_a_run_that_raised_is_failed_with_the_reason_and_resumes(
    store: Store, nato: Alliance
) -> None:
    with pytest.raises(RuntimeError, match="disk on fire"):
        nato.simulate("wales-backtest-2014", on_chunk=failing_on(RuntimeError("disk on fire")),
                      **OPTIONS)  # fmt: skip
    [(run_id, (status, reason))] = status_of(store).items()
    assert (status, reason) == ("failed", "disk on fire")
    again = nato.simulate("wales-backtest-2014", **OPTIONS)
    assert again.run_id == run_id and again.blocks_reused >= 1  # the first chunk was kept
    assert status_of(store)[run_id] == ("complete", "")


def test_ctrl_c_leaves_an_interrupted_run(store: Store, nato: Alliance) -> None:
    with pytest.raises(KeyboardInterrupt):
        nato.simulate("wales-backtest-2014", on_chunk=failing_on(KeyboardInterrupt()), **OPTIONS)
    [(status, reason)] = status_of(store).values()
    assert status == "interrupted" and "Ctrl-C" in reason


def test_a_live_run_is_running_and_cannot_be_deleted_or_started_twice(store: Store) -> None:
    record = results.RunRecord("fedcba9876543210", "live", "spending", "{}", 1, 10, 10, 1,
                               False, "2026-11-24", None)  # fmt: skip
    assert results.begin_run(store, record, {}) == "new"  # owned by this (live) process
    assert status_of(store)[record.run_id] == ("running", "")
    with pytest.raises(StoreBusyError, match="being computed by process"):
        results.begin_run(store, record, {})
    with pytest.raises(StoreBusyError, match="stop it first"):
        results.delete_run(store, "fedcba")
    assert results.prune_runs(store, everything=True) == []


def test_sim_list_delete_and_prune_from_the_cli(store: Store, nato: Alliance) -> None:
    complete = nato.simulate("wales-backtest-2014", **OPTIONS).run_id
    with pytest.raises(RuntimeError):
        Alliance(on="2025-01-01", store=store).simulate(
            "wales-backtest-2014", on_chunk=failing_on(RuntimeError("boom")), **OPTIONS
        )
    dead = orphan(store)
    listed = runner.invoke(main_app, ["sim", "list", "--format", "csv"])
    assert listed.exit_code == 0
    assert "complete" in listed.output and "failed" in listed.output
    assert "interrupted" in listed.output and "boom" in listed.output

    deleted = runner.invoke(main_app, ["sim", "delete", dead[:6]])
    assert deleted.exit_code == 0 and dead in deleted.output
    assert dead not in status_of(store)

    pruned = runner.invoke(main_app, ["sim", "prune"])
    assert pruned.exit_code == 0 and "removed 1 run" in pruned.output
    assert list(status_of(store)) == [complete]
    assert store.query("SELECT run_id FROM sim_progress")["run_id"].tolist() == [complete]

    everything = runner.invoke(main_app, ["sim", "prune", "--all"])
    assert everything.exit_code == 0 and complete in everything.output
    for table in ("sim_runs", "sim_progress", "sim_blocks", "sim_tables"):
        assert store.query(f"SELECT count(*) AS n FROM {table}")["n"].iloc[0] == 0


@pytest.mark.parametrize("run_id", ["0123456789abcdef", "zz", "'; DROP TABLE sim_runs; --", ""])
def test_deleting_an_unknown_run_is_one_clear_line(store: Store, run_id: str) -> None:
    exe = Path(sys.executable).with_name("natolab")  # the console script, as a user runs it
    deleted = subprocess.run(
        [str(exe), "sim", "delete", run_id], capture_output=True, text=True, env=os.environ
    )
    assert deleted.returncode == 2
    assert len(deleted.stderr.strip().splitlines()) == 1
    assert "sim list" in deleted.stderr and "Traceback" not in deleted.stderr
