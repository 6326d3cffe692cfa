"""The Scenarios page: bundled scenarios, runs as background jobs with live progress, results.

``/scenarios`` lists the bundled scenarios and the runs stored; ``/scenarios/{name}`` shows one
scenario's declared uncertainties and a form to run it (runs, seed). The form starts a job (the
same :class:`natolab.web.jobs.Jobs` as ``POST /api/v1/runs``); htmx polls the job's fragment
every second, and the finished fragment carries the result charts and tables. Without
JavaScript the form posts, redirects to the job's page, and that page refreshes itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from natolab.errors import InputError, NatolabError
from natolab.web.params import number

if TYPE_CHECKING:
    import pandas as pd

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
POLL_SECONDS = 1
ACTIVE = "/scenarios"
MAX_ROWS = 100  # longer result tables: the first rows here, every row in the JSON API


def _page(request: Request, template: str, **context: Any) -> Response:
    """A full page over ``base.html`` with the dashboard's header (nav, as-of, release)."""
    from natolab.web.context import Snapshot, render

    return render(request, template, Snapshot.from_request(request), ACTIVE, **context)


def table(frame: pd.DataFrame, caption: str, limit: int = MAX_ROWS) -> dict[str, Any]:
    """A table for the template: column names, rows of display strings, how many were cut."""
    from natolab.serialise import records

    rows = [[_text(v) for v in row.values()] for row in records(frame.head(limit))]
    columns = [str(c) for c in frame.columns]
    return {"caption": caption, "columns": columns, "rows": rows, "total": len(frame)}


def _text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


@router.get("/scenarios")
def scenarios_page(request: Request) -> Response:
    """Every bundled scenario and every stored run."""
    from natolab.sim.results import list_runs
    from natolab.store import Store
    from natolab.web.scenario_views import scenario_table

    listed = scenario_table()
    runs = list_runs(Store.open()).sort_values("created", ascending=False)
    return _page(
        request,
        "scenarios.html",
        scenarios=listed.to_dict("records"),
        runs=runs.to_dict("records"),
    )


@router.get("/scenarios/{name}")
def scenario_page(name: str, request: Request) -> Response:
    """One scenario: what it simulates, its declared uncertainties, and the run form."""
    from natolab.web.jobs import scenario_by_name
    from natolab.web.scenario_views import uncertainty_table

    scn = scenario_by_name(name)
    jobs = request.app.state.jobs
    return _page(
        request,
        "scenarios_one.html",
        scn=scn,
        uncertainties=table(uncertainty_table(scn), f"Declared uncertainties of {scn.name}"),
        default_runs=min(scn.runs, jobs.max_runs, 10_000),
        max_runs=jobs.max_runs,
    )


@router.post("/scenarios/{name}/run")
async def start(name: str, request: Request) -> Response:
    """Start a job from the form; htmx gets the job fragment, a plain form post a redirect."""
    form = {k: v[-1] for k, v in parse_qs((await request.body()).decode()).items()}
    try:
        job = request.app.state.jobs.submit(
            name,
            runs=number(form, "runs", int),
            seed=number(form, "seed", int),
            on=form.get("on") or None,
            release=form.get("release") or None,
        )
    except NatolabError as exc:
        return _refused(request, exc)
    if request.headers.get("HX-Request"):
        return _job_fragment(request, job)
    return RedirectResponse(f"/scenarios/jobs/{job.job_id}", status_code=303)


@router.post("/scenarios/{name}/sensitivity")
async def start_sensitivity(name: str, request: Request) -> Response:
    """Start a Sobol or Morris analysis from the form (as ``start``, for sensitivity)."""
    form = {k: v[-1] for k, v in parse_qs((await request.body()).decode()).items()}
    try:
        job = request.app.state.jobs.submit_sensitivity(
            name,
            method=form.get("method", "morris"),
            n=number(form, "n", int) or 16,
            reps=number(form, "reps", int) or 4,
            on=form.get("on") or None,
            release=form.get("release") or None,
        )
    except NatolabError as exc:
        return _refused(request, exc)
    if request.headers.get("HX-Request"):
        return _job_fragment(request, job)
    return RedirectResponse(f"/scenarios/jobs/{job.job_id}", status_code=303)


def _refused(request: Request, exc: NatolabError) -> Response:
    """htmx swaps only successful responses: show a refusal where the job would appear.

    A plain form post gets the ordinary 4xx JSON error.
    """
    if not request.headers.get("HX-Request"):
        raise exc
    context = {"error": type(exc).__name__, "detail": str(exc)}
    return templates.TemplateResponse(request, "scenarios_refused.html", context)


@router.get("/scenarios/jobs/{job_id}")
def job_page(job_id: str, request: Request) -> Response:
    """A job: its progress while it runs (polled), its results once finished."""
    from natolab.web.api import NotFoundError

    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"no job {job_id!r} on this server (see /scenarios)")
    if request.headers.get("HX-Request"):
        return _job_fragment(request, job)
    return _page(request, "scenarios_job.html", **_job_context(job))


def _job_fragment(request: Request, job: Any) -> Response:
    return templates.TemplateResponse(request, "scenarios_job_fragment.html", _job_context(job))


def _job_context(job: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"job": job.view(), "poll": POLL_SECONDS, "meta": job.meta}
    if job.status == "finished" and job.kind == "sensitivity":
        context.update(_indices(job))
    elif job.status == "finished":
        context.update(_results(str(job.run_id)))
    return context


def _indices(job: Any) -> dict[str, Any]:
    """A finished sensitivity job: its bar chart and the table of indices."""
    from natolab.serialise import dumps
    from natolab.web.scenario_charts import sensitivity

    frame = job.tables["indices"]
    spec = sensitivity(frame, job.meta["method"])
    chart = {
        "id": f"chart-sensitivity-{job.job_id}",
        "label": f"{job.meta['method']} sensitivity indices of {job.scenario}",
        "spec": dumps(spec).replace("</", "<\\/"),
    }
    caption = f"{job.meta['method']} indices of the metric ({job.meta['metric']})"
    return {"charts": [chart], "tables": [table(frame, caption)]}


@router.get("/scenarios/runs/{run_id}")
def run_page(run_id: str, request: Request) -> Response:
    """A stored run reopened: its record, charts and tables."""
    return _page(request, "scenarios_run.html", **_results(run_id))


def _results(run_id: str) -> dict[str, Any]:
    """A stored run's record, its charts (Vega-Lite specs as JSON) and its tables."""
    from natolab.serialise import dumps
    from natolab.sim.results import load_run, load_tables
    from natolab.store import Store
    from natolab.web.scenario_charts import charts

    store = Store.open()
    record = load_run(store, run_id)
    if record["status"] != "complete":
        raise InputError(f"run {record['run_id']} is {record['status']}: no results yet")
    tables = load_tables(store, record["run_id"])
    drawn = [
        {"id": c.id, "label": c.label, "spec": dumps(c.spec).replace("</", "<\\/")}
        for c in charts(tables)
    ]
    shown = [table(frame, name.replace("_", " ")) for name, frame in tables.items()]
    return {"record": record, "charts": drawn, "tables": shown, "sources": _cited(tables)}


def _cited(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The source ids a run's tables cite (a ``sources`` column: published figures compared)."""
    from natolab.data.sources import known_ids

    cited = {
        sid
        for frame in tables.values()
        if "sources" in frame.columns
        for cell in frame["sources"].astype(str)
        for sid in cell.split()
    }
    return sorted(cited & set(known_ids()))
