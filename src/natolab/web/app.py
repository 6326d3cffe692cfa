"""The FastAPI application: the JSON API router, the dashboard's pages and one error policy.

Every error a user can cause is a 4xx JSON body ``{"error": ..., "detail": ...}``; a
:class:`natolab.NatolabError` is never allowed to become a 500.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from natolab._version import __version__
from natolab.errors import NatolabError

WEB = Path(__file__).parent


def create_app() -> FastAPI:
    """Build the application (a factory, so tests get a fresh app on a private store)."""
    from natolab.web import api, pages

    app = FastAPI(
        title="natolab",
        version=__version__,
        summary="NATO's money, rules and behaviour as a JSON API, every answer sourced.",
        docs_url=None,  # served from vendored assets by the pages router
        redoc_url=None,
    )
    app.include_router(api.router, prefix="/api/v1")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")

    @app.exception_handler(NatolabError)
    async def natolab_error(_: Request, exc: NatolabError) -> JSONResponse:
        return JSONResponse(
            status_code=400, content={"error": type(exc).__name__, "detail": str(exc)}
        )

    return app
