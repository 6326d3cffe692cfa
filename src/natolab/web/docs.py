"""``/docs``: the API's interactive documentation, from Swagger UI assets natolab serves itself.

FastAPI's default page loads Swagger UI from a CDN and shows a badge from validator.swagger.io;
natolab works offline and talks to no other host, so the assets are vendored under
``static/swagger-ui`` (npm ``swagger-ui-dist``, Apache-2.0, see its LICENSE there) and the
validator is switched off.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

ASSETS = "/static/swagger-ui"


@router.get("/docs")
def docs() -> HTMLResponse:
    """Swagger UI over ``/openapi.json``, every asset from this server."""
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="natolab API",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},
    )
    # screen readers need the page's language; FastAPI's template does not state it
    html = bytes(page.body).decode().replace("<html>", '<html lang="en">', 1)
    return HTMLResponse(html)
