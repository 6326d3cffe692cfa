"""Readers during a long write job: `natolab sim list` while `natolab sim run` writes its chunks,
against the same command while the same simulation runs *without* writing (``store=False``), in
the same run (private NATOLAB_HOME).

Both backgrounds load the CPU alike, so the ratio isolates what waiting for the writer's short
transactions costs a reader. Every command must succeed (``check=True``): a lockout fails the
benchmark.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Measurement

NATOLAB = str(Path(sys.executable).with_name("natolab"))
JOB = ["sim", "run", "baltic-article5", "--runs", "65536", "--seed", "5", "--quiet"]
READER = ["sim", "list", "--format", "csv"]
NO_WRITES = (
    "import natolab; natolab.Alliance().simulate('baltic-article5', runs=65536, seed=5,"
    " store=False)"
)


def _timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _reads_during(job_argv: list[str], env: dict[str, str]) -> list[float]:
    """Reader times while ``job_argv`` runs (at least one read; the job must succeed)."""
    job = subprocess.Popen(job_argv, env=env, stdout=subprocess.DEVNULL)
    times = [_timed([NATOLAB, *READER], env)]
    while job.poll() is None:
        times.append(_timed([NATOLAB, *READER], env))
    if job.wait() != 0:
        raise RuntimeError(f"the background job {job_argv[-1]} failed")
    return times


def benchmark() -> list[Measurement]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "NATOLAB_HOME": home}
        subprocess.run([NATOLAB, "data", "build"], check=True, capture_output=True, env=env)
        quiet = _reads_during([sys.executable, "-c", NO_WRITES], env)
        busy = _reads_during([NATOLAB, *JOB], env)
    during, baseline = statistics.median(busy), statistics.median(quiet)
    return [
        Measurement(
            f"sim list during sim run ({len(busy)} reads) vs during the same run not writing",
            during,
            baseline,
            "s",
            "< 1.5x",
            during < 1.5 * baseline,
        )
    ]
