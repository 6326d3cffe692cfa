"""Model B's decisions and reduction written as plain one-pass NumPy: the benchmark's floor.

A reference for the benchmark only (not part of natolab): the same prepared inputs and default
parameters as :class:`natolab.sim.models.crisis.CrisisModel`, the same decisions (utility,
stances, the Council's consensus, forces by day and category, force ratio, access), and the same
aggregates (counts, sums, sums of squares, ratio histograms), each array made once with
broadcasting, no Numba.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def run_block(prep: Any, rng: np.random.Generator, runs: int) -> dict[str, np.ndarray]:
    """One block: every case's decisions and their aggregates."""
    from natolab.sim.models import crisis_council
    from natolab.sim.models.crisis import RATIO_EDGES

    n = len(prep.allies)
    # every parameter per run, as natolab takes them (a scenario may draw any of them)
    d = {k: np.full(runs, float(v)) for k, v in prep.defaults.items()}
    common = d["common_shock_sd"] * rng.standard_normal(runs)
    bases = []
    for prefix, features in (("", prep.features), ("access_", prep.access_features)):
        coef = np.column_stack([d[f"beta_{prefix}{k}"] for k in prep.feature_names])
        event = d[f"beta_{prefix}intercept"] + d[f"beta_{prefix}article5"] * prep.article5
        event = event + d[f"beta_{prefix}nato_led"] * prep.council
        event = event + d["severity_weight"] * (prep.severity - 0.5)
        baseline = d[f"{prefix}baseline_sd"] * rng.standard_normal(runs)
        base = np.einsum("rk,ak->ra", coef, features) + rng.logistic(size=(runs, n))
        bases.append(base + (event + baseline + common)[:, None])
    hold = crisis_council.holds(prep.allies, rng, runs)
    per = prep.spending_per_person
    rel = np.where(per > 0, per / np.median(per[per > 0]), 0.0)
    with np.errstate(divide="ignore"):
        quality = np.where(rel > 0, rel[None, :] ** d["quality_elasticity"][:, None], 0.0)
    decay = np.exp(-prep.distance_km[None, :] / d["distance_decay_km"][:, None])
    reach = prep.personnel * quality * decay * d["deployable_share"][:, None]  # (runs, allies)
    tau = d["generation_days"][:, None] * (1.0 + prep.distance_km / 2000.0)[None, :]
    ready = 1.0 - np.exp(-prep.days[None, None, :] / tau[:, :, None])  # (runs, allies, days)
    out: dict[str, list[np.ndarray]] = {}
    for case in prep.cases:
        weight = np.where(prep.is_us, d["us_self_weight"][:, None], d["us_follow_weight"][:, None])
        u = bases[0] + weight * (case.us_engagement - 1.0)
        v = bases[1] + weight * (case.us_engagement - 1.0)
        contribute = ((u > 0) | prep.requester) & case.present
        grant = (v > 0) & case.present
        support = contribute | grant
        opposed = (np.maximum(u, v) < -d["block_margin"][:, None]) & case.present
        opposed &= ~prep.requester
        objecting = crisis_council.objections(opposed, hold) & case.present & ~prep.requester
        agreed = ~objecting.any(axis=1) & prep.council
        effort = np.where(agreed, 1.0, d["coalition_factor"])[:, None]
        scale = contribute * reach * effort  # (runs, allies)
        forces = scale[:, :, None] * ready  # (runs, allies, days)
        by_category = np.einsum("rad,ac->rdc", forces, prep.split)
        ratio = by_category.sum(axis=2) / d["adversary_force_thousands"][:, None]
        count = objecting.sum(axis=1)
        access = (grant & prep.access_hosts).sum(axis=1).astype(float)
        parts = {
            "consensus": agreed.sum(),
            "support": support.sum(axis=0),
            "contribute": contribute.sum(axis=0),
            "grant": grant.sum(axis=0),
            "object": objecting.sum(axis=0),
            "objectors_hist": np.bincount(count, minlength=n + 1),
            "forces": forces.sum(axis=0),
            "total": by_category.sum(axis=0),
            "total_sq": (by_category**2).sum(axis=0),
            "ratio_sq": (ratio**2).sum(axis=0),
            "ratio_hist": np.array([np.histogram(r, RATIO_EDGES)[0] for r in ratio.T]),
            "access_sq": (access**2).sum(),
        }
        for key, value in parts.items():
            out.setdefault(key, []).append(np.asarray(value))
    return {key: np.stack(values) for key, values in out.items()}
