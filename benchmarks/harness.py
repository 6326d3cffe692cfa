"""Small helpers shared by the benchmarks: timing with repeats and the Measurement record."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    """One benchmark: what was measured, its same-run baseline, the ratio and the target."""

    name: str
    measured: float
    baseline: float
    unit: str
    target: str
    ok: bool

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    @property
    def measured_text(self) -> str:
        return f"{self.measured:.4g} {self.unit}"

    @property
    def baseline_text(self) -> str:
        return f"{self.baseline:.4g} {self.unit}"


def best_time(func: Callable[[], object], repeat: int = 5) -> float:
    """Best wall time of ``repeat`` calls, in seconds (least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def command_time(argv: list[str], repeat: int = 5) -> float:
    """Median wall time of running a command, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def child_peak(argv: list[str]) -> tuple[float, float]:
    """Run ``argv`` in a fresh process with its own empty NATOLAB_HOME; return the child's own
    peak RSS in MiB (``wait4``'s rusage of that child alone, not this process's) and its wall
    time in seconds."""
    home = tempfile.mkdtemp(prefix="natolab-bench-")
    env = dict(os.environ, NATOLAB_HOME=home)
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        assert child.stderr is not None
        raise RuntimeError(f"{argv} failed: {child.stderr.read().decode()[-500:]}")
    return usage.ru_maxrss / 1024, seconds


def load_text() -> str:
    """The 1/5/15-minute load averages, printed with each figure (the machine may be shared)."""
    return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())
