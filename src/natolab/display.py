"""How an answer looks in a Python shell or a notebook: one short line, or a small HTML view.

A dataclass repr of a result holding DataFrames prints every row of every table, which buries
the answer. Results inherit :class:`Summary` instead (declared ``@dataclass(repr=False)`` so
the dataclass keeps this repr): scalars are shown, tables by their shape, long text cut.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from html import escape
from typing import Any

TEXT_LIMIT = 60
HTML_ROWS = 20


def _is_frame(value: Any) -> bool:
    return hasattr(value, "to_html") and hasattr(value, "shape")


def _short(value: Any) -> str | None:
    """One field for the repr, or None to leave it out (nested objects, callables)."""
    if _is_frame(value):
        rows, columns = value.shape
        return f"<table {rows}x{columns}>"
    if isinstance(value, dict) and value and all(_is_frame(v) for v in value.values()):
        return repr(sorted(value))
    if isinstance(value, str):
        return repr(value if len(value) <= TEXT_LIMIT else value[: TEXT_LIMIT - 1] + "…")
    if value is None or isinstance(value, bool | int | float | dt.date):
        return repr(value) if not isinstance(value, dt.date) else repr(value.isoformat())
    if isinstance(value, tuple | list) and all(isinstance(v, str | int | float) for v in value):
        return repr(value) if len(value) <= 8 else f"<{len(value)} items>"
    if isinstance(value, tuple | list):
        return f"<{len(value)} items>"
    return None


class Summary:
    """Mixin for result dataclasses: a one-line ``repr`` and ``_repr_html_`` for notebooks."""

    def __repr__(self) -> str:
        parts = []
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            shown = _short(getattr(self, field.name))
            if shown is not None:
                parts.append(f"{field.name}={shown}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def _repr_html_(self) -> str:
        """The repr as a heading, then each table (first rows) as HTML."""
        html = [f"<p><code>{escape(repr(self))}</code></p>"]
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            tables = value if isinstance(value, dict) else {field.name: value}
            for name, frame in tables.items():
                if _is_frame(frame):
                    html.append(f"<h4>{escape(str(name))}</h4>")
                    html.append(frame.to_html(max_rows=HTML_ROWS, index=False))
        return "\n".join(html)
