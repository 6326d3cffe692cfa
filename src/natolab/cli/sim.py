"""``natolab sim``: run scenarios, show stored runs, sensitivity analysis and scenario discovery.

Heavy imports (NumPy, Numba, Dask, SALib, the EMA workbench) happen inside the commands, so
``natolab --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from natolab.cli.options import (
    MAX_RUNS,
    MAX_RUNS_WITHOUT_YES,
    MAX_SEED,
    ON,
    RELEASE,
    alliance,
)
from natolab.cli.output import FORMAT, Format, emit

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    no_args_is_help=True,
    help="Monte Carlo scenarios: run, show, list, delete, prune, sensitivity, discover.",
)

SCENARIO = typer.Argument(..., help="Scenario YAML file, or a bundled name (hague-2035).")


def _scheduler(value: str | None) -> str | None:
    """A scheduler address must name a protocol, a host and a port, checked before connecting."""
    import re

    if value is not None and not re.fullmatch(r"(tcp|tls|inproc|ucx)://[^\s/:]+:\d{1,5}", value):
        raise typer.BadParameter(f"{value!r} is not an address like tcp://HOST:PORT")
    return value


WORKERS = typer.Option(
    None,
    "--workers",
    min=1,
    max=256,
    help="Run on N workers, 1-256 (a Dask LocalCluster; --processes for a local pool). "
    "Default: 1, in this process (see docs/performance.md).",
)
SCHEDULER = typer.Option(
    None,
    "--scheduler",
    help="Dask scheduler address (tcp://HOST:PORT).",
    callback=_scheduler,
)
QUIET = typer.Option(False, "--quiet", help="No progress bar (and no Dask worker chatter).")
SEED = typer.Option(0, "--seed", min=0, max=MAX_SEED, help="Seed of the design and bootstrap.")
PROCESSES = typer.Option(
    False, "--processes", help="With --workers: a local process pool instead of Dask."
)


def _backend_options(workers: int | None, scheduler: str | None, processes: bool) -> dict[str, Any]:
    dask = scheduler is not None or (workers is not None and workers > 1 and not processes)
    return {"workers": workers, "scheduler": scheduler, "dask": dask}


def _design(
    scenario: str, on: str | None, release: str | None, backend: dict[str, Any], call: Any
) -> tuple[Any, Any]:
    """Load the scenario, open the backend, run ``call(nato, scenario, backend)``: the part of
    sensitivity and discover that is the same, so each command only says what it computes."""
    from natolab.sim.backends import open_backend
    from natolab.sim.scenario import load_scenario

    scn = load_scenario(scenario)
    with open_backend(**_backend_options(**backend)) as opened:
        return scn, call(alliance(on, release), scn, opened)


@app.command("run")
def run(
    scenario: str = SCENARIO,
    runs: int | None = typer.Option(
        None,
        "--runs",
        min=1,
        max=MAX_RUNS,
        help=f"Number of runs (default: the file's); over {MAX_RUNS_WITHOUT_YES:,} needs --yes.",
    ),
    seed: int | None = typer.Option(
        None, "--seed", min=0, max=MAX_SEED, help="Seed, >= 0 (default: the file's)."
    ),
    yes: bool = typer.Option(False, "--yes", help="Allow more than a million runs."),
    workers: int | None = WORKERS,
    scheduler: str | None = SCHEDULER,
    processes: bool = PROCESSES,
    quiet: bool = QUIET,
    samples: bool = typer.Option(False, "--samples", help="Also store every run's parameters."),
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = FORMAT,
) -> None:
    """Run a scenario; results go into the store (an interrupted run resumes)."""
    from natolab.sim.simulate import simulate

    if runs is not None and runs > MAX_RUNS_WITHOUT_YES and not yes:
        from natolab.errors import InputError

        raise InputError(
            f"--runs {runs:,} is over {MAX_RUNS_WITHOUT_YES:,} (hours of work and a large store); "
            "add --yes to confirm"
        )
    result = simulate(
        alliance(on, release),
        scenario,
        runs=runs,
        seed=seed,
        quiet=quiet,
        samples=samples,
        **_backend_options(workers, scheduler, processes),
    )
    note = (
        f"{result.blocks_reused} of {result.blocks_reused + result.blocks_computed} blocks reused"
    )
    title = f"run {result.run_id}: {result.runs:,} runs, seed {result.seed}; {note}"
    emit(_headline(result.tables), fmt, title, run_id=result.run_id, seed=result.seed)


def _headline(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The few tables a reader wants first (every table: ``natolab sim show ID --table``)."""
    chosen: dict[str, pd.DataFrame] = {}
    for extra in ("backtest", "reproduction"):
        if extra in tables:
            chosen[extra] = tables[extra]
    firsts = ("legal", "consensus", "crisis_consensus", "gap", "hours")
    first = next((n for n in firsts if n in tables), None)
    if "allies_meeting" in tables:
        frame = tables["allies_meeting"]
        chosen["allies_meeting"] = frame[frame["year"] == frame["year"].max()]
    elif first is not None:
        chosen[first] = tables[first]
        if first == "legal" and "gap" in tables:  # model C: the legal path and the gap it leaves
            chosen["gap"] = tables["gap"]
        if first == "hours" and "reinforcements" in tables:  # what arrives when on each axis
            chosen["reinforcements"] = tables["reinforcements"]
    elif tables:
        name = sorted(tables)[0]
        chosen[name] = tables[name]
    return chosen


@app.command("show")
def show(
    run_id: str = typer.Argument(..., help="Run id (a unique prefix is enough)."),
    table: str | None = typer.Option(None, "--table", help="Show one result table in full."),
    fmt: Format = FORMAT,
) -> None:
    """Show a stored run: its record and result tables."""
    import pandas as pd

    from natolab.sim.results import load_run, load_tables
    from natolab.store import Store

    store = Store.open()
    record = load_run(store, run_id)
    tables = load_tables(store, record["run_id"])
    if table is not None:
        if table not in tables:
            from natolab.errors import InputError

            raise InputError(
                f"no table {table!r} in run {record['run_id']} (has: {', '.join(sorted(tables))})"
            )
        emit({table: tables[table]}, fmt, f"run {record['run_id']}: {table}")
        return
    rows = pd.DataFrame({"field": list(record), "value": [str(v) for v in record.values()]})
    caption = f"tables: {', '.join(sorted(tables))} (one in full: --table NAME)"
    shown = tables if fmt is Format.json else _headline(tables)
    emit({"run": rows, **shown}, fmt, f"run {record['run_id']}", caption)


@app.command("list")
def list_runs(fmt: Format = FORMAT) -> None:
    """Every stored run: status (running, complete, failed, interrupted), blocks done, why it
    stopped."""
    from natolab.sim.results import list_runs as runs
    from natolab.store import Store

    emit({"runs": runs(Store.open())}, fmt, "simulation runs")


@app.command("delete")
def delete(run_id: str = typer.Argument(..., help="Run id (a unique prefix is enough).")) -> None:
    """Remove one stored run and everything it stored (refused while it is running)."""
    from natolab.sim.results import delete_run
    from natolab.store import Store

    typer.echo(f"deleted run {delete_run(Store.open(), run_id)}")


@app.command("prune")
def prune(
    everything: bool = typer.Option(
        False, "--all", help="Also remove complete runs (never one that is running)."
    ),
) -> None:
    """Remove every failed or interrupted run (with --all, complete ones too)."""
    from natolab.sim.results import prune_runs
    from natolab.store import Store

    removed = prune_runs(Store.open(), everything)
    typer.echo(f"removed {len(removed)} run(s)" + (": " + ", ".join(removed) if removed else ""))


@app.command("sensitivity")
def sensitivity(
    scenario: str = SCENARIO,
    method: str = typer.Option("sobol", "--method", help="sobol or morris."),
    n: int = typer.Option(
        1024, "--n", min=2, max=2**20, help="Sobol base samples N, or Morris trajectories."
    ),
    reps: int = typer.Option(8, "--reps", min=1, max=10_000, help="Runs averaged per point."),
    seed: int = SEED,
    quiet: bool = QUIET,
    workers: int | None = WORKERS,
    scheduler: str | None = SCHEDULER,
    processes: bool = PROCESSES,
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = FORMAT,
) -> None:
    """Global sensitivity of the scenario's metric to its declared uncertainties."""
    from natolab.errors import InputError
    from natolab.sim import sensitivity as sa

    if method not in ("sobol", "morris"):
        raise InputError(f"--method must be sobol or morris, got {method!r}")
    func = sa.sobol if method == "sobol" else sa.morris
    backend = {"workers": workers, "scheduler": scheduler, "processes": processes}
    scn, result = _design(
        scenario,
        on,
        release,
        backend,
        lambda nato, s, b: func(nato, s, n=n, reps=reps, backend=b, seed=seed, quiet=quiet),
    )
    caption = f"{result.evaluations:,} design points x {reps} runs; metric {result.metric}"
    emit({"indices": result.indices}, fmt, f"{method} indices: {scn.name}", caption)


@app.command("discover")
def discover(
    scenario: str = SCENARIO,
    threshold: float | None = typer.Option(None, "--threshold", help="Default: the median."),
    above: bool = typer.Option(False, "--above", help="Cases of interest: metric >= threshold."),
    n: int = typer.Option(2000, "--n", min=20, max=1_000_000, help="Latin-hypercube samples."),
    reps: int = typer.Option(4, "--reps", min=1, max=10_000, help="Runs averaged per sample."),
    seed: int = SEED,
    quiet: bool = QUIET,
    workers: int | None = WORKERS,
    scheduler: str | None = SCHEDULER,
    processes: bool = PROCESSES,
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = FORMAT,
) -> None:
    """PRIM: the conditions under which the metric falls below (or reaches) a threshold."""
    from natolab.sim.discovery import discover as prim

    backend = {"workers": workers, "scheduler": scheduler, "processes": processes}
    scn, result = _design(
        scenario,
        on,
        release,
        backend,
        lambda nato, s, b: prim(
            nato, s, threshold, not above, n=n, reps=reps, backend=b, seed=seed, quiet=quiet
        ),
    )
    side = "<" if result.below else ">="
    caption = (
        f"metric {side} {result.threshold:g}: {result.cases_of_interest} of {result.cases} cases;"
        f" box coverage {result.coverage:.2f}, density {result.density:.2f}"
    )
    emit({"limits": result.limits}, fmt, f"PRIM box: {scn.name}", caption)
