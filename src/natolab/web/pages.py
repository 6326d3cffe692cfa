"""The dashboard's money pages: overview, allies, an ally, the map and targets.

Each handler reads the header's snapshot, asks :mod:`natolab.web.tables` for its tables (the
same ones the downloads serve) and renders a template; charts are Vega-Lite specs drawn by the
browser over the same numbers. Pages read without JavaScript: every number is in a table.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from natolab.errors import NatolabError
from natolab.web import downloads, rules_desk, sources_pages
from natolab.web.context import Snapshot, render, visible_releases
from natolab.web.present import present, section
from natolab.web.tables import MAP_CHOICES, table, trajectory_of

router = APIRouter(include_in_schema=False)
router.include_router(rules_desk.router)
router.include_router(sources_pages.router)
router.include_router(downloads.router)


def _spec_json(spec: object) -> str:
    """A chart spec for a ``<script type="application/json">`` (``</`` cannot end the tag)."""
    from natolab.serialise import dumps

    return dumps(spec).replace("</", "<\\/")


@router.get("/")
def overview(request: Request) -> Response:
    """Allies at 2% and 3.5% by year, alliance totals and the US share."""
    from natolab.web.charts import counts_chart

    snap = Snapshot.from_request(request)
    params = request.query_params
    counts = table("counts", snap, params)
    totals, totals_shown = section("totals", snap, params, "/")
    latest = visible_releases(snap.alliance()).tail(1)
    complete = counts[counts["with_data"] >= counts["with_data"].max()].tail(1)
    pair, _ = section("release-counts", snap, {}, "/releases")
    changed = []
    if pair is not None:  # what the latest release changed in the headline counts
        moved = pair.dropna(subset=["at_or_above_a", "at_or_above_b"])
        changed = moved[moved["at_or_above_a"] != moved["at_or_above_b"]].to_dict("records")
    us = totals.dropna(subset=["us_share_pct"]).tail(1) if totals is not None else latest[:0]
    return render(
        request,
        "overview.html",
        snap,
        "/",
        counts=present("counts", counts, snap, params, "/"),
        totals=totals_shown,
        spec=_spec_json(counts_chart(counts[counts["with_data"] >= counts["with_data"].max() - 1])),
        latest=latest.to_dict("records")[0] if not latest.empty else None,
        headline=complete.to_dict("records")[0] if not complete.empty else None,
        us=us.to_dict("records")[0] if not us.empty else None,
        changed=changed,
    )


@router.get("/allies")
def allies(request: Request) -> Response:
    """Every ally in one year against a target: sortable (column links), filterable (?q=)."""
    snap = Snapshot.from_request(request)
    params = request.query_params
    frame = table("allies", snap, params)
    return render(
        request,
        "allies.html",
        snap,
        "/allies",
        shown=present("allies", frame, snap, params, "/allies", sortable=True),
        year=int(frame["year"].iloc[0]) if not frame.empty else params.get("year", ""),
        target=params.get("target", ""),
        q=params.get("q", ""),
        sort=params.get("sort", ""),
    )


@router.get("/allies/{code}")
def ally_page(code: str, request: Request) -> Response:
    """One ally: its series in every release, every measure, compliance and the way to 3.5%."""
    from natolab.data.allies import ally, load_allies
    from natolab.web.charts import series_chart

    snap = Snapshot.from_request(request)
    iso3 = ally(code)
    names = dict(zip(load_allies()["iso3"], load_allies()["name"], strict=True))
    params = {"ally": iso3}
    series = table("ally-series", snap, params)
    measures = table("ally-measures", snap, params)
    _, verdicts = section("ally-verdicts", snap, params, f"/allies/{iso3}", extra=params)
    try:
        path, no_path = trajectory_of(snap, iso3), None
    except NatolabError as exc:  # e.g. an ally that publishes no share of GDP
        path, no_path = None, str(exc)
    return render(
        request,
        "ally.html",
        snap,
        "/allies",
        iso3=iso3,
        name=names.get(iso3, iso3),
        series=present("ally-series", series, snap, params, f"/allies/{iso3}", extra=params),
        measures=present("ally-measures", measures, snap, params, f"/allies/{iso3}", extra=params),
        spec=_spec_json(series_chart(series)),
        verdicts=verdicts,
        path=path,
        no_path=no_path,
    )


@router.get("/map")
def map_page(request: Request) -> Response:
    """A choropleth with a year slider, and the same year as a table."""
    from natolab.web.charts import map_chart

    snap = Snapshot.from_request(request)
    params = request.query_params
    measure = params.get("measure", "").strip() or "pct_gdp"
    shown = table("map", snap, params)
    everything = table("map-all", snap, {"measure": measure})
    years = sorted(int(y) for y in everything["year"].unique())
    year = int(shown["year"].iloc[0]) if not shown.empty else years[-1]
    links = {code: snap.link(f"/allies/{code}") for code in everything["iso3"].unique()}
    chart = map_chart(everything, year, MAP_CHOICES[measure], links)
    extra = {"measure": measure, "year": str(year)}
    return render(
        request,
        "map.html",
        snap,
        "/map",
        shown=present("map", shown, snap, params, "/map", extra=extra),
        spec=_spec_json(chart),
        years=years,
        year=year,
        measure=measure,
        measures=MAP_CHOICES,
    )


@router.get("/map/land.geojson")
def land() -> FileResponse:
    """The map's outlines: natolab's own Natural Earth geometry (the Article 6 rules use it)."""
    from natolab.data.geography import geography_path

    path = geography_path("land.geojson")
    return FileResponse(str(path), media_type="application/geo+json")


TARGET_CHOICES = {
    "in force": "The guideline in force each year",
    "2": "2% of GDP",
    "hague core": "Hague core defence (3.5%)",
    "hague total": "Hague total (5%)",
}


@router.get("/targets")
def targets(request: Request) -> Response:
    """Compliance with a chosen target (gaps in points and dollars), a group's way to 3.5%,
    and burden sharing."""

    snap = Snapshot.from_request(request)
    target = request.query_params.get("target", "").strip() or "in force"
    who = request.query_params.get("who", "").strip() or "Europe and Canada"
    params = {**request.query_params, "target": target}
    params.setdefault("sort", "-gap_pct_gdp")
    allies = table("allies", snap, params)
    year = str(int(allies["year"].iloc[0]))
    _, burden = section("burden", snap, {"year": year}, "/targets")
    try:
        path, no_path = trajectory_of(snap, who), None
    except NatolabError as exc:  # e.g. the Hague target is not yet in force on the as-of date
        path, no_path = None, str(exc)
    _, freeride = section("freeride", snap, {}, "/targets")
    return render(
        request,
        "targets.html",
        snap,
        "/targets",
        allies=present("allies", allies, snap, params, "/targets", sortable=True),
        meets=int(allies["meets"].eq(True).sum()),
        with_data=int(allies["pct_gdp"].notna().sum()),
        year=int(allies["year"].iloc[0]),
        burden=burden,
        path=path,
        freeride=freeride,
        no_path=no_path,
        target=target,
        who=who,
        choices=TARGET_CHOICES,
    )


@router.get("/releases")
def releases_page(request: Request) -> Response:
    """Two releases side by side: the headline counts, who crossed 2%, every revised value."""
    from natolab.data.measures import MEASURES
    from natolab.web.tables import release_pair

    snap = Snapshot.from_request(request)
    params = dict(request.query_params)
    a, b = release_pair(snap.alliance(), params)
    params.update(a=a, b=b)
    counts = table("release-counts", snap, params)
    crossings = table("release-crossings", snap, params)
    changed = table("release-diff", snap, params)
    return render(
        request,
        "releases.html",
        snap,
        "/releases",
        a=a,
        b=b,
        ally=params.get("ally", ""),
        measure=params.get("measure") or "pct_gdp",
        measures=list(MEASURES),
        all_releases=snap.alliance().store.releases().to_dict("records"),
        counts=present("release-counts", counts, snap, params, "/releases"),
        crossings=present("release-crossings", crossings, snap, params, "/releases"),
        changed=present("release-diff", changed, snap, params, "/releases"),
    )
