"""Fuzz budget and tally: a few seconds in the suite, minutes under ``make fuzz``.

``NATOLAB_FUZZ_WORKBOOKS`` / ``NATOLAB_FUZZ_SCENARIOS`` set how many generated files each test
tries (defaults keep the suite fast); ``NATOLAB_FUZZ_REPORT`` names a JSON file that receives the
tally (files tried, accepted, refused by error class, slowest CPU and wall time), the figures docs/robustness.md
reports.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# The suite's fuzz tests replay the same examples on every run, so CI fails on a change to
# natolab, never on the luck of a draw; ``make fuzz`` explores (profile "explore", a fixed seed).
settings.register_profile("suite", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("suite")

WORKBOOKS = int(os.environ.get("NATOLAB_FUZZ_WORKBOOKS", "12"))
SCENARIOS = int(os.environ.get("NATOLAB_FUZZ_SCENARIOS", "60"))
HANG_SECONDS = 5.0


class Tally:
    """Outcomes of every generated file, per target."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, Any]] = {}

    def add(self, target: str, outcome: str, cpu: float, wall: float) -> None:
        entry = self.data.setdefault(
            target,
            {"tried": 0, "outcomes": Counter(), "slowest_cpu_s": 0.0, "slowest_wall_s": 0.0},
        )
        entry["tried"] += 1
        entry["outcomes"][outcome] += 1
        entry["slowest_cpu_s"] = max(entry["slowest_cpu_s"], round(cpu, 3))
        entry["slowest_wall_s"] = max(entry["slowest_wall_s"], round(wall, 3))
        entry.setdefault("cpu_over_5s", 0)
        entry["cpu_over_5s"] += cpu > HANG_SECONDS
        if entry["tried"] % 25 == 0:
            self.write()  # a run stopped early still leaves its figures

    def write(self) -> None:
        report = os.environ.get("NATOLAB_FUZZ_REPORT")
        if report:
            Path(report).write_text(json.dumps(self.data, indent=2, default=dict) + "\n")


class Hang(BaseException):  # noqa: N818 - a BaseException, so no `except Exception` swallows it
    """An attempt used more than HANG_SECONDS of CPU: the importer or loader hung."""


class Clock:
    """CPU and wall seconds of one attempt, which is stopped by SIGPROF after 5 s of CPU.

    A hang is judged on CPU time: on this shared machine (2 cores, load often above 8) wall time
    measures the neighbours as much as the importer; both are reported.
    """

    def __init__(self) -> None:
        self.cpu, self.wall = time.process_time(), time.perf_counter()
        self.previous = signal.signal(signal.SIGPROF, self._hung)
        signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)

    @staticmethod
    def _hung(signum: int, frame: Any) -> None:
        raise Hang(f"over {HANG_SECONDS} s of CPU")

    def stop(self) -> tuple[float, float]:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, self.previous)
        return time.process_time() - self.cpu, time.perf_counter() - self.wall


@pytest.fixture(scope="session")
def tally() -> Iterator[Tally]:
    result = Tally()
    yield result
    result.write()
