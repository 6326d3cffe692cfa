"""Model A (spending paths): kernel speed, Sobol wall time, and memory as runs grow.

- ally-year updates per second on one core: the Numba kernel (simulate + reduce, as the engine
  runs a block) against the same model written in plain NumPy (vectorised over runs and allies,
  a Python loop over years), both in this run;
- ``natolab sim sensitivity hague-2035`` (Sobol, N = 1024 x 8 runs) with 2 worker processes
  against the default of 1, each a fresh process: 2 must beat 1, or the default stays 1;
- peak RSS of ``natolab.sim.simulate`` (in-memory results) for 10^5 and 10^7 runs, each in its
  own subprocess: flat means the 10^7 run's peak is within 10% of the 10^5 run's.

    python benchmarks/run.py sim_spending
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from harness import Measurement, best_time, child_peak, load_text

os.environ.setdefault("NATOLAB_HOME", os.path.join(tempfile.gettempdir(), "natolab-bench-home"))
RUNS = 4096


def _prepared() -> tuple[Any, Any]:
    from natolab.alliance import Alliance
    from natolab.sim.models import get_model
    from natolab.sim.scenario import load_scenario

    model = get_model("spending")
    return model, model.prepare(load_scenario("hague-2035"), Alliance(on="2026-11-24"))


def numpy_paths(p: Any, rng: np.random.Generator, runs: int) -> np.ndarray:
    """The same update as the kernel, vectorised in NumPy (defaults, no threat shocks)."""
    d = p.defaults
    allies, years = len(p.iso3), len(p.years)
    mean = np.clip(d[0] * (d[11] * p.fit.rate + (1 - d[11]) * p.fit.rate.mean()), 1e-3, 0.999)
    adherence = rng.beta(mean * d[1], (1 - mean) * d[1], size=(runs, allies))
    drift = d[12] * rng.standard_normal((runs, allies))
    s, y, g_prev = (np.tile(v, (runs, 1)) for v in (p.s0, p.y0, p.g0))
    m, sd = p.fit.mu + d[4], p.fit.sigma * d[5]
    share = np.empty((runs, allies, years))
    for t in range(years):
        g = m + d[6] * (g_prev - m) + sd * rng.standard_normal((runs, allies))
        y = y * (1 + g)
        aim = p.aims[t] + d[2]
        step = np.where(s < aim, adherence * (aim - s), d[10])
        s = np.maximum(
            s + step + drift + d[3] * rng.standard_normal((runs, allies)) - d[7] * (g - m) * s, 0.05
        )
        share[:, :, t] = s
        g_prev = g
    return share


def kernel_speed() -> list[Measurement]:
    model, p = _prepared()
    updates = RUNS * len(p.iso3) * len(p.years)

    def numba_block() -> None:
        rng = np.random.default_rng(1)
        model.reduce(p, model.run_chunk(p, {}, rng, RUNS))

    numba_block()
    numba_rate = updates / best_time(numba_block, repeat=7)
    numpy_rate = updates / best_time(lambda: numpy_paths(p, np.random.default_rng(1), RUNS), 5)
    print(
        f"spending kernel: {RUNS} runs x {len(p.iso3)} allies x {len(p.years)} years = "
        f"{updates:,} updates per block, best of 7 on one thread: {numba_rate:.3g} updates/s/core "
        f"(NumPy {numpy_rate:.3g}); {load_text()}"
    )
    return [
        Measurement(
            "spending kernel: ally-year updates/s/core vs plain NumPy",
            numba_rate,
            numpy_rate,
            "updates/s",
            ">= 5e7 /s",
            numba_rate >= 5e7,
        )
    ]


SOBOL = ["sim", "sensitivity", "hague-2035", "--method", "sobol", "--n", "1024", "--quiet"]


def sobol_time() -> list[Measurement]:
    """``natolab sim sensitivity`` as the user runs it, default (1 worker, in process) against
    ``--workers 2 --processes``, each a fresh process in this run (start-up included)."""
    natolab = shutil.which("natolab") or str(Path(sys.executable).with_name("natolab"))
    one = child_peak([natolab, *SOBOL])[1]
    two = child_peak([natolab, *SOBOL, "--workers", "2", "--processes"])[1]
    print(f"sim sensitivity N=1024: 1 worker {one:.1f} s, 2 processes {two:.1f} s; {load_text()}")
    return [
        Measurement(
            "sim sensitivity hague-2035 N=1024 x 8 runs: 2 processes vs 1 (the default)",
            two,
            one,
            "s",
            "default 1 unless 2 < 1x",
            True,
        )
    ]


PEAK = """
import json, resource, sys
from natolab.alliance import Alliance
from natolab.sim.simulate import simulate
simulate(Alliance(on="2026-11-24"), "wales-backtest-2014", runs=int(sys.argv[1]), store=False)
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))
"""


def peak_memory() -> list[Measurement]:
    def peak(runs: int) -> float:
        out = subprocess.run(
            [sys.executable, "-c", PEAK, str(runs)], check=True, capture_output=True, text=True
        )
        return float(json.loads(out.stdout.strip().splitlines()[-1])) / 2**20

    small, large = peak(10**5), peak(10**7)
    return [
        Measurement(
            "peak RSS, 1e7 runs vs 1e5 runs (subprocesses)",
            large,
            small,
            "MiB",
            "< 1.1x",
            large < 1.1 * small,
        )
    ]


def benchmark() -> list[Measurement]:
    from natolab.store import Store

    Store.open()
    return kernel_speed() + sobol_time() + peak_memory()
