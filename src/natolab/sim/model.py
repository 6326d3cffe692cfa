"""The contract between the Monte Carlo engine and a model (A spending, B crisis, C withdrawal).

Arrays, not agent objects: a model turns a block of runs into arrays shaped ``(runs, ...)`` in
one vectorised pass. The engine owns everything else: chunking, one RNG stream per chunk from
``numpy.random.SeedSequence(seed).spawn(...)``, sampling the declared uncertainties, backends
(in-process, local processes, Dask), storing results and resuming. Because a chunk's result
depends only on its own stream and inputs, results are bit-identical whatever the chunk size,
the number of processes or the backend.

A model's outputs must be *mergeable*: ``reduce`` turns one chunk's per-run arrays into sums,
counts or fixed-bin histograms that the engine adds up across chunks, so memory stays flat as
runs grow; ``summarise`` turns the merged totals into tidy DataFrames.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from natolab.alliance import Alliance
    from natolab.sim.scenario import Scenario

Arrays = Mapping[str, np.ndarray]


class Model(Protocol):
    """What a simulation model provides to the engine."""

    #: scenario ``family`` this model runs: "spending", "crisis" or "withdrawal"
    family: str

    def prepare(self, scenario: Scenario, nato: Alliance) -> Any:
        """Look up everything the runs need (data, parameters, rules) once, as plain arrays.

        Returns a picklable object (sent to worker processes / Dask workers as is).
        """
        ...

    def run_chunk(
        self, prepared: Any, draws: Arrays, rng: np.random.Generator, runs: int
    ) -> dict[str, np.ndarray]:
        """Simulate ``runs`` runs. ``draws`` holds each declared uncertainty's sampled values,
        shape ``(runs,)``; ``rng`` is this chunk's own stream. Returns per-run arrays."""
        ...

    def reduce(self, prepared: Any, outputs: Arrays) -> dict[str, np.ndarray]:
        """Mergeable aggregates of one chunk (sums, counts, histograms), added across chunks."""
        ...

    def summarise(self, prepared: Any, totals: Arrays, runs: int) -> dict[str, pd.DataFrame]:
        """Tidy result tables from the merged aggregates of all ``runs``."""
        ...

    def metric(self, prepared: Any, outputs: Arrays) -> np.ndarray:
        """One scalar per run for sensitivity analysis and scenario discovery (shape ``(runs,)``)."""
        ...
