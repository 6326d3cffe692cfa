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
        out.print(rich_table(frame, heading, caption if index == 0 else "", headers))


def rich_table(
    frame: pd.DataFrame,
    title: str = "",
    caption: str = "",
    headers: Mapping[str, str] | None = None,
) -> Any:
    """A DataFrame as a Rich table; ids never wrap (a cut id would lose provenance)."""
    from rich.table import Table

    table = Table(title=title or None, caption=caption or None)
    for column in frame.columns:
        numeric = frame[column].dtype.kind in "fi"
        label = (headers or {}).get(str(column), str(column))
        is_id = str(column) in ID_COLUMNS
        table.add_column(
            label,
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=numeric or is_id,
            min_width=_width(frame[column]) if numeric or is_id else None,
        )
    for row in frame.itertuples(index=False):
        table.add_row(*(cell(v) for v in row))
    return table


ID_COLUMNS = frozenset({"iso3", "release", "source_id", "run_id", "year", "releases"})


def _width(column: pd.Series) -> int:
    """The widest rendered value of a column: numbers and ids are never split across lines."""
    return max((len(cell(v)) for v in column), default=1)
