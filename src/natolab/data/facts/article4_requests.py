"""The Article 4 requests: natolab's own supplement, compiled from stored public pages.

The shared fact base records no Article 4 request, so natolab bundles its own list in
``supplements/article4_requests.yaml`` (how it was compiled: ``supplements/SOURCES.md``). Each
request cites the pages whose text shows it and keeps the compilers' conflict notes; dates
may be partial (``2012-06``) where the pages disagree or give no day. The ``counts`` are
published tallies of invocations, a check that no request before their date is missing.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated

from pydantic import Field, StringConstraints

from natolab.data.facts._load import (
    Cited,
    FactsFile,
    FactsInput,
    FuzzyDate,
    Open,
    by_id,
    parse_supplement,
    unique_ids,
)
from natolab.errors import FactsError

FILE = "supplements/article4_requests.yaml"
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Article4Request(Cited):
    """One request for Article 4 consultations: who asked, when, why, and what followed."""

    id: str
    date: FuzzyDate
    meeting_date: FuzzyDate | None = None
    requesters: tuple[Iso3, ...] = Field(min_length=1)
    trigger: str
    outcome: str | None = None

    @property
    def start(self) -> dt.date:
        """Earliest day the request's date allows."""
        return self.date.earliest


class InvocationCount(Cited):
    """A published count of Article 4 invocations up to ``as_of`` (a joint request counts once)."""

    id: str
    as_of: FuzzyDate
    invocations: int = Field(ge=0)


class Article4Requests(FactsFile):
    """The whole supplement, requests in date order."""

    meta: Open
    requests: tuple[Article4Request, ...]
    counts: tuple[InvocationCount, ...] = ()

    def request(self, request_id: str) -> Article4Request:
        return by_id(self.requests, request_id, "Article 4 request")

    def by(self, iso3: str) -> tuple[Article4Request, ...]:
        """Requests ``iso3`` made (alone or jointly)."""
        return tuple(r for r in self.requests if iso3 in r.requesters)

    def up_to(self, day: dt.date) -> tuple[Article4Request, ...]:
        """Requests whose date may fall on or before ``day``."""
        return tuple(r for r in self.requests if r.start <= day)


@cache
def load_article4_requests(source: FactsInput = None) -> Article4Requests:
    """Load the bundled supplement (or a path / YAML text); malformed input is a FactsError."""
    found = parse_supplement(Article4Requests, FILE, source)
    unique_ids(found.requests, FILE, "requests")
    unique_ids(found.counts, FILE, "counts")
    previous: Article4Request | None = None
    for r in found.requests:
        key = f"requests.{r.id}"
        if len(set(r.requesters)) != len(r.requesters):
            raise FactsError(FILE, f"{key}.requesters", "a requester is listed twice")
        if r.meeting_date is not None and r.meeting_date.latest < r.date.earliest:
            raise FactsError(FILE, f"{key}.meeting_date", f"{r.meeting_date} is before {r.date}")
        if previous is not None and r.start < previous.start:
            raise FactsError(FILE, f"{key}.date", f"{r.date} is before {previous.id}'s date")
        previous = r
    return found
