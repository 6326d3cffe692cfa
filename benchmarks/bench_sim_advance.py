"""The Baltic ground-advance model as ``sim run rand-baltic-2016`` runs it, against a run-by-run loop.

natolab is timed doing what a run does: 4,096-run blocks (the engine's block size), each one
``run_chunk`` and its ``reduce``, the draws sampled from the scenario's declared uncertainties.
The baseline is the obvious way to write the same rules: one run at a time, one axis at a time,
in plain Python floats, stepping the clock (an agent-per-run model without the framework). The
unit is the time per run. Agreement: the hours of the first runs equal to 1e-9 hours.
"""

from __future__ import annotations

import math

import numpy as np
from harness import Measurement, best_time

BLOCK = 4_096
BLOCKS = 4
LOOP_RUNS = 200


def _prepare():
    import natolab
    from natolab.sim.models.advance import AdvanceModel
    from natolab.sim.scenario import load_scenario

    scenario = load_scenario("rand-baltic-2016")
    prep = AdvanceModel().prepare(scenario, natolab.Alliance())
    return scenario, prep


def _draws(scenario, runs: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {u.name: u.ppf(rng.random(runs)) for u in scenario.uncertainties}


def _one_axis(p: dict[str, float], prep, axis: int) -> float:
    """Hours to one capital for one run, stepping the clock in plain Python (inf: not arrived)."""
    name = prep.axes[axis]
    red = p["red_battalions"] * p[f"red_share_{name}"]
    blue = 0.0
    for k, unit in enumerate(prep.units):
        count = p.get(f"blue_{name}_{unit}", float(prep.blue[axis, k]))
        blue += count * p[f"power_{unit}"]
    x, dist, dt = 0.0, p[f"distance_{name}_km"], prep.levers.step_hours
    for step in range(math.ceil(prep.levers.horizon_hours / dt)):
        t0 = step * dt
        fighting = blue > 1e-9
        if red <= 1e-9:
            speed = 0.0
        elif not fighting:
            speed = p["road_kmh"]
        else:
            speed = p["contested_kmh"] if red >= p["attack_ratio"] * blue else 0.0
        red_loss = p["air_attrition_per_hour"] * red * dt
        if fighting:
            red_loss += p["attrition_per_hour"] * p["defender_advantage"] * blue * dt
            blue = max(blue - p["attrition_per_hour"] * red * dt, 0.0)
        red = max(red - red_loss, 0.0)
        if x + speed * dt >= dist:
            return t0 + (dist - x) / speed
        x += speed * dt
    return math.inf


def _loop(draws: dict[str, np.ndarray], prep, runs: int) -> np.ndarray:
    out = np.empty((runs, len(prep.axes)))
    for r in range(runs):
        p = {k: float(v[r]) for k, v in draws.items()}
        for a in range(len(prep.axes)):
            out[r, a] = _one_axis(p, prep, a)
    return out


def benchmark() -> list[Measurement]:
    from natolab.sim.models.advance import AdvanceModel

    scenario, prep = _prepare()
    model = AdvanceModel()
    blocks = [_draws(scenario, BLOCK, seed) for seed in range(BLOCKS)]
    holder: dict = {}

    def ours() -> None:
        for draws in blocks:
            holder["out"] = model.run_chunk(prep, draws, np.random.default_rng(0), BLOCK)
            holder["agg"] = model.reduce(prep, holder["out"])

    first = {k: v[:LOOP_RUNS] for k, v in blocks[-1].items()}

    def loop() -> None:
        holder["loop"] = _loop(first, prep, LOOP_RUNS)

    t_ours = best_time(ours, repeat=3) / (BLOCKS * BLOCK)
    t_loop = best_time(loop, repeat=1) / LOOP_RUNS
    horizon = prep.levers.horizon_hours
    theirs = np.where(np.isfinite(holder["loop"]), holder["loop"], 2 * horizon)
    mine = np.stack([holder["out"][f"hours_{a}"][:LOOP_RUNS] for a in prep.axes], axis=1)
    worst = float(np.abs(mine - theirs).max())
    print(f"loop / natolab: {t_loop / t_ours:.0f}x; worst |hours difference| {worst:.2e}")
    return [
        Measurement(
            "advance model (rand-baltic-2016 blocks + reduce): time per run vs a run-by-run loop",
            t_ours,
            t_loop,
            "s",
            "<= 1/20x",
            bool(t_ours * 20 <= t_loop),
        ),
        Measurement(
            "advance model vs the run-by-run loop: worst |hours difference|",
            worst,
            1e-9,
            "h",
            "<= 1x",
            bool(worst <= 1e-9),
        ),
    ]
