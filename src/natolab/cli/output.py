"""Shared output for CLI commands: a Rich table for people, CSV or JSON for machines."""

from __future__ import annotations

import enum
import json
import math
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console


class Format(str, enum.Enum):
    """Output formats every table-producing command accepts."""

    table = "table"
    csv = "csv"
    json = "json"


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
    frame: pd.DataFrame,
    fmt: Format,
    title: str = "",
    caption: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Print a DataFrame in the chosen format (CSV/JSON to stdout, unadorned).

    ``headers`` gives shorter column titles for the on-screen table only; CSV and JSON keep the
    column names a script relies on.
    """
    if fmt is Format.csv:
        frame.to_csv(sys.stdout, index=False)
        return
    if fmt is Format.json:
        records = json.loads(frame.to_json(orient="records", date_format="iso"))
        sys.stdout.write(json.dumps({"title": title, "rows": records}, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table(title=title or None, caption=caption or None)
    for column in frame.columns:
        numeric = frame[column].dtype.kind in "fi"
        # fold, never truncate: a cut release id or source id would lose provenance
        label = (headers or {}).get(str(column), str(column))
        table.add_column(label, justify="right" if numeric else "left", overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*(cell(v) for v in row))
    console().print(table)
