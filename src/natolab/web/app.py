"""The FastAPI application: the JSON API router, the dashboard's pages and one error policy.

Every error a user can cause is a 4xx JSON body ``{"error": ..., "detail": ...}``; a
:class:`natolab.NatolabError` is never allowed to become a 500.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from natolab._version import __version__
from natolab.errors import NatolabError
from natolab.web.cache import ResponseCache
from natolab.web.jobs import Jobs

WEB = Path(__file__).parent


def create_app(jobs: Jobs | None = None) -> FastAPI:
    """Build the application (a factory, so tests get a fresh app on a private store).

    ``jobs``: the simulation job runner and its limits (tests pass smaller ones).
    """
    from natolab.web import api, claims, docs, pages, scenarios

    app = FastAPI(
        title="natolab",
        version=__version__,
        summary="NATO's money, rules and behaviour as a JSON API, every answer sourced.",
        docs_url=None,  # served from vendored assets by the pages router
        redoc_url=None,
    )
    app.include_router(api.router, prefix="/api/v1")
    app.include_router(pages.router)
    app.include_router(scenarios.router)
    app.include_router(claims.router)
    app.include_router(docs.router)
    app.state.jobs = jobs if jobs is not None else Jobs()
    app.middleware("http")(limit_body)
    app.state.cache = ResponseCache()
    app.middleware("http")(app.state.cache)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")

    @app.exception_handler(NatolabError)
    async def natolab_error(_: Request, exc: NatolabError) -> JSONResponse:
        status = getattr(exc, "status_code", 400)
        return JSONResponse(
            status_code=status, content={"error": type(exc).__name__, "detail": str(exc)}
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content=validation_body(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        error = HTTPStatus(exc.status_code).phrase if exc.status_code in HTTP_CODES else "Error"
        return JSONResponse(
            status_code=exc.status_code,
            content={"error": error, "detail": str(exc.detail)},
            headers=getattr(exc, "headers", None),
        )

    return app


HTTP_CODES = {s.value for s in HTTPStatus}


def validation_body(exc: RequestValidationError) -> dict[str, str]:
    """FastAPI's validation errors as the one error shape: each parameter and what is wrong."""
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        problems.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return {"error": "ValidationError", "detail": "; ".join(problems)}


async def limit_body(request: Request, call_next: Any) -> Any:
    """Refuse a request body over the stated limit before reading it (HTTP 413).

    The size is known only from Content-Length, so a body sent without one (chunked) is refused
    too (HTTP 411): otherwise the limit could be walked around.
    """
    from natolab.web.claims import body_limit

    limit = body_limit(request.url.path)
    length = request.headers.get("content-length")
    chunked = "chunked" in request.headers.get("transfer-encoding", "").lower()
    if length is None and chunked:
        detail = f"send the request body with a Content-Length (at most {limit:,} bytes)"
        return JSONResponse(status_code=411, content={"error": "LimitError", "detail": detail})
    if length is not None and (not length.isdigit() or int(length) > limit):
        detail = f"request body of {length} bytes exceeds this server's limit of {limit:,}"
        return JSONResponse(status_code=413, content={"error": "LimitError", "detail": detail})
    return await call_next(request)
