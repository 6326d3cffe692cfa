"""Reading a page's query or form parameters: blank means "not given", a bad value is a 400.

One home for the parsing every page and form does, so a malformed number gets the same kind of
message (naming the parameter and what was expected) wherever it was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from natolab.errors import InputError

N = TypeVar("N", int, float)


def text(params: Mapping[str, str], name: str) -> str | None:
    """The stripped value, or None when blank or absent."""
    return params.get(name, "").strip() or None


def number(
    params: Mapping[str, str], name: str, kind: Callable[[str], N], expected: str = ""
) -> N | None:
    """The value as ``kind`` (int or float), None when blank; otherwise an InputError."""
    expected = expected or ("a whole number" if kind is int else "a number")
    raw = text(params, name)
    if raw is None:
        return None
    try:
        return kind(raw)
    except ValueError:
        raise InputError(f"{name}: expected {expected}, got {raw!r}") from None
