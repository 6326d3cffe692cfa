"""The dashboard's server-rendered pages (Jinja2 + htmx), readable without JavaScript."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
