"""``natolab status``: every ally against the spending guideline, and the count per year."""

from __future__ import annotations

import typer

from natolab.cli.options import ON, RELEASE, alliance
from natolab.cli.output import Format, emit

PRESS_GRADE = "C"
PRESS_MARK = "C press-sourced"
SHORT_HEADERS = {"share_of_gdp": "% GDP", "estimate": "est.", "source_id": "source"}


def status(
    year: int | None = typer.Option(
        None, "--year", help="Year to show. Default: the latest year every ally has reported."
    ),
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """Each ally's defence spending as a share of GDP against the guideline in force."""
    from natolab.burden.status import status_report

    report = status_report(alliance(on, release), year)
    allies, caption = report.allies, report.caption
    if fmt is Format.table:  # people read the grade letter; say what C means beside the value
        allies = allies.assign(grade=allies["grade"].replace({PRESS_GRADE: PRESS_MARK}))
        caption += (
            f" Grade {PRESS_GRADE} = {PRESS_MARK.split(' ', 1)[1]}: NATO figure via the press."
        )
    emit(allies, fmt, title=report.title, caption=caption, headers=SHORT_HEADERS)
    emit(report.counts, fmt, title=report.counts_title)
