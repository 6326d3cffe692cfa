"""Dates given by users: one parser for every layer (API, rules, CLI, scenarios).

The bundled files' dates are parsed by :func:`parse_date`, whose error blames the data; a date
typed by a user goes through :func:`as_date`, whose error blames the user's input
(:class:`InputError`). Both live here, below the parameter tree that reads dated files.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from natolab.errors import DataError, InputError


def parse_date(raw: Any, where: str) -> date:
    """A date from a bundled file (a ``date`` or an ISO string); a bad one is a data error."""
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise DataError(f"{where}: invalid date {raw!r}") from exc


def as_date(value: date | str | None, what: str = "date") -> date:
    """A date from a ``date``, a ``datetime`` (its calendar day: every rule and release is dated
    by day) or an ISO ``YYYY-MM-DD`` string; None means today."""
    if value is None:
        return date.today()
    if isinstance(value, datetime):
        return value.date()
    try:
        return parse_date(value, what)
    except DataError as exc:
        raise InputError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)") from exc
