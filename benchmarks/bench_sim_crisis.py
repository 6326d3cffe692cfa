"""Model B against its Mesa reference: speed per ally decision, and agreement of the means.

Both are fed the same prepared inputs (the Estonia attack, US engaged and ambivalent, default
parameters). Speed: ally decisions per second (runs x cases x allies), natolab's vectorised
``run_chunk`` against one Mesa model per run. Agreement: P(consensus) and the mean force ratio at
day 30 in each case differ by less than 4 combined standard errors.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from harness import Measurement, best_time

MESA_RUNS = 2_000
NATOLAB_RUNS = 100_000
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

    from natolab.sim.models.crisis import CrisisModel

    prep = _prepare()
    decisions = len(prep.cases) * len(prep.allies)
    model = CrisisModel()
    holder: dict = {}

    def ours() -> None:
        holder["out"] = model.run_chunk(prep, {}, np.random.default_rng(1), NATOLAB_RUNS)

    t_ours = best_time(ours, repeat=3) / (NATOLAB_RUNS * decisions)
    mesa_holder: dict = {}

    def reference() -> None:
        mesa_holder["out"] = mesa_crisis.run(prep, MESA_RUNS)

    t_mesa = best_time(reference, repeat=1) / (MESA_RUNS * decisions)
    worst, notes = _agreement(prep, holder["out"], mesa_holder["out"])
    print("\n".join(notes))
    speed = Measurement(
        "crisis model B: time per ally decision vs Mesa",
        t_ours,
        t_mesa,
        "s",
        "< 0.01x",
        bool(t_ours < 0.01 * t_mesa),
    )
    agree = Measurement(
        "crisis model B vs Mesa: worst |mean difference| in SEs",
        float(worst),
        4.0,
        "SE",
        "< 1x (under 4 SE)",
        bool(worst < 4.0),
    )
    return [speed, agree]
