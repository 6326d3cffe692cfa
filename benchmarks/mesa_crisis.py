"""Model B written the way a modeller would in Mesa: one agent per ally, one model per run.

A reference for the benchmark only (not part of natolab): fed the very same prepared inputs
(features, calibrated coefficients, defaults, capacities, distances) as
:class:`natolab.sim.models.crisis.CrisisModel`, it must give the same means within Monte Carlo
error, one ally decision at a time.
"""

from __future__ import annotations

import math
import statistics
from typing import Any

import mesa
import numpy as np

from natolab.sim.models import crisis_council


class AllyAgent(mesa.Agent):
    """One ally: draws its noise, decides its stance, commits forces."""

    def __init__(self, model: CrisisABM, index: int) -> None:
        super().__init__(model)
        self.index = index
        self.support = self.contribute = self.grant = self.opposed = False

    def step(self) -> None:
        m: CrisisABM = self.model  # type: ignore[assignment]
        i, prep, d = self.index, m.prep, m.params
        if not m.case.present[i]:
            return
        weight = d["us_self_weight"] if prep.is_us[i] else d["us_follow_weight"]
        utilities = []
        for prefix, features in (("", prep.features), ("access_", prep.access_features)):
            names = prep.feature_names
            u = sum(d[f"beta_{prefix}{n}"] * float(features[i, k]) for k, n in enumerate(names))
            u += m.event_terms[prefix] + m.baselines[prefix] + m.common
            u += weight * (m.case.us_engagement - 1.0)
            x = m.random.random()
            utilities.append(u + math.log(x / (1.0 - x)))  # logistic noise
        u, v = utilities
        requester = bool(prep.requester[i])  # the attacked ally defends itself, never objects
        self.contribute = u > 0 or requester
        self.grant = v > 0
        self.support = self.contribute or self.grant
        self.opposed = max(u, v) < -d["block_margin"] and not requester

    def forces(self, agreed: bool, day: float) -> float:
        m: CrisisABM = self.model  # type: ignore[assignment]
        i, prep, d = self.index, m.prep, m.params
        if not self.contribute:
            return 0.0
        dist = float(prep.distance_km[i])
        quality = m.rel[i] ** d["quality_elasticity"] if m.rel[i] > 0 else 0.0
        effort = 1.0 if agreed else d["coalition_factor"]
        decay = math.exp(-dist / d["distance_decay_km"])
        tau = d["generation_days"] * (1.0 + dist / 2000.0)
        ready = 1.0 - math.exp(-day / tau)
        return float(prep.personnel[i]) * quality * effort * decay * d["deployable_share"] * ready


class CrisisABM(mesa.Model):
    """One run of one case: agents decide, the Council applies consensus, forces arrive."""

    def __init__(self, prep: Any, case: Any, seed: int) -> None:
        super().__init__(seed=seed)
        self.prep, self.case, self.params = prep, case, prep.defaults
        d = self.params
        self.event_terms = {
            prefix: d[f"beta_{prefix}intercept"]
            + d[f"beta_{prefix}article5"] * prep.article5
            + d[f"beta_{prefix}nato_led"] * prep.council
            + d["severity_weight"] * (prep.severity - 0.5)
            for prefix in ("", "access_")
        }
        self.common = d["common_shock_sd"] * self.random.gauss(0.0, 1.0)
        self.baselines = {
            prefix: d[f"{prefix}baseline_sd"] * self.random.gauss(0.0, 1.0)
            for prefix in ("", "access_")
        }
        # who would hold up a contested decision: the Council-episode rates, one draw per run
        self.hold = crisis_council.holds(prep.allies, np.random.default_rng(seed), 1)[0]
        per = [float(v) for v in prep.spending_per_person]
        median = statistics.median([v for v in per if v > 0])
        self.rel = [v / median if v > 0 else 0.0 for v in per]
        for index in range(len(prep.allies)):
            AllyAgent(self, index)

    def step(self) -> None:
        self.agents.shuffle_do("step")
        contested = any(a.opposed for a in self.agents if self.case.present[a.index])
        objecting = contested and any(
            self.hold[a.index]
            for a in self.agents
            if self.case.present[a.index] and not self.prep.requester[a.index]
        )
        self.agreed = self.prep.council and not objecting
        day = 30.0
        total = sum(a.forces(self.agreed, day) for a in self.agents)
        self.ratio30 = total / self.params["adversary_force_thousands"]


def run(prep: Any, runs: int, seed: int = 0) -> dict[str, dict[str, list[float]]]:
    """Per case: consensus (0/1) and force ratio at day 30, one Mesa model per run."""
    out: dict[str, dict[str, list[float]]] = {}
    for c, case in enumerate(prep.cases):
        consensus, ratio = [], []
        for r in range(runs):
            model = CrisisABM(prep, case, seed=seed + 1_000_003 * c + r)
            model.step()
            consensus.append(float(model.agreed))
            ratio.append(model.ratio30)
        out[case.name] = {"consensus": consensus, "ratio30": ratio}
    return out
