"""Downloads of exactly what a page shows: CSV, XLSX, JSON, or a zip with metadata and README.

``/download/{table}.{format}`` takes the same query parameters as the page, so the file holds the
rows and columns on screen. The zip is for citing: the data, a ``metadata.json`` (columns with
units, the releases and sources the rows name, the grades legend, the as-of date, licence and
citation) and a README. JSON goes through :mod:`natolab.serialise`, like the CLI and the API.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from natolab._version import __version__
from natolab.errors import InputError
from natolab.web.context import Snapshot
from natolab.web.tables import UNITS, spec, table

if TYPE_CHECKING:
    import pandas as pd

router = APIRouter(include_in_schema=False)

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "zip": "application/zip",
}
LICENCE = (
    "natolab's code and compilation: MIT. The figures are NATO's (Defence Expenditure of NATO "
    "Countries) or other public sources, each named per value; cite them as listed."
)


def as_csv(frame: pd.DataFrame) -> bytes:
    """One table, one header row, no index: pandas reads it back as it was shown."""
    return frame.to_csv(index=False).encode("utf-8")


def as_xlsx(frame: pd.DataFrame, title: str) -> bytes:
    """One sheet holding the table (openpyxl)."""
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name=title[:31] or "data", engine="openpyxl")
    return buffer.getvalue()


def as_json(name: str, frame: pd.DataFrame, snapshot: Snapshot) -> bytes:
    """One natolab document (the shared serialisation) holding the table."""
    from natolab.serialise import document, dumps

    doc = document({name: frame}, on=snapshot.on, release=snapshot.release)
    return dumps(doc).encode("utf-8")


def metadata(name: str, frame: pd.DataFrame, snapshot: Snapshot, url: str) -> dict[str, Any]:
    """What a reader needs to cite and trust the table: units, releases, sources, grades."""
    from natolab.data.sources import GRADES, resolve_all, split_ids

    nato = snapshot.alliance()
    named = {str(v) for c in frame.columns if "release" in str(c) for v in frame[c].dropna()}
    named |= {r.strip() for v in frame.get("releases", []) for r in str(v).split(",")}
    releases = nato.store.releases()
    used = releases[releases["release"].isin(named)]
    ids = [i for v in frame.get("source_id", []) if isinstance(v, str) for i in split_ids(v)]
    ids += list(used["source_id"].dropna())
    sources = resolve_all(sorted(set(ids)))
    return {
        "table": name,
        "title": spec(name).title,
        "url": url,
        "as_of": snapshot.on.isoformat(),
        "release_pinned": snapshot.release,
        "columns": [{"name": str(c), "unit": UNITS.get(str(c), "")} for c in frame.columns],
        "releases": [
            {"release": r, "title": t, "published": p, "source_id": s}
            for r, t, p, s in used[["release", "title", "published", "source_id"]].itertuples(
                index=False
            )
        ],
        "sources": [{"source_id": s.source_id, "title": s.title, "url": s.url} for s in sources],
        "grades": GRADES,
        "licence": LICENCE,
        "citation": f"natolab {__version__}, table '{name}' as of {snapshot.on.isoformat()}, "
        f"{url}; figures from the sources listed.",
    }


def as_zip(name: str, frame: pd.DataFrame, snapshot: Snapshot, url: str) -> bytes:
    """The data (CSV), ``metadata.json`` and a README, zipped."""
    from natolab.serialise import dumps

    meta = metadata(name, frame, snapshot, url)
    readme = (
        f"{meta['title']}\n\nFrom natolab {__version__}, as of {meta['as_of']}.\n"
        f"{name}.csv holds the table exactly as shown at {url}.\n"
        "metadata.json lists every column with its unit, the releases and sources the rows "
        "name (with titles and links), the grades legend, the licence and how to cite.\n\n"
        f"Cite as: {meta['citation']}\n\nLicence: {LICENCE}\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.csv", as_csv(frame))
        archive.writestr("metadata.json", dumps(meta))
        archive.writestr("README.txt", readme)
    return buffer.getvalue()


@router.get("/download/{name}.{fmt}")
def download(name: str, fmt: str, request: Request) -> Response:
    """One table in one format, built from the page's own query parameters."""
    if fmt not in FORMATS:
        raise InputError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    snapshot = Snapshot.from_request(request)
    frame = table(name, snapshot, request.query_params)
    url = str(request.url)
    content = {
        "csv": lambda: as_csv(frame),
        "xlsx": lambda: as_xlsx(frame, spec(name).title),
        "json": lambda: as_json(name, frame, snapshot),
        "zip": lambda: as_zip(name, frame, snapshot, url),
    }[fmt]()
    headers = {"Content-Disposition": f'attachment; filename="natolab-{name}.{fmt}"'}
    return Response(content, media_type=FORMATS[fmt], headers=headers)
