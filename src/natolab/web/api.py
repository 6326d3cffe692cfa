"""The JSON API under ``/api/v1``: the same answers as the CLI, as pydantic-typed documents.

Each endpoint is a thin call into the Python API (:class:`natolab.Alliance`, :mod:`natolab.burden`,
:mod:`natolab.rules`, :mod:`natolab.sim`) whose answer leaves through
:func:`natolab.serialise.document`, the serialisation the CLI uses too. Bad input raises a
:class:`natolab.NatolabError`, which the app turns into a 4xx ``{"error", "detail"}`` body.
Heavy modules are imported inside the handlers, as in the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from natolab.errors import InputError, NatolabError
from natolab.web.models import (
    ClaimsReport,
    ClaimsRequest,
    Document,
    ErrorBody,
    Job,
    RuleResult,
    RunRequest,
    SensitivityRequest,
)

if TYPE_CHECKING:
    import pandas as pd

    from natolab.alliance import Alliance
    from natolab.rules.result import Result

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad input: unknown ally, date, release, ..."},
    404: {"model": ErrorBody, "description": "No such resource."},
    422: {"model": ErrorBody, "description": "A parameter has the wrong type or range."},
}
router = APIRouter(tags=["api"], responses=ERRORS)
LIMITS: dict[int | str, dict[str, Any]] = {
    411: {"model": ErrorBody, "description": "A body sent without Content-Length."},
    413: {"model": ErrorBody, "description": "Too many runs, or the body is too large."},
    429: {"model": ErrorBody, "description": "Too many jobs at once."},
}


class NotFoundError(NatolabError):
    """A resource named in the path (a source id, a job) does not exist: HTTP 404."""

    status_code = 404


On = Annotated[
    str | None,
    Query(description="As-of date (YYYY-MM-DD): only releases published by then are read."),
]
Release = Annotated[
    str | None, Query(description="Read one named release (e.g. nato-2024-06); overrides on.")
]
Year = Annotated[int | None, Query(ge=1949, le=2100, description="A year.")]
Target = Annotated[
    str,
    Query(
        max_length=100,
        description="A share of GDP (3.5), 'in force', 'hague core', 'hague total' or a parameter.",
    ),
]
Reforms = Annotated[
    list[str],
    Query(description="What-if reforms (repeatable), see /api/v1/reforms."),
]
Text = Annotated[str | None, Query(max_length=200)]
Lat = Annotated[float | None, Query(ge=-90, le=90, description="Latitude, degrees north.")]
Lon = Annotated[float | None, Query(ge=-180, le=180, description="Longitude, degrees east.")]
What = Annotated[str, Query(max_length=40, description="territory, forces, vessel or aircraft.")]

GRADE_RENAME = {
    "quality": "grade",
    "old_quality": "old_grade",
    "new_quality": "new_grade",
    "tier_or_grade": "grade",
}


def _nato(on: str | None, release: str | None) -> Alliance:
    from natolab.alliance import Alliance

    return Alliance(on=on, release=release)


def _doc(tables: dict[str, pd.DataFrame], **meta: Any) -> dict[str, Any]:
    """The one serialisation, with the data's grade column named ``grade`` everywhere."""
    from natolab.data.measures import DEPRECATED_MEASURES, deprecation_note
    from natolab.serialise import document

    old = meta.get("measure")
    if isinstance(old, str) and old in DEPRECATED_MEASURES:
        meta = {**meta, "measure": DEPRECATED_MEASURES[old], "warnings": [deprecation_note(old)]}
    renamed = {name: frame.rename(columns=GRADE_RENAME) for name, frame in tables.items()}
    return document(renamed, **meta)


def _rule(result: Result) -> dict[str, Any]:
    from natolab.serialise import plain

    body: dict[str, Any] = plain(result.to_dict())
    body["source_ids"] = list(result.source_ids())
    return body


def _years(first: int | None, last: int | None) -> list[int] | None:
    if first is not None and last is not None and first > last:
        raise InputError(f"from ({first}) is after to ({last})")
    if first is None and last is None:
        return None
    return list(range(first or 1949, (last or 2100) + 1))


# --- the data -------------------------------------------------------------------------------


@router.get("/allies", response_model=Document, summary="The allies on a date")
def allies(on: On = None) -> dict[str, Any]:
    """Every member on ``on``: codes, name, accession date, whether it has armed forces."""
    nato = _nato(on, None)
    return _doc({"allies": nato.members}, on=nato.on)


@router.get("/measures", response_model=Document, summary="The spending measures")
def measures() -> dict[str, Any]:
    """Every measure the spending table holds, with its unit and whether prices are constant."""
    import pandas as pd

    from natolab.data.measures import CONSTANT_PRICE, MEASURES

    frame = pd.DataFrame(
        {
            "measure": list(MEASURES),
            "unit": list(MEASURES.values()),
            "constant_prices": [m in CONSTANT_PRICE for m in MEASURES],
        }
    )
    return _doc({"measures": frame})


@router.get("/releases", response_model=Document, summary="NATO's releases readable on a date")
def releases(on: On = None, release: Release = None) -> dict[str, Any]:
    """The editions of NATO's tables published by ``on``, with publication dates and sources."""
    nato = _nato(on, release)
    return _doc({"releases": nato.releases()}, on=nato.on)


@router.get("/releases/diff", response_model=Document, summary="What changed between releases")
def releases_diff(
    a: Annotated[str, Query(max_length=60, description="The older release, e.g. nato-2024-06.")],
    b: Annotated[str, Query(max_length=60, description="The newer release, e.g. nato-2025-08.")],
    measure: Annotated[str | None, Query(max_length=60, description="Only this measure.")] = None,
    ally: Annotated[list[str], Query(description="Only these allies (repeatable).")] = [],  # noqa: B006
    threshold: Annotated[
        float, Query(gt=0, le=100, description="The line counted, % of GDP.")
    ] = 2.0,
) -> dict[str, Any]:
    """Every changed ally-year-measure, who crossed the line, and the counts at the line per year."""
    from natolab import releases as vintages

    allies = ally or None
    tables = {
        "changes": vintages.diff(a, b, measure, allies),
        "crossings": vintages.crossings(a, b, threshold, allies),
        "line_counts": vintages.line_counts(a, b, threshold),
    }
    return _doc(tables, release_a=a, release_b=b, threshold_pct_gdp=threshold)


@router.get("/spending", response_model=Document, summary="One measure per ally and year")
def spending(
    measure: Annotated[str, Query(max_length=60, description="See /api/v1/measures.")] = (
        "pct_gdp"
    ),
    ally: Annotated[list[str], Query(description="Ally codes or names (repeatable).")] = [],  # noqa: B006
    first: Annotated[int | None, Query(alias="from", ge=1949, le=2100)] = None,
    last: Annotated[int | None, Query(alias="to", ge=1949, le=2100)] = None,
    release: Release = None,
    on: On = None,
) -> dict[str, Any]:
    """Each row names its release, publication date, source id and grade."""
    from natolab.data.allies import ally as resolve
    from natolab.data.spending import check_measure

    check_measure(measure)
    codes = [resolve(a) for a in ally] or None
    nato = _nato(on, release)
    frame = nato.spending(measure, years=_years(first, last), allies=codes)
    return _doc({"spending": frame}, measure=measure, on=nato.on, release=release)


@router.get("/sources", response_model=Document, summary="Every source natolab can cite")
def sources() -> dict[str, Any]:
    """Title, link and grade of every source id a value or a rule can cite."""
    from natolab.data.sources import load_sources

    return _doc({"sources": load_sources()})


@router.get("/sources/{source_id}", response_model=Document, summary="One source")
def source(source_id: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
    """One source by id (e.g. S01)."""
    from natolab.data.sources import load_sources

    frame = load_sources()
    row = frame[frame["source_id"] == source_id]
    if row.empty:
        raise NotFoundError(f"no source {source_id!r} (see /api/v1/sources)")
    return _doc({"source": row})


# --- the money ------------------------------------------------------------------------------


@router.get("/compliance", response_model=Document, summary="Who meets a spending target")
def compliance(
    year: Year = None, target: Target = "in force", on: On = None, release: Release = None
) -> dict[str, Any]:
    """Every ally against the target: share, gap in points and dollars, and the counts."""
    from natolab.burden.compliance import compliance as run

    report = run(_nato(on, release), year, target)
    tables = {"allies": report.table, "counts": report.counts}
    return _doc(tables, title=report.title, caption=report.caption, years=list(report.years))


@router.get("/trajectory", response_model=Document, summary="Growth needed to reach a target")
def trajectory(
    ally: Annotated[
        list[str], Query(description="An ally, several, 'Europe and Canada' or 'NATO'.")
    ] = ["NATO"],  # noqa: B006
    target: Target = "hague core",
    by: Annotated[int | None, Query(ge=1950, le=2100, description="Target year.")] = None,
    gdp_growth: Annotated[float | None, Query(ge=-20, le=20, description="% a year.")] = None,
    base_year: Year = None,
    on: On = None,
    release: Release = None,
) -> dict[str, Any]:
    """The constant real growth of defence spending to reach ``target`` by ``by``, and the path."""
    from natolab.burden.trajectory import trajectory as run

    if not ally:
        raise InputError("ally: name at least one ally or group")
    who = ally[0] if len(ally) == 1 else ally
    result = run(_nato(on, release), who, target, by, gdp_growth, base_year)
    return _doc(
        {"path": result.path, "per_ally": result.per_ally},
        label=result.label,
        allies=list(result.allies),
        target=result.target.value,
        target_parameter=result.target.parameter,
        target_reference=result.target.reference,
        by=result.by,
        base_year=result.base_year,
        base_pct_gdp=result.base_pct_gdp,
        gdp_growth_pct=result.gdp_growth_pct,
        gdp_growth_source=result.gdp_growth_source,
        required_real_growth_pct=result.required_real_growth_pct,
        already_meets=result.already_meets,
        releases=result.releases,
        reason=result.reason,
    )


@router.get("/burden", response_model=Document, summary="Burden sharing and the US share")
def burden(year: Year = None, on: On = None, release: Release = None) -> dict[str, Any]:
    """Share of alliance spending over share of alliance GDP per ally; the US share by year."""
    from natolab.burden.sharing import burden_sharing, us_share

    nato = _nato(on, release)
    over_time = us_share(nato)
    if year is None:
        year = int(over_time.dropna(subset=["us_share_pct"])["year"].max())
    table = burden_sharing(nato, year).sort_values("burden_ratio", ascending=False)
    return _doc({"burden": table, "us_share": over_time}, year=year, unit="USD m, current")


@router.get("/freeride", response_model=Document, summary="The Olson-Zeckhauser test")
def freeride(
    first: Annotated[int | None, Query(alias="from", ge=1949, le=2100)] = None,
    last: Annotated[int | None, Query(alias="to", ge=1949, le=2100)] = None,
    on: On = None,
    release: Release = None,
) -> dict[str, Any]:
    """Rank correlation of GDP with defence share of GDP per year (one-sided p-values)."""
    from natolab.burden.freeride import exploitation_test

    _years(first, last)
    table = exploitation_test(_nato(on, release), first, last)
    return _doc({"freeride": table}, note="A historical description, not causal evidence.")


# --- the rules ------------------------------------------------------------------------------


@router.get("/rules/article6", response_model=RuleResult, summary="Is it in the Article 6 area?")
def article6(
    place: Text = None,
    lat: Lat = None,
    lon: Lon = None,
    what: What = "territory",
    on: On = None,
    reform: Reforms = [],  # noqa: B006
) -> dict[str, Any]:
    """Would an armed attack on ``place`` (or at lat/lon) fall within the Article 6 area?"""
    from natolab.rules import covered

    return _rule(covered(place, lat=lat, lon=lon, what=what, on=on, reforms=reform))


@router.get("/rules/article5", response_model=RuleResult, summary="Would Article 5 be invoked?")
def article5(
    attacked: Text = None,
    lat: Lat = None,
    lon: Lon = None,
    what: What = "territory",
    objecting: Annotated[list[str], Query(alias="object", description="Objecting allies.")] = [],  # noqa: B006
    others: Annotated[
        str | None, Query(max_length=20, description="support, object or abstain.")
    ] = None,
    on: On = None,
    reform: Reforms = [],  # noqa: B006
) -> dict[str, Any]:
    """Area, consultation, consensus and each ally's action after an armed attack."""
    from natolab.rules import Attack
    from natolab.rules import article5 as run

    event = Attack(attacked=attacked, lat=lat, lon=lon, what=what)
    stances = dict.fromkeys(objecting, "object")
    return _rule(run(event, on=on, stances=stances, others=others, reforms=reform))


@router.get("/rules/article4", response_model=RuleResult, summary="Article 4 consultations")
def article4(
    requester: Annotated[str, Query(max_length=100, description="The ally asking.")],
    threatened: Text = None,
    on: On = None,
    reform: Reforms = [],  # noqa: B006
) -> dict[str, Any]:
    """May an ally request Article 4 consultations, and what follows?"""
    from natolab.rules import article4 as run

    return _rule(run(requester, on=on, threatened=threatened, reforms=reform))


@router.get("/rules/accession", response_model=RuleResult, summary="Can a state join?")
def accession(
    country: Annotated[str, Query(max_length=100, description="The candidate state.")],
    on: On = None,
    reform: Reforms = [],  # noqa: B006
) -> dict[str, Any]:
    """Article 10: can the state be invited, and how long has joining taken?"""
    from natolab.rules import accede

    return _rule(accede(country, on=on, reforms=reform))


@router.get("/rules/withdrawal", response_model=RuleResult, summary="Earliest exit of an ally")
def withdrawal(
    country: Annotated[str, Query(max_length=100, description="The ally leaving.")],
    notice: Annotated[str, Query(max_length=40, description="Date of the notice (YYYY-MM-DD).")],
    senate_yeas: Annotated[int | None, Query(ge=0, le=100)] = None,
    senators_present: Annotated[int | None, Query(ge=0, le=100)] = None,
    act_of_congress: bool | None = None,
    congress_notified: Annotated[str | None, Query(max_length=40)] = None,
    reform: Reforms = [],  # noqa: B006
) -> dict[str, Any]:
    """Article 13 and, for the United States, the Senate and Act-of-Congress gates."""
    from natolab.rules import withdrawal as run

    return _rule(
        run(
            country,
            notice=notice,
            senate_yeas=senate_yeas,
            senators_present=senators_present,
            act_of_congress=act_of_congress,
            congress_notified=congress_notified,
            reforms=reform,
        )
    )


@router.get("/rules/troop-floor", response_model=RuleResult, summary="US troop floor in Europe")
def troop_floor(
    troops: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
    days_below: Annotated[int | None, Query(ge=0, le=100_000)] = None,
    on: On = None,
    reform: Reforms = [],  # noqa: B006
) -> dict[str, Any]:
    """The NDAA FY2026 floor on US forces in Europe, and whether a force level respects it."""
    from natolab.rules import troop_floor as run

    return _rule(run(troops, days_below=days_below, on=on, reforms=reform))


@router.get("/rules/saceur", response_model=RuleResult, summary="May the US give up SACEUR?")
def saceur(on: On = None) -> dict[str, Any]:
    """The statutory bar on the US giving up the Supreme Allied Commander Europe post."""
    from natolab.rules import saceur as run

    return _rule(run(on=on))


@router.get("/rules/bills", response_model=RuleResult, summary="Bills to withdraw the US")
def bills(
    on: On = None,
    enacted: Annotated[str | None, Query(max_length=40, description="What-if: enacted on.")] = None,
) -> dict[str, Any]:
    """Bills to withdraw the US, and what H.R. 6508 would set in motion if enacted."""
    from natolab.rules import withdrawal_bills

    return _rule(withdrawal_bills(enacted=enacted, on=on))


@router.get("/reforms", response_model=Document, summary="The predefined what-if reforms")
def reforms() -> dict[str, Any]:
    """Names accepted by every ``reform`` parameter, with what each changes."""
    import pandas as pd

    from natolab.rules.reforms import NAMED

    frame = pd.DataFrame(
        {"reform": list(NAMED), "description": [make().description for make in NAMED.values()]}
    )
    return _doc({"reforms": frame})


# --- the simulations ------------------------------------------------------------------------


@router.get("/scenarios", response_model=Document, summary="The bundled scenarios")
def scenarios() -> dict[str, Any]:
    """Each bundled scenario: family, horizon, default runs and seed, metric."""
    from natolab.web.scenario_views import scenario_table

    return _doc({"scenarios": scenario_table()})


@router.get("/scenarios/{name}", response_model=Document, summary="One scenario")
def scenario(name: str) -> dict[str, Any]:
    """A bundled scenario with its declared uncertainties (distribution, bounds, source)."""
    from natolab.web.jobs import scenario_by_name
    from natolab.web.scenario_views import uncertainty_table

    scn = scenario_by_name(name)
    return _doc(
        {"uncertainties": uncertainty_table(scn)},
        name=scn.name,
        family=scn.family,
        description=scn.description,
        horizon_start=scn.horizon.start,
        horizon_end=scn.horizon.end,
        runs=scn.runs,
        seed=scn.seed,
        metric=scn.metric,
    )


@router.post(
    "/runs",
    response_model=Job,
    status_code=202,
    summary="Start a simulation job",
    responses=LIMITS,
)
def start_run(body: RunRequest, request: Request) -> dict[str, Any]:
    """Start a bundled scenario in the background; poll ``/runs/{job_id}`` for progress."""
    job = request.app.state.jobs.submit(body.scenario, body.runs, body.seed, body.on, body.release)
    return dict(job.view())


@router.post(
    "/sensitivity",
    response_model=Job,
    status_code=202,
    summary="Start a sensitivity analysis job",
    responses=LIMITS,
)
def start_sensitivity(body: SensitivityRequest, request: Request) -> dict[str, Any]:
    """Sobol or Morris indices of the scenario's metric over its declared uncertainties."""
    job = request.app.state.jobs.submit_sensitivity(
        body.scenario, body.method, body.n, body.reps, body.on, body.release
    )
    return dict(job.view())


@router.get("/runs", response_model=Document, summary="Jobs of this server and stored runs")
def list_runs(request: Request) -> dict[str, Any]:
    """This server's jobs, and every run in the store (reopenable by run id)."""
    import pandas as pd

    from natolab.sim.results import list_runs as stored
    from natolab.store import Store

    jobs = pd.DataFrame(
        [j.view() for j in request.app.state.jobs.all()], columns=list(Job.model_fields)
    )
    return _doc({"jobs": jobs, "runs": stored(Store.open())})


@router.get("/runs/{job_id}", response_model=Job, summary="A job's status and progress")
def run_status(job_id: str, request: Request) -> dict[str, Any]:
    """Status, runs done and progress of a job this server started."""
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"no job {job_id!r} on this server (see /api/v1/runs)")
    return dict(job.view())


@router.get("/runs/{run_id}/results", response_model=Document, summary="A run's or job's results")
def run_results(run_id: str, request: Request) -> dict[str, Any]:
    """The tables of a stored run (a run id or a prefix), or of a finished job of this server."""
    from natolab.sim.results import load_run, load_tables
    from natolab.store import Store

    job = request.app.state.jobs.get(run_id)
    if job is not None:
        if job.status != "finished":
            raise InputError(f"job {run_id} is {job.status}: no results yet")
        if job.kind == "sensitivity":
            return _doc(job.tables, job_id=job.job_id, scenario=job.scenario, **job.meta)
        run_id = str(job.run_id)
    store = Store.open()
    record = load_run(store, run_id)
    if record["status"] != "complete":
        raise InputError(f"run {record['run_id']} is {record['status']}: no results yet")
    meta = {k: record[k] for k in ("run_id", "scenario_name", "family", "runs", "seed")}
    meta["as_of"] = str(record["as_of"])[:10]
    return _doc(load_tables(store, record["run_id"]), **meta)


@router.post(
    "/claims",
    response_model=ClaimsReport,
    summary="Check the factual claims of a news article",
    responses={
        400: {"model": ErrorBody, "description": "Empty, binary or no text; a future date."},
        411: LIMITS[411],
        413: {"model": ErrorBody, "description": "A body over 1 MiB or text over the limit."},
    },
)
def check_claims(body: ClaimsRequest) -> dict[str, Any]:
    """Every checkable claim with its verdict and evidence (``natolab check --format json``)."""
    from natolab.web.claims import check_article

    _, report = check_article(body.text.encode("utf-8", "surrogatepass"), "text", body.date)
    return report.to_dict()
