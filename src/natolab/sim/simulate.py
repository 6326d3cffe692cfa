"""``simulate(nato, scenario)``: run a scenario and return its tables (``Alliance.simulate``).

This is the one function the API, the CLI and the web call: it validates the scenario, lets the
family's model prepare its inputs from the Alliance snapshot, runs the blocks on the chosen
backend (resuming from the store when the same run was interrupted), and summarises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from natolab.display import Summary
from natolab.sim.engine import BLOCK_RUNS, BlockResult, ChunkTask, execute, n_blocks
from natolab.sim.scenario import Scenario, load_scenario

if TYPE_CHECKING:
    from natolab.alliance import Alliance


@dataclass(repr=False)
class SimulationResult(Summary):
    """A finished run: its id (None if not stored), scenario, and result tables by name."""

    run_id: str | None
    scenario: Scenario
    tables: dict[str, pd.DataFrame]
    runs: int
    seed: int
    blocks_computed: int = 0
    blocks_reused: int = 0
    meta: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __repr__(self) -> str:
        return (
            f"SimulationResult({self.scenario.name!r}, runs={self.runs}, seed={self.seed}, "
            f"run_id={self.run_id!r}, tables={sorted(self.tables)})"
        )

    def plot(self, ax: Any = None) -> Any:
        """The model's own chart (a matplotlib Figure)."""
        from natolab.sim.models import get_model

        model = get_model(self.scenario.family)
        plot = getattr(model, "plot", None)
        if plot is None:
            from natolab.errors import InputError

            raise InputError(f"the {self.scenario.family} model has no plot")
        return plot(self.tables, ax)


MAX_SEED = 2**63 - 1  # the store keeps seeds as unsigned 64-bit; NumPy takes any int >= 0


def _check_counts(runs: int | None, seed: int | None) -> None:
    """Refuse a run count or seed the engine cannot use, before any work (the API's boundary;
    the CLI checks the same ranges with Typer)."""
    from natolab.errors import InputError

    for name, value, low in (("runs", runs, 1), ("seed", seed, 0)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{name} must be a whole number, got {value!r}")
        if not low <= value <= MAX_SEED:
            raise InputError(f"{name} must be between {low} and {MAX_SEED:,}, got {value:,}")


def as_scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def simulate(
    nato: Alliance,
    scenario: Scenario | str | Path,
    *,
    runs: int | None = None,
    seed: int | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    dask: bool = False,
    store: Any = True,
    samples: bool = False,
    quiet: bool = True,
    blocks_per_chunk: int | None = None,
    block_runs: int = BLOCK_RUNS,
    on_chunk: Callable[[Sequence[BlockResult]], None] | None = None,
) -> SimulationResult:
    """Run ``scenario`` against the Alliance snapshot ``nato``.

    ``store``: True -> the Alliance's store (resumable, kept), a Store, or False (memory only).
    ``workers``/``scheduler``/``dask`` choose the backend (see ``backends.open_backend``).
    Results do not depend on the backend, the chunking or interruptions.
    """
    from natolab.sim.backends import open_backend
    from natolab.sim.models import MODELS, get_model

    _check_counts(runs, seed)
    scn = as_scenario(scenario).with_overrides(runs=runs, seed=seed)
    target = nato.store if store is True else (store or None)
    fingerprint = ""
    if target is not None:
        stored, fingerprint = _read_back(scn, nato, target, samples, block_runs)
        if stored is not None:  # read back: no model, no calibration, no data reads
            return stored
    model = get_model(scn.family)
    prepared, data = _prepare(model, scn, nato, fingerprint)
    run = _Run(scn, nato, target, samples, block_runs, data)
    if run.status == "complete":
        return run.result(run.tables(), 0)
    template = ChunkTask(
        scn.family, scn.seed, (), scn.runs, block_runs, tuple(scn.uncertainties), samples=samples
    )
    preload = (MODELS[scn.family].partition(":")[0],)
    with _progress(run, quiet) as progress, open_backend(workers, scheduler, dask, preload) as be:
        hooks = [h for h in (progress.advance, on_chunk) if h is not None]

        def notify(results: Sequence[BlockResult]) -> None:
            for hook in hooks:
                hook(results)

        with run.recording_failure():
            totals = execute(prepared, template, be, run.sink, blocks_per_chunk, notify, run.done)
    tables = model.summarise(prepared, totals, scn.runs)
    run.finish(tables)
    return run.result(tables, n_blocks(scn.runs, block_runs) - len(run.done))


def _read_back(
    scn: Scenario, nato: Alliance, store: Any, samples: bool, block_runs: int
) -> tuple[SimulationResult | None, str]:
    """The finished stored run of this scenario on this data, found without preparing the model
    (preparing reads the data and fits the calibration: seconds, where reading back is not),
    and the data fingerprint it was looked up by (a new run starts from it: one query fewer)."""
    from natolab.sim import results

    release = getattr(nato, "release", None)
    reforms = results.reforms_key(getattr(nato, "reforms", ()))
    data = nato.store.data_fingerprint(nato.on, release)
    run_id = results.run_id_for(
        scn.canonical_json(), block_runs, samples, nato.on.isoformat(), release, reforms, data
    )
    if results.run_status(store, run_id) != "complete":
        return None, data
    blocks = n_blocks(scn.runs, block_runs)
    tables = results.load_tables(store, run_id)
    result = SimulationResult(
        run_id, scn, tables, scn.runs, scn.seed, blocks_computed=0, blocks_reused=blocks
    )
    return result, data


def _prepare(model: Any, scn: Scenario, nato: Alliance, fingerprint: str) -> tuple[Any, str]:
    """The model's inputs and the fingerprint of the data they were read from (for a stored
    run's id; ``fingerprint`` is the one just read, empty for a run kept in memory). Read
    between two fingerprints, so an import landing meanwhile in another process cannot give a
    run id of one data and results of another: then it is read again."""
    if not fingerprint:
        return model.prepare(scn, nato), ""
    release = getattr(nato, "release", None)
    before = fingerprint
    for _ in range(3):
        prepared = model.prepare(scn, nato)
        after = nato.store.data_fingerprint(nato.on, release)
        if after == before:
            return prepared, before
        before = after
    from natolab.errors import StoreBusyError

    raise StoreBusyError("the data changed three times while the run was prepared; retry")


class _Run:
    """The stored side of a run: identity, resume state, and completion."""

    def __init__(
        self, scn: Scenario, nato: Alliance, store: Any, samples: bool, block_runs: int, data: str
    ):
        from natolab.sim import results

        self.scn, self.store, self.block_runs = scn, store, block_runs
        self.run_id: str | None = None
        self.status = "new"
        self.sink: Any = None
        self.done: set[int] = set()
        if store is None:
            return
        release = getattr(nato, "release", None)
        as_of = nato.on.isoformat()
        reforms = results.reforms_key(getattr(nato, "reforms", ()))
        self.run_id = results.run_id_for(
            scn.canonical_json(), block_runs, samples, as_of, release, reforms, data
        )
        record = results.RunRecord(
            self.run_id, scn.name, scn.family, scn.canonical_json(), scn.seed, scn.runs,
            block_runs, n_blocks(scn.runs, block_runs), samples, as_of, release, data,
        )  # fmt: skip
        self.status = results.begin_run(store, record, {"levers": scn.levers})
        self.sink = results.StoreSink(store, self.run_id)
        self.done = self.sink.done_blocks()

    @contextmanager
    def recording_failure(self) -> Iterator[None]:
        """Mark the stored run ``interrupted`` (Ctrl-C) or ``failed`` (an error), with the
        reason, before the exception goes on; the blocks already stored stay for a resume."""
        try:
            yield
        except BaseException as exc:
            if self.store is not None:
                status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
                reason = "stopped by the user (Ctrl-C)" if status == "interrupted" else str(exc)
                self._end(status, reason or type(exc).__name__)
            raise

    def _end(self, status: str, reason: str) -> None:
        from natolab.errors import NatolabError
        from natolab.sim.results import end_run

        # If the store is busy or gone, the dead owner pid still shows the run as interrupted.
        with suppress(NatolabError):
            end_run(self.store, str(self.run_id), status, reason)

    def tables(self) -> dict[str, pd.DataFrame]:
        from natolab.sim.results import load_tables

        return load_tables(self.store, str(self.run_id))

    def finish(self, tables: dict[str, pd.DataFrame]) -> None:
        if self.store is not None:
            from natolab.sim.results import finish_run

            finish_run(self.store, str(self.run_id), tables)

    def result(self, tables: dict[str, pd.DataFrame], computed: int) -> SimulationResult:
        return SimulationResult(
            self.run_id,
            self.scn,
            tables,
            self.scn.runs,
            self.scn.seed,
            blocks_computed=computed,
            blocks_reused=n_blocks(self.scn.runs, self.block_runs) - computed,
        )


def _progress(run: _Run, quiet: bool) -> Any:
    from natolab.sim.progress import RunProgress

    done_runs = min(run.scn.runs, len(run.done) * run.block_runs)
    return RunProgress(run.scn.runs, f"{run.scn.name}", quiet=quiet, done=done_runs)
