"""The JSON API under ``/api/v1``: the same answers as the CLI, as pydantic-typed documents."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["api"])
