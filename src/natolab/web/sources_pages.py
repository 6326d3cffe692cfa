"""Sources, one page per source, and "explain this number".

Every number on the dashboard links to ``/explain``: the value with its unit, ally, year, the
release that published it (and when), its estimate flag, grade and source (title, link); for a
share of GDP judged against a target also the target's dated parameter and reference.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from natolab.errors import InputError
from natolab.web.context import Snapshot, render
from natolab.web.present import present
from natolab.web.tables import table

router = APIRouter(include_in_schema=False)


@router.get("/sources")
def sources(request: Request) -> Response:
    """Every source natolab cites, with its grade or tier."""
    snap = Snapshot.from_request(request)
    frame = table("sources", snap, request.query_params)
    shown = present("sources", frame, snap, request.query_params, "/sources")
    return render(request, "sources.html", snap, "/sources", shown=shown, frame=frame)


@router.get("/sources/{source_id}")
def source_page(source_id: str, request: Request) -> Response:
    """One source: what it is, how far to trust it, and which releases and values use it."""
    from natolab.data.sources import GRADES, source

    snap = Snapshot.from_request(request)
    found = source(source_id)
    store = snap.alliance().store
    releases = store.releases()
    uses = releases[releases["source_id"] == found.source_id]
    counts = store.rows_citing(found.source_id)
    return render(
        request, "source.html", snap, "/sources", source=found,
        grade=GRADES.get(found.tier_or_grade, ""), releases=uses.to_dict("records"),
        counts=counts.to_dict("records"),
    )  # fmt: skip


def _target_verdict(snap: Snapshot, ally: str, year: int, raw: str) -> dict[str, object]:
    """The row of the compliance table for this ally, year and target (verdict, gap, reference)."""
    try:
        target: float | str = float(raw)
    except ValueError:
        target = raw
    frame = snap.alliance().compliance(year, target).table
    row = frame[frame["iso3"] == ally]
    if row.empty:
        raise InputError(f"no verdict for {ally} in {year}")
    return dict(row.iloc[0])


@router.get("/explain")
def explain(request: Request) -> Response:
    """One published value with everything needed to trust or cite it."""
    from natolab.data.allies import ally
    from natolab.data.measures import MEASURES
    from natolab.data.sources import GRADES, resolve_all

    snap = Snapshot.from_request(request)
    p = request.query_params
    measure = p.get("measure", "")
    if measure not in MEASURES:
        raise InputError(f"measure: {measure!r} is not one of {', '.join(MEASURES)}")
    code = ally(p.get("ally", ""))
    try:
        year = int(p.get("year", ""))
    except ValueError:
        raise InputError(f"year: expected a year such as 2024, got {p.get('year')!r}") from None
    nato = snap.alliance()
    rows = nato.spending(measure, release=p.get("of") or None, years=[year], allies=[code])
    if rows.empty:
        raise InputError(f"no {measure} for {code} in {year} in the releases visible")
    from natolab.serialise import records

    row = records(rows.head(1))[0]  # plain values: a missing flag is None, never pd.NA
    release = nato.store.releases().set_index("release").loc[row["release"]]
    verdict = _target_verdict(snap, code, year, p["target"]) if p.get("target") else None
    return render(
        request, "explain.html", snap, "", row=row, measure=measure, unit=MEASURES[measure],
        release=dict(release), sources=resolve_all([row["source_id"]]),
        grade=GRADES.get(str(row["quality"]), ""), verdict=verdict,
    )  # fmt: skip
