"""``natolab status``: every ally against the spending guideline, and the count per year."""

from __future__ import annotations

from natolab.cli.options import ON, RELEASE, alliance, year_option
from natolab.cli.output import FORMAT, Format, emit

PRESS_GRADE = "C"
PRESS_MARK = "C press-sourced"
SHORT_HEADERS = {"pct_gdp": "% GDP", "estimate": "est.", "source_id": "source"}


def status(
    year: int | None = year_option(
        "--year", "Year to show. Default: the latest year every ally has reported"
    ),
    on: str | None = ON,
    release: str | None = RELEASE,
    fmt: Format = FORMAT,
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
    tables = {"allies": allies, "counts": report.counts}
    emit(tables, fmt, report.title, caption, SHORT_HEADERS, {"counts": report.counts_title})
