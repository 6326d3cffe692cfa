"""Global sensitivity over a scenario's declared uncertainties: Sobol (with CIs) and Morris.

SALib builds the design in the unit hypercube; each column goes through the declared
distribution's quantile function (the same ``ppf`` the Monte Carlo sampler uses), so the indices
describe the scenario as declared. Each design point is simulated ``reps`` times on the engine
(its own block streams, any backend) and the model's per-run metric is averaged, so the indices
speak about the parameters rather than the runs' own noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from natolab.display import Summary
from natolab.errors import InputError
from natolab.sim.backends import or_in_process
from natolab.sim.engine import BLOCK_RUNS, ChunkTask, execute_metric
from natolab.sim.scenario import Scenario

if TYPE_CHECKING:
    from natolab.alliance import Alliance


@dataclass(frozen=True, repr=False)
class SensitivityResult(Summary):
    """Indices per parameter (``S1``, ``S1_conf``, ``ST``, ``ST_conf`` or Morris' ``mu_star``...)."""

    method: str
    metric: str
    evaluations: int
    indices: pd.DataFrame


def problem(scenario: Scenario) -> dict[str, Any]:
    """SALib's problem: one unit interval per declared uncertainty (mapped by ``ppf``)."""
    if not scenario.uncertainties:
        raise InputError(f"scenario {scenario.name!r} declares no uncertainties to vary")
    names = [u.name for u in scenario.uncertainties]
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def evaluate(
    nato: Alliance,
    scenario: Scenario,
    unit_design: np.ndarray,
    reps: int,
    backend: Any,
    quiet: bool = True,
) -> np.ndarray:
    """The model metric averaged over ``reps`` runs at each design point (a progress bar on
    stderr unless ``quiet``, counting runs as the chunks come back)."""
    from natolab.sim.models import get_model
    from natolab.sim.progress import RunProgress

    model = get_model(scenario.family)
    prepared = model.prepare(scenario, nato)
    eps = 1e-9
    values = np.column_stack(
        [
            u.ppf(np.clip(unit_design[:, i], eps, 1 - eps))
            for i, u in enumerate(scenario.uncertainties)
        ]
    )
    runs = len(values) * reps
    template = ChunkTask(
        scenario.family, scenario.seed, (), runs, BLOCK_RUNS, tuple(scenario.uncertainties),
        mode="metric", design=values, reps=reps,
    )  # fmt: skip
    with RunProgress(runs, f"{scenario.name}: {len(values):,} points", quiet=quiet) as progress:
        metric = execute_metric(prepared, template, _Counted(backend, progress.advance))
    return metric.reshape(len(values), reps).mean(axis=1)


class _Counted:
    """A backend that reports each finished chunk to a hook (the progress bar) as it passes."""

    def __init__(self, backend: Any, hook: Any) -> None:
        self.backend, self.hook, self.workers = backend, hook, backend.workers

    def map_unordered(self, fn: Any, shared: Any, tasks: Any) -> Any:
        for results in self.backend.map_unordered(fn, shared, tasks):
            self.hook(results)
            yield results


def sobol(
    nato: Alliance,
    scenario: Scenario,
    n: int = 1024,
    reps: int = 8,
    backend: Any = None,
    seed: int = 0,
    quiet: bool = True,
) -> SensitivityResult:
    """First-order and total Sobol indices with bootstrap 95% confidence intervals."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    prob = problem(scenario)
    design = sample.sample(prob, n, calc_second_order=False, seed=seed)
    y = evaluate(nato, scenario, design, reps, or_in_process(backend), quiet)
    res = analyze.analyze(prob, y, calc_second_order=False, seed=seed)
    frame = pd.DataFrame(
        {
            "parameter": prob["names"],
            "S1": res["S1"],
            "S1_conf": res["S1_conf"],
            "ST": res["ST"],
            "ST_conf": res["ST_conf"],
        }
    )
    return SensitivityResult("sobol", scenario.metric or "default", len(design), frame)


def morris(
    nato: Alliance,
    scenario: Scenario,
    n: int = 64,
    reps: int = 8,
    backend: Any = None,
    seed: int = 0,
    quiet: bool = True,
) -> SensitivityResult:
    """Morris elementary effects: ``mu_star`` (with CI) ranks, ``sigma`` flags interactions."""
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    prob = problem(scenario)
    design = sample.sample(prob, n, num_levels=4, seed=seed)
    y = evaluate(nato, scenario, design, reps, or_in_process(backend), quiet)
    res = analyze.analyze(prob, design, y, num_levels=4, seed=seed)
    frame = pd.DataFrame(
        {
            "parameter": prob["names"],
            "mu_star": res["mu_star"],
            "mu_star_conf": res["mu_star_conf"],
            "mu": res["mu"],
            "sigma": res["sigma"],
        }
    )
    return SensitivityResult("morris", scenario.metric or "default", len(design), frame)
