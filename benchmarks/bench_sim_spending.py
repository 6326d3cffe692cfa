"""Model A (spending paths): kernel speed, Sobol wall time, and memory as runs grow.

- ally-year updates per second on one core: the Numba kernel (simulate + reduce, as the engine
  runs a block) against the same model written in plain NumPy (vectorised over runs and allies,
  a Python loop over years), both in this run;
- Sobol over the 12 declared parameters of ``hague-2035``, N = 4096 (57,344 design points x 8
  runs each) on 2 worker processes, against its 10 s budget (baseline: 1 process);
- peak RSS of ``natolab.sim.simulate`` (in-memory results) for 10^5 and 10^7 runs, each in its
  own subprocess: flat means the 10^7 run's peak is within 10% of the 10^5 run's.

    python benchmarks/run.py sim_spending
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

import numpy as np
from harness import Measurement, best_time

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


def sobol_time() -> list[Measurement]:
    from natolab.alliance import Alliance
    from natolab.sim.backends import InProcessBackend, ProcessBackend
    from natolab.sim.scenario import load_scenario
    from natolab.sim.sensitivity import sobol

    nato, scenario = Alliance(on="2026-11-24"), load_scenario("hague-2035")
    pool = ProcessBackend(2, ("natolab.sim.models.spending",))
    try:
        sobol(nato, scenario, n=64, reps=2, backend=pool)  # start the workers, load the kernels
        start = time.perf_counter()
        sobol(nato, scenario, n=4096, reps=8, backend=pool)
        two = time.perf_counter() - start
    finally:
        pool.close()
    start = time.perf_counter()
    sobol(nato, scenario, n=4096, reps=8, backend=InProcessBackend())
    one = time.perf_counter() - start
    return [
        Measurement(
            "Sobol 12 params N=4096 x 8 runs, 2 processes vs 1",
            two,
            one,
            "s",
            "< 10 s",
            two < 10.0,
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
