"""What every dashboard page shares: the header's ``?on=`` / ``?release=``, templates, links.

A page is a thin layer: it reads the snapshot the header asks for (an :class:`Alliance` as of a
date, optionally pinned to one release), calls the Python API, and renders. Snapshots are cached
per (date, release) because building one opens the store and checks its bundle; the answers
computed from a snapshot are cached by :mod:`natolab.web.tables`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates

from natolab.dates import as_date

if TYPE_CHECKING:
    import pandas as pd
    from starlette.responses import Response

    from natolab.alliance import Alliance

WEB = Path(__file__).parent

NAV: tuple[tuple[str, str], ...] = (
    ("/", "Overview"),
    ("/allies", "Allies"),
    ("/map", "Map"),
    ("/targets", "Targets"),
    ("/releases", "Releases"),
    ("/rules", "Rules desk"),
    ("/scenarios", "Scenarios"),
    ("/claims", "Claims"),
    ("/sources", "Sources"),
)

templates = Jinja2Templates(directory=WEB / "templates")


@lru_cache(maxsize=32)
def alliance(on: date, release: str | None) -> Alliance:
    from natolab.alliance import Alliance

    return Alliance(on=on, release=release)


@lru_cache(maxsize=32)
def release_ids(nato: Alliance) -> list[str]:
    """Every release in the store, for the header's menu (read once per cached snapshot)."""
    return list(nato.store.releases()["release"])


@lru_cache(maxsize=32)
def visible_releases(nato: Alliance) -> pd.DataFrame:
    """The releases a cached snapshot may read, oldest first (one store query per snapshot)."""
    return nato.releases().sort_values("published").reset_index(drop=True)


def _blank(value: str | None) -> str | None:
    """An empty form field means "not given" (the header form always sends both fields)."""
    return value.strip() if value and value.strip() else None


@dataclass(frozen=True)
class Snapshot:
    """The header's choice: data as of ``on`` (default today), or pinned to ``release``."""

    on: date
    given_on: str | None
    release: str | None

    @classmethod
    def from_request(cls, request: Request) -> Snapshot:
        """Read and check ``?on=`` and ``?release=`` (bad values raise a NatolabError: 400)."""
        given_on = _blank(request.query_params.get("on"))
        release = _blank(request.query_params.get("release"))
        snapshot = cls(as_date(given_on, "on"), given_on, release)
        snapshot.alliance()  # checks the release exists
        return snapshot

    def alliance(self) -> Alliance:
        """The cached :class:`Alliance` for this choice."""
        return alliance(self.on, self.release)

    def params(self) -> dict[str, str]:
        """The header's query parameters, to carry across links."""
        out = {}
        if self.given_on:
            out["on"] = self.given_on
        if self.release:
            out["release"] = self.release
        return out

    def link(self, path: str, **extra: Any) -> str:
        """``path`` with this snapshot's parameters and ``extra`` (None values dropped)."""
        query = {**self.params(), **{k: v for k, v in extra.items() if v is not None}}
        return f"{path}?{urlencode(query)}" if query else path


def explain_link(
    snapshot: Snapshot,
    measure: str,
    ally: str,
    year: int,
    release: str | None,
    target: Any = None,
) -> str:
    """The "explain this number" address of one published value (and its verdict, if any)."""
    return snapshot.link(
        "/explain", measure=measure, ally=ally, year=int(year), of=release, target=target
    )


def render(
    request: Request, template: str, snapshot: Snapshot, active: str, **context: Any
) -> Response:
    """Render a page with the header (nav, as-of form) filled in."""
    releases = release_ids(snapshot.alliance())
    base: Mapping[str, Any] = {
        "nav": NAV,
        "active": active,
        "on": snapshot.given_on,
        "today": snapshot.on.isoformat(),
        "release": snapshot.release,
        "releases": releases,
        "snap": snapshot,
    }
    return templates.TemplateResponse(request, template, {**base, **context})
