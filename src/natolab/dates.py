"""Dates given by users: one parser for every layer (API, rules, CLI, scenarios).

The bundled files' dates are parsed by :func:`natolab.parameter_tree.parse_date`, whose error
blames the data; a date typed by a user is the user's input, hence :class:`InputError`.
"""

from __future__ import annotations

from datetime import date, datetime

from natolab.errors import DataError, InputError
from natolab.parameter_tree import parse_date


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
