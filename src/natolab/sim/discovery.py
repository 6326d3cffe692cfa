"""Scenario discovery with PRIM: which conditions make an outcome fail?

Latin-hypercube samples of the declared uncertainties are simulated (metric averaged over a
few runs each); the cases where the metric misses a threshold are the ones of interest, and
PRIM (the EMA workbench's maintained implementation) peels the parameter space down to a box
that holds many of them (coverage) and mostly them (density).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from natolab.display import Summary
from natolab.sim.backends import or_in_process
from natolab.sim.scenario import Scenario
from natolab.sim.sensitivity import evaluate, problem

if TYPE_CHECKING:
    from natolab.alliance import Alliance


@dataclass(frozen=True, repr=False)
class DiscoveryResult(Summary):
    """The box PRIM found (``limits``: restricted parameters, lower, upper), how good it is.

    The box is the first on the peeling trajectory whose density reaches the requested one
    (the widest such box: most coverage), else the densest.
    """

    threshold: float
    below: bool
    cases: int
    cases_of_interest: int
    coverage: float
    density: float
    limits: pd.DataFrame
    trajectory: pd.DataFrame


def discover(
    nato: Alliance,
    scenario: Scenario,
    threshold: float | None = None,
    below: bool = True,
    n: int = 2000,
    reps: int = 4,
    density: float = 0.8,
    backend: Any = None,
    seed: int = 0,
    quiet: bool = True,
) -> DiscoveryResult:
    """Find the box where the metric is ``< threshold`` (``below``) or ``>= threshold``.

    ``threshold`` None: the median of the sampled metric (the worse half are of interest).
    """
    from scipy.stats import qmc

    prob = problem(scenario)
    unit = qmc.LatinHypercube(d=prob["num_vars"], seed=seed).random(n)
    y = evaluate(nato, scenario, unit, reps, or_in_process(backend), quiet)
    cut = float(np.median(y)) if threshold is None else threshold
    interest = y < cut if below else y >= cut
    x = pd.DataFrame({u.name: u.ppf(unit[:, i]) for i, u in enumerate(scenario.uncertainties)})
    return _prim(x, interest, cut, below, density)


def _prim(
    x: pd.DataFrame, interest: np.ndarray, cut: float, below: bool, density: float
) -> DiscoveryResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        box = prim.Prim(x, interest.astype(int), threshold=density).find_box()
        dense = np.flatnonzero(box.peeling_trajectory["density"].to_numpy() >= density)
        box.select(int(dense[0]) if len(dense) else len(box.box_lims) - 1)
    lims, full = box.box_lim, box.box_lims[0]
    restricted = [c for c in x.columns if lims[c][0] > full[c][0] or lims[c][1] < full[c][1]]
    limits = pd.DataFrame(
        {
            "parameter": restricted,
            "lower": [float(lims[c][0]) for c in restricted],
            "upper": [float(lims[c][1]) for c in restricted],
        }
    )
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]]
    return DiscoveryResult(
        cut, below, len(x), int(interest.sum()), float(box.coverage), float(box.density),
        limits, trajectory.reset_index(drop=True),
    )  # fmt: skip
