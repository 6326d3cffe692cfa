"""Shared output for CLI commands: Rich tables for people, one CSV table or one JSON document.

Every command builds its answer as named tables plus a title and caption, and prints it here:

* ``--format json``: exactly one document, made by :mod:`natolab.serialise` (the web API's
  serialisation), holding every table;
* ``--format csv``: exactly one table, the command's main one (the first), so ``pandas.read_csv``
  reads it correctly; the others are in the JSON document;
* ``--format table``: every table, for people.
"""

from __future__ import annotations

import enum
import math
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console


class Format(str, enum.Enum):
    """Output formats every table-producing command accepts."""

    table = "table"
    csv = "csv"
    json = "json"


FORMAT_HELP = "table, csv (the main table only) or json (one document with every table)."
FORMAT = typer.Option(Format.table, "--format", help=FORMAT_HELP)

MISSING = "—"


def console() -> Console:
    from rich.console import Console

    return Console()


def cell(value: Any, digits: int = 2) -> str:
    """Render one value for a table: missing values stay visibly missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def emit(
    tables: pd.DataFrame | Mapping[str, pd.DataFrame],
    fmt: Format,
    title: str = "",
    caption: str = "",
    headers: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
    **meta: Any,
) -> None:
    """Print one answer: one JSON document, one CSV table (the first), or Rich tables.

    A single DataFrame is the table ``rows``. ``title``/``caption`` describe the answer (and head
    the first table on screen); ``titles`` heads the other tables on screen. ``headers`` gives
    shorter column titles on screen only: CSV and JSON keep the names a script relies on.
    ``meta`` adds scalar fields to the JSON document.
    """
    named = {"rows": tables} if not isinstance(tables, Mapping) else dict(tables)
    if fmt is Format.json:
        from natolab.serialise import document, dumps

        sys.stdout.write(dumps(document(named, title=title, caption=caption, **meta)) + "\n")
        return
    if fmt is Format.csv:
        first = next(iter(named.values()))
        first.to_csv(sys.stdout, index=False)
        return
    out = console()
    for index, (name, frame) in enumerate(named.items()):
        heading = title if index == 0 else (titles or {}).get(name, name)
        note = caption if index == 0 else ""
        out.print(rich_table(frame, heading, note, headers, width=out.width))


def rich_table(
    frame: pd.DataFrame,
    title: str = "",
    caption: str = "",
    headers: Mapping[str, str] | None = None,
    width: int = 80,
) -> Any:
    """A DataFrame as a Rich table that fits ``width`` without splitting a number or an id.

    Values never wrap (long free text excepted); headers may. Columns that do not fit are left
    out, from the right (views put the key columns first), and the caption says which and how to
    get them; a wide table of one row is shown transposed (field, value) instead.
    """
    from rich.table import Table

    labels = {str(c): (headers or {}).get(str(c), str(c)) for c in frame.columns}
    shown = _fitting(frame, labels, width)
    if len(shown) < len(frame.columns) and len(frame) == 1:
        only = frame.iloc[0]
        pairs = {"field": [labels[str(c)] for c in frame.columns], "value": [cell(v) for v in only]}
        import pandas as pd

        return rich_table(pd.DataFrame(pairs), title, caption, width=width)
    hidden = [str(c) for c in frame.columns if c not in shown]
    if hidden:
        more = f"Not shown at this width: {', '.join(hidden)} (every column: --format csv)."
        caption = f"{caption} {more}".strip()
    table = Table(title=title or None, caption=caption or None)
    for column in shown:
        numeric = frame[column].dtype.kind in "fi"
        free = _is_free_text(frame[column])
        need = _need(frame[column], labels[str(column)])
        table.add_column(
            labels[str(column)],
            justify="right" if numeric else "left",
            overflow="fold",  # headers fold; values fit their min_width so never do
            min_width=None if free else _width(frame[column]),
            max_width=need,
        )
    for values in frame[shown].itertuples(index=False, name=None):
        table.add_row(*(cell(v) for v in values))
    return table


FREE_TEXT_WIDTH = 24  # a text column wider than this (reasons, notes) may wrap


def _is_free_text(column: pd.Series) -> bool:
    return column.dtype.kind == "O" and _width(column) > FREE_TEXT_WIDTH


def _fitting(frame: pd.DataFrame, labels: Mapping[str, str], width: int) -> list[Any]:
    """The leading columns whose values fit in ``width`` (3 characters of border and padding
    each); a header longer than its values wraps, up to 12 characters a line."""
    kept: list[Any] = []
    used = 1
    for column in frame.columns:
        need = _need(frame[column], labels[str(column)]) + 3
        if used + need > width and kept:
            break
        kept.append(column)
        used += need
    return kept


HEADER_LINE = 12  # a header longer than its values folds onto lines this long


def _need(column: pd.Series, label: str) -> int:
    """Characters a column needs: its widest value (free text: a fixed width), or more of a
    long header, folded onto lines of ``HEADER_LINE``."""
    values = FREE_TEXT_WIDTH if _is_free_text(column) else _width(column)
    return max(values, min(len(label), HEADER_LINE))


def _width(column: pd.Series) -> int:
    """The widest rendered value of a column: numbers and ids are never split across lines."""
    return max((len(cell(v)) for v in column), default=1)
