"""``natolab sim run baltic-article5``: peak memory as runs grow, and the fixed cost of a run.

Every figure comes from a fresh process running the user's real command, measured by that
child's own peak RSS (``wait4``), each with an empty NATOLAB_HOME (so the store is built as on
a first run):

- peak RSS at 10^5, 10^6 and 10^7 runs; flat means the largest within 10% of 10^5's. The
  baseline of the memory itself is ``python -c "import natolab"`` in the same run;
- the wall time of a tiny run (1,000 runs) end to end, against ``natolab --help``: in an
  empty home (the store built, the calibration fitted) and in a warm one (a user's second run:
  another seed, so computed, not read back).

- minor page faults and kernel (system) CPU time at 10^6 runs against 10^5 (each the child's
  own ``wait4`` rusage): a block's arrays reused from block to block keep both nearly flat,
  where arrays mapped afresh every block grew them with the runs (docs/performance.md).

10^7 runs take minutes on a loaded two-core machine; ``NATOLAB_BENCH_MAX_RUNS=1000000`` stops
at 10^6; ``NATOLAB_BENCH_FIXED_ONLY=1`` measures the fixed cost alone,
``NATOLAB_BENCH_FAULTS_ONLY=1`` the page faults alone.

    python benchmarks/run.py sim_memory
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Measurement, child_peak, load_text

NATOLAB = shutil.which("natolab") or str(Path(sys.executable).with_name("natolab"))
RUN = [NATOLAB, "sim", "run", "baltic-article5", "--yes", "--quiet", "--runs"]


def peak_memory() -> list[Measurement]:
    largest = int(os.environ.get("NATOLAB_BENCH_MAX_RUNS", 10**7))
    floor, _ = child_peak([sys.executable, "-c", "import natolab"])
    peaks = {}
    for runs in (n for n in (10**5, 10**6, 10**7) if n <= largest):
        peaks[runs], seconds = child_peak([*RUN, str(runs)])
        print(f"sim run {runs:.0e}: peak {peaks[runs]:.0f} MiB in {seconds:.0f} s; {load_text()}")
    print(f"python -c 'import natolab': peak {floor:.0f} MiB")
    small, top = peaks[10**5], max(peaks)
    return [
        Measurement(
            f"sim run baltic-article5 peak RSS, {top:.0e} vs 1e5 runs (fresh processes)",
            peaks[top],
            small,
            "MiB",
            "<= 1.1x",
            peaks[top] <= 1.1 * small,
        ),
        Measurement(
            "sim run baltic-article5 1e5 runs peak RSS vs `import natolab`",
            small,
            floor,
            "MiB",
            "(reported)",
            True,
        ),
    ]


def fixed_cost() -> list[Measurement]:
    runs = [child_peak([*RUN, "1000"])[1] for _ in range(3)]
    help_ = [child_peak([NATOLAB, "--help"])[1] for _ in range(3)]
    tiny, floor = sorted(runs)[1], sorted(help_)[1]
    print(f"sim run 1,000 runs: median {tiny:.2f} s; natolab --help {floor:.2f} s; {load_text()}")
    return [
        Measurement(
            "sim run baltic-article5 --runs 1000 end to end vs natolab --help (median of 3)",
            tiny,
            floor,
            "s",
            "(reported)",
            True,
        )
    ]


def warm_fixed_cost() -> list[Measurement]:
    """1,000 runs in a home that already holds the store and a first run (seeds 1 to 3 after
    seed 0: each computed, none read back)."""
    env = dict(os.environ, NATOLAB_HOME=tempfile.mkdtemp(prefix="natolab-bench-"))
    subprocess.run([*RUN, "1000", "--seed", "0"], env=env, check=True, capture_output=True)
    times = []
    for seed in (1, 2, 3):
        start = time.perf_counter()
        subprocess.run(
            [*RUN, "1000", "--seed", str(seed)], env=env, check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    help_ = statistics.median(child_peak([NATOLAB, "--help"])[1] for _ in range(3))
    tiny = statistics.median(times)
    print(f"sim run 1,000 runs, warm home: median {tiny:.2f} s; natolab --help {help_:.2f} s; "
          f"{load_text()}")  # fmt: skip
    return [
        Measurement(
            "sim run baltic-article5 --runs 1000 in a warm home vs natolab --help (median of 3)",
            tiny,
            help_,
            "s",
            "(reported)",
            True,
        )
    ]


def child_usage(argv: list[str]) -> tuple[int, float, float]:
    """Minor page faults, system and user CPU seconds of ``argv`` run in a fresh process with
    an empty NATOLAB_HOME (that child's own rusage)."""
    env = dict(os.environ, NATOLAB_HOME=tempfile.mkdtemp(prefix="natolab-bench-"))
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        assert child.stderr is not None
        raise RuntimeError(f"{argv} failed: {child.stderr.read().decode()[-500:]}")
    return usage.ru_minflt, usage.ru_stime, usage.ru_utime


def page_faults() -> list[Measurement]:
    """10x the runs should not mean many times the faults: per-block arrays are reused."""
    usage = {runs: child_usage([*RUN, str(runs)]) for runs in (10**5, 10**6)}
    for runs, (faults, sys_s, user_s) in usage.items():
        print(f"sim run {runs:.0e}: {faults:,} minor faults, sys {sys_s:.2f} s, user {user_s:.2f} s;"
              f" {load_text()}")  # fmt: skip
    (small, small_sys, _), (big, big_sys, _) = usage[10**5], usage[10**6]
    return [
        Measurement(
            "sim run baltic-article5 minor page faults, 1e6 vs 1e5 runs (fresh processes)",
            big,
            small,
            "faults",
            "<= 2x",
            big <= 2 * small,
        ),
        Measurement(
            "sim run baltic-article5 system CPU time, 1e6 vs 1e5 runs (fresh processes)",
            big_sys,
            small_sys,
            "s",
            "(reported)",
            True,
        ),
    ]


def benchmark() -> list[Measurement]:
    if os.environ.get("NATOLAB_BENCH_FAULTS_ONLY"):
        return page_faults()
    if os.environ.get("NATOLAB_BENCH_FIXED_ONLY"):
        return warm_fixed_cost() + fixed_cost()
    return warm_fixed_cost() + fixed_cost() + page_faults() + peak_memory()
