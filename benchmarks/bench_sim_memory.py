"""``natolab sim run baltic-article5``: peak memory as runs grow, and the fixed cost of a run.

Every figure comes from a fresh process running the user's real command, measured by that
child's own peak RSS (``wait4``), each with an empty NATOLAB_HOME (so the store is built as on
a first run):

- peak RSS at 10^5, 10^6 and 10^7 runs; flat means the largest within 10% of 10^5's. The
  baseline of the memory itself is ``python -c "import natolab"`` in the same run;
- the wall time of a tiny run (1,000 runs) end to end, against ``natolab --help``.

10^7 runs take minutes on a loaded two-core machine; ``NATOLAB_BENCH_MAX_RUNS=1000000`` stops
at 10^6.

    python benchmarks/run.py sim_memory
"""

from __future__ import annotations

import os
import shutil
import sys
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


def benchmark() -> list[Measurement]:
    return fixed_cost() + peak_memory()
