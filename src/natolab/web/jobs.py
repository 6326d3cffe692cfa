"""Background simulation jobs for the web: start, poll progress, read the stored results.

A Monte Carlo run takes seconds to minutes, longer than a request should. A job runs
:func:`natolab.sim.simulate.simulate` in a worker thread of the server, counts finished runs
through the engine's ``on_chunk`` hook, and leaves its results in the store like ``natolab sim
run`` (so a finished job is a stored run, listed and reopenable by its run id).

Limits keep one visitor from exhausting a shared machine: runs per job, jobs at once, and the
size of a request body. Each refusal names the limit (:class:`LimitError`, HTTP 413 or 429).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from natolab.errors import InputError, NatolabError

if TYPE_CHECKING:
    from natolab.alliance import Alliance
    from natolab.sim.scenario import Scenario

MAX_RUNS_PER_JOB = 100_000
MAX_ACTIVE_JOBS = 2
MAX_BODY_BYTES = 16 * 1024
MAX_KEPT_JOBS = 100
SENSITIVITY_METHODS = ("morris", "sobol")


class LimitError(NatolabError):
    """A request would exceed one of the server's stated limits (HTTP 413 or 429)."""

    def __init__(self, message: str, status_code: int = 429) -> None:
        super().__init__(message)
        self.status_code = status_code


class UnknownScenarioError(InputError):
    """The web runs only the bundled scenarios; names the ones it has."""


def bundled_scenarios() -> list[str]:
    """Names of the bundled scenarios (the only ones the web may run: no file paths)."""
    from natolab.sim.scenario import bundled_dir

    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))


def scenario_by_name(name: str) -> Scenario:
    """A bundled scenario by name, or an error listing them."""
    from natolab.sim.scenario import load_scenario

    names = bundled_scenarios()
    if name not in names:
        raise UnknownScenarioError(f"no bundled scenario {name!r}; bundled: {', '.join(names)}")
    return load_scenario(name)


@dataclass
class Job:
    """One job's state; mutated only by its worker thread (and read by requests)."""

    job_id: str
    scenario: str
    runs: int
    seed: int | None
    kind: str = "run"
    status: str = "queued"
    done_runs: int = 0
    run_id: str | None = None
    error: str | None = None
    detail: str | None = None
    tables: dict[str, Any] = field(default_factory=dict, repr=False)
    meta: dict[str, Any] = field(default_factory=dict)
    thread: threading.Thread | None = field(default=None, repr=False)

    def view(self) -> dict[str, Any]:
        """The job as the API's ``Job`` model."""
        return {
            "job_id": self.job_id,
            "kind": self.kind,
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "status": self.status,
            "done_runs": min(self.done_runs, self.runs),
            "progress": min(1.0, self.done_runs / self.runs) if self.runs else 1.0,
            "run_id": self.run_id,
            "error": self.error,
            "detail": self.detail,
        }

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")


class Jobs:
    """The server's jobs, in memory (their results live in the store, which outlives them)."""

    def __init__(self, max_active: int = MAX_ACTIVE_JOBS, max_runs: int = MAX_RUNS_PER_JOB):
        self.max_active, self.max_runs = max_active, max_runs
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(
        self,
        scenario: str,
        runs: int | None = None,
        seed: int | None = None,
        on: str | None = None,
        release: str | None = None,
    ) -> Job:
        """Validate the request, then start the run in a worker thread; returns at once."""
        from natolab.alliance import Alliance

        scn = scenario_by_name(scenario).with_overrides(runs=runs, seed=seed)
        self._check_runs(scn.runs, "runs")
        nato = Alliance(on=on, release=release)  # a bad date or release fails here, as a 4xx
        job = Job(uuid.uuid4().hex[:12], scn.name, scn.runs, scn.seed)
        return self._start(job, self._simulate, nato, scn)

    def submit_sensitivity(
        self,
        scenario: str,
        method: str = "morris",
        n: int = 16,
        reps: int = 4,
        on: str | None = None,
        release: str | None = None,
    ) -> Job:
        """Start a Sobol or Morris analysis of the scenario's metric over its uncertainties.

        Its cost is design points x ``reps`` runs, held to the same limit as a run's.
        """
        from natolab.alliance import Alliance

        if method not in SENSITIVITY_METHODS:
            raise InputError(
                f"method must be one of {', '.join(SENSITIVITY_METHODS)}, got {method!r}"
            )
        scn = scenario_by_name(scenario)
        k = len(scn.uncertainties)
        if k == 0:
            raise InputError(f"scenario {scn.name!r} declares no uncertainties to vary")
        points = n * (k + 2) if method == "sobol" else n * (k + 1)
        self._check_runs(points * reps, f"{method} with n={n}, reps={reps} ({points:,} points)")
        nato = Alliance(on=on, release=release)
        job = Job(uuid.uuid4().hex[:12], scn.name, points * reps, scn.seed, kind="sensitivity")
        job.meta = {"method": method, "n": n, "reps": reps, "points": points}
        return self._start(job, self._sensitivity, nato, scn)

    def _check_runs(self, runs: int, what: str) -> None:
        if runs > self.max_runs:
            raise LimitError(
                f"{what}: {runs:,} runs exceed this server's limit of {self.max_runs:,} runs per "
                "job (use the `natolab sim` commands for more)",
                status_code=413,
            )

    def _start(self, job: Job, work: Any, *args: Any) -> Job:
        with self._lock:
            active = sum(j.active for j in self._jobs.values())
            if active >= self.max_active:
                raise LimitError(
                    f"{active} simulation jobs are running; this server runs at most "
                    f"{self.max_active} at once: retry when one has finished"
                )
            self._forget_old()
            self._jobs[job.job_id] = job
        job.thread = threading.Thread(
            target=self._work,
            args=(job, work, *args),
            name=f"natolab-job-{job.job_id}",
            daemon=True,
        )
        job.thread.start()
        return job

    def _forget_old(self) -> None:
        """Keep the newest finished jobs only (their runs stay in the store)."""
        finished = [k for k, j in self._jobs.items() if not j.active]
        for key in finished[: max(0, len(self._jobs) - MAX_KEPT_JOBS + 1)]:
            del self._jobs[key]

    @staticmethod
    def _work(job: Job, work: Any, *args: Any) -> None:
        """Run ``work(job, *args)``; record the outcome (a thread must not fail silently)."""
        job.status = "running"
        try:
            work(job, *args)
        except Exception as exc:  # NatolabError or not: the job says what happened
            job.status, job.error, job.detail = "failed", type(exc).__name__, str(exc)
            return
        job.done_runs, job.status = job.runs, "finished"

    @staticmethod
    def _simulate(job: Job, nato: Alliance, scn: Scenario) -> None:
        from natolab.sim.simulate import simulate

        def advance(results: Sequence[Any]) -> None:
            job.done_runs += sum(int(r.runs) for r in results)

        result = simulate(nato, scn, quiet=True, blocks_per_chunk=1, on_chunk=advance)
        job.run_id = result.run_id

    @staticmethod
    def _sensitivity(job: Job, nato: Alliance, scn: Scenario) -> None:
        """Indices are kept with the job (the store holds runs, not analyses)."""
        from natolab.sim import sensitivity as sa

        method = sa.sobol if job.meta["method"] == "sobol" else sa.morris
        result = method(nato, scn, n=job.meta["n"], reps=job.meta["reps"], seed=scn.seed)
        job.meta |= {"metric": result.metric, "evaluations": result.evaluations}
        job.tables = {"indices": result.indices}

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        return list(self._jobs.values())

    def wait(self, job_id: str, timeout: float | None = None) -> Job:
        """Block until a job ends (for tests and scripts)."""
        job = self._jobs[job_id]
        if job.thread is not None:
            job.thread.join(timeout)
        return job
