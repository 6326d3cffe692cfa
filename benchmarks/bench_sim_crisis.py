"""Model B as ``sim run`` runs it, against Mesa and against plain one-pass NumPy.

All three are fed the same prepared inputs (the Estonia attack, US engaged and ambivalent,
default parameters). natolab is timed doing what a run does: 4,096-run blocks (the engine's
block size), each one ``run_chunk`` **and** its ``reduce``, on one thread (Numba's thread pool
set to 1, as a one-worker run on a shared machine). The unit is the time per ally decision
(runs x cases x allies). Mesa runs one model per run (decisions and the day-30 ratio only, so
it does less work than either vectorised version); the NumPy reference
(``numpy_crisis.py``) makes the same decisions and the same aggregates in one broadcast pass.
Agreement: P(consensus) and the mean force ratio at day 30 within 4 combined SEs of Mesa's.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from harness import Measurement, best_time

MESA_RUNS = 2_000
BLOCK = 4_096
BLOCKS = 8
LEVERS = {
    "event": {"attacked": "EST"},
    "adversary": "RUS",
    "severity": 0.8,
    "cases": {"engaged": {"us_stance": "engaged"}, "ambivalent": {"us_stance": "ambivalent"}},
}


def _prepare():
    import natolab
    from natolab.sim.models.crisis import CrisisModel

    scenario = SimpleNamespace(levers=LEVERS, uncertainties=[])
    return CrisisModel().prepare(scenario, natolab.Alliance())


def _agreement(prep, ours: dict, mesa_out: dict) -> tuple[float, list[str]]:
    """Largest |difference| in standard errors over cases and outputs, and a readable detail."""
    worst, notes = 0.0, []
    day = list(prep.days).index(30.0)
    for c, case in enumerate(prep.cases):
        pairs = {"consensus": ours["consensus"][:, c], "ratio30": ours["ratio"][:, c, day]}
        for key, values in pairs.items():
            ref = np.asarray(mesa_out[case.name][key])
            se = np.hypot(values.std() / np.sqrt(len(values)), ref.std() / np.sqrt(len(ref)))
            z = abs(values.mean() - ref.mean()) / se if se > 0 else 0.0
            worst = max(worst, z)
            notes.append(
                f"{case.name}.{key}: natolab {values.mean():.4f} mesa {ref.mean():.4f} z={z:.2f}"
            )
    return worst, notes


def benchmark() -> list[Measurement]:
    import mesa_crisis
    import numba
    import numpy_crisis

    from natolab.sim.models.crisis import CrisisModel

    numba.set_num_threads(1)
    prep = _prepare()
    decisions = len(prep.cases) * len(prep.allies)
    model = CrisisModel()
    holder: dict = {}

    def ours() -> None:
        rng = np.random.default_rng(1)
        for _ in range(BLOCKS):
            holder["out"] = model.run_chunk(prep, {}, rng, BLOCK)
            holder["agg"] = model.reduce(prep, holder["out"])

    def plain() -> None:
        rng = np.random.default_rng(1)
        for _ in range(BLOCKS):
            numpy_crisis.run_block(prep, rng, BLOCK)

    ours()  # compile and warm caches before timing
    t_ours = best_time(ours, repeat=3) / (BLOCKS * BLOCK * decisions)
    t_numpy = best_time(plain, repeat=3) / (BLOCKS * BLOCK * decisions)
    mesa_holder: dict = {}

    def reference() -> None:
        mesa_holder["out"] = mesa_crisis.run(prep, MESA_RUNS)

    t_mesa = best_time(reference, repeat=1) / (MESA_RUNS * decisions)
    worst, notes = _agreement(prep, holder["out"], mesa_holder["out"])
    print("\n".join(notes))
    print(f"Mesa / natolab: {t_mesa / t_ours:.0f}x; NumPy / natolab: {t_numpy / t_ours:.2f}x")
    return [
        Measurement(
            "crisis model B (blocks + reduce, 1 thread): time per ally decision vs Mesa",
            t_ours,
            t_mesa,
            "s",
            "<= 1/300x",
            bool(t_ours * 300 <= t_mesa),
        ),
        Measurement(
            "crisis model B (blocks + reduce, 1 thread) vs plain one-pass NumPy",
            t_ours,
            t_numpy,
            "s",
            "<= 1x",
            bool(t_ours <= t_numpy),
        ),
        Measurement(
            "crisis model B vs Mesa: worst |mean difference| in SEs",
            float(worst),
            4.0,
            "SE",
            "< 1x (under 4 SE)",
            bool(worst < 4.0),
        ),
    ]
