"""The claims page: paste or upload an article, see each claim highlighted with its verdict.

A plain form POST (works without JavaScript). The article is read exactly as the CLI reads a
file (:func:`natolab.claims.reading.article_text`: UTF-8 only, binary refused, HTML reduced to
its text), then checked by :func:`natolab.check`; the page shows the text with each claim
marked, its verdict written out (colour is never the only signal) and a link to its evidence.
The verdicts download as the report's JSON document or as ClaimReview JSON-LD. Bad input is
shown in place with a 4xx status.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from natolab.errors import InputError, NatolabError
from natolab.web.context import Snapshot, render

if TYPE_CHECKING:
    from natolab.claims.report import CheckReport

router = APIRouter(include_in_schema=False)

MAX_ARTICLE_BYTES = 1024 * 1024  # 1 MiB per request: a long article is ~100 kB of text or HTML
MAX_TEXT_CHARS = 500_000
BODY_LIMITED_PATHS = frozenset(
    {"/claims", "/claims/verdicts.json", "/claims/claimreview.jsonld", "/api/v1/claims"}
)


class TooLargeError(InputError):
    """An article over the stated limit: HTTP 413."""

    status_code = 413


@dataclass(frozen=True)
class Segment:
    """A run of the article's text: plain, or a claim (its number and verdict)."""

    text: str
    number: int | None = None
    verdict: str | None = None


def body_limit(path: str) -> int:
    """The request-body limit for ``path``: articles may be larger than other requests."""
    from natolab.web.jobs import MAX_BODY_BYTES

    return MAX_ARTICLE_BYTES if path in BODY_LIMITED_PATHS else MAX_BODY_BYTES


def read_article(data: bytes, name: str) -> tuple[str, str | None]:
    """Bytes to (article text, page date), refusing the empty, binary, mis-encoded, over-large."""
    from natolab.claims.reading import article_text

    if len(data) > MAX_ARTICLE_BYTES:
        raise TooLargeError(f"{name}: {len(data):,} bytes; the limit is {MAX_ARTICLE_BYTES:,}")
    text, published = article_text(data, name)
    if len(text) > MAX_TEXT_CHARS:
        raise TooLargeError(f"{name}: {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    return text, published


def check_article(data: bytes, name: str, date: str | None) -> tuple[str, CheckReport]:
    """Read and check one article as of ``date`` (else its page date or dateline, else today)."""
    from natolab.claims import check

    text, published = read_article(data, name)
    return text, check(text, date or None, published=published)


def segments(text: str, report: CheckReport) -> list[Segment]:
    """The article cut into plain runs and claims, in order (an overlapping claim is not marked
    twice: it is still listed with its evidence)."""
    out: list[Segment] = []
    at = 0
    for number, item in enumerate(report.claims, start=1):
        start, end = item.claim.start, item.claim.end
        if start < at or end > len(text) or end <= start:
            continue
        out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], number, item.finding.verdict.value))
        at = end
    out.append(Segment(text[at:]))
    return [s for s in out if s.text]


async def _form_article(request: Request) -> tuple[bytes, str, str | None]:
    """The article from the form: an uploaded file if one was chosen, else the pasted text."""
    form = await request.form()
    date = str(form.get("date") or "").strip() or None
    upload = form.get("file")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        name = upload.filename
        if not name.lower().endswith((".txt", ".html", ".htm")):
            raise InputError(f"{name}: upload a .txt or .html file")
        return await upload.read(MAX_ARTICLE_BYTES + 1), name, date
    return str(form.get("text") or "").encode("utf-8"), "pasted text", date


@router.get("/claims")
def claims_page(request: Request) -> Response:
    """The empty form, with the verdict scale."""
    return _page(request, Snapshot.from_request(request))


@router.post("/claims")
async def claims_checked(request: Request) -> Response:
    """Check the pasted or uploaded article and show it with its claims marked."""
    snapshot = Snapshot.from_request(request)
    try:
        data, name, date = await _form_article(request)
        text, report = check_article(data, name, date)
    except NatolabError as exc:
        response = _page(request, snapshot, error=str(exc))
        response.status_code = getattr(exc, "status_code", 400)
        return response
    return _page(request, snapshot, text=text, report=report, date=date)


@router.post("/claims/verdicts.json")
async def verdicts_json(request: Request) -> Response:
    """The report's JSON document (the same as ``natolab check --format json``)."""
    _, report = await _checked(request)
    return _download(report.to_dict(), "natolab-claims.json", "application/json")


@router.post("/claims/claimreview.jsonld")
async def verdicts_claimreview(request: Request) -> Response:
    """schema.org ClaimReview JSON-LD, one object per claim."""
    from natolab.claims.claimreview import claim_reviews

    _, report = await _checked(request)
    return _download(claim_reviews(report), "natolab-claimreview.jsonld", "application/ld+json")


async def _checked(request: Request) -> tuple[str, CheckReport]:
    data, name, date = await _form_article(request)
    return check_article(data, name, date)


def _download(doc: Any, filename: str, media_type: str) -> Response:
    body = json.dumps(doc, ensure_ascii=False, indent=2)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


def _page(request: Request, snapshot: Snapshot, **context: Any) -> Response:
    from natolab.claims.verdicts import MEANING

    report = context.get("report")
    marked = segments(context["text"], report) if report is not None else []
    return render(
        request,
        "claims.html",
        snapshot,
        "/claims",
        scale=[(v.value, meaning) for v, meaning in MEANING.items()],
        segments=marked,
        limit=f"{MAX_ARTICLE_BYTES:,} bytes",
        **context,
    )
