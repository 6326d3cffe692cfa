"""Many processes, one store: readers and writers wait their turn instead of failing (issue 16.2,
issue 10.3). DuckDB refuses a conflicting lock at once; natolab retries with backoff."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from natolab.alliance import Alliance
from natolab.sim.results import list_runs, load_tables
from natolab.store import Store
from tests.conftest import FIXTURES

from .sim.conftest import frames_equal

ROOT = Path(__file__).parents[1]
WORKBOOK = FIXTURES / "workbooks" / "240617-def-exp-2024-TABLES-en.xlsx"
# The child imports what the commands need, then says "ready" on stderr: from then on it reaches
# the store within a fraction of a second, so a test holding the lock knows the child met it.
PRELUDE = """
import sys
import natolab.alliance, natolab.burden.status, natolab.sim.results, natolab.sources.nato_workbook
from natolab.cli.main import run
print("ready", file=sys.stderr, flush=True)
run()
"""
CLI = [sys.executable, "-c", PRELUDE]
# The job reads the releases out by 2024-05-01; the imports below are published later, so the
# job's data (and results) are the same with or without them.
JOB = ["sim", "run", "baltic-article5", "--runs", "16384", "--seed", "11", "--on", "2024-05-01"]


def natolab(home: Path, *args: str, timeout: float | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "NATOLAB_HOME": str(home), "PYTHONPATH": str(ROOT)}
    if timeout is not None:
        env["NATOLAB_LOCK_TIMEOUT"] = str(timeout)
    return subprocess.Popen(
        [*CLI, *args], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr (without the prelude's "ready")."""
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err.removeprefix("ready\n")


def meets_the_lock(process: subprocess.Popen[str]) -> None:
    """Wait until the child is ready, then long enough for it to have tried the store."""
    assert process.stderr is not None
    assert process.stderr.readline().strip() == "ready"
    time.sleep(2)
    assert process.poll() is None  # waiting for the lock, not failed


def test_a_long_job_survives_readers_and_importers_in_other_processes(
    store: Store, natolab_home: Path, tmp_path: Path
) -> None:
    job = natolab(natolab_home, *JOB, "--quiet", "--format", "csv")
    outcomes: dict[str, list[tuple[int, str]]] = {"status": [], "list": [], "import": []}

    def loop(name: str, make: list[str]) -> None:
        count = 0
        while job.poll() is None:
            count += 1
            args = [a.replace("{n}", str(count)) for a in make]
            code, _, err = finished(natolab(natolab_home, *args))
            outcomes[name].append((code, err.strip()))

    loops = {
        "status": ["status"],
        "list": ["sim", "list", "--format", "csv"],
        "import": ["data", "import", str(WORKBOOK), "--release", "nato-2024-06-copy{n}"],
    }
    threads = [threading.Thread(target=loop, args=item) for item in loops.items()]
    for thread in threads:
        thread.start()
    code, out, err = finished(job)
    for thread in threads:
        thread.join(timeout=600)
    assert code == 0, err
    print({name: len(results) for name, results in outcomes.items()})
    for name, results in outcomes.items():
        assert results, f"no {name} ran while the job did"
        assert all(c == 0 for c, _ in results), f"{name}: {results}"
    imported = set(store.releases()["release"])
    assert {f"nato-2024-06-copy{i + 1}" for i in range(len(outcomes["import"]))} <= imported

    runs = list_runs(store)
    assert list(runs["status"]) == ["complete"]
    disturbed = load_tables(store, str(runs["run_id"].iloc[0]))
    quiet = Store(tmp_path / "undisturbed.duckdb")
    quiet.build()
    reference = Alliance(on="2024-05-01", store=quiet).simulate(
        "baltic-article5", runs=16384, seed=11
    )
    assert reference.run_id == runs["run_id"].iloc[0]  # the same inputs, by the fingerprint
    frames_equal(disturbed, load_tables(quiet, str(reference.run_id)))


def test_a_second_writer_waits_for_the_first(store: Store, natolab_home: Path) -> None:
    with store.transaction() as con:
        con.execute("INSERT INTO meta VALUES ('held', 'by the test')")
        builder = natolab(natolab_home, "data", "build")  # a writer from its first line
        meets_the_lock(builder)
    code, out, err = finished(builder)
    assert code == 0, err
    assert "bundled spending rows loaded" in out
    held = store.query("SELECT value FROM meta WHERE key = 'held'")
    assert list(held["value"]) == ["by the test"]  # the first writer's change was kept


def test_a_writer_kept_out_too_long_gets_a_clear_busy_message(
    store: Store, natolab_home: Path
) -> None:
    before = store.query("SELECT count(*) AS n FROM spending")
    with store.transaction():
        importer = natolab(
            natolab_home, "data", "import", str(WORKBOOK), "--release", "nato-q", timeout=1
        )
        code, out, err = finished(importer)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "busy" in lines[0] and "retry" in lines[0], err
    pd.testing.assert_frame_equal(before, store.query("SELECT count(*) AS n FROM spending"))


@pytest.mark.parametrize("command", [["status"], ["sim", "list"]])
def test_a_reader_waits_for_a_writer_instead_of_failing(
    store: Store, natolab_home: Path, command: list[str]
) -> None:
    with store.transaction():
        reader = natolab(natolab_home, *command)
        meets_the_lock(reader)
    code, out, err = finished(reader)
    assert code == 0, err
    assert out.strip()
